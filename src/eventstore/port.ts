/**
 * The event store port, in EventStoreDB's terms, so that the EventStoreDB adapter is thin
 * and the in-memory store is honest about the same semantics.
 *
 * - Streams are named (`complaint-<uuid>`); revisions are 0-based `bigint`s.
 * - The global log (`$all`) orders every event of every stream; each event has a
 *   {@link Position} in it.
 * - Appends are atomic per call and optimistic: the caller states the revision it expects.
 * - Appending event ids that are already in the stream, at the place the caller expects,
 *   is idempotent: nothing is written twice and the original result is returned.
 * @packageDocumentation
 */

/** A JSON value, as stored in event data and metadata. */
export type JsonValue = null | boolean | number | string | JsonValue[] | { [key: string]: JsonValue };

/** A JSON object (event metadata is always an object). */
export type JsonObject = { [key: string]: JsonValue };

/**
 * The revision the caller expects the stream to be at before its append.
 * - `'any'`: no check.
 * - `'no_stream'`: the stream must not exist.
 * - `'stream_exists'`: the stream must exist (hold at least one event).
 * - a `bigint`: the revision of the stream's last event (0-based).
 */
export type ExpectedRevision = 'any' | 'no_stream' | 'stream_exists' | bigint;

/** What a stream actually was at when an expected-revision check failed. */
export type ActualRevision = 'no_stream' | bigint;

/**
 * A place in the global log. EventStoreDB has a commit and a prepare position; stores that
 * have only one number use it for both. Positions only grow along the log.
 */
export interface Position {
  readonly commit: bigint;
  readonly prepare: bigint;
}

/** An event to append: the caller chooses its id (a UUID), which makes re-appends idempotent. */
export interface EventToAppend {
  readonly id: string;
  readonly type: string;
  readonly data: JsonValue;
  readonly metadata: JsonObject;
}

/** An event as stored: what was appended plus where and when it was stored. */
export interface RecordedEvent {
  readonly id: string;
  readonly type: string;
  readonly data: JsonValue;
  readonly metadata: JsonObject;
  readonly streamName: string;
  /** 0-based place of the event in its stream. */
  readonly revision: bigint;
  /** Place of the event in the global log. */
  readonly position: Position;
  /** When the store recorded the event (store clock). */
  readonly createdAt: Date;
}

/** The answer to a successful (or idempotently repeated) append. */
export interface AppendResult {
  /**
   * Revision of the stream's last event after the append: the next expected revision. For
   * an idempotent re-append, the revision of the batch's last (already stored) event. `-1n`
   * only after an empty append to a stream that does not exist.
   */
  readonly nextExpectedRevision: bigint;
  /**
   * Global position of the append's last event (of the original append, when repeated).
   * After an empty append: a position no earlier than the last event stored in the log
   * (nothing the caller wrote lies beyond it).
   */
  readonly position: Position;
  /**
   * When the store recorded the batch's last event (its `createdAt` on reads), for stores
   * that know it without another read (the in-memory store does; EventStoreDB does not say).
   */
  readonly createdAt?: Date;
}

/** Options of {@link EventStore.readStream}. */
export interface ReadStreamOptions {
  /** `'forwards'` (default) or `'backwards'`. */
  readonly direction?: 'forwards' | 'backwards';
  /**
   * Revision to start from, inclusive. Default: `'start'` forwards, `'end'` backwards.
   * Forwards from past the last event reads nothing; backwards from past it starts at it.
   */
  readonly fromRevision?: 'start' | 'end' | bigint;
  /** Largest number of events to return. Default: all. */
  readonly maxCount?: number;
}

/**
 * Server-side filter on the global log, as EventStoreDB's `$all` filters: an event passes
 * when its stream name starts with one of `streamNamePrefixes` (if given) and its type
 * starts with one of `eventTypePrefixes` (if given). System events (type starting with `$`)
 * never pass a filter. A list that is given must hold at least one prefix (an empty list is
 * refused with a `StoreFailure`).
 */
export interface EventFilter {
  readonly streamNamePrefixes?: readonly string[];
  readonly eventTypePrefixes?: readonly string[];
}

/**
 * The retention settings of a stream the port knows, as EventStoreDB keeps them in the
 * stream's metadata (`$maxCount`, `$tb`). Reads of the stream honour them; the stream keeps
 * its revisions (the next append still expects the last revision written).
 */
export interface StreamMetadata {
  /** Only the last `maxCount` events of the stream are readable (`$maxCount`, a whole number ≥ 1). */
  readonly maxCount?: number;
  /**
   * Events below this revision are no longer readable (`$tb`, "truncate before"): the way
   * to drop the head of a stream while it goes on growing.
   */
  readonly truncateBefore?: bigint;
}

/** Options of {@link EventStore.readAll}. */
export interface ReadAllOptions {
  /** Position to start from, inclusive (`'start'` by default). */
  readonly fromPosition?: 'start' | Position;
  /** Largest number of events to return (after filtering). Default: 4096. */
  readonly maxCount?: number;
  readonly filter?: EventFilter;
}

