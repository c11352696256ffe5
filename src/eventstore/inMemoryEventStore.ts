/**
 * The embedded, in-process {@link EventStore}: EventStoreDB's semantics without a server.
 * @packageDocumentation
 */
import { isUuid } from './uuidCheck';
import { appendSizeOf } from './appendSize';
import { EventStoreError } from './errors';
import { checkStreamMetadata } from './streamMetadata';
import { MAX_JSON_DEPTH } from './jsonDepth';
import { type FrozenEvent, FrozenEventView } from './frozenEvents';
import type {
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
} from './port';

/** Options of {@link InMemoryEventStore}. */
export interface InMemoryEventStoreOptions {
  /** The store clock, read once per append for `createdAt`. Default: `() => new Date()`. */
  readonly clock?: () => Date;
  /**
   * A filtered subscription reports a checkpoint (`onCheckpoint`) after passing this many
   * events in a row that did not match its filter. Default: 1024.
   */
  readonly checkpointInterval?: number;
  /**
   * Largest append accepted, in bytes, counted as an EventStoreDB node counts its
   * `MaxAppendSize` (data + metadata + 2 × type length over the batch, see `appendSizeOf`).
   * A larger batch is refused with an `InvalidAppend` carrying `tooLarge`, and nothing is
   * written. Default: no limit. Set it to `EVENTSTOREDB_MAX_APPEND_SIZE` (1 MiB) to meet,
   * in tests, the limit a production node enforces.
   */
  readonly maxAppendSize?: number;
}

/** An event as the store keeps it: deep-frozen, sharing nothing mutable with any caller. */
type StoredEvent = FrozenEvent;

interface StoredStream {
  readonly events: StoredEvent[];
  /** Event id → revision of its latest occurrence; built on the first `any` append that needs it. */
  ids: Map<string, number> | undefined;
}

/** What a subscription sees of the store: the log, and a way to be woken by the next append. */
interface LogSource {
  readonly log: readonly StoredEvent[];
  addWaiter(wake: () => void): void;
  removeWaiter(wake: () => void): void;
}

type Prepared = Pick<StoredEvent, 'id' | 'type' | 'data' | 'metadata'>;

const DEFAULT_READ_ALL_MAX_COUNT = 4096;
const DEFAULT_CHECKPOINT_INTERVAL = 1024;
/** Events a subscription examines before it lets the event loop run (long filtered stretches). */
const SCAN_SLICE = 8192;
/** Position the log's end has before anything is stored; every event's position is above it. */
const BEFORE_FIRST: Position = Object.freeze({ commit: 0n, prepare: 0n });

const invalidAppend = (streamName: string, message: string): EventStoreError =>
  new EventStoreError({ _tag: 'InvalidAppend', streamName, message });

const refused = (message: string): EventStoreError => new EventStoreError({ _tag: 'StoreFailure', message });

const describeValue = (value: object): string => {
  const name: unknown = value.constructor?.name;
  return typeof name === 'string' && name !== '' ? `a ${name}` : 'an object with a prototype';
};

const childPath = (path: string, key: string): string =>
  /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;

class NotJson extends Error {}

/**
 * Copies a JSON value into a deep-frozen clone, checking on the way that it survives a JSON
 * round trip as EventStoreDB would store it. Object properties holding `undefined` are left
 * out, as `JSON.stringify` does; everything else JSON would drop or alter is refused.
 */
