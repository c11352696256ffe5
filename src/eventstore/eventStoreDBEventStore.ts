/**
 * The production {@link EventStore}: EventStoreDB through `@eventstore/db-client`.
 * @packageDocumentation
 */
import { v4 as uuidv4 } from 'uuid';
import { EventStoreError, isConcurrencyConflict } from './errors';
import { ambiguousCredentials, redactConnectionString, redactIn, withRedactedWarnings } from './connectionStrings';
import {
  appendEvents,
  classifyFailure,
  connect,
  disposeClient,
  readAllEvents,
  readStreamEvents,
  subscribeToAllEvents,
  type EventStoreDBClient,
} from './eventStoreDBClient';
import { toStoreError, type AppendContext, type ReadContext } from './eventStoreDBErrors';
import { DEFAULT_RETRY_POLICY, withRetry, type RetryPolicy } from './eventStoreDBRetry';
import { EventStoreDBAllSubscription, comparePositions, failedSubscription } from './eventStoreDBSubscription';
import { matches, serverFilterOf } from './eventStoreDBFilters';
import { METADATA_EVENT_TYPE, checkStreamMetadata, mergeMetadataJson, metastreamOf, streamMetadataFromJson } from './streamMetadata';
import {
  checkAppend,
  checkDirection,
  checkFilter,
  checkFromRevision,
  checkMaxCount,
  checkPosition,
  expectedOf,
  normaliseEvents,
} from './eventStoreDBValidation';
import type { Logger } from '../observability/logger';
import { StoreObserver } from '../observability/storeObserver';
import type { TelemetryOptions } from '../observability/telemetry';
import type {
  AllSubscription,
  AppendResult,
  EventFilter,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  Position,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamMetadata,
  SubscribeToAllOptions,
} from './port';

/** Options of {@link EventStoreDBEventStore}. */
export interface EventStoreDBEventStoreOptions {
  /**
   * How transient failures (unavailable node, deadline exceeded, leader change) are retried:
   * attempts and backoff. Default: {@link DEFAULT_RETRY_POLICY}. Also bounds how often a
   * dropped subscription is resumed in a row.
   */
  readonly retry?: Partial<RetryPolicy>;
  /**
   * How error messages name the server. Default: the connection string without credentials
   * ({@link EventStoreDBEventStore.fromConnectionString}), or "EventStoreDB" for a client you
   * hand in.
   */
  readonly serverName?: string;
  /**
   * Roughly how many events a filtered subscription passes on the server between two
   * `onCheckpoint` calls. Default: 32 (EventStoreDB's search window).
   */
  readonly checkpointInterval?: number;
  /** Where the store logs retried calls and dropped, resumed or abandoned subscriptions. Default: nowhere. */
  readonly logger?: Logger;
  /** OpenTelemetry: the `complaints.store.retries` counter goes to `meterProvider` (default: the global one). */
  readonly telemetry?: TelemetryOptions;
}

const DEFAULT_READ_ALL_MAX_COUNT = 4096;
/** Largest page the adapter asks for when it pages through `$all` itself. */
const READ_ALL_PAGE = 4096;
/** EventStoreDB's default search window of a filtered subscription. */
const SEARCH_WINDOW = 32;
const BEFORE_FIRST: Position = { commit: 0n, prepare: 0n };
const ALL: ReadContext = { streamName: '$all' };
/** Rounds of read-merge-write when another writer changes the same stream's metadata meanwhile. */
const METADATA_ATTEMPTS = 5;

export { redactConnectionString } from './connectionStrings';

const isTransient = (error: unknown): boolean => classifyFailure(error).kind === 'transient';

/**
 * {@link EventStore} on EventStoreDB (20.10 and later; 22.6+ for event positions on stream
 * reads). Streams, revisions and `$all` positions are EventStoreDB's own.
 *
 * - **Appends** send `jsonEvent`s with the caller's ids (lower-cased), type, data and
 *   metadata, and the expected revision one to one. A WrongExpectedVersion answer becomes a
 *   `ConcurrencyConflict` carrying the expected and the actual revision.
 * - **Retries**: a transient failure is retried with bounded exponential backoff. A retried
 *   append re-sends the same event ids with the same expected revision, so an append whose
 *   answer was lost is not written twice: EventStoreDB answers a repeated batch with the
 *   original success when the expected revision is exact (or `no_stream`). With `'any'` or
 *   `'stream_exists'` it recognises the batch only while the ids are still in its
 *   bounded cache of recent event ids ("best effort"), so append with an exact revision when
 *   a duplicate would matter. After the last attempt the call rejects with
 *   `StoreUnavailable` naming the server (never its credentials).
 * - **Reads**: a missing stream reads as empty. `readAll` reads `$all` from a position
 *   inclusive; filters are applied here while paging (client 6.x cannot filter reads on the
 *   server). Without a filter `$all` includes EventStoreDB's own `$`-typed system events.
 * - **Subscriptions** filter on the server, resume after a dropped connection from the last
 *   received position (no gap, no duplicate), and report `onCaughtUp` when EventStoreDB says
 *   so (23.10+) or when the last event stored at subscription time has been received.
 *   `'end'` is the end of `$all` when the store reads it, just after the call: wait for
 *   `onCaughtUp` before counting on an append to be seen as live.
 * - Other server refusals reject with `StoreFailure` carrying the server's message.
 *
 * Build it from a connection string ({@link EventStoreDBEventStore.fromConnectionString}: the
 * store owns the client and {@link EventStoreDBEventStore.close} disposes of it) or hand in
 * your own client (you own its lifetime; `close` only ends this store's subscriptions).
 */
