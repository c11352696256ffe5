/**
 * The embedded, in-process {@link EventStore}: EventStoreDB's semantics without a server.
 * Input is checked by the shared validation.ts (which also copies and freezes the JSON);
 * the log and its positions are storedLog.ts, the subscription inMemorySubscription.ts.
 * @packageDocumentation
 */
import { appendSizeOf } from '../appendSize';
import { EventStoreError } from '../errors';
import { checkFilter, matchesFilter } from '../eventFilter';
import { checkStreamMetadata } from '../streamMetadata';
import {
  badOption,
  checkAppend,
  checkDirection,
  checkFromRevision,
  checkMaxCount,
  checkPosition,
  checkReadStreamName,
  checkStreamName,
} from '../validation';
import type {
  AllSubscription,
  AppendResult,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamMetadata,
  SubscribeToAllOptions,
} from '../port';
import { InMemoryAllSubscription } from './inMemorySubscription';
import { BEFORE_FIRST, type LogSource, type StoredEvent, indexFrom, toRecorded } from './storedLog';
import { shareLog } from './storedReads';

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

interface StoredStream {
  readonly events: StoredEvent[];
  /** Event id → revision of its latest occurrence; built on the first `any` append that needs it. */
  ids: Map<string, number> | undefined;
}

/** An event checked and copied for storage (see validation.ts). */
type Prepared = EventToAppend;

const DEFAULT_READ_ALL_MAX_COUNT = 4096;
const DEFAULT_CHECKPOINT_INTERVAL = 1024;

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
    // The projection runner may read the log in place while readAll is this one (storedReads.ts).
    shareLog(this, log, InMemoryEventStore.prototype.readAll);
  }

  /** {@inheritDoc EventStore.appendToStream} */
  async appendToStream(
    streamName: string,
    events: readonly EventToAppend[],
    options?: { readonly expectedRevision?: ExpectedRevision },
  ): Promise<AppendResult> {
    const { expected, events: batch } = checkAppend(streamName, events, options);
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
    checkReadStreamName(streamName, 'readStream');
    const direction = checkDirection(options.direction);
    const from = checkFromRevision(options.fromRevision, direction);
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
    checkReadStreamName(streamName, 'getStreamMetadata');
    return { ...this.metadata.get(streamName) };
  }

  /** {@inheritDoc EventStore.readAll} */
  async readAll(options: ReadAllOptions = {}): Promise<RecordedEvent[]> {
    const from = checkPosition(options.fromPosition ?? 'start', ['start'] as const, 'fromPosition');
    const start = from === 'start' ? 0 : indexFrom(from, true);
    const maxCount = checkMaxCount(options.maxCount, DEFAULT_READ_ALL_MAX_COUNT);
    const filter = checkFilter(options.filter);
    const matches = filter === undefined ? undefined : matchesFilter(filter);
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
    if (Number.isNaN(createdAtMs)) throw badOption('the store clock did not return a valid Date.');
    const stream = existing ?? { events: [], ids: undefined };
    if (existing === undefined) this.streams.set(streamName, stream);
    let stored: StoredEvent | undefined;
    for (const e of batch) {
      const at = BigInt(this.log.length + 1);
      // Not frozen itself: it never leaves the store (readers get a FrozenEventView of it),
      // and its data, metadata and position, which readers do get, are frozen.
      stored = {
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
      };
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
