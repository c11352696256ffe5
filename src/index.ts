/**
 * @lukea/complaints — Lukéa's complaint-handling policy as an event-sourced domain engine.
 *
 * Deliberate public API: every export is listed here by name.
 * @packageDocumentation
 */

// Domain: policy, deadlines, commands, events, state, decider (pure).
export { defaultPolicy, parsePolicy, formOf, PolicyCodec, DEFAULT_REPORTED_PROBLEMS, ReportedProblems, UNKNOWN_PROBLEM } from './domain/policy/policy';
export type { Policy, DayCounting } from './domain/policy/policy';
export {
  addDays,
  dueDate,
  dueInstant,
  internalAppealDecisionDue,
  isOnTime,
  isOverdue,
  localDate,
  receiptDeadlines,
} from './domain/policy/deadlines';
export type { ReceiptDeadlineDates } from './domain/policy/deadlines';
export { easterSunday, frenchPublicHolidays, isFrenchPublicHoliday } from './domain/policy/frenchHolidays';
export type { PublicHoliday } from './domain/policy/frenchHolidays';
export { CalendarDate, Code, Instant, PositiveYears, Uuid, toInstant, BUSINESS_YEARS, BusinessInstant, canonicalComplainantId, canonicalUuid } from './domain/primitives';
export type { CalendarDateBrand, InstantBrand, UuidBrand } from './domain/primitives';
export {
  Actor,
  ActorRole,
  AppealGrounds,
  AppealOutcome,
  Channel,
  CHANNELS,
  CloseReason,
  ComplainantKind,
  ComplaintForm,
  ContactDirection,
  DeadlineKind,
  MediationOutcome,
  RequalifiedAs,
  Urgency,
  URGENCIES,
} from './domain/vocabulary';
export { commandCodecs, COMPLAINT_COMMAND_TYPES, isComplaintCommandType } from './domain/commands';
export type { ComplaintCommand, ComplaintCommandInput, ComplaintCommandType, CommandOf } from './domain/commands';
export { eventCodecs, COMPLAINT_EVENT_TYPES, isComplaintEventType, Complainant, Person } from './domain/events';
export type { ComplaintEvent, ComplaintEventType, EventOf, EventData, ReceiptDeadlines } from './domain/events';
export { decodeCommand, decodeComplaintId, decodeEvent } from './domain/decode';
export { describeDecodeError } from './domain/decoding';
export type { DecodeError, DecodeIssue } from './domain/decoding';
export { decide } from './domain/decide';
export type { DecisionContext, Decision } from './domain/decide';
export { ROLES_ALLOWED } from './domain/rules/context';
export { evolve, fold } from './domain/evolve';
export { initialState, isReceived, COMPLAINT_STATUSES, FINAL_STATUSES } from './domain/state';
export type {
  AcknowledgementState,
  AnswerState,
  AppealState,
  Complaint,
  ComplaintState,
  ComplaintStatus,
  DelayState,
  MediationState,
  MissedDeadline,
  NoComplaint,
} from './domain/state';
export { pendingDeadlines } from './domain/pendingDeadlines';
export type { PendingDeadline } from './domain/pendingDeadlines';
export { describeComplaintError } from './domain/errors';
export type {
  ComplaintAlreadyExists,
  ComplaintError,
  ComplaintNotFound,
  InvalidTransition,
  NotAuthorised,
  RuleCode,
  RuleViolation,
  StatusOrNone,
} from './domain/errors';

// The one shape of every Error class of the library: `_tag`, `error` (the tagged cause), `message`.
export { TaggedError } from './taggedError';
export type { Tagged } from './taggedError';

// Event store port and the embedded in-memory store.
export type {
  ActualRevision,
  AllSubscription,
  AppendResult,
  EventFilter,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  JsonObject,
  JsonValue,
  Position,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamMetadata,
  SubscribeToAllOptions,
} from './eventstore/port';
export { EventStoreError, describeStoreError, isConcurrencyConflict, storeErrorOf } from './eventstore/errors';
export type { AccessDenied, AppendTooLarge, ConcurrencyConflict, InvalidAppend, StoreError, StoreFailure, StoreUnavailable, StreamDeleted, UnavailableReason } from './eventstore/errors';
export { EVENTSTOREDB_MAX_APPEND_SIZE, appendSizeOf, eventSizeOf } from './eventstore/appendSize';
export { InMemoryEventStore } from './eventstore/inMemoryEventStore';
export type { InMemoryEventStoreOptions } from './eventstore/inMemoryEventStore';

// Application: the complaint service.
export { ComplaintService } from './application/complaintService';
export type { ComplaintServiceOptions, HandleResult } from './application/complaintService';
export { ComplaintServiceError, describeServiceError } from './application/errors';
export type { Aborted, CommandIdReused, CorruptedEvent, ServiceError, UnknownComplaint, UnknownPolicyVersion } from './application/errors';
export { CommandMetadata, EventMetadata, SpanId, TraceContextFields, TraceId } from './stream/metadata';
export type { CommandMetadataInput } from './stream/metadata';
export type { StoredComplaintEvent } from './stream/decodeStream';
export { complaintStreamName, complaintIdOf, COMPLAINT_CATEGORY, COMPLAINT_STREAM_PREFIX } from './stream/streams';
export { UpcasterRegistry, CURRENT_SCHEMA_VERSIONS, receivedV1toV2, receivedV2toV3 } from './stream/upcasting';
export type { Upcaster, UpcastFailure } from './stream/upcasting';