export class EventStoreDBEventStore implements EventStore {
  /** EventStoreDB events are immutable: whoever folds them may keep the result (see {@link EventStore.readsMayChange}). */
  readonly readsMayChange = false;
  private readonly policy: RetryPolicy;
  private readonly serverName: string;
  private readonly checkpointInterval: number;
  private readonly subscriptions = new Set<AllSubscription>();
  private readonly observer: StoreObserver;
  private ownsClient = false;
  /** The connection string without credentials, when built from one (named in errors). */
  private endpoint: string | undefined;
  private closed = false;

  /**
   * A store over a client you created and will dispose of yourself.
   * @param client - from `EventStoreDBClient.connectionString(...)` (re-exported by this module).
   */
  constructor(
    private readonly client: EventStoreDBClient,
    options: EventStoreDBEventStoreOptions = {},
  ) {
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.serverName = options.serverName ?? 'EventStoreDB';
    this.checkpointInterval = Math.max(1, Math.floor(options.checkpointInterval ?? SEARCH_WINDOW));
    this.observer = new StoreObserver(this.serverName, options.telemetry, options.logger);
  }

  /**
   * A store that connects with `connectionString` (e.g. `esdb://localhost:2113?tls=false`)
   * and owns the client: {@link EventStoreDBEventStore.close} disposes of it. Connecting is
   * lazy; an unreachable server shows on the first call as `StoreUnavailable`.
   *
   * `connectionString` may be `undefined` (typed so, to take `process.env.X` as it is): that is
   * refused with a sentence saying a connection string is needed, instead of a `TypeError`
   * from deep inside the client.
   * @throws EventStoreError `StoreFailure` when the connection string is missing, empty or malformed.
   */
  static fromConnectionString(connectionString: string | undefined, options: EventStoreDBEventStoreOptions = {}): EventStoreDBEventStore {
    if (typeof connectionString !== 'string' || connectionString.trim() === '') {
      const got = typeof connectionString === 'string' ? 'an empty string' : String(connectionString);
      throw new EventStoreError({
        _tag: 'StoreFailure',
        message: `EventStoreDB needs a connection string such as esdb://localhost:2113?tls=false, got ${got}; if it comes from an environment variable (e.g. EVENTSTORE_CONNECTION_STRING), that variable is not set.`,
      });
    }
    const redacted = redactConnectionString(connectionString);
    let client: EventStoreDBClient;
    const ambiguous = ambiguousCredentials(connectionString);
    if (ambiguous !== undefined) throw new EventStoreError({ _tag: 'StoreFailure', message: `the connection string is not valid: ${ambiguous}` });
    try {
      // The client warns about unknown options by printing the whole string: redacted too.
      client = withRedactedWarnings(connectionString, () => connect(connectionString));
    } catch (e) {
      // The parser quotes the offending part, which may be a password: keep only where and what was expected.
      const reason = redactIn(e instanceof Error ? e.message : String(e), connectionString).replace(/"[^"]*"/g, '"…"');
      // Not quoted, even redacted: in a malformed string, what is a password cannot be told.
      throw new EventStoreError({ _tag: 'StoreFailure', message: `the connection string is not valid: ${reason}` });
    }
    const store = new EventStoreDBEventStore(client, { serverName: `EventStoreDB at ${redacted}`, ...options });
    store.ownsClient = true;
    store.endpoint = redacted;
    return store;
  }

