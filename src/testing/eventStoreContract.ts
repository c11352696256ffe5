/**
 * The event store contract: every rule of the port (src/eventstore/port.ts), as a test suite
 * (Jest or Vitest) that runs against any adapter — for adapter authors as for this package. It shares the store with whatever else uses it: every test
 * writes to streams of its own (`test-<uuid>-…`) and compares positions with ones it
 * observed, never with the start of the log.
 */
import { v4 as uuidv4 } from 'uuid';
import { EventStoreError } from '../eventstore/errors';
import type { StoreError } from '../eventstore/errors';
import { MAX_JSON_DEPTH } from '../eventstore/jsonDepth';
import type {
  AllSubscription,
  AppendResult,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  JsonObject,
  JsonValue,
  Position,
  RecordedEvent,
  SubscribeToAllOptions,
} from '../eventstore/port';
import { type ExpectFunction, type TestApi, resolveTestApi } from './testApi';

/** An append result may tell when the store recorded the batch's last event: then it is that event's `createdAt`. */
const createdAtIfTold = (result: AppendResult, last: RecordedEvent | undefined): { createdAt?: Date } =>
  result.createdAt === undefined ? {} : { createdAt: last?.createdAt ?? new Date(NaN) };

/** What a store factory hands the suite. */
export interface ContractStore {
  readonly store: EventStore;
  /** Called once after the suite (close connections, stop servers). */
  readonly dispose?: () => Promise<void>;
}

/** Tuning of the contract suite for slower adapters. */
export interface EventStoreContractOptions {
  /** Longest wait for an asynchronous condition (subscription deliveries), in ms. Default 5000. */
  readonly timeoutMs?: number;
  /** How far a store's clock may be from this process's clock, in ms. Default 60000. */
  readonly clockToleranceMs?: number;
  /** The test runner's functions. Default: the runner's globals (Jest, Vitest with `globals: true`). */
  readonly testApi?: TestApi;
  /**
   * Whether to check that stream reads honour `$maxCount` / `$tb` (default true); false for
   * a store that keeps stream metadata without applying it on reads.
   */
  readonly streamMetadataOnReads?: boolean;
}

/** `expect` of the running test runner, looked up when a helper below is called. */
const expect: ExpectFunction = Object.assign((actual: unknown) => resolveTestApi().expect(actual), {
  any: (constructor: unknown) => resolveTestApi().expect.any(constructor),
  arrayContaining: (expected: readonly unknown[]) => resolveTestApi().expect.arrayContaining(expected),
  objectContaining: (expected: object) => resolveTestApi().expect.objectContaining(expected),
  stringMatching: (expected: string | RegExp) => resolveTestApi().expect.stringMatching(expected),
});

/** Positions in log order: by commit, then prepare. */
export const comparePositions = (a: Position, b: Position): number =>
  a.commit !== b.commit ? (a.commit < b.commit ? -1 : 1) : a.prepare === b.prepare ? 0 : a.prepare < b.prepare ? -1 : 1;

/** Resolves when `condition` holds, polling; rejects after `timeoutMs` naming what it waited for. */
export const waitFor = async (what: string, condition: () => boolean, timeoutMs: number): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.`);
    await new Promise((resolve) => setTimeout(resolve, 2));
  }
};

/** `promise`, or a rejection naming `what` if it does not settle within `timeoutMs`. */
export const withTimeout = async <T>(what: string, promise: Promise<T>, timeoutMs: number): Promise<T> => {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Timed out after ${timeoutMs} ms waiting for ${what}.`)), timeoutMs);
  });
  try {
    return await Promise.race([promise, timeout]);
  } finally {
    clearTimeout(timer);
  }
};

/** The error a promise rejects with (fails the test if it resolves). */
export const rejectionOf = async (promise: Promise<unknown>): Promise<StoreError> => {
  const outcome = await promise.then(
    (value) => ({ ok: true as const, value }),
    (error: unknown) => ({ ok: false as const, error }),
  );
  if (outcome.ok) throw new Error(`Expected a rejection, got ${String(outcome.value)}.`);
  expect(outcome.error).toBeInstanceOf(EventStoreError);
  if (!(outcome.error instanceof EventStoreError)) throw outcome.error;
  return outcome.error.error;
};

/** A new event of `type` (default `TestEvent`) with a fresh UUID. */
export const anEvent = (data: JsonValue = {}, type = 'TestEvent', metadata: JsonObject = {}): EventToAppend => ({
  id: uuidv4(),
  type,
  data,
  metadata,
});

/** `levels` arrays nested in each other (`[[[]]]` for 3), built without recursion. */
export const nestedArrays = (levels: number): JsonValue => {
  let value: JsonValue = [];
  for (let i = 1; i < levels; i++) value = [value];
  return value;
};

/** `n` new events numbered in their data. */
export const someEvents = (n: number, type = 'TestEvent'): EventToAppend[] =>
  Array.from({ length: n }, (_, i) => anEvent({ i }, type));

/** A subscription being consumed in the background. */
export interface Consumer {
  readonly events: RecordedEvent[];
  /** Everything observed, in order: events and checkpoints. */
  readonly timeline: ({ readonly event: RecordedEvent } | { readonly checkpoint: Position })[];
  /** How many times the subscription said it had caught up with the log. */
  readonly caughtUp: () => number;
  readonly subscription: AllSubscription;
  /** Settles when the `for await` loop ends. */
  readonly finished: Promise<void>;
}