// Audit: history, state as of an instant, timeline, hash-chained NDJSON export/verify/import.
export { historyTE, history, stateAsOfTE, stateAsOf, replay, replayRecorded, stateAsOfEntries, HISTORY_PAGE_SIZE } from './audit/history';
export type { HistoryEntry, HistoryOptions, StateAsOf } from './audit/history';
export { occurredAt } from './audit/businessTime';
export { formatTimeline, localDateTime, englishWording, frenchWording } from './audit/timeline';
export type { TimelineOptions, TimelineWording } from './audit/timeline';
export { exportStreamsTE, exportStreams, importStreamsTE, importStreams, verifyExport } from './audit/ndjson';
export type { ExportOptions, ImportOptions, ImportResult } from './audit/ndjson';
export type { VerifiedExport, VerifyError, VerifyOptions } from './audit/verify';
export { EXPORT_SIGNATURE_ALGORITHM, EXPORT_SIGNATURE_FORMAT, keyIdOf } from './audit/signature';
export type { ExportSigning, ExportTrailer, KeyInput } from './audit/signature';
export { GENESIS_HASH, hashLine } from './audit/exportLine';
export type { ExportLine } from './audit/exportLine';
export { canonicalJson } from './audit/canonicalJson';
export { AuditFailure, describeAuditError } from './audit/errors';
export type { AuditError, ExportFault, ImportConflict, InvalidExport, InvalidKey, InvalidSignature, SignatureProblem } from './audit/errors';

// Testing: a fault-injecting store wrapper for users' own reliability tests.
export { FaultInjectingEventStore, faults, FAULT_KINDS, FAULT_OPERATIONS } from './testing/faultInjectingEventStore';
export type {
  Fault,
  FaultKind,
  FaultOperation,
  FailBeforeWrite,
  FailAfterWrite,
  Delay,
  Timeout,
  Conflict,
  RandomFaults,
  FaultInjectingEventStoreOptions,
  FaultCounts,
  InjectedFault,
} from './testing/faultInjectingEventStore';

// Published contract: JSON Schema of every event type and of the metadata envelope.
export { toJsonSchema, contractSchemas, contractFiles, renderSchema, contractReadme, eventSchemaFile, METADATA_SCHEMA_FILE, JSON_SCHEMA_DIALECT } from './contract/jsonSchema';
export type { JsonSchema, JsonSchemaType, JsonSchemaLiteral } from './contract/jsonSchema';

// Projections: runner, checkpoint stores, SLA breaches, recurring issues, deadline watcher,
// report export. src/projections/index.ts lists each name on purpose.
export * from './projections';
// The deadline watcher reads the SLA model and sends commands through the service: a reactor.
export { missCommandId, watchDeadlines } from './application/deadlineWatcher';
export type { WatchOptions, WatchOutcome } from './application/deadlineWatcher';

// Reports people look at: the compliance report of a period (JSON value, HTML page with inline SVG).
export { complianceReport } from './reports/complianceReport';
export type { ComplianceReport, ComplianceReportOptions, MonthCompliance, OverdueRow, RecourseSummary } from './reports/complianceReport';
export { complianceHtml } from './reports/complianceHtml';
export type { ComplianceHtmlOptions } from './reports/complianceHtml';
export { englishComplianceWording, frenchComplianceWording } from './reports/complianceWording';
export type { ComplianceWording } from './reports/complianceWording';
export { escapeHtml } from './reports/html';

// Personal data (GDPR): per-complainant encryption of personal fields; erasure by crypto-shredding.
export {
  protectPersonalData,
  ProtectedEventStore,
  InMemoryKeyStore,
  KeyStoreError,
  keyStoreFailureOf,
  KEY_BYTES,
  KEY_ID_PATTERN,
  eraseComplainant,
  eraseComplainantTE,
  applyRetention,
  applyRetentionTE,
  describeRetentionError,
  RetentionFailure,
  foldRetention,
  keptUntil,
  retentionPlan,
  retentionProjection,
  ERASED,
  PERSONAL_FIELDS,
  personalFieldsOf,
  ENVELOPE_PREFIX,
  describePrivacyError,
  PersonalDataError,
  privacyErrorOf,
} from './privacy/index';
export type {
  ProtectPersonalDataOptions,
  DataKey,
  ErasureReceipt,
  KeyLookup,
  KeyStore,
  InMemoryKeyStoreOptions,
  PersonalFieldPath,
  ErasedComplainant,
  RetentionError,
  RetentionOptions,
  RetentionReport,
  UnreadableEvents,
  ExpiredComplaint,
  ExpiredComplainant,
  KeptComplainant,
  RetentionModel,
  RetentionPlan,
  RetentionRecord,
  ComplainantUnknown,
  FieldFailure,
  FieldLocation,
  KeyStoreFailure,
  KeyStoreRefused,
  KeyStoreUnavailable,
  PersonalFieldKeyMismatch,
  PersonalFieldKeyUnknown,
  PersonalFieldMalformed,
  PersonalFieldTampered,
  PrivacyError,
  UnknownKey,
} from './privacy/index';

// Observability: OpenTelemetry names and options, trace context in event metadata, the logging hook.
export { ATTRIBUTES, INSTRUMENTATION_SCOPE, METRIC_NAMES, SPAN_NAMES, SPAN_ID_KEY, TRACE_ID_KEY, traceContextOf, traceEventStore } from './observability/index';
export type { Logger, LogFields, TelemetryOptions, TraceFields } from './observability/index';
