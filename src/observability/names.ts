/**
 * Names of the spans, metrics and attributes the library emits, for dashboards and tests.
 * Span names are low-cardinality (`handle ReceiveComplaint`); ids go to attributes. No
 * personal data is ever put on a span or a metric: complaint and command ids only.
 */

/** The instrumentation scope (tracer and meter name) of every span and metric of the library. */
export const INSTRUMENTATION_SCOPE = '@lukea/complaints';

/** Span names (and name prefixes) of the library. */
export const SPAN_NAMES = {
  /** `handle <CommandType>`: one command through decode → read → decide → append. */
  handle: 'handle',
  /** `store.<method>`: one call of the event store port (`store.appendToStream`, `store.readStream`, `store.readAll`). */
  store: 'store',
  /** `projection.batch <projection>`: the events a runner folds between two checkpoint saves, and the save. */
  projectionBatch: 'projection.batch',
  /** `projection.catchUp <projection>`: one catch-up (or rebuild) of a runner; its page reads are store spans under it. */
  projectionCatchUp: 'projection.catchUp',
  /** `watchDeadlines`: one run of the deadline watcher. */
  watchDeadlines: 'watchDeadlines',
} as const;

/** Metric names of the library (units in the instrument's own unit field). */
export const METRIC_NAMES = {
  /** Counter of commands handled, by command type, outcome and error tag. */
  commands: 'complaints.commands',
  /** Histogram of command handling time, in seconds, by command type and outcome. */
  commandDuration: 'complaints.command.duration',
  /** Counter of concurrency conflicts met by commands (each conflict once). */
  conflicts: 'complaints.command.conflicts',
  /** Counter of commands re-read and decided again after a conflict. */
  retries: 'complaints.command.retries',
  /** Counter of store calls retried after a transient failure (EventStoreDB adapter), by operation. */
  storeRetries: 'complaints.store.retries',
  /** Counter of events folded by projection runners, by projection: its rate is events/s. */
  projectionEvents: 'complaints.projection.events',
  /** Gauge of a projection's lag behind the log, in milliseconds (0 once caught up). */
  projectionLag: 'complaints.projection.lag',
  /** Counter of projection problems (undecodable events, failed folds), by projection and kind. */
  projectionProblems: 'complaints.projection.problems',
  /** Counter of the deadline watcher's outcomes (recorded, duplicate, refused, failed). */
  deadlineWatcherOutcomes: 'complaints.deadline_watcher.outcomes',
} as const;

/** Attribute keys of the library's spans and metrics. */
export const ATTRIBUTES = {
  commandType: 'complaints.command.type',
  commandId: 'complaints.command.id',
  complaintId: 'complaints.complaint.id',
  /** `appended`, `duplicate`, `refused` (a typed refusal) or `failed` (store or service failure). */
  outcome: 'complaints.outcome',
  /** The tag of the error of a refused or failed command (`RuleViolation`, `StoreUnavailable`…). */
  error: 'complaints.error',
  /** The rule of a `RuleViolation`. */
  rule: 'complaints.rule',
  /** Concurrency conflicts the command met and retried. */
  conflicts: 'complaints.conflicts',
  /** True when the command id had already been handled (nothing appended). */
  duplicate: 'complaints.duplicate',
  /** Number of events appended, read or folded. */
  events: 'complaints.events',
  /** Stream revision of the command's last event. */
  revision: 'complaints.revision',
  /** Stream name of a store call. */
  stream: 'complaints.stream',
  /** The store method of a store span or retry (`appendToStream`, `readStream`…); OpenTelemetry's database operation key. */
  operation: 'db.operation.name',
  /** Projection name. */
  projection: 'complaints.projection',
  /** Kind of a projection problem (`undecodable`, `apply-failed`). */
  problemKind: 'complaints.problem.kind',
  /** Commit position (as a decimal string) of the last event of a projection batch. */
  position: 'complaints.position',
} as const;
