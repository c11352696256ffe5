/**
 * The {@link EventStore} port over EventStoreDB / KurrentDB, written once for both client
 * libraries: validation, retries, `$all` paging and filters, resumable subscriptions and error
 * mapping. The client is reached through a {@link GrpcDriver}; the public stores
 * (`EventStoreDBEventStore`, `KurrentDBEventStore`) wrap this one around their own client.
 * @packageDocumentation
 */
import { v4 as uuidv4 } from 'uuid';
import { EventStoreError, isConcurrencyConflict } from '../errors';
import { ambiguousCredentials, redactConnectionString, redactIn, withRedactedWarnings } from '../connectionStrings';
import { toStoreError, type AppendContext, type ReadContext } from './grpcErrors';
import { DEFAULT_RETRY_POLICY, withRetry, type RetryPolicy } from './retry';
import { GrpcAllSubscription, comparePositions, failedSubscription } from './grpcSubscription';
import { serverFilterOf } from './serverFilters';
import { checkFilter, matchesFilter } from '../eventFilter';
import { METADATA_EVENT_TYPE, checkStreamMetadata, mergeMetadataJson, metastreamOf, streamMetadataFromJson } from '../streamMetadata';
import {
  checkAppend,
  checkDirection,
  checkFromRevision,
  checkMaxCount,
  checkPosition,
  checkReadStreamName,
  checkStreamName,
} from '../validation';
import type { GrpcDriver } from './grpcDriver';
import type { Logger } from '../../observability/logger';
import { StoreObserver } from '../../observability/storeObserver';
import type { TelemetryOptions } from '../../observability/telemetry';
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
} from '../port';

/** Options of the EventStoreDB and KurrentDB stores. */
export interface GrpcEventStoreOptions {
  /**
   * How transient failures (unavailable node, deadline exceeded, leader change) are retried:
   * attempts and backoff. Default: {@link DEFAULT_RETRY_POLICY}. Also bounds how often a
   * dropped subscription is resumed in a row.
   */
  readonly retry?: Partial<RetryPolicy>;
  /**
   * How error messages name the server. Default: the connection string without credentials
   * (when the store is built from one), or "EventStoreDB" / "KurrentDB" for a client you hand in.
   */
  readonly serverName?: string;
  /**
   * Roughly how many events a filtered subscription passes on the server between two
   * `onCheckpoint` calls. Default: 32 (the server's search window).
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
/** The server's default search window of a filtered subscription. */
const SEARCH_WINDOW = 32;
const BEFORE_FIRST: Position = { commit: 0n, prepare: 0n };
const ALL: ReadContext = { streamName: '$all' };
/** Rounds of read-merge-write when another writer changes the same stream's metadata meanwhile. */
const METADATA_ATTEMPTS = 5;

/** How a product is named, and the connection string it suggests, when a store is built from one. */
export interface ConnectionProduct {
  /** "EventStoreDB" or "KurrentDB". */
  readonly product: string;
  /** An example connection string, e.g. `esdb://localhost:2113?tls=false`. */
  readonly example: string;
  /** The environment variable a service would read it from, named in the message. */
  readonly variable: string;
}

/**
 * Checks a connection string and creates a client with `connect`. A missing or empty string,
 * one with two `@` (whose password the client would send to the name resolver), and one the
 * client cannot parse are refused with a `StoreFailure` that never quotes the credentials;
 * the client's warnings printed while parsing are redacted too.
 * @returns the client and the connection string without credentials.
 */
export const connectOrFail = <C>(
  connectionString: string | undefined,
  connect: (connectionString: string) => C,
  named: ConnectionProduct,
): { readonly client: C; readonly redacted: string } => {
  if (typeof connectionString !== 'string' || connectionString.trim() === '') {
    const got = typeof connectionString === 'string' ? 'an empty string' : String(connectionString);
    throw new EventStoreError({
      _tag: 'StoreFailure',
      message: `${named.product} needs a connection string such as ${named.example}, got ${got}; if it comes from an environment variable (e.g. ${named.variable}), that variable is not set.`,
    });
  }
  const ambiguous = ambiguousCredentials(connectionString);
  if (ambiguous !== undefined) throw new EventStoreError({ _tag: 'StoreFailure', message: `the connection string is not valid: ${ambiguous}` });
  try {
    // A client may warn about unknown options by printing the whole string: redacted too.
    return { client: withRedactedWarnings(connectionString, () => connect(connectionString)), redacted: redactConnectionString(connectionString) };
  } catch (e) {
    // The parser quotes the offending part, which may be a password: keep only where and what was expected.
    const reason = redactIn(e instanceof Error ? e.message : String(e), connectionString).replace(/"[^"]*"/g, '"…"');
    // Not quoted, even redacted: in a malformed string, what is a password cannot be told.
    throw new EventStoreError({ _tag: 'StoreFailure', message: `the connection string is not valid: ${reason}` });
  }
};

/** What a {@link GrpcEventStore} is told about its client. */
export interface GrpcClientBinding {
  readonly driver: GrpcDriver;
  /** "EventStoreDB" or "KurrentDB": how messages name the product. */
  readonly product: string;
}

/**
 * The store behind `EventStoreDBEventStore` and `KurrentDBEventStore` (see their TSDoc for
 * what it promises). Not exported by the package: each public store extends it with its own
 * client's driver and a `fromConnectionString` factory.
 */
export class GrpcEventStore implements EventStore {
  /** Events on the server are immutable: whoever folds them may keep the result (see {@link EventStore.readsMayChange}). */
  readonly readsMayChange = false;
  private readonly driver: GrpcDriver;
  private readonly product: string;
  /** Whether the store created the client, and so disposes of it on close. */
  private ownsClient = false;
  private readonly policy: RetryPolicy;
  private readonly serverName: string;
  private readonly checkpointInterval: number;
  private readonly subscriptions = new Set<AllSubscription>();
  private readonly observer: StoreObserver;
  /** The connection string without credentials, when built from one (named in errors). */
  private endpoint: string | undefined;
  private closed = false;

