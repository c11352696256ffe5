/**
 * The {@link EventStore} port over EventStoreDB / KurrentDB, written once for both client
 * libraries: validation, retries, `$all` paging and filters, resumable subscriptions and error
 * mapping. The client is reached through a {@link GrpcDriver}; the public stores
 * (`EventStoreDBEventStore`, `KurrentDBEventStore`) wrap this one around their own client.
 * @packageDocumentation
 */
import { EventStoreError } from './errors';
import { toStoreError, type AppendContext } from './eventStoreDBErrors';
import { DEFAULT_RETRY_POLICY, withRetry, type RetryPolicy } from './eventStoreDBRetry';
import { EventStoreDBAllSubscription, comparePositions, failedSubscription } from './eventStoreDBSubscription';
import { matches, serverFilterOf } from './eventStoreDBFilters';
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
import type { GrpcDriver } from './grpcDriver';
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
  SubscribeToAllOptions,
} from './port';

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
}

const DEFAULT_READ_ALL_MAX_COUNT = 4096;
/** Largest page the adapter asks for when it pages through `$all` itself. */
const READ_ALL_PAGE = 4096;
/** The server's default search window of a filtered subscription. */
const SEARCH_WINDOW = 32;
const BEFORE_FIRST: Position = { commit: 0n, prepare: 0n };

/**
 * The connection string without its `user:password@` part, for messages and logs.
 * @example redactConnectionString('esdb://admin:changeit@db:2113?tls=false') // 'esdb://db:2113?tls=false'
 */
export const redactConnectionString = (connectionString: string): string =>
  connectionString.replace(/^([a-z][a-z0-9+.-]*:\/\/)[^@/?#]*@/i, '$1');

/**
 * Creates a client with `connect`, turning a parse failure into a `StoreFailure` that names
 * the connection string without credentials.
 */
export const connectOrFail = <C>(connectionString: string, connect: (connectionString: string) => C): C => {
  try {
    return connect(connectionString);
  } catch (e) {
    // The parser quotes the offending part, which may be a password: keep only where and what was expected.
    const redacted = redactConnectionString(connectionString);
    const reason = (e instanceof Error ? e.message : String(e)).split(connectionString).join(redacted).replace(/"[^"]*"/g, '"…"');
    throw new EventStoreError({ _tag: 'StoreFailure', message: `the connection string ${redacted} is not valid: ${reason}` });
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
 * what it promises). Not exported by the package: each public store wraps one.
 */
export class GrpcEventStore implements EventStore {
  private readonly driver: GrpcDriver;
  private readonly product: string;
  /** Whether the store created the client, and so disposes of it on close. */
  private ownsClient = false;
  private readonly policy: RetryPolicy;
  private readonly serverName: string;
  private readonly checkpointInterval: number;
  private readonly subscriptions = new Set<AllSubscription>();
  private closed = false;

  constructor(binding: GrpcClientBinding, options: GrpcEventStoreOptions = {}) {
    this.driver = binding.driver;
    this.product = binding.product;
    this.policy = { ...DEFAULT_RETRY_POLICY, ...options.retry };
    this.serverName = options.serverName ?? binding.product;
    this.checkpointInterval = Math.max(1, Math.floor(options.checkpointInterval ?? SEARCH_WINDOW));
  }

  /** Marks the client as the store's own: {@link GrpcEventStore.close} disposes of it. */
  ownClient(): void {
    this.ownsClient = true;
  }

  /** See {@link EventStore.appendToStream}. */
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
      const result = await withRetry(this.policy, this.isTransient, () => this.driver.append(streamName, batch, expected));
      return {
        nextExpectedRevision: result.nextExpectedRevision,
        position: result.position ?? (await this.positionOf(streamName, result.nextExpectedRevision)),
      };
    } catch (error) {
      throw this.toStoreError(error, { streamName, expected });
    }
  }

  /** See {@link EventStore.readStream}. */
  async readStream(streamName: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    this.checkOpen();
    if (typeof streamName !== 'string' || streamName === '') {
      throw new EventStoreError({ _tag: 'StoreFailure', message: 'readStream needs a non-empty stream name.' });
    }
    const direction = checkDirection(options.direction);
    const fromRevision = checkFromRevision(options.fromRevision, direction);
    const maxCount = checkMaxCount(options.maxCount, Infinity);
    if (maxCount === 0) return [];
    return this.retrying(() =>
      this.driver.readStream(streamName, { direction, fromRevision, maxCount: Math.min(maxCount, Number.MAX_SAFE_INTEGER) }),
    );
  }

  /** See {@link EventStore.readAll}. */
  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    this.checkOpen();
    let from = checkPosition(options.fromPosition ?? 'start', ['start'] as const, 'fromPosition');
    const maxCount = checkMaxCount(options.maxCount, DEFAULT_READ_ALL_MAX_COUNT);
    const filter = checkFilter(options.filter);
    const passes = matches(filter);
    // A client that filters reads on the server sends one dimension of the filter with each
    // page; `passes` still checks both dimensions (and system events) on what comes back.
    const serverFilter = this.driver.filtersReads ? serverFilterOf(filter) : undefined;
    const found: RecordedEvent[] = [];
    let lastSeen: Position | undefined;
    // Pages are read from a position inclusive: the first event of a later page was already seen.
    while (found.length < maxCount) {
      const pageSize = Math.min(READ_ALL_PAGE, Math.max(64, maxCount - found.length + 1));
      const page = await this.retrying(() =>
        this.driver.readAll({ from, direction: 'forwards', maxCount: pageSize, ...(serverFilter === undefined ? {} : { filter: serverFilter }) }),
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

  /** See {@link EventStore.subscribeToAll}. */
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
          this.driver.subscribeToAll(from, serverFilter, handlers, {
            maxSearchWindow: window,
            checkpointInterval: Math.ceil(this.checkpointInterval / window),
          }),
        readHead: () => this.headPosition(),
        passes: matches(filter),
        classify: this.driver.classify,
        toError: (error) => this.toStoreError(error),
        policy: this.policy,
        onClosed: () => this.subscriptions.delete(subscription),
      },
      { ...options, fromPosition, ...(filter === undefined ? {} : { filter }) },
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  /** Ends this store's subscriptions and, when it owns the client, disposes of it. Idempotent. */
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

  private async retrying<T>(operation: () => Promise<T>): Promise<T> {
    try {
      return await withRetry(this.policy, this.isTransient, operation);
    } catch (error) {
      throw this.toStoreError(error);
    }
  }

  /**
   * An empty batch writes nothing, but is checked against the expected revision as the
   * server checks it; it answers the stream's revision (-1n when it does not exist) and the
   * position of the last event in `$all`.
   */
  private async checkEmptyAppend(streamName: string, expected: ExpectedRevision): Promise<AppendResult> {
    const [last] = await this.retrying(() => this.driver.readStream(streamName, { direction: 'backwards', fromRevision: 'end', maxCount: 1 }));
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
    const [head] = await this.retrying(() => this.driver.readAll({ from: 'end', direction: 'backwards', maxCount: 1 }));
    return head?.position;
  }

  /** Position of a stream's event, for servers that answer an append without one. */
  private async positionOf(streamName: string, revision: bigint): Promise<Position> {
    const [event] = await this.retrying(() =>
      this.driver.readStream(streamName, { direction: 'forwards', fromRevision: revision, maxCount: 1 }),
    );
    return event?.position ?? BEFORE_FIRST;
  }

  private toStoreError(error: unknown, append?: AppendContext): EventStoreError {
    return toStoreError(error, this.serverName, this.driver.classify, append);
  }
}
