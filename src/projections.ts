/**
 * `@lukea/complaints/projections` — read models over the global log and what runs them:
 *
 * - the checkpointed {@link ProjectionRunner} and the checkpoint stores (in memory, or in
 *   the event store itself: {@link EventStoreCheckpointStore});
 * - SLA breaches ({@link slaProjection}: overdue and due-soon deadlines, breaches of a
 *   period, compliance statistics, open complaints by age);
 * - recurring issues ({@link recurringIssuesProjection}: counts by period, Pareto, spikes,
 *   repeat complainants, recourse rates);
 * - the complaint list ({@link complaintListProjection}, queried with {@link listComplaints});
 * - report export as CSV or JSON;
 * - the deadline watcher ({@link watchDeadlines}), which reads the SLA model and records
 *   missed deadlines through the service.
 *
 * Each projection carries its checkpoint codec (`encode` / `decode`, the decode answering an
 * `Either`). The models' inner records and indexes are not part of the API: read them
 * through the query functions.
 * @packageDocumentation
 */

// The runner and its checkpoints.
export type { Projection, ProjectionCodec } from './projections/index';
export { ProjectionRunner } from './projections/index';
export type { ProjectionProblem, ProjectionProgress, ProjectionRunnerOptions, RunOptions } from './projections/index';
export { InMemoryCheckpointStore, EventStoreCheckpointStore, CHECKPOINT_CHUNK, CHECKPOINT_RESET, CHECKPOINT_SAVED } from './projections/index';
export type { Checkpoint, CheckpointStore, EventStoreCheckpointStoreOptions, ModelCodec } from './projections/index';
export { CheckpointError, describeCheckpointFailure, isCheckpointFenced } from './projections/index';
export type { CheckpointFailure, CheckpointFenced, CheckpointUnreadable } from './projections/index';

// SLA breaches.
export { slaProjection, breachesIn, compliance, deadlinesOf, dueWithin, overdueNow, encodeSla, decodeSla } from './projections/index';
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
} from './projections/index';
export { AGE_BUCKETS, openComplaintsByAge } from './projections/index';
export type { OpenAgeBucket } from './projections/index';

// Recurring issues.
export {
  recurringIssuesProjection,
  countsByPeriod,
  dateRange,
  pareto,
  periodStart,
  recourseRates,
  repeatComplainants,
  requalifiedCounts,
  spikes,
  encodeRecurringIssues,
  decodeRecurringIssues,
} from './projections/index';
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
} from './projections/index';

// The complaint list.
export { complaintListProjection, encodeComplaintList, decodeComplaintList, UNASSIGNED } from './projections/index';
export type { ComplaintListModel, ComplaintListRecord, ComplaintListRow } from './projections/index';
export { ComplaintListRecordCodec, ComplaintListRowCodec } from './projections/index';
export { listComplaints, parseComplaintListQuery, ComplaintListQueryCodec, DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE, QueryError } from './projections/index';
export type { ComplaintListQuery, ComplaintPage } from './projections/index';

// Report export.
export { toCsv, toJson, toJsonValue } from './projections/index';

// The deadline watcher: a reactor (it sends commands through the service), run over the SLA model.
export { watchDeadlines } from './application/deadlineWatcher';
export type { WatchOptions, WatchOutcome } from './application/deadlineWatcher';