const freezeJson = (value: unknown, path: string, ancestors: Set<object>): JsonValue => {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (!Number.isFinite(value)) throw new NotJson(`${path} is ${value}, which JSON cannot hold; store a finite number or null`);
      return value === 0 ? 0 : value; // JSON has no -0
    case 'object':
      break;
    default:
      throw new NotJson(`${path} is a ${typeof value}, which is not JSON`);
  }
  if (value === null) return null;
  if (ancestors.has(value)) throw new NotJson(`${path} contains itself (a cycle); JSON cannot hold it`);
  // One level per ancestor: deeper than the shared limit is refused before the stack is at risk.
  if (ancestors.size >= MAX_JSON_DEPTH) throw new NotJson(`${path.slice(0, 60)}… is nested more than ${MAX_JSON_DEPTH} levels deep`);
  ancestors.add(value);
  try {
    if (Array.isArray(value)) {
      const items: unknown[] = value;
      const copy: JsonValue[] = new Array<JsonValue>(items.length);
      for (let i = 0; i < items.length; i++) {
        const item = items[i];
        if (item === undefined) throw new NotJson(`${path}[${i}] is undefined (or a hole); store null instead`);
        copy[i] = freezeJson(item, `${path}[${i}]`, ancestors);
      }
      Object.freeze(copy);
      return copy;
    }
    const proto: unknown = Object.getPrototypeOf(value);
    // A plain object's prototype is some realm's Object.prototype (whose own prototype is null), or null.
    if (proto !== null && Object.getPrototypeOf(proto) !== null) {
      const hint = value instanceof Date ? '; store an ISO-8601 string instead' : '';
      throw new NotJson(`${path} is ${describeValue(value)}, not a plain JSON object${hint}`);
    }
    const source = value as Record<string, unknown>;
    const copy: { [key: string]: JsonValue } = {};
    for (const key of Object.keys(source)) {
      const item = source[key];
      if (item === undefined) continue;
      const frozen = freezeJson(item, childPath(path, key), ancestors);
      if (key === '__proto__') {
        Object.defineProperty(copy, key, { value: frozen, enumerable: true, writable: true, configurable: true });
      } else {
        copy[key] = frozen;
      }
    }
    return Object.freeze(copy);
  } finally {
    ancestors.delete(value);
  }
};

/** Thrown by {@link freezeFast} when it meets anything it does not copy as is. */
const NOT_FAST = new Error('not a plain JSON value (checked again by freezeJson)');

/**
 * {@link freezeJson} without the bookkeeping of paths and ancestors, for the common case:
 * the same copy of a valid JSON value, or {@link NOT_FAST} on anything freezeJson would
 * refuse or report (and on deep nesting, in case of a cycle), so the caller can run
 * freezeJson itself for its exact answer.
 */
const freezeFast = (value: unknown, depth: number): JsonValue => {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (!Number.isFinite(value)) throw NOT_FAST;
      return value === 0 ? 0 : value;
    case 'object':
      break;
    default:
      throw NOT_FAST;
  }
  if (value === null) return null;
  if (depth > 64) throw NOT_FAST;
  if (Array.isArray(value)) {
    const items: unknown[] = value;
    const copy: JsonValue[] = new Array<JsonValue>(items.length);
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      if (item === undefined) throw NOT_FAST;
      copy[i] = freezeFast(item, depth + 1);
    }
    Object.freeze(copy);
    return copy;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== null && Object.getPrototypeOf(proto) !== null) throw NOT_FAST;
  const source = value as Record<string, unknown>;
  const copy: { [key: string]: JsonValue } = {};
  for (const key of Object.keys(source)) {
    const item = source[key];
    if (item === undefined) continue;
    const frozen = freezeFast(item, depth + 1);
    if (key === '__proto__') {
      Object.defineProperty(copy, key, { value: frozen, enumerable: true, writable: true, configurable: true });
    } else {
      copy[key] = frozen;
    }
  }
  return Object.freeze(copy);
};

/** freezeJson's copy, through the fast path when it applies. */
const frozenCopy = (value: unknown, i: number, field: 'data' | 'metadata'): JsonValue => {
  try {
    return freezeFast(value, 0);
  } catch (e: unknown) {
    if (e !== NOT_FAST) throw e;
    // The path is spelled out only here, where freezeJson may need it for its message.
    return freezeJson(value, `events[${i}].${field}`, new Set());
  }
};