/** Options of {@link EventStore.subscribeToAll}. */
export interface SubscribeToAllOptions {
  /**
   * Where to start: `'start'` (whole log), `'end'` (only new events), or a position
   * already processed: delivery resumes with the first event *after* it.
   */
  readonly fromPosition?: 'start' | 'end' | Position;
  readonly filter?: EventFilter;
  /**
   * Called when the subscription has read everything stored at the time it started and
   * goes live. Called once. (It may come before or after the last stored events reach the
   * consumer; the in-memory store calls it when the consumer asks for more and none is
   * stored.)
   */
  readonly onCaughtUp?: () => void;
  /**
   * Called with positions the subscription has passed even when no event matched the
   * filter, so a consumer can checkpoint through long stretches of unrelated events.
   * Every matching event at or before a reported position has already been delivered, so
   * resuming from it (`fromPosition`) loses nothing. Reported positions never go back.
   */
  readonly onCheckpoint?: (position: Position) => void;
}

/**
 * A catch-up subscription to the global log: first every stored event after the start
 * position, then live events as they are appended, in log order, each exactly once, with
 * no gap even when appends race the catch-up. Iterate it once with `for await`;
 * `unsubscribe()` ends the iteration (a pending `next()` resolves `done`), and so does
 * leaving the loop.
 */
export interface AllSubscription extends AsyncIterable<RecordedEvent> {
  /** Stops the subscription and releases its resources; idempotent. */
  unsubscribe(): Promise<void>;
}

/** The event store port. Every method rejects with an {@link EventStoreError} on failure. */
export interface EventStore {
  /**
   * Whether what a read returns for an event already stored can change without any append.
   * `false` only for stores whose events are immutable (`InMemoryEventStore`,
   * `EventStoreDBEventStore`): whoever folds events may then keep the result across calls
   * (`ComplaintService` keeps states only on such a store). `true` — as with
   * `ProtectedEventStore`, whose personal fields read `[erased]` once the complainant's key
   * is erased — or absent: nothing folded is kept. Absent counts as "may change" on purpose:
   * a decorator (logging, metrics) that does not forward this member cannot turn caching
   * back on over a protected store; forward it (`get readsMayChange() { return
   * inner.readsMayChange; }`) to keep the cache over an immutable one.
   */
  readonly readsMayChange?: boolean | undefined;

  /**
   * Appends events to a stream atomically, if the stream is at `expectedRevision`
   * (default `'any'`). Rejects with a `ConcurrencyConflict` (expected and actual revision)
   * when it is not, unless the same event ids are already stored right after the expected
   * revision (`'no_stream'` counting as -1), or, for `'any'` / `'stream_exists'`, as a
   * consecutive run anywhere in the stream: then nothing is written and the original
   * result is returned (idempotent re-append). A batch that only partly matches stored
   * events is a `ConcurrencyConflict`. As in EventStoreDB, an append at the stream's exact
   * current revision is written without looking at ids: deduplicate commands upstream.
   *
   * An empty batch writes nothing (and does not create the stream) but is still checked
   * against the expected revision; see {@link AppendResult} for its answer.
   *
   * Rejects with `InvalidAppend`, before any revision check and writing nothing, when the
   * stream name is empty, an id is not a UUID or repeats within the batch (ids compare
   * case-insensitively and are stored lower-case), a type is empty, data is not JSON,
   * metadata is not a JSON object, or the expected revision is below `0n`.
   */
  appendToStream(
    streamName: string,
    events: readonly EventToAppend[],
    options?: { readonly expectedRevision?: ExpectedRevision },
  ): Promise<AppendResult>;

  /**
   * Reads a stream's events. A stream that does not exist reads as empty. Events hidden by
   * the stream's metadata ({@link StreamMetadata}: below `truncateBefore`, or before the last
   * `maxCount`) are not returned.
   */
  readStream(streamName: string, options?: ReadStreamOptions): Promise<RecordedEvent[]>;

  /**
   * Sets the stream's retention settings: both fields of `metadata`, a field left out
   * meaning "no such limit". Any other metadata the store keeps for the stream (EventStoreDB
   * ACLs, custom properties) is left as it is. The stream need not exist. Reads honour the
   * settings at once; events they hide may still appear in the global log (EventStoreDB
   * removes them from `$all` only when it scavenges). Rejects with `InvalidAppend` when
   * `maxCount` is not a whole number ≥ 1 or `truncateBefore` is below `0n`.
   */
  setStreamMetadata(streamName: string, metadata: StreamMetadata): Promise<void>;

  /** The stream's retention settings (`{}` when none are set or the stream does not exist). */
  getStreamMetadata(streamName: string): Promise<StreamMetadata>;

  /** Reads one page of the global log, in log order. */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]>;

  /** Subscribes to the global log: catch-up from a position, then live. */
  subscribeToAll(options?: SubscribeToAllOptions): AllSubscription;
}