  constructor(binding: GrpcClientBinding, options: GrpcEventStoreOptions = {}) {
    this.driver = binding.driver;
    this.product = binding.product;
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.serverName = options.serverName ?? binding.product;
    this.checkpointInterval = Math.max(1, Math.floor(options.checkpointInterval ?? SEARCH_WINDOW));
    this.observer = new StoreObserver(this.serverName, options.telemetry, options.logger);
  }

  /**
   * Marks the client as the store's own, built from a connection string whose redacted form
   * is `endpoint`: {@link GrpcEventStore.close} disposes of it, errors name the endpoint.
   */
  protected ownClient(endpoint: string): void {
    this.ownsClient = true;
    this.endpoint = endpoint;
  }

  /** Appends events to a stream in one gRPC batch, checking the expected revision (see {@link EventStore.appendToStream}). */
  async appendToStream(
    streamName: string,
    events: readonly EventToAppend[],
    options?: { readonly expectedRevision?: ExpectedRevision },
  ): Promise<AppendResult> {
    this.checkOpen();
    // Checked and copied once (ids lower-cased, JSON frozen): the same ids and expected
    // revision go out on every attempt, so a retry after a lost answer is idempotent.
    const { expected, events: batch } = checkAppend(streamName, events, options);
    if (batch.length === 0) return this.checkEmptyAppend(streamName, expected);
    try {
      const result = await withRetry(this.policy, this.isTransient, () => this.driver.append(streamName, batch, expected), this.onRetry('appendToStream'));
      return {
        nextExpectedRevision: result.nextExpectedRevision,
        position: result.position ?? (await this.positionOf(streamName, result.nextExpectedRevision)),
      };
    } catch (error) {
      throw this.toStoreError(error, { streamName, expected });
    }
  }

  /** Reads a stream forwards or backwards; a missing stream reads as empty (see {@link EventStore.readStream}). */
  async readStream(streamName: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.checkOpen();
    checkReadStreamName(streamName, 'readStream');
    const direction = checkDirection(options.direction);
    const fromRevision = checkFromRevision(options.fromRevision, direction);
    const maxCount = checkMaxCount(options.maxCount, Infinity);
    if (maxCount === 0) return [];
    return this.retrying(
      () => this.driver.readStream(streamName, { direction, fromRevision, maxCount: Math.min(maxCount, Number.MAX_SAFE_INTEGER) }),
      { streamName },
      'readStream',
    );
  }