const isPlainObject = (value: unknown): boolean =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** Validates a batch and copies it into frozen, store-owned events (ids lower-cased, as ESDB prints Guids). */
const prepareBatch = (streamName: string, events: readonly EventToAppend[]): Prepared[] => {
  if (!Array.isArray(events)) throw invalidAppend(streamName, 'events must be an array of events to append.');
  // Ids seen so far (a batch of one, the usual case, needs no set).
  const seen = events.length > 1 ? new Set<string>() : undefined;
  return events.map((event: unknown, i): Prepared => {
    if (!isPlainObject(event)) throw invalidAppend(streamName, `events[${i}] is not an event object.`);
    const { id, type, data, metadata } = event as Record<string, unknown>;
    if (typeof id !== 'string' || !isUuid(id)) {
      throw invalidAppend(streamName, `events[${i}].id ${JSON.stringify(id) ?? 'undefined'} is not a UUID; give every event a UUID (v4, or v5 derived from the command id).`);
    }
    const lowerId = id.toLowerCase();
    if (seen?.has(lowerId) === true) throw invalidAppend(streamName, `events[${i}].id ${id} repeats an earlier event id of the same batch; give each event its own id.`);
    seen?.add(lowerId);
    if (typeof type !== 'string' || type === '') throw invalidAppend(streamName, `events[${i}].type must be a non-empty string.`);
    if (!isPlainObject(metadata)) throw invalidAppend(streamName, `events[${i}].metadata must be a JSON object.`);
    try {
      return {
        id: lowerId,
        type,
        data: data === undefined ? notJson(`events[${i}].data is undefined; store null instead`) : frozenCopy(data, i, 'data'),
        metadata: frozenCopy(metadata, i, 'metadata') as JsonObject,
      };
    } catch (e: unknown) {
      if (e instanceof NotJson) throw invalidAppend(streamName, `${e.message}.`);
      if (e instanceof RangeError) throw invalidAppend(streamName, `events[${i}] is nested too deeply to store.`);
      throw e;
    }
  });
};

const notJson = (message: string): never => {
  throw new NotJson(message);
};

const checkExpectedRevision = (streamName: string, expected: unknown): ExpectedRevision => {
  if (expected === 'any' || expected === 'no_stream' || expected === 'stream_exists') return expected;
  if (typeof expected === 'bigint' && expected >= 0n) return expected;
  throw invalidAppend(
    streamName,
    `expectedRevision ${typeof expected === 'bigint' ? `${expected}n` : String(expected)} is not 'any', 'no_stream', 'stream_exists' or a revision >= 0n.`,
  );
};

const checkStreamName = (streamName: unknown): string => {
  if (typeof streamName === 'string' && streamName !== '') return streamName;
  throw invalidAppend(String(streamName), 'a stream name must be a non-empty string.');
};

const checkMaxCount = (maxCount: unknown, fallback: number): number => {
  if (maxCount === undefined) return fallback;
  if (maxCount === Infinity || (typeof maxCount === 'number' && Number.isInteger(maxCount) && maxCount >= 0)) return maxCount;
  throw refused(`maxCount ${String(maxCount)} must be a whole number >= 0 (or Infinity).`);
};

const checkPosition = (position: unknown, what: string): Position => {
  if (
    typeof position === 'object' && position !== null &&
    typeof (position as Position).commit === 'bigint' && typeof (position as Position).prepare === 'bigint'
  ) {
    return position as Position;
  }
  throw refused(`${what} must be 'start', 'end' (subscriptions) or a { commit, prepare } position of bigints.`);
};

const checkPrefixes = (prefixes: unknown, what: string): readonly string[] | undefined => {
  if (prefixes === undefined) return undefined;
  if (!Array.isArray(prefixes) || !prefixes.every((p) => typeof p === 'string')) throw refused(`filter.${what} must be an array of strings.`);
  if (prefixes.length === 0) throw refused(`filter.${what} is empty, so nothing could match; give at least one prefix or leave it out.`);
  return prefixes;
};