/** Subscribes and consumes in the background, until `stopAfter` events when given. */
export const consume = (
  store: EventStore,
  options: Omit<SubscribeToAllOptions, 'onCaughtUp' | 'onCheckpoint'>,
  stopAfter?: number,
): Consumer => {
  const events: RecordedEvent[] = [];
  const timeline: Consumer['timeline'][number][] = [];
  let caughtUp = 0;
  const subscription = store.subscribeToAll({
    ...options,
    onCaughtUp: () => {
      caughtUp += 1;
    },
    onCheckpoint: (checkpoint) => {
      timeline.push({ checkpoint });
    },
  });
  const finished = (async () => {
    for await (const event of subscription) {
      events.push(event);
      timeline.push({ event });
      if (events.length === stopAfter) break;
    }
  })();
  return { events, timeline, caughtUp: () => caughtUp, subscription, finished };
};

const ids = (events: readonly { readonly id: string }[]): string[] => events.map((e) => e.id.toLowerCase());

/**
 * Defines the contract suite for one adapter. `makeStore` runs once before the suite; the
 * store may already hold events and may be shared with other writers.
 */
export function describeEventStoreContract(
  name: string,
  makeStore: () => Promise<ContractStore> | ContractStore,
  options: EventStoreContractOptions = {},
): void {
  // The suite's body calls these by their usual names.
  const { describe, it, beforeAll, afterAll, afterEach, expect } = resolveTestApi(options.testApi);
  const timeoutMs = options.timeoutMs ?? 5000;
  const clockToleranceMs = options.clockToleranceMs ?? 60_000;
  const metadataOnReads = options.streamMetadataOnReads ?? true;
  const runId = uuidv4().replaceAll('-', '');
  let counter = 0;
  /** A stream-name prefix no other test (or run) uses. */
  const freshPrefix = (): string => `test-${runId}${(counter += 1)}`;
  const freshStream = (): string => `${freshPrefix()}-s`;

  describe(`${name} (event store contract)`, () => {
    let subject: ContractStore | undefined;
    const store = (): EventStore => {
      if (subject === undefined) throw new Error('The store factory has not run.');
      return subject.store;
    };
    const consumers: Consumer[] = [];
    const track = (c: Consumer): Consumer => {
      consumers.push(c);
      return c;
    };

    beforeAll(async () => {
      subject = await makeStore();
    });
    afterEach(async () => {
      await Promise.all(consumers.splice(0).map((c) => c.subscription.unsubscribe()));
    });
    afterAll(async () => {
      await subject?.dispose?.();
    });

    const append = (stream: string, events: readonly EventToAppend[], expectedRevision?: ExpectedRevision): Promise<AppendResult> =>
      store().appendToStream(stream, events, expectedRevision === undefined ? undefined : { expectedRevision });
    const readIds = async (stream: string): Promise<string[]> => ids(await store().readStream(stream));
    /** A position observed before a test's events: the last event of a throw-away stream. */
    const mark = async (): Promise<Position> => (await append(freshStream(), [anEvent()])).position;
    const readAllFrom = async (from: Position, prefix: string): Promise<RecordedEvent[]> =>
      store().readAll({ fromPosition: from, filter: { streamNamePrefixes: [prefix] }, maxCount: 100_000 });
    const conflict = (streamName: string, expected: ExpectedRevision, actual: 'no_stream' | bigint): StoreError => ({
      _tag: 'ConcurrencyConflict',
      streamName,
      expected,
      actual,
    });

    describe('appending with an expected revision', () => {
      it('an append expecting no_stream to a new stream stores it from revision 0', async () => {
        const stream = freshStream();
        const events = someEvents(2);
        const result = await append(stream, events, 'no_stream');
        const stored = await store().readStream(stream);
        expect(ids(stored)).toEqual(ids(events));
        expect(stored.map((e) => e.revision)).toEqual([0n, 1n]);
        expect(result.nextExpectedRevision).toBe(1n);
        expect(result.position).toEqual(stored[1]?.position);
      });

      it('revisions are 0-based and consecutive across appends to a stream', async () => {
        const stream = freshStream();
        await append(stream, someEvents(2), 'no_stream');
        const second = await append(stream, someEvents(3), 1n);
        expect(second.nextExpectedRevision).toBe(4n);
        expect((await store().readStream(stream)).map((e) => e.revision)).toEqual([0n, 1n, 2n, 3n, 4n]);
      });

      it('an append expecting no_stream to an existing stream is a ConcurrencyConflict naming both revisions', async () => {
        const stream = freshStream();
        await append(stream, someEvents(2));
        expect(await rejectionOf(append(stream, [anEvent()], 'no_stream'))).toEqual(conflict(stream, 'no_stream', 1n));
      });

      it('an append expecting stream_exists to a missing stream is a ConcurrencyConflict with actual no_stream', async () => {
        const stream = freshStream();
        expect(await rejectionOf(append(stream, [anEvent()], 'stream_exists'))).toEqual(
          conflict(stream, 'stream_exists', 'no_stream'),
        );
        expect(await readIds(stream)).toEqual([]);
      });

      it('an append expecting stream_exists to an existing stream is written after its last event', async () => {
        const stream = freshStream();
        await append(stream, someEvents(2));
        const result = await append(stream, [anEvent()], 'stream_exists');
        expect(result.nextExpectedRevision).toBe(2n);
      });

      it('an append expecting the exact current revision is written after it', async () => {
        const stream = freshStream();
        await append(stream, [anEvent()], 'no_stream');
        const event = anEvent();
        const result = await append(stream, [event], 0n);
        expect(result.nextExpectedRevision).toBe(1n);
        expect((await readIds(stream))[1]).toBe(event.id);
      });

      it('an append expecting a revision behind the stream is a ConcurrencyConflict naming both revisions', async () => {
        const stream = freshStream();
        await append(stream, someEvents(3));
        expect(await rejectionOf(append(stream, [anEvent()], 1n))).toEqual(conflict(stream, 1n, 2n));
      });

      it('an append expecting a revision ahead of the stream is a ConcurrencyConflict naming both revisions', async () => {
        const stream = freshStream();
        await append(stream, someEvents(2));
        expect(await rejectionOf(append(stream, [anEvent()], 5n))).toEqual(conflict(stream, 5n, 1n));
      });

      it('an append expecting an exact revision of a missing stream is a ConcurrencyConflict with actual no_stream', async () => {
        const stream = freshStream();
        expect(await rejectionOf(append(stream, [anEvent()], 0n))).toEqual(conflict(stream, 0n, 'no_stream'));
      });

      it('an append with any is written whether or not the stream exists', async () => {
        const stream = freshStream();
        expect((await append(stream, [anEvent()], 'any')).nextExpectedRevision).toBe(0n);
        expect((await append(stream, [anEvent()], 'any')).nextExpectedRevision).toBe(1n);
      });

      it('an append without an expected revision behaves as any', async () => {
        const stream = freshStream();
        expect((await append(stream, [anEvent()])).nextExpectedRevision).toBe(0n);
        expect((await append(stream, [anEvent()])).nextExpectedRevision).toBe(1n);
      });

      it('a conflicting append writes nothing, to the stream or to the global log', async () => {
        const prefix = freshPrefix();
        const stream = `${prefix}-s`;
        const before = await append(stream, someEvents(2));
        const rejected = someEvents(2);
        await rejectionOf(append(stream, rejected, 0n));
        await rejectionOf(append(stream, rejected, 'no_stream'));
        await rejectionOf(append(`${prefix}-missing`, rejected, 'stream_exists'));
        expect((await readIds(stream)).length).toBe(2);
        const all = await readAllFrom(before.position, prefix);
        expect(ids(all)).not.toEqual(expect.arrayContaining([rejected[0]?.id]));
        expect(all.length).toBe(1);
      });

      it('a batch is stored atomically: consecutive revisions, increasing positions, the result naming its last event', async () => {
        const stream = freshStream();
        await append(stream, [anEvent()]);
        const result = await append(stream, someEvents(3), 0n);
        const stored = await store().readStream(stream, { fromRevision: 1n });
        expect(stored.map((e) => e.revision)).toEqual([1n, 2n, 3n]);
        for (let i = 1; i < stored.length; i++) {
          const [a, b] = [stored[i - 1], stored[i]];
          if (a === undefined || b === undefined) throw new Error('missing event');
          expect(comparePositions(a.position, b.position)).toBe(-1);
        }
        expect(result).toEqual({ nextExpectedRevision: 3n, position: stored[2]?.position, ...createdAtIfTold(result, stored[2]) });
      });

      it('an expected revision below 0n is an InvalidAppend', async () => {
        const stream = freshStream();
        expect(await rejectionOf(append(stream, [anEvent()], -1n))).toMatchObject({ _tag: 'InvalidAppend', streamName: stream });
        expect(await readIds(stream)).toEqual([]);
      });
    });

    describe('idempotent re-append', () => {
      it('re-appending the same ids at the same exact revision writes nothing and returns the original result', async () => {
        const stream = freshStream();
        await append(stream, [anEvent()], 'no_stream');
        const batch = someEvents(2);
        const original = await append(stream, batch, 0n);
        expect(await append(stream, batch, 0n)).toEqual(original);
        expect((await readIds(stream)).length).toBe(3);
      });

      it('re-appending the same ids with no_stream writes nothing and returns the original result', async () => {
        const stream = freshStream();
        const batch = someEvents(3);
        const original = await append(stream, batch, 'no_stream');
        expect(await append(stream, batch, 'no_stream')).toEqual(original);
        expect(await readIds(stream)).toEqual(ids(batch));
      });

      it('re-appending the same ids with any writes nothing and returns the original result', async () => {
        const stream = freshStream();
        await append(stream, [anEvent()]);
        const batch = someEvents(2);
        const original = await append(stream, batch, 'any');
        await append(stream, [anEvent()]);
        expect(await append(stream, batch, 'any')).toEqual(original);
        expect((await readIds(stream)).length).toBe(4);
      });

      it('re-appending the same ids with stream_exists writes nothing and returns the original result', async () => {
        const stream = freshStream();
        await append(stream, [anEvent()]);
        const batch = someEvents(2);
        const original = await append(stream, batch, 'stream_exists');
        expect(await append(stream, batch, 'stream_exists')).toEqual(original);
        expect((await readIds(stream)).length).toBe(3);
      });

      it('a re-append is idempotent at its expected revision even after later events were appended', async () => {
        const stream = freshStream();
        const batch = someEvents(2);
        const original = await append(stream, batch, 'no_stream');
        await append(stream, someEvents(2), 1n);
        expect(await append(stream, batch, 'no_stream')).toEqual(original);
        expect((await readIds(stream)).length).toBe(4);
      });

      it('re-appending the first part of a stored batch is idempotent and reports that part’s last event', async () => {
        const stream = freshStream();
        const batch = someEvents(3);
        await append(stream, batch, 'no_stream');
        const stored = await store().readStream(stream);
        const again = await append(stream, batch.slice(0, 2), 'no_stream');
        expect(again).toEqual({ nextExpectedRevision: 1n, position: stored[1]?.position, ...createdAtIfTold(again, stored[1]) });
        expect((await readIds(stream)).length).toBe(3);
      });

      it('a re-append whose ids only partly match the stored events is a ConcurrencyConflict and writes nothing', async () => {
        const stream = freshStream();
        const batch = someEvents(2);
        await append(stream, batch, 'no_stream');
        const [first] = batch;
        if (first === undefined) throw new Error('missing event');
        expect(await rejectionOf(append(stream, [first, anEvent()], 'no_stream'))).toEqual(conflict(stream, 'no_stream', 1n));
        expect(await rejectionOf(append(stream, [first, anEvent()], 'any'))).toEqual(conflict(stream, 'any', 1n));
        expect(await readIds(stream)).toEqual(ids(batch));
      });

      it('a re-append that runs past the stored events is a ConcurrencyConflict and writes nothing', async () => {
        const stream = freshStream();
        const batch = someEvents(3);
        await append(stream, batch.slice(0, 2), 'no_stream');
        expect(await rejectionOf(append(stream, batch, 'no_stream'))).toEqual(conflict(stream, 'no_stream', 1n));
        expect((await readIds(stream)).length).toBe(2);
      });

      it('the same ids can be appended to another stream', async () => {
        const batch = someEvents(2);
        const [a, b] = [freshStream(), freshStream()];
        await append(a, batch, 'no_stream');
        await append(b, batch, 'no_stream');
        expect(await readIds(b)).toEqual(ids(batch));
      });
    });

    describe('validating what is appended', () => {
      const cyclic: { [key: string]: JsonValue } = { name: 'loop' };
      Object.assign(cyclic, { self: cyclic });
      const notJson = (value: unknown): JsonValue => value as JsonValue;
      const badEvents: [string, Partial<Record<keyof EventToAppend, unknown>>][] = [
        ['an id that is not a UUID', { id: 'complaint-1' }],
        ['an empty id', { id: '' }],
        ['an empty type', { type: '' }],
        ['a type that is not a string', { type: 42 }],
        ['undefined data', { data: undefined }],
        ['a function in data', { data: { f: () => 1 } }],
        ['NaN in data', { data: { n: NaN } }],
        ['Infinity in data', { data: [Infinity] }],
        ['a bigint in data', { data: { n: 1n } }],
        ['a Date in data', { data: { at: new Date(0) } }],
        ['a Map in data', { data: new Map() }],
        ['a cycle in data', { data: cyclic }],
        ['metadata that is null', { metadata: null }],
        ['metadata that is an array', { metadata: [] }],
        ['metadata that is a string', { metadata: 'actor' }],
        ['a non-JSON value in metadata', { metadata: { at: new Date(0) } }],
      ];

      for (const [what, bad] of badEvents)
      it(`an event with ${what} is an InvalidAppend and none of its batch is written`, async () => {
        const stream = freshStream();
        const badEvent = { ...anEvent(), ...bad } as EventToAppend;
        expect(await rejectionOf(append(stream, [anEvent(), badEvent], 'any'))).toMatchObject({
          _tag: 'InvalidAppend',
          streamName: stream,
          message: expect.any(String),
        });
        expect(await readIds(stream)).toEqual([]);
      });

      it('an empty stream name is an InvalidAppend', async () => {
        expect(await rejectionOf(append('', [anEvent()]))).toMatchObject({ _tag: 'InvalidAppend', streamName: '' });
      });

      it('an id repeated within one batch is an InvalidAppend and nothing is written', async () => {
        const stream = freshStream();
        const event = anEvent();
        expect(await rejectionOf(append(stream, [event, { ...event, type: 'Other' }]))).toMatchObject({ _tag: 'InvalidAppend' });
        expect(await readIds(stream)).toEqual([]);
      });

      for (const part of ['data', 'metadata'] as const)
        it(`${part} nested deeper than ${MAX_JSON_DEPTH} levels (even 100,000) is an InvalidAppend, not a thrown RangeError, and nothing is written`, async () => {
          const stream = freshStream();
          for (const depth of [MAX_JSON_DEPTH + 1, 100_000]) {
            const deep = { deep: nestedArrays(depth - 1) };
            const bad = part === 'data' ? { ...anEvent(), data: deep } : { ...anEvent(), metadata: deep };
            const refusal = await rejectionOf(append(stream, [anEvent(), bad]));
            expect(refusal._tag).toBe('InvalidAppend');
            expect(refusal._tag === 'InvalidAppend' ? refusal.message : '').toContain(`nested more than ${MAX_JSON_DEPTH} levels deep`);
          }
          expect(await readIds(stream)).toEqual([]);
        });

      it(`data nested exactly ${MAX_JSON_DEPTH} levels deep is stored and reads back`, async () => {
        const stream = freshStream();
        const event = { ...anEvent(), data: { deep: nestedArrays(MAX_JSON_DEPTH - 1) } };
        await append(stream, [event]);
        expect((await store().readStream(stream))[0]?.data).toEqual(event.data);
      });

      it('an invalid batch is refused before its expected revision is checked', async () => {
        const stream = freshStream();
        await append(stream, [anEvent()]);
        const bad = { ...anEvent(), data: notJson(undefined) };
        expect(await rejectionOf(append(stream, [bad], 'no_stream'))).toMatchObject({ _tag: 'InvalidAppend' });
      });
    });

    describe('appending an empty batch', () => {
      it('an empty append to an existing stream checks the expectation, writes nothing and returns the current revision', async () => {
        const prefix = freshPrefix();
        const stream = `${prefix}-s`;
        const stored = await append(stream, someEvents(2));
        for (const expected of ['any', 'stream_exists', 1n] as const) {
          const result = await append(stream, [], expected);
          expect(result.nextExpectedRevision).toBe(1n);
          expect(typeof result.position.commit).toBe('bigint');
        }
        expect((await readAllFrom(stored.position, prefix)).length).toBe(1);
        expect((await readIds(stream)).length).toBe(2);
      });

      it('an empty append with a wrong expectation is a ConcurrencyConflict', async () => {
        const stream = freshStream();
        await append(stream, someEvents(2));
        expect(await rejectionOf(append(stream, [], 'no_stream'))).toEqual(conflict(stream, 'no_stream', 1n));
        expect(await rejectionOf(append(stream, [], 0n))).toEqual(conflict(stream, 0n, 1n));
        expect(await rejectionOf(append(stream, [], 2n))).toEqual(conflict(stream, 2n, 1n));
        const missing = freshStream();
        expect(await rejectionOf(append(missing, [], 'stream_exists'))).toEqual(conflict(missing, 'stream_exists', 'no_stream'));
      });

      it('an empty append to a missing stream returns revision -1n and does not create the stream', async () => {
        const stream = freshStream();
        expect((await append(stream, [], 'any')).nextExpectedRevision).toBe(-1n);
        expect((await append(stream, [], 'no_stream')).nextExpectedRevision).toBe(-1n);
        expect(await rejectionOf(append(stream, [], 'stream_exists'))).toEqual(conflict(stream, 'stream_exists', 'no_stream'));
        expect(await readIds(stream)).toEqual([]);
        expect((await append(stream, [anEvent()], 'no_stream')).nextExpectedRevision).toBe(0n);
      });
    });

    describe('reading a stream', () => {
      const fiveEvents = async (): Promise<{ stream: string; batch: EventToAppend[] }> => {
        const stream = freshStream();
        const batch = someEvents(5);
        await append(stream, batch, 'no_stream');
        return { stream, batch };
      };

      it('a stream that does not exist reads as empty, forwards and backwards', async () => {
        const stream = freshStream();
        expect(await store().readStream(stream)).toEqual([]);
        expect(await store().readStream(stream, { direction: 'backwards' })).toEqual([]);
      });

      it('a stream reads forwards in revision order by default', async () => {
        const { stream, batch } = await fiveEvents();
        expect(await readIds(stream)).toEqual(ids(batch));
      });

      it('a stream reads backwards from its last event', async () => {
        const { stream, batch } = await fiveEvents();
        const read = await store().readStream(stream, { direction: 'backwards' });
        expect(ids(read)).toEqual(ids(batch).reverse());
        expect(read.map((e) => e.revision)).toEqual([4n, 3n, 2n, 1n, 0n]);
      });

      it('reading forwards from a revision starts with that revision', async () => {
        const { stream } = await fiveEvents();
        const read = await store().readStream(stream, { fromRevision: 2n });
        expect(read.map((e) => e.revision)).toEqual([2n, 3n, 4n]);
      });

      it('reading backwards from a revision starts with that revision and ends at 0', async () => {
        const { stream } = await fiveEvents();
        const read = await store().readStream(stream, { direction: 'backwards', fromRevision: 2n });
        expect(read.map((e) => e.revision)).toEqual([2n, 1n, 0n]);
      });

      it('maxCount limits a read forwards and backwards', async () => {
        const { stream } = await fiveEvents();
        expect((await store().readStream(stream, { maxCount: 2 })).map((e) => e.revision)).toEqual([0n, 1n]);
        expect((await store().readStream(stream, { fromRevision: 3n, maxCount: 10 })).map((e) => e.revision)).toEqual([3n, 4n]);
        expect(
          (await store().readStream(stream, { direction: 'backwards', maxCount: 2 })).map((e) => e.revision),
        ).toEqual([4n, 3n]);
      });

      it('reading forwards from past the last revision returns no events', async () => {
        const { stream } = await fiveEvents();
        expect(await store().readStream(stream, { fromRevision: 5n })).toEqual([]);
      });

      it('reading backwards from the start returns the first event', async () => {
        const { stream } = await fiveEvents();
        expect((await store().readStream(stream, { direction: 'backwards', fromRevision: 'start' })).map((e) => e.revision)).toEqual([0n]);
      });
    });

    describe('stream metadata ($maxCount, $tb)', () => {
      it('a stream has no metadata until some is set; what is set reads back, and setting {} removes it', async () => {
        const stream = freshStream();
        expect(await store().getStreamMetadata(stream)).toEqual({});
        await store().setStreamMetadata(stream, { maxCount: 3, truncateBefore: 2n });
        expect(await store().getStreamMetadata(stream)).toEqual({ maxCount: 3, truncateBefore: 2n });
        await store().setStreamMetadata(stream, { truncateBefore: 7n });
        expect(await store().getStreamMetadata(stream)).toEqual({ truncateBefore: 7n });
        await store().setStreamMetadata(stream, {});
        expect(await store().getStreamMetadata(stream)).toEqual({});
      });

      it('metadata can be set before the stream exists; the stream still reads as empty and is created by its first append', async () => {
        const stream = freshStream();
        await store().setStreamMetadata(stream, { maxCount: 10 });
        expect(await store().readStream(stream)).toEqual([]);
        expect((await append(stream, [anEvent()], 'no_stream')).nextExpectedRevision).toBe(0n);
      });

      it('a maxCount below 1 or a truncateBefore below 0n is an InvalidAppend and changes nothing', async () => {
        const stream = freshStream();
        await store().setStreamMetadata(stream, { maxCount: 5 });
        expect(await rejectionOf(store().setStreamMetadata(stream, { maxCount: 0 }))).toMatchObject({ _tag: 'InvalidAppend', streamName: stream, message: expect.stringMatching(/maxCount 0/) });
        expect(await rejectionOf(store().setStreamMetadata(stream, { maxCount: 1.5 }))).toMatchObject({ _tag: 'InvalidAppend' });
        expect(await rejectionOf(store().setStreamMetadata(stream, { truncateBefore: -1n }))).toMatchObject({ _tag: 'InvalidAppend', message: expect.stringMatching(/truncateBefore -1/) });
        expect(await store().getStreamMetadata(stream)).toEqual({ maxCount: 5 });
      });

      // Defined only for stores that honour metadata on reads (see EventStoreContractOptions).
      if (metadataOnReads) describe('honoured on reads', () => {
        it('truncateBefore hides the events below it, forwards and backwards; the stream keeps its revisions', async () => {
          const stream = freshStream();
          await append(stream, someEvents(5), 'no_stream');
          await store().setStreamMetadata(stream, { truncateBefore: 3n });
          expect((await store().readStream(stream)).map((e) => e.revision)).toEqual([3n, 4n]);
          expect((await store().readStream(stream, { fromRevision: 1n })).map((e) => e.revision)).toEqual([3n, 4n]);
          expect((await store().readStream(stream, { direction: 'backwards' })).map((e) => e.revision)).toEqual([4n, 3n]);
          expect(await store().readStream(stream, { direction: 'backwards', fromRevision: 2n })).toEqual([]);
          // The next append still expects the last revision written, not the readable count.
          expect(await rejectionOf(append(stream, [anEvent()], 1n))).toEqual(conflict(stream, 1n, 4n));
          expect((await append(stream, [anEvent()], 4n)).nextExpectedRevision).toBe(5n);
          expect((await store().readStream(stream)).map((e) => e.revision)).toEqual([3n, 4n, 5n]);
        });

        it('maxCount leaves only the last events readable, and the window moves with appends', async () => {
          const stream = freshStream();
          await append(stream, someEvents(5), 'no_stream');
          await store().setStreamMetadata(stream, { maxCount: 2 });
          expect((await store().readStream(stream)).map((e) => e.revision)).toEqual([3n, 4n]);
          await append(stream, [anEvent()], 4n);
          expect((await store().readStream(stream)).map((e) => e.revision)).toEqual([4n, 5n]);
          expect((await store().readStream(stream, { direction: 'backwards', maxCount: 10 })).map((e) => e.revision)).toEqual([5n, 4n]);
        });

        it('a truncateBefore past the last event hides every event of the stream', async () => {
          const stream = freshStream();
          await append(stream, someEvents(2), 'no_stream');
          await store().setStreamMetadata(stream, { truncateBefore: 9n });
          expect(await store().readStream(stream)).toEqual([]);
          expect(await store().readStream(stream, { direction: 'backwards' })).toEqual([]);
        });
      });
    });

    describe('what a recorded event holds', () => {
      it('data and metadata round-trip: unicode, nested objects, arrays, numbers, booleans and null', async () => {
        const stream = freshStream();
        const data: JsonValue = {
          text: 'Réclamation n°42 — «délai dépassé» 日本語 😀 \u0000 "quoted" \\ back',
          nested: { list: [1, -2, 3.25, 1e21, 0.1, Number.MAX_SAFE_INTEGER, -0.5], deeper: { yes: true, no: false, none: null } },
          empty: { object: {}, array: [] },
          'key with spaces': 'x',
          '': 'empty key',
        };
        const metadata: JsonObject = { actor: { id: 'agent-7', role: 'agent' }, correlationId: uuidv4(), schemaVersion: 2 };
        await append(stream, [anEvent(data, 'Shaped', metadata)]);
        const [read] = await store().readStream(stream);
        expect(read?.data).toEqual(data);
        expect(read?.metadata).toEqual(metadata);
      });

      const plainData: [string, JsonValue][] = [
        ['a string', 'plain text'],
        ['a number', 42.5],
        ['an array', [1, 'two', { three: 3 }]],
        ['null', null],
        ['a boolean', false],
      ];
      for (const [what, data] of plainData)
      it(`data that is ${what} round-trips`, async () => {
        const stream = freshStream();
        await append(stream, [anEvent(data)]);
        expect((await store().readStream(stream))[0]?.data).toEqual(data);
      });

      it('a recorded event carries its id, type, stream name, revision and position', async () => {
        const stream = freshStream();
        const event = anEvent({ n: 1 }, 'ComplaintReceived');
        const result = await append(stream, [event]);
        const [read] = await store().readStream(stream);
        expect(read).toMatchObject({ id: event.id, type: 'ComplaintReceived', streamName: stream, revision: 0n });
        expect(read?.position).toEqual(result.position);
      });

      it('createdAt is set by the store when the event is appended', async () => {
        const stream = freshStream();
        const before = Date.now();
        await append(stream, [anEvent()]);
        const after = Date.now();
        const [read] = await store().readStream(stream);
        expect(read?.createdAt).toBeInstanceOf(Date);
        const at = read?.createdAt.getTime() ?? NaN;
        expect(at).toBeGreaterThanOrEqual(before - clockToleranceMs);
        expect(at).toBeLessThanOrEqual(after + clockToleranceMs);
      });
    });

    describe('reading the global log', () => {
      it('the global log holds every stream’s events in append order, with strictly increasing positions', async () => {
        const prefix = freshPrefix();
        const from = await mark();
        const appended: EventToAppend[] = [];
        for (const [stream, n] of [['a', 2], ['b', 1], ['a', 1], ['c', 3], ['b', 2]] as const) {
          const batch = someEvents(n);
          await append(`${prefix}-${stream}`, batch);
          appended.push(...batch);
        }
        const all = await readAllFrom(from, prefix);
        expect(ids(all)).toEqual(ids(appended));
        const unfiltered = await store().readAll({ fromPosition: from, maxCount: 100_000 });
        for (let i = 1; i < unfiltered.length; i++) {
          const [a, b] = [unfiltered[i - 1], unfiltered[i]];
          if (a === undefined || b === undefined) throw new Error('missing event');
          expect(comparePositions(a.position, b.position)).toBe(-1);
        }
        expect(ids(unfiltered.filter((e) => e.streamName.startsWith(`${prefix}-`)))).toEqual(ids(appended));
      });

      it('readAll from a position starts with the event at that position', async () => {
        const prefix = freshPrefix();
        await append(`${prefix}-s`, someEvents(1));
        const second = anEvent();
        const { position } = await append(`${prefix}-s`, [second]);
        await append(`${prefix}-t`, someEvents(1));
        const read = await store().readAll({ fromPosition: position, maxCount: 1 });
        expect(ids(read)).toEqual([second.id]);
        expect(read[0]?.position).toEqual(position);
        expect((await readAllFrom(position, prefix)).length).toBe(2);
      });

      it('readAll reads at most maxCount events, and 4096 by default', async () => {
        const stream = freshStream();
        const batch = someEvents(4100);
        await append(stream, batch);
        const [first] = await store().readStream(stream, { maxCount: 1 });
        if (first === undefined) throw new Error('missing event');
        const limited = await store().readAll({ fromPosition: first.position, maxCount: 3 });
        expect(ids(limited)).toEqual(ids(batch.slice(0, 3)));
        const page = await store().readAll({ fromPosition: first.position });
        expect(page.length).toBe(4096);
        expect(page[0]?.id).toBe(first.id);
      });

      it('readAll filtered by stream-name prefixes returns only those streams’ events', async () => {
        const prefix = freshPrefix();
        const from = await mark();
        const wanted: EventToAppend[] = [];
        for (const stream of ['complaint-1', 'other-1', 'complaint-2', 'audit-1', 'other-2']) {
          const batch = someEvents(2);
          await append(`${prefix}-${stream}`, batch);
          if (!stream.startsWith('other')) wanted.push(...batch);
        }
        const read = await store().readAll({
          fromPosition: from,
          filter: { streamNamePrefixes: [`${prefix}-complaint-`, `${prefix}-audit-`] },
        });
        expect(ids(read)).toEqual(ids(wanted));
      });

      it('readAll filtered by event-type prefixes returns only those types', async () => {
        const prefix = freshPrefix();
        const typePrefix = `T${prefix.replaceAll('-', '')}.`;
        const from = await mark();
        const events = ['Opened', 'Noted', 'OpenedAgain', 'Closed'].map((t) => anEvent({}, `${typePrefix}${t}`));
        await append(`${prefix}-s`, events);
        const read = await store().readAll({ fromPosition: from, filter: { eventTypePrefixes: [`${typePrefix}Open`, `${typePrefix}Cl`] } });
        expect(read.map((e) => e.type)).toEqual([`${typePrefix}Opened`, `${typePrefix}OpenedAgain`, `${typePrefix}Closed`]);
      });

      it('a filter with stream and type prefixes keeps only events that match both', async () => {
        const prefix = freshPrefix();
        const from = await mark();
        await append(`${prefix}-a`, [anEvent({}, 'Kept'), anEvent({}, 'Dropped')]);
        await append(`${prefix}-b`, [anEvent({}, 'Kept')]);
        const read = await store().readAll({
          fromPosition: from,
          filter: { streamNamePrefixes: [`${prefix}-a`], eventTypePrefixes: ['Kept'] },
        });
        expect(read.map((e) => [e.streamName, e.type])).toEqual([[`${prefix}-a`, 'Kept']]);
      });

      it('filters leave out system events ($-prefixed types); an unfiltered read includes them', async () => {
        const prefix = freshPrefix();
        const from = await mark();
        const system = anEvent({}, `$system-${prefix}`);
        await append(`${prefix}-s`, [anEvent(), system, anEvent()]);
        expect((await readAllFrom(from, prefix)).map((e) => e.type)).toEqual(['TestEvent', 'TestEvent']);
        const unfiltered = await store().readAll({ fromPosition: from, maxCount: 100_000 });
        expect(ids(unfiltered)).toContain(system.id);
      });

      it('readAll returns the positions and revisions that appends reported', async () => {
        const prefix = freshPrefix();
        const from = await mark();
        const results = [await append(`${prefix}-a`, [anEvent()]), await append(`${prefix}-b`, someEvents(2))];
        const read = await readAllFrom(from, prefix);
        expect(read.map((e) => e.revision)).toEqual([0n, 0n, 1n]);
        expect(read[0]?.position).toEqual(results[0]?.position);
        expect(read[2]?.position).toEqual(results[1]?.position);
      });
    });

    describe('subscribing to the global log', () => {
      const ofPrefix = (prefix: string) => ({ streamNamePrefixes: [prefix] });

      it('a subscription delivers the stored events, then live ones, in log order, and is caught up once', async () => {
        const prefix = freshPrefix();
        const stored = someEvents(3);
        await append(`${prefix}-a`, stored);
        const consumer = track(consume(store(), { fromPosition: 'start', filter: ofPrefix(prefix) }));
        await waitFor('the catch-up', () => consumer.caughtUp() > 0, timeoutMs);
        await waitFor('the stored events', () => consumer.events.length === 3, timeoutMs);
        const live = [anEvent(), anEvent()];
        await append(`${prefix}-b`, live.slice(0, 1));
        await append(`${prefix}-a`, live.slice(1));
        await waitFor('the live events', () => consumer.events.length === 5, timeoutMs);
        expect(ids(consumer.events)).toEqual(ids([...stored, ...live]));
        expect(consumer.caughtUp()).toBe(1);
      });

      it('appends racing the catch-up are delivered exactly once, with no gap, in log order', async () => {
        const prefix = freshPrefix();
        const from = await mark();
        const appended = new Set<string>();
        const appendTo = async (stream: string, batch: EventToAppend[]): Promise<void> => {
          await append(`${prefix}-${stream}`, batch);
          for (const id of ids(batch)) appended.add(id);
        };
        for (let i = 0; i < 20; i++) await appendTo(String(i % 3), someEvents(5));
        const total = appended.size + 3 * 20;
        const consumer = track(consume(store(), { fromPosition: 'start', filter: ofPrefix(prefix) }, total));
        for (let round = 0; round < 20; round++) {
          // Two appends in flight at once while the subscription is still catching up.
          await Promise.all([appendTo(String(round % 3), someEvents(1)), appendTo(String((round + 1) % 3), someEvents(2))]);
        }
        await withTimeout('every event', consumer.finished, timeoutMs);
        const log = ids(await readAllFrom(from, prefix));
        expect(new Set(log)).toEqual(appended);
        expect(ids(consumer.events)).toEqual(log);
      });

      it('a subscription from a position resumes with the first event after it', async () => {
        const prefix = freshPrefix();
        await append(`${prefix}-a`, [anEvent()]);
        const { position } = await append(`${prefix}-a`, [anEvent()]);
        const after = [anEvent(), anEvent()];
        await append(`${prefix}-b`, after.slice(0, 1));
        await append(`${prefix}-a`, after.slice(1));
        const consumer = track(consume(store(), { fromPosition: position, filter: ofPrefix(prefix) }));
        await waitFor('the events after the position', () => consumer.events.length === 2, timeoutMs);
        const live = anEvent();
        await append(`${prefix}-a`, [live]);
        await waitFor('the live event', () => consumer.events.length === 3, timeoutMs);
        expect(ids(consumer.events)).toEqual(ids([...after, live]));
      });

      it('a subscription from end delivers only events appended after it started', async () => {
        const prefix = freshPrefix();
        await append(`${prefix}-a`, someEvents(3));
        const consumer = track(consume(store(), { fromPosition: 'end', filter: ofPrefix(prefix) }));
        await waitFor('the subscription to go live', () => consumer.caughtUp() > 0, timeoutMs);
        const live = someEvents(2);
        await append(`${prefix}-a`, live);
        await waitFor('the live events', () => consumer.events.length === 2, timeoutMs);
        expect(ids(consumer.events)).toEqual(ids(live));
      });

      it('a subscription without a filter delivers every stream’s events', async () => {
        const prefix = freshPrefix();
        const from = await mark();
        const batch = [anEvent(), anEvent()];
        await append(`${prefix}-a`, batch.slice(0, 1));
        await append(`${prefix}-b`, batch.slice(1));
        const consumer = track(consume(store(), { fromPosition: from }));
        await waitFor('both events', () => consumer.events.filter((e) => e.streamName.startsWith(prefix)).length === 2, timeoutMs);
        expect(ids(consumer.events.filter((e) => e.streamName.startsWith(prefix)))).toEqual(ids(batch));
        for (let i = 1; i < consumer.events.length; i++) {
          const [a, b] = [consumer.events[i - 1], consumer.events[i]];
          if (a === undefined || b === undefined) throw new Error('missing event');
          expect(comparePositions(a.position, b.position)).toBe(-1);
        }
      });

      it('unsubscribe ends the iteration: a pending next() resolves done', async () => {
        const prefix = freshPrefix();
        const subscription = store().subscribeToAll({ fromPosition: 'end', filter: ofPrefix(prefix) });
        const iterator = subscription[Symbol.asyncIterator]();
        const pending = iterator.next();
        await new Promise((resolve) => setTimeout(resolve, 10));
        await subscription.unsubscribe();
        expect((await withTimeout('the pending next()', pending, timeoutMs)).done).toBe(true);
        await append(`${prefix}-a`, [anEvent()]);
        expect((await withTimeout('a later next()', iterator.next(), timeoutMs)).done).toBe(true);
      });

      it('unsubscribe ends a for await loop and nothing is delivered after it', async () => {
        const prefix = freshPrefix();
        const consumer = track(consume(store(), { fromPosition: 'start', filter: ofPrefix(prefix) }));
        await append(`${prefix}-a`, [anEvent()]);
        await waitFor('the first event', () => consumer.events.length === 1, timeoutMs);
        await consumer.subscription.unsubscribe();
        await withTimeout('the loop to end', consumer.finished, timeoutMs);
        await append(`${prefix}-a`, [anEvent()]);
        await new Promise((resolve) => setTimeout(resolve, 20));
        expect(consumer.events.length).toBe(1);
      });

      it('breaking out of for await ends the subscription', async () => {
        const prefix = freshPrefix();
        await append(`${prefix}-a`, someEvents(3));
        const consumer = track(consume(store(), { fromPosition: 'start', filter: ofPrefix(prefix) }, 1));
        await withTimeout('the loop to end', consumer.finished, timeoutMs);
        await append(`${prefix}-a`, [anEvent()]);
        await withTimeout('unsubscribe after break', consumer.subscription.unsubscribe(), timeoutMs);
        expect(consumer.events.length).toBe(1);
      });

      it('a filtered subscription reports checkpoints while passing unrelated events, never past an undelivered match', async () => {
        const prefix = freshPrefix();
        const from = await mark();
        const consumer = track(consume(store(), { fromPosition: from, filter: ofPrefix(`${prefix}-match`) }));
        const first = anEvent();
        await append(`${prefix}-match`, [first]);
        await append(`${prefix}-other`, someEvents(1100));
        const last = anEvent();
        await append(`${prefix}-match`, [last]);
        await waitFor('both matching events', () => consumer.events.length === 2, timeoutMs);
        await waitFor('a checkpoint', () => consumer.timeline.some((t) => 'checkpoint' in t), timeoutMs);
        expect(ids(consumer.events)).toEqual(ids([first, last]));
        let previous = from;
        consumer.timeline.forEach((entry, i) => {
          const position = 'event' in entry ? entry.event.position : entry.checkpoint;
          expect(comparePositions(previous, position)).toBeLessThanOrEqual(0);
          previous = position;
          if ('checkpoint' in entry) {
            // A consumer may resume from a checkpoint: every later event lies beyond it.
            for (const later of consumer.timeline.slice(i + 1)) {
              if ('event' in later) expect(comparePositions(later.event.position, entry.checkpoint)).toBe(1);
            }
          }
        });
      });

      it('two subscriptions progress independently', async () => {
        const prefix = freshPrefix();
        const fast = track(consume(store(), { fromPosition: 'start', filter: ofPrefix(prefix) }));
        const slow = track(consume(store(), { fromPosition: 'start', filter: ofPrefix(prefix) }, 1));
        const batch = someEvents(4);
        await append(`${prefix}-a`, batch);
        await waitFor('the fast subscription', () => fast.events.length === 4, timeoutMs);
        await withTimeout('the slow subscription', slow.finished, timeoutMs);
        expect(ids(fast.events)).toEqual(ids(batch));
        expect(ids(slow.events)).toEqual(ids(batch.slice(0, 1)));
      });
    });
  });
}
