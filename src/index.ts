/**
 * `@lukea/complaints` — Lukéa's complaint-handling policy as an event-sourced domain engine.
 *
 * The root entry holds what a service needs: the decider (`decide`, `evolve`, `fold`, the
 * initial state), the policy and its deadline arithmetic, the command and event codecs,
 * `ComplaintService`, the event-store port with the in-memory store, the stored-event
 * contract (stream names, metadata envelope, upcasting) and the errors. The rest has its own
 * entry, so that a service loads only what it uses:
 *
 * - `@lukea/complaints/projections` — read models (SLA breaches, recurring issues, complaint
 *   list), the checkpointed runner and checkpoint stores, the deadline watcher;
 * - `@lukea/complaints/audit` — history, timelines, NDJSON export / verify / import,
 *   signatures, the compliance report;
 * - `@lukea/complaints/privacy` — personal-data protection, key stores, erasure, retention;
 * - `@lukea/complaints/contract` — the JSON Schemas of events and metadata;
 * - `@lukea/complaints/observability` — OpenTelemetry names, trace context, the traced store;
 * - `@lukea/complaints/eventstoredb` — the EventStoreDB adapter;
 * - `@lukea/complaints/testing` — the store contract suite, the decider specification, the
 *   fault-injecting store.
 *
 * Deliberate public API: every export is listed here by name (at most 80 values; a test
 * fails otherwise).
 * @packageDocumentation
 */

// Domain: the decider (pure).
export { decide } from './domain/decide';
export type { DecisionContext, Decision } from './domain/decide';
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
export { ROLES_ALLOWED } from './domain/rules/context';
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

// Policy as versioned data, and its deadline arithmetic.
export { defaultPolicy, parsePolicy, formOf, PolicyCodec, DEFAULT_REPORTED_PROBLEMS, UNKNOWN_PROBLEM } from './domain/policy/policy';
export type { Policy, DayCounting } from './domain/policy/policy';
export { addDays, dueDate, dueInstant, internalAppealDecisionDue, isOnTime, isOverdue, localDate, receiptDeadlines } from './domain/policy/deadlines';
export type { ReceiptDeadlineDates } from './domain/policy/deadlines';
export { frenchPublicHolidays, isFrenchPublicHoliday } from './domain/policy/frenchHolidays';
export type { PublicHoliday } from './domain/policy/frenchHolidays';

// Commands and events: codecs (the single source of each type), decoding, vocabulary.
export { commandCodecs, COMPLAINT_COMMAND_TYPES, isComplaintCommandType } from './domain/commands';
export type { ComplaintCommand, ComplaintCommandInput, ComplaintCommandType, CommandOf } from './domain/commands';
export { eventCodecs, COMPLAINT_EVENT_TYPES, isComplaintEventType, Complainant, Person } from './domain/events';
export type { ComplaintEvent, ComplaintEventType, EventOf, EventData, ReceiptDeadlines } from './domain/events';
export { decodeCommand, decodeComplaintId, decodeEvent } from './domain/decode';
export { describeDecodeError } from './domain/decoding';
export type { DecodeError, DecodeIssue } from './domain/decoding';
export { CalendarDate, Instant, Uuid, toInstant } from './domain/primitives';
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

// The stored-event contract: metadata envelope, stream names, upcasting of old schema versions.
export { CommandMetadata, EventMetadata } from './stream/metadata';
export type { CommandMetadataInput } from './stream/metadata';
export type { StoredComplaintEvent } from './stream/decodeStream';
export { complaintStreamName, complaintIdOf, COMPLAINT_CATEGORY, COMPLAINT_STREAM_PREFIX } from './stream/streams';
export { UpcasterRegistry, CURRENT_SCHEMA_VERSIONS, receivedV1toV2, receivedV2toV3 } from './stream/upcasting';
export type { Upcaster, UpcastFailure } from './stream/upcasting';

// The service's logging and telemetry options (the OpenTelemetry names: `./observability`).
export type { Logger, LogFields, TelemetryOptions } from './observability/index';