/** Turns a filter into a predicate; `undefined` when every event passes. */
const compileFilter = (filter: EventFilter | undefined): ((e: StoredEvent) => boolean) | undefined => {
  if (filter === undefined) return undefined;
  const streams = checkPrefixes(filter.streamNamePrefixes, 'streamNamePrefixes');
  const types = checkPrefixes(filter.eventTypePrefixes, 'eventTypePrefixes');
  // One stream prefix and no type prefix (a category, as projections read it): one test per event.
  const [only] = streams ?? [];
  if (types === undefined && streams?.length === 1 && only !== undefined) return (e) => e.streamName.startsWith(only) && !e.type.startsWith('$');
  return (e) =>
    !e.type.startsWith('$') &&
    (streams === undefined || streams.some((p) => e.streamName.startsWith(p))) &&
    (types === undefined || types.some((p) => e.type.startsWith(p)));
};

/**
 * Index in the log of the first event at (`inclusive`) or after a position. The event at
 * index `i` has position `i + 1` (commit and prepare), so this is arithmetic, not a search.
 */
const indexFrom = (position: Position, inclusive: boolean): number => {
  const { commit, prepare } = position;
  if (commit < 1n) return 0;
  const eventAtCommitCounts = inclusive ? prepare <= commit : prepare < commit;
  const first = eventAtCommitCounts ? commit : commit + 1n;
  return first > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(first) - 1;
};

/** A fresh view of a stored event: reassigning its fields or its date cannot touch the store. */
const toRecorded = (e: StoredEvent): RecordedEvent => new FrozenEventView(e);

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/**
 * The embedded default {@link EventStore}: one process, no server, and EventStoreDB's
 * semantics as the port describes them.
 *
 * **Appends** are synchronous inside the returned promise, hence atomic; O(1) per event.
 * - Expected revision (default `'any'`): `'no_stream'`, `'stream_exists'` or an exact
 *   0-based revision; a mismatch rejects with a `ConcurrencyConflict` naming the expected
 *   and actual revision (`'no_stream'` or a bigint) and writes nothing.
 * - Idempotent re-append, after EventStoreDB's commit check: with an exact revision (or
 *   `'no_stream'`, i.e. -1) behind the stream, the batch's ids must be the events stored
 *   right after that revision; with `'any'` / `'stream_exists'`, the batch must be found as
 *   a consecutive run in the stream. Then nothing is written and the original result (the
 *   revision and position of the batch's last stored event) comes back. A batch that only
 *   partly matches is a `ConcurrencyConflict`. Unlike EventStoreDB, which looks only at the
 *   batch's first id under `'any'`, this store also refuses (as a conflict) an `'any'` batch
 *   whose first id is new but a later one is stored. Like EventStoreDB, an append at the
 *   stream's exact current revision is written without looking at ids: the same ids can be
 *   stored twice that way, so deduplicate commands before deciding, not here.
 * - Event ids are compared case-insensitively and stored lower-case (as EventStoreDB prints
 *   a Guid).
 * - An empty batch writes nothing but is still checked against the expected revision, as
 *   EventStoreDB does. It answers the stream's current revision (`-1n` when the stream does
 *   not exist, which an empty append does not create) and the position of the last event
 *   in the whole log ({@link InMemoryEventStore} positions start above `{0n, 0n}`, which it
 *   answers when nothing is stored). EventStoreDB answers a fresh position past the log's
 *   end there; both mean "nothing you wrote lies beyond this".
 * - Invalid input (stream name not a non-empty string, id not a UUID or repeated in the
 *   batch, empty type, data not JSON, metadata not a JSON object, expected revision below 0)
 *   rejects with `InvalidAppend` and writes nothing.
 * - Data and metadata are validated and deep-frozen copies are stored: mutating what you
 *   appended changes nothing, and the data / metadata objects you read are frozen (writing
 *   to them throws in strict mode). Each read returns fresh event objects and dates.
 *
 * **Positions**: the n-th event stored (1-based) has position `{ commit: n, prepare: n }`,
 * with no gaps, so reads find a position by arithmetic. `{0n, 0n}` is before every event.
 *
 * **Reads** slice the log or a stream: O(1) to find the start, O(events returned) after
 * that (plus, for a filtered `readAll`, the events that did not match). `readAll` returns
 * `$`-typed (system) events unless a filter is given.
 *
 * **Subscriptions** read the log by position as the consumer pulls, so a slow consumer costs
 * the store nothing; see {@link InMemoryEventStore.subscribeToAll}.
 */