  /** Appends events to a stream in one gRPC batch, checking the expected revision (see {@link EventStore.appendToStream}). */
  async appendToStream(
    streamName: string,
    events: readonly EventToAppend[],
    options?: { readonly expectedRevision?: ExpectedRevision },
  ): Promise<AppendResult> {
    this.checkOpen();
    const expected = expectedOf(options);
    checkAppend(streamName, events, expected);
    if (events.length === 0) return this.checkEmptyAppend(streamName, expected);
    // The same ids and expected revision on every attempt: a retry after a lost answer is idempotent.
    const batch = normaliseEvents(events);
    try {
      const result = await withRetry(this.policy, isTransient, () => appendEvents(this.client, streamName, batch, expected), this.onRetry('appendToStream'));
      return {
        nextExpectedRevision: result.nextExpectedRevision,
        position: result.position ?? (await this.positionOf(streamName, result.nextExpectedRevision)),
      };
    } catch (error) {
      throw this.toStoreError(error, { streamName, expected });
    }
  }

  /** Reads a stream forwards (see {@link EventStore.readStream}). */
  async readStream(streamName: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.checkOpen();
    if (typeof streamName !== 'string' || streamName === '') {
      throw new EventStoreError({ _tag: 'StoreFailure', message: 'readStream needs a non-empty stream name.' });
    }
    const direction = checkDirection(options.direction);
    const fromRevision = checkFromRevision(options.fromRevision, direction);
    const maxCount = checkMaxCount(options.maxCount, Infinity);
    if (maxCount === 0) return [];
    return this.retrying(
      () => readStreamEvents(this.client, streamName, { direction, fromRevision, maxCount: Math.min(maxCount, Number.MAX_SAFE_INTEGER) }),
      { streamName },
      'readStream',
    );
  }