  /** Reads the global log from a position, paging and filtering as the client allows (see {@link EventStore.readAll}). */
  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.checkOpen();
    let from = checkPosition(options.fromPosition ?? 'start', ['start'] as const, 'fromPosition');
    const maxCount = checkMaxCount(options.maxCount, DEFAULT_READ_ALL_MAX_COUNT);
    const filter = checkFilter(options.filter);
    const passes = matchesFilter(filter);
    // A client that filters reads on the server sends one dimension of the filter with each
    // page; `passes` still checks both dimensions (and system events) on what comes back.
    const serverFilter = this.driver.filtersReads ? serverFilterOf(filter) : undefined;
    const found: RecordedEvent[] = [];
    let lastSeen: Position | undefined;
    // Pages are read from a position inclusive: the first event of a later page was already seen.
    while (found.length < maxCount) {
      const pageSize = Math.min(READ_ALL_PAGE, Math.max(64, maxCount - found.length + 1));
      const page = await this.retrying(
        () => this.driver.readAll({ from, direction: 'forwards', maxCount: pageSize, ...(serverFilter === undefined ? {} : { filter: serverFilter }) }),
        ALL,
        'readAll',
      );
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
    checkStreamName(streamName);
    const settings = checkStreamMetadata(streamName, metadata);
    const metastream = metastreamOf(streamName);
    for (let attempt = 1; ; attempt++) {
      const last = await this.lastEventOf(metastream);
      const expected: ExpectedRevision = last === undefined ? 'no_stream' : last.revision;
      const event = { id: uuidv4(), type: METADATA_EVENT_TYPE, data: mergeMetadataJson(last?.data, settings), metadata: {} };
      try {
        await withRetry(this.policy, this.isTransient, () => this.driver.append(metastream, [event], expected), this.onRetry('setStreamMetadata'));
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
    checkReadStreamName(streamName, 'getStreamMetadata');
    const last = await this.lastEventOf(metastreamOf(streamName));
    return streamMetadataFromJson(last?.data);
  }

  /** Subscribes to the global log, catch-up then live, resuming after a dropped connection (see {@link EventStore.subscribeToAll}). */
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
    const subscription: GrpcAllSubscription = new GrpcAllSubscription(
      {
        open: (from, handlers) =>
          this.driver.subscribeToAll(from, serverFilter, handlers, {
            maxSearchWindow: window,
            checkpointInterval: Math.ceil(this.checkpointInterval / window),
          }),
        readHead: () => this.headPosition(),
        passes: matchesFilter(filter),
        classify: this.driver.classify,
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
   * Ends this store's subscriptions and, when the store created the client (built with
   * `fromConnectionString`), disposes of it. Idempotent.
   */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((s) => s.unsubscribe()));
    if (this.ownsClient) await this.driver.dispose();
  }

  private readonly isTransient = (error: unknown): boolean => this.driver.classify(error).kind === 'transient';

  private checkOpen(): void {
    if (this.closed) throw new EventStoreError({ _tag: 'StoreFailure', message: `this ${this.product} store is closed; create a new one.` });
  }

  private async retrying<T>(operation: () => Promise<T>, context: ReadContext, name = 'read'): Promise<T> {
    try {
      return await withRetry(this.policy, this.isTransient, operation, this.onRetry(name));
    } catch (error) {
      throw this.toStoreError(error, context);
    }
  }

  /** The last event of a stream, undefined when it is empty or does not exist. */
  private async lastEventOf(streamName: string): Promise<RecordedEvent | undefined> {
    const [last] = await this.retrying(
      () => this.driver.readStream(streamName, { direction: 'backwards', fromRevision: 'end', maxCount: 1 }),
      { streamName },
    );
    return last;
  }

  /**
   * An empty batch writes nothing, but is checked against the expected revision as the
   * server checks it; it answers the stream's revision (-1n when it does not exist) and the
   * position of the last event in `$all`.
   */
  private async checkEmptyAppend(streamName: string, expected: ExpectedRevision): Promise<AppendResult> {
    const last = await this.lastEventOf(streamName);
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
    const [head] = await this.retrying(() => this.driver.readAll({ from: 'end', direction: 'backwards', maxCount: 1 }), ALL);
    return head?.position;
  }

  /** Position of a stream's event, for servers that answer an append without one. */
  private async positionOf(streamName: string, revision: bigint): Promise<Position> {
    const [event] = await this.retrying(
      () => this.driver.readStream(streamName, { direction: 'forwards', fromRevision: revision, maxCount: 1 }),
      { streamName },
    );
    return event?.position ?? BEFORE_FIRST;
  }

  private onRetry(operation: string): (attempt: number, delayMs: number, error: unknown) => void {
    return (attempt, delayMs, error) => this.observer.retry(operation, attempt, delayMs, error);
  }

  private toStoreError(error: unknown, context?: AppendContext | ReadContext): EventStoreError {
    const server = this.endpoint === undefined ? { name: this.serverName } : { name: this.serverName, endpoint: this.endpoint };
    return toStoreError(error, server, this.driver.classify, context);
  }
}