export class InMemoryEventStore implements EventStore {
  /** Stored events never change: whoever folds them may keep the result (see {@link EventStore.readsMayChange}). */
  readonly readsMayChange = false;
  private readonly log: StoredEvent[] = [];
  private readonly streams = new Map<string, StoredStream>();
  private readonly waiters = new Set<() => void>();
  private readonly clock: () => Date;
  private readonly checkpointInterval: number;
  private readonly maxAppendSize: number;
  private readonly metadata = new Map<string, StreamMetadata>();
  private readonly source: LogSource;

  /** Creates an empty store. */
  constructor(options: InMemoryEventStoreOptions = {}) {
    this.clock = options.clock ?? (() => new Date());
    const interval = options.checkpointInterval ?? DEFAULT_CHECKPOINT_INTERVAL;
    if (!Number.isInteger(interval) || interval < 1) throw new RangeError(`checkpointInterval ${interval} must be a whole number >= 1.`);
    this.checkpointInterval = interval;
    const max = options.maxAppendSize ?? Infinity;
    if (!(max === Infinity || (Number.isInteger(max) && max >= 1))) throw new RangeError(`maxAppendSize ${max} must be a whole number of bytes >= 1.`);
    this.maxAppendSize = max;
    const { log, waiters } = this;
    this.source = { log, addWaiter: (w) => waiters.add(w), removeWaiter: (w) => waiters.delete(w) };
  }

  /** {@inheritDoc EventStore.appendToStream} */
  async appendToStream(
    streamName: string,
    events: readonly EventToAppend[],
    options?: { readonly expectedRevision?: ExpectedRevision },
  ): Promise<AppendResult> {
    checkStreamName(streamName);
    const expected = checkExpectedRevision(streamName, options?.expectedRevision ?? 'any');
    const batch = prepareBatch(streamName, events);
    if (this.maxAppendSize !== Infinity) this.checkSize(streamName, batch);
    const stream = this.streams.get(streamName);
    const current = stream === undefined ? -1 : stream.events.length - 1;
    const conflict = (): EventStoreError =>
      new EventStoreError({
        _tag: 'ConcurrencyConflict',
        streamName,
        expected,
        actual: current < 0 ? 'no_stream' : BigInt(current),
      });

    if (expected === 'stream_exists' && current < 0) throw conflict();
    if (expected === 'any' || expected === 'stream_exists') {
      const first = batch[0];
      if (first === undefined || stream === undefined) return this.write(streamName, stream, batch);
      const ids = this.idsOf(stream);
      const from = ids.get(first.id);
      if (from === undefined) {
        if (batch.some((e) => ids.has(e.id))) throw conflict();
        return this.write(streamName, stream, batch);
      }
      const again = this.repeated(stream, from, batch);
      if (again === undefined) throw conflict();
      return again;
    }

    const expectedNumber = expected === 'no_stream' ? -1 : expected > BigInt(current) ? Infinity : Number(expected);
    if (expectedNumber === current) return this.write(streamName, stream, batch);
    if (expectedNumber > current || stream === undefined) throw conflict();
    // Behind the stream: idempotent only if the batch's ids are the events stored right after
    // the expected revision (an empty batch never is, as in EventStoreDB).
    const again = this.repeated(stream, expectedNumber + 1, batch);
    if (again === undefined) throw conflict();
    return again;
  }