  /** Reads the global log from a position (see {@link EventStore.readAll}). */
  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.checkOpen();
    let from = checkPosition(options.fromPosition ?? 'start', ['start'] as const, 'fromPosition');
    const maxCount = checkMaxCount(options.maxCount, DEFAULT_READ_ALL_MAX_COUNT);
    const passes = matches(checkFilter(options.filter));
    const found: RecordedEvent[] = [];
    let lastSeen: Position | undefined;
    // Pages are read from a position inclusive: the first event of a later page was already seen.
    while (found.length < maxCount) {
      const pageSize = Math.min(READ_ALL_PAGE, Math.max(64, maxCount - found.length + 1));
      const page = await this.retrying(() => readAllEvents(this.client, { from, direction: 'forwards', maxCount: pageSize }), ALL, 'readAll');
      for (const e of page) {
        if (lastSeen !== undefined && comparePositions(e.position, lastSeen) <= 0) continue;
        lastSeen = e.position;
        if (passes(e)) found.push(e);
        if (found.length === maxCount) return found;
      }
      if (page.length < pageSize || lastSeen === undefined) return found;
      from = lastSeen;
    }
    return found;
  }

  /**
   * Sets `$maxCount` and `$tb` in the stream's metadata (see {@link EventStore.setStreamMetadata}):
   * reads the last `$metadata` event of `$$<stream>`, keeps its other keys (ACL, custom
   * properties), and appends the merged metadata expecting that event's revision, so a
   * concurrent change is merged again rather than overwritten. On a secure node the user
   * needs the metadata read and write rights on the stream (`$mr`, `$mw`).
   */
  async setStreamMetadata(streamName: string, metadata: StreamMetadata): Promise<void> {
    this.checkOpen();
    if (typeof streamName !== 'string' || streamName === '') {
      throw new EventStoreError({ _tag: 'InvalidAppend', streamName: String(streamName), message: 'a stream name must be a non-empty string.' });
    }
    const settings = checkStreamMetadata(streamName, metadata);
    const metastream = metastreamOf(streamName);
    for (let attempt = 1; ; attempt++) {
      const [last] = await this.retrying(() => readStreamEvents(this.client, metastream, { direction: 'backwards', fromRevision: 'end', maxCount: 1 }), { streamName: metastream });
      const expected: ExpectedRevision = last === undefined ? 'no_stream' : last.revision;
      const event = { id: uuidv4(), type: METADATA_EVENT_TYPE, data: mergeMetadataJson(last?.data, settings), metadata: {} };
      try {
        await withRetry(this.policy, isTransient, () => appendEvents(this.client, metastream, [event], expected));
        return;
      } catch (error) {
        const failure = this.toStoreError(error, { streamName: metastream, expected });
        if (!isConcurrencyConflict(failure) || attempt >= METADATA_ATTEMPTS) throw failure;
      }
    }
  }

  /** The stream's `$maxCount` and `$tb` (see {@link EventStore.getStreamMetadata}). */
  async getStreamMetadata(streamName: string): Promise<StreamMetadata> {
    this.checkOpen();
    if (typeof streamName !== 'string' || streamName === '') {
      throw new EventStoreError({ _tag: 'StoreFailure', message: 'getStreamMetadata needs a non-empty stream name.' });
    }
    const [last] = await this.retrying(() => readStreamEvents(this.client, metastreamOf(streamName), { direction: 'backwards', fromRevision: 'end', maxCount: 1 }), { streamName: metastreamOf(streamName) });
    return streamMetadataFromJson(last?.data);
  }

  /** Subscribes to the global log, catch-up then live (see {@link EventStore.subscribeToAll}). */
  subscribeToAll(options: SubscribeToAllOptions = {}): AllSubscription {
    let fromPosition: 'start' | 'end' | Position;
    let filter: EventFilter | undefined;
    try {
      this.checkOpen();
      fromPosition = checkPosition(options.fromPosition ?? 'start', ['start', 'end'] as const, 'fromPosition');
      filter = checkFilter(options.filter);
    } catch (error) {
      return failedSubscription(error);
    }
    const serverFilter = serverFilterOf(filter);
    const window = Math.min(this.checkpointInterval, SEARCH_WINDOW);
    const subscription: EventStoreDBAllSubscription = new EventStoreDBAllSubscription(
      {
        open: (from, handlers) =>
          subscribeToAllEvents(this.client, from, serverFilter, handlers, {
            maxSearchWindow: window,
            checkpointInterval: Math.ceil(this.checkpointInterval / window),
          }),
        readHead: () => this.headPosition(),
        passes: matches(filter),
        classify: classifyFailure,
        toError: (error) => this.toStoreError(error, { streamName: '$all', subscription: true }),
        policy: this.policy,
        onClosed: () => this.subscriptions.delete(subscription),
        onDropped: (failures, delayMs, reason) => this.observer.subscriptionDropped(failures, delayMs, reason),
        onResumed: (from) => this.observer.subscriptionResumed(from === 'start' ? 'start' : `${from.commit}/${from.prepare}`),
      },
      { ...options, fromPosition, ...(filter === undefined ? {} : { filter }) },
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  /**
   * Ends this store's subscriptions and, when the store created the client
   * ({@link EventStoreDBEventStore.fromConnectionString}), disposes of it. Idempotent.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((s) => s.unsubscribe()));
    if (this.ownsClient) await disposeClient(this.client);
  }

  private checkOpen(): void {
    if (this.closed) throw new EventStoreError({ _tag: 'StoreFailure', message: 'this EventStoreDB store is closed; create a new one.' });
  }

  private async retrying<T>(operation: () => Promise<T>, context: ReadContext, name = 'read'): Promise<T> {
    try {
      return await withRetry(this.policy, isTransient, operation, this.onRetry(name));
    } catch (error) {
      throw this.toStoreError(error, context);
    }
  }

  /**
   * An empty batch writes nothing, but is checked against the expected revision as
   * EventStoreDB checks it; it answers the stream's revision (-1n when it does not exist)
   * and the position of the last event in `$all`.
   */
  private async checkEmptyAppend(streamName: string, expected: ExpectedRevision): Promise<AppendResult> {
    const [last] = await this.retrying(
      () => readStreamEvents(this.client, streamName, { direction: 'backwards', fromRevision: 'end', maxCount: 1 }),
      { streamName },
    );
    const actual = last === undefined ? 'no_stream' : last.revision;
    const holds =
      expected === 'any' ||
      (expected === 'no_stream' && actual === 'no_stream') ||
      (expected === 'stream_exists' && actual !== 'no_stream') ||
      expected === actual;
    if (!holds) throw new EventStoreError({ _tag: 'ConcurrencyConflict', streamName, expected, actual });
    return { nextExpectedRevision: last?.revision ?? -1n, position: (await this.headPosition()) ?? BEFORE_FIRST };
  }

  /** Position of the last event in `$all` (system events included); undefined when it is empty. */
  private async headPosition(): Promise<Position | undefined> {
    const [head] = await this.retrying(() => readAllEvents(this.client, { from: 'end', direction: 'backwards', maxCount: 1 }), ALL);
    return head?.position;
  }

  /** Position of a stream's event, for servers that answer an append without one. */
  private async positionOf(streamName: string, revision: bigint): Promise<Position> {
    const [event] = await this.retrying(
      () => readStreamEvents(this.client, streamName, { direction: 'forwards', fromRevision: revision, maxCount: 1 }),
      { streamName },
    );
    return event?.position ?? BEFORE_FIRST;
  }

  private onRetry(operation: string): (attempt: number, delayMs: number, error: unknown) => void {
    return (attempt, delayMs, error) => this.observer.retry(operation, attempt, delayMs, error);
  }

  private toStoreError(error: unknown, context?: AppendContext | ReadContext): EventStoreError {
    return toStoreError(error, this.endpoint === undefined ? { name: this.serverName } : { name: this.serverName, endpoint: this.endpoint }, context);
  }
}
