/**
 * Projections: the checkpointed runner, the SLA, recurring-issues and complaint-list read
 * models and report export (the deadline watcher, which sends commands, is in application/).
 * The `@lukea/complaints/projections` entry (`src/projections.ts`) re-exports its public names.
 * @packageDocumentation
 */
export type { Projection, ProjectionCodec } from './projection';
export { InMemoryCheckpointStore } from './checkpointStore';
export type { Checkpoint, CheckpointStore } from './checkpointStore';
export { ProjectionRunner } from './runner';
export type { ProjectionProblem, ProjectionProgress, ProjectionRunnerOptions, RunOptions } from './runner';
export { DeadlineHeap } from './deadlineHeap';
export type { HeapEntry } from './deadlineHeap';
export { AGE_BUCKETS, openComplaintsByAge } from './openComplaints';
export type { OpenAgeBucket } from './openComplaints';
export { SLA_FLAGS, SLA_STAGES, applySla, breachesIn, cloneSla, compliance, deadlinesOf, decodeSla, dueWithin, encodeSla, overdueNow, slaProjection } from './sla';
export type {
  Breach,
  ComplianceOptions,
  ComplianceRow,
  DeadlineStatus,
  DueDeadline,
  DurationStats,
  OnTimeShare,
  SlaDeadline,
  SlaModel,
  SlaModelJson,
  SlaRecord,
} from './sla';
export {
  applyRecurringIssues,
  cloneRecurringIssues,
  countsByPeriod,
  dateRange,
  decodeRecurringIssues,
  encodeRecurringIssues,
  pareto,
  periodStart,
  recourseRates,
  recurringIssuesProjection,
  repeatComplainants,
  requalifiedCounts,
  spikes,
} from './recurring';
export type {
  DateRange,
  IssueDimension,
  IssuePeriod,
  IssueRecord,
  ParetoRow,
  PeriodCount,
  RecourseRate,
  RecurringIssuesModel,
  RepeatComplainant,
  Spike,
  SpikeOptions,
  StringTable,
} from './recurring';
export {
  UNASSIGNED,
  applyComplaintList,
  cloneComplaintList,
  complaintListProjection,
  decodeComplaintList,
  encodeComplaintList,
} from './complaintList';
export type { ComplaintListModel } from './complaintList';
export { ComplaintListRecordCodec, ComplaintListRowCodec, ComplaintStatusCodec } from './complaintListCodec';
export type { ComplaintListRecord, ComplaintListRow } from './complaintListCodec';
export { QueryError } from './queryError';
export { ComplaintListQueryCodec, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, listComplaints, parseComplaintListQuery } from './complaintListQuery';
export type { ComplaintListQuery, ComplaintPage } from './complaintListQuery';
export { toCsv, toJson, toJsonValue } from './reportExport';
export { CHECKPOINT_CHUNK, CHECKPOINT_RESET, CHECKPOINT_SAVED, EventStoreCheckpointStore } from './eventStoreCheckpointStore';
export { CheckpointError, describeCheckpointFailure, isCheckpointFenced } from './checkpointErrors';
export type { CheckpointFailure, CheckpointFenced, CheckpointUnreadable } from './checkpointErrors';
export type { EventStoreCheckpointStoreOptions, ModelCodec } from './eventStoreCheckpointStore';