  /** {@inheritDoc EventStore.readStream} */
  async readStream(streamName: string, options: ReadStreamOptions = {}): Promise<RecordedEvent[]> {
    if (typeof streamName !== 'string' || streamName === '') throw refused('readStream needs a non-empty stream name.');
    const direction = options.direction ?? 'forwards';
    if (direction !== 'forwards' && direction !== 'backwards') throw refused(`direction ${String(direction)} must be 'forwards' or 'backwards'.`);
    const from = options.fromRevision ?? (direction === 'forwards' ? 'start' : 'end');
    if (from !== 'start' && from !== 'end' && !(typeof from === 'bigint' && from >= 0n)) {
      throw refused(`fromRevision ${String(from)} must be 'start', 'end' or a revision >= 0n.`);
    }
    const maxCount = checkMaxCount(options.maxCount, Infinity);
    const events = this.streams.get(streamName)?.events ?? [];
    const length = events.length;
    // The first readable revision: the stream's metadata hides what lies before it.
    const first = this.firstReadable(streamName, length);
    const revision = (r: bigint): number => (r >= BigInt(length) ? length : Number(r));
    const out: RecordedEvent[] = [];
    if (direction === 'forwards') {
      const start = Math.max(first, from === 'start' ? 0 : from === 'end' ? length : revision(from));
      const end = Math.min(length, start + maxCount);
      for (let i = start; i < end; i++) this.pushAt(out, events, i);
    } else {
      // Backwards from past the end starts at the last event, as EventStoreDB does.
      const start = from === 'end' ? length - 1 : from === 'start' ? Math.min(first, length - 1) : Math.min(length - 1, revision(from));
      const end = Math.max(first - 1, start - maxCount);
      for (let i = start; i > end; i--) this.pushAt(out, events, i);
    }
    return out;
  }

  /**
   * {@inheritDoc EventStore.setStreamMetadata}
   *
   * The in-memory store hides the events from stream reads but keeps them in the global
   * log (as EventStoreDB does until it scavenges).
   */
  async setStreamMetadata(streamName: string, metadata: StreamMetadata): Promise<void> {
    checkStreamName(streamName);
    this.metadata.set(streamName, Object.freeze(checkStreamMetadata(streamName, metadata)));
  }

  /** {@inheritDoc EventStore.getStreamMetadata} */
  async getStreamMetadata(streamName: string): Promise<StreamMetadata> {
    if (typeof streamName !== 'string' || streamName === '') throw refused('getStreamMetadata needs a non-empty stream name.');
    return { ...this.metadata.get(streamName) };
  }

  /** {@inheritDoc EventStore.readAll} */
  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const from = options.fromPosition ?? 'start';
    const start = from === 'start' ? 0 : indexFrom(checkPosition(from, 'fromPosition'), true);
    const maxCount = checkMaxCount(options.maxCount, DEFAULT_READ_ALL_MAX_COUNT);
    const matches = compileFilter(options.filter);
    const { log } = this;
    const out: RecordedEvent[] = [];
    if (matches === undefined) {
      const end = Math.min(log.length, start + maxCount);
      for (let i = start; i < end; i++) this.pushAt(out, log, i);
      return out;
    }
    for (let i = start; i < log.length && out.length < maxCount; i++) {
      const e = log[i];
      if (e !== undefined && matches(e)) out.push(toRecorded(e));
    }
    return out;
  }

  /**
   * Subscribes to the global log: every stored event after `fromPosition` (default
   * `'start'`), then live events, in log order, each exactly once. Catch-up and live are one
   * cursor over the log, read as the consumer pulls: appends racing the catch-up can leave
   * no gap and cause no duplicate, and nothing is buffered for a slow consumer.
   *
   * - `'end'` is the log's end when `subscribeToAll` is called; a {@link Position} resumes
   *   with the first event after it.
   * - `onCaughtUp` runs once, when the consumer asks for an event and every event stored
   *   after the start has been delivered (right away if there is none to deliver).
   * - `onCheckpoint` (filtered subscriptions) runs after every `checkpointInterval` events
   *   passed without a match, and on reaching the log's end after passing any: every event
   *   at or before a reported position that matches has already been delivered.
   * - The subscription is iterable once; `unsubscribe()` or leaving a `for await` loop ends
   *   it, and a pending `next()` then resolves `done`. An error thrown by a callback ends
   *   the iteration with that error; invalid options reject the first `next()`.
   */
  subscribeToAll(options: SubscribeToAllOptions = {}): AllSubscription {
    return new InMemoryAllSubscription(this.source, options, this.checkpointInterval);
  }

  /** Index of the first event of the stream its metadata leaves readable. */
  private firstReadable(streamName: string, length: number): number {
    const meta = this.metadata.get(streamName);
    if (meta === undefined) return 0;
    const byCount = meta.maxCount === undefined ? 0 : length - meta.maxCount;
    const byRevision = meta.truncateBefore === undefined ? 0 : meta.truncateBefore >= BigInt(length) ? length : Number(meta.truncateBefore);
    return Math.max(0, byCount, byRevision);
  }

  /** Refuses a batch over {@link InMemoryEventStoreOptions.maxAppendSize}, as a node does. */
  private checkSize(streamName: string, batch: readonly Prepared[]): void {
    const bytes = appendSizeOf(batch);
    if (bytes <= this.maxAppendSize) return;
    throw new EventStoreError({
      _tag: 'InvalidAppend',
      streamName,
      message: `the batch is ${bytes} bytes as EventStoreDB counts them (data + metadata + 2 × type length), over the store's maximum append size of ${this.maxAppendSize}; append fewer or smaller events.`,
      tooLarge: { bytes, maxAppendSize: this.maxAppendSize },
    });
  }

  private pushAt(out: RecordedEvent[], events: readonly StoredEvent[], i: number): void {
    const e = events[i];
    if (e !== undefined) out.push(toRecorded(e));
  }

  private idsOf(stream: StoredStream): Map<string, number> {
    if (stream.ids === undefined) stream.ids = new Map(stream.events.map((e, revision) => [e.id, revision]));
    return stream.ids;
  }

  /** The original result when `batch` is stored in `stream` from revision `from` on, else undefined. */
  private repeated(stream: StoredStream, from: number, batch: readonly Prepared[]): AppendResult | undefined {
    let last: StoredEvent | undefined;
    for (let i = 0; i < batch.length; i++) {
      last = stream.events[from + i];
      if (last === undefined || last.id !== batch[i]?.id) return undefined;
    }
    return last === undefined ? undefined : { nextExpectedRevision: last.revision, position: last.position, createdAt: new Date(last.createdAtMs) };
  }

  private write(streamName: string, existing: StoredStream | undefined, batch: readonly Prepared[]): AppendResult {
    if (batch.length === 0) {
      const last = this.log[this.log.length - 1];
      return {
        nextExpectedRevision: existing === undefined ? -1n : BigInt(existing.events.length - 1),
        position: last === undefined ? BEFORE_FIRST : last.position,
      };
    }
    const now = this.clock();
    const createdAtMs = now instanceof Date ? now.getTime() : NaN;
    if (Number.isNaN(createdAtMs)) throw refused('the store clock did not return a valid Date.');
    const stream = existing ?? { events: [], ids: undefined };
    if (existing === undefined) this.streams.set(streamName, stream);
    let stored: StoredEvent | undefined;
    for (const e of batch) {
      const at = BigInt(this.log.length + 1);
      stored = Object.freeze({
        id: e.id,
        type: e.type,
        data: e.data,
        metadata: e.metadata,
        streamName,
        revision: BigInt(stream.events.length),
        position: Object.freeze({ commit: at, prepare: at }),
        createdAtMs,
        // Its data and metadata are this store's frozen copies: decoders may keep a verdict here.
        memo: { verdict: undefined },
      });
      stream.ids?.set(stored.id, stream.events.length);
      stream.events.push(stored);
      this.log.push(stored);
    }
    this.wakeSubscriptions();
    return stored === undefined
      ? { nextExpectedRevision: -1n, position: BEFORE_FIRST }
      : { nextExpectedRevision: stored.revision, position: stored.position, createdAt: now };
  }

  private wakeSubscriptions(): void {
    if (this.waiters.size === 0) return;
    const waiters = [...this.waiters];
    this.waiters.clear();
    for (const wake of waiters) wake();
  }
}

/** A catch-up subscription: a cursor over the log, advanced as the consumer pulls. */
class InMemoryAllSubscription implements AllSubscription {
  private readonly iterator: AsyncGenerator<RecordedEvent, void, undefined>;
  private readonly matches: ((e: StoredEvent) => boolean) | undefined;
  /** Index in the log of the next event to examine. */
  private cursor = 0;
  /** A matching event found by a scan and not delivered yet. */
  private held: StoredEvent | undefined;
  private skipped = 0;
  private lastSkipped: StoredEvent | undefined;
  private caughtUp = false;
  private started = false;
  private closed = false;
  private failure: { readonly error: unknown } | undefined;
  private wake: (() => void) | undefined;

  constructor(
    private readonly source: LogSource,
    private readonly options: SubscribeToAllOptions,
    private readonly checkpointInterval: number,
  ) {
    this.iterator = this.run();
    let matches: ((e: StoredEvent) => boolean) | undefined;
    try {
      const from = options.fromPosition ?? 'start';
      this.cursor = from === 'start' ? 0 : from === 'end' ? source.log.length : indexFrom(checkPosition(from, 'fromPosition'), false);
      matches = compileFilter(options.filter);
    } catch (error: unknown) {
      this.failure = { error };
    }
    this.matches = matches;
    // Look ahead once, so that a subscription with nothing to catch up says so without being
    // iterated; once the consumer pulls, only its pulls advance the cursor (checkpoint safety).
    if (this.failure === undefined) queueMicrotask(() => this.guard(() => this.started || this.scan()));
  }

  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    return this.iterator;
  }

  async unsubscribe(): Promise<void> {
    this.close();
  }

  private async *run(): AsyncGenerator<RecordedEvent, void, undefined> {
    this.started = true;
    try {
      for (;;) {
        if (this.failure !== undefined) throw this.failure.error;
        if (this.closed) return;
        if (this.held === undefined) {
          const found = this.scan();
          if (found === 'more') await yieldToEventLoop();
          else if (found === 'end') await this.nextAppend();
          continue;
        }
        const event = this.held;
        this.held = undefined;
        yield toRecorded(event);
      }
    } finally {
      this.close();
    }
  }

  /**
   * Advances the cursor to the next matching event (held for delivery), the log's end, or
   * at most {@link SCAN_SLICE} events. Runs only when every earlier match was delivered,
   * which is what makes a checkpoint safe to resume from.
   */
  private scan(): 'held' | 'end' | 'more' {
    if (this.held !== undefined) return 'held';
    if (this.closed) return 'end';
    const { log } = this.source;
    const stop = Math.min(log.length, this.cursor + SCAN_SLICE);
    while (this.cursor < stop) {
      const e = log[this.cursor];
      this.cursor += 1;
      if (e === undefined) continue;
      if (this.matches === undefined || this.matches(e)) {
        this.skipped = 0;
        this.lastSkipped = undefined;
        this.held = e;
        return 'held';
      }
      this.skipped += 1;
      this.lastSkipped = e;
      if (this.skipped >= this.checkpointInterval) this.checkpoint();
    }
    if (this.cursor < log.length) return 'more';
    if (this.lastSkipped !== undefined) this.checkpoint();
    if (!this.caughtUp) {
      this.caughtUp = true;
      this.options.onCaughtUp?.();
    }
    return 'end';
  }

  private checkpoint(): void {
    const passed = this.lastSkipped;
    this.skipped = 0;
    this.lastSkipped = undefined;
    if (passed !== undefined) this.options.onCheckpoint?.(passed.position);
  }

  private guard(step: () => void): void {
    try {
      step();
    } catch (error: unknown) {
      this.failure ??= { error };
    }
  }

  private nextAppend(): Promise<void> {
    if (this.closed || this.cursor < this.source.log.length) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = (): void => {
        this.wake = undefined;
        resolve();
      };
      this.wake = wake;
      this.source.addWaiter(wake);
    });
  }

  private close(): void {
    this.closed = true;
    this.held = undefined;
    const wake = this.wake;
    if (wake !== undefined) {
      this.source.removeWaiter(wake);
      wake();
    }
  }
}
