import fc from 'fast-check';
import { v4 as uuidv4 } from 'uuid';
import { EVENTSTOREDB_MAX_APPEND_SIZE, appendSizeOf } from '../../src/eventstore/appendSize';
import { EventStoreError, describeStoreError } from '../../src/eventstore/errors';
import { InMemoryEventStore } from '../../src/eventstore/inMemory/inMemoryEventStore';
import type { AppendResult, ExpectedRevision, JsonValue, Position, RecordedEvent } from '../../src/eventstore/port';
import { anEvent, consume, describeEventStoreContract, rejectionOf, someEvents, waitFor, withTimeout } from '../../src/testing/eventStoreContract';

describeEventStoreContract('InMemoryEventStore', () => ({ store: new InMemoryEventStore() }));

const at = (n: bigint): Position => ({ commit: n, prepare: n });
const only = <T>(items: readonly T[]): T => {
  const [item] = items;
  if (items.length !== 1 || item === undefined) throw new Error(`Expected one item, got ${items.length}.`);
  return item;
};
const isDeepFrozen = (value: unknown): boolean =>
  typeof value !== 'object' || value === null || (Object.isFrozen(value) && Object.values(value).every(isDeepFrozen));

describe('InMemoryEventStore specifics', () => {
  describe('maximum append size (maxAppendSize), counted as an EventStoreDB node counts it', () => {
    it('a batch is counted as its data and metadata in UTF-8 JSON bytes plus twice each type’s length', () => {
      // "é" is 2 UTF-8 bytes; the type counts 2 bytes per UTF-16 unit, as the server counts a .NET string.
      const e = anEvent({ s: 'é' }, 'Typé', { k: 1 });
      expect(appendSizeOf([e])).toBe(Buffer.byteLength('{"s":"é"}') + Buffer.byteLength('{"k":1}') + 2 * 4);
      expect(appendSizeOf([e, e])).toBe(2 * appendSizeOf([e]));
      expect(appendSizeOf([])).toBe(0);
      expect(EVENTSTOREDB_MAX_APPEND_SIZE).toBe(1024 * 1024);
    });

    it('a batch of exactly the limit is written; one byte more is an InvalidAppend naming both sizes, and nothing is written', async () => {
      const base = anEvent({ s: '' }, 'T', {});
      const limit = 1000;
      const fill = limit - appendSizeOf([base]);
      const store = new InMemoryEventStore({ maxAppendSize: limit });
      const fits = anEvent({ s: 'x'.repeat(fill) }, 'T', {});
      expect(appendSizeOf([fits])).toBe(limit);
      await store.appendToStream('fits', [fits]);
      const over = [anEvent({ s: 'x'.repeat(fill - 10) }, 'T', {}), anEvent({ s: 'y' }, 'T', {})];
      const size = appendSizeOf(over);
      expect(size).toBeGreaterThan(limit);
      const error = await rejectionOf(store.appendToStream('over', over));
      expect(error).toEqual({ _tag: 'InvalidAppend', streamName: 'over', message: expect.stringContaining(`${size} bytes`), tooLarge: { bytes: size, maxAppendSize: limit } });
      expect(describeStoreError(error)).toMatch(/maximum append size of 1000/);
      expect(await store.readStream('over')).toEqual([]);
      expect((await store.readAll()).map((e) => e.streamName)).toEqual(['fits']);
    });

    it('the size is checked before the expected revision, and without a limit nothing is refused for its size', async () => {
      const limited = new InMemoryEventStore({ maxAppendSize: 100 });
      const big = [anEvent({ s: 'x'.repeat(200) })];
      expect(await rejectionOf(limited.appendToStream('s', big, { expectedRevision: 5n }))).toMatchObject({ _tag: 'InvalidAppend', tooLarge: { maxAppendSize: 100 } });
      await new InMemoryEventStore().appendToStream('s', [anEvent({ s: 'x'.repeat(2_000_000) })]);
    });

    it('a maxAppendSize that is not a whole number >= 1 is refused when the store is built', () => {
      expect(() => new InMemoryEventStore({ maxAppendSize: 0 })).toThrow(/maxAppendSize 0/);
      expect(() => new InMemoryEventStore({ maxAppendSize: 1.5 })).toThrow(RangeError);
    });
  });

  describe('stream metadata', () => {
    it('hidden events stay in the global log, as on EventStoreDB until a scavenge', async () => {
      const store = new InMemoryEventStore();
      await store.appendToStream('s', someEvents(3));
      await store.setStreamMetadata('s', { truncateBefore: 2n });
      expect((await store.readStream('s')).map((e) => e.revision)).toEqual([2n]);
      expect((await store.readAll()).map((e) => e.revision)).toEqual([0n, 1n, 2n]);
    });
  });

  describe('clock', () => {
    it('createdAt is the injected clock’s time, read once per append and shared by the batch', async () => {
      const times = [new Date('2024-03-01T10:00:00Z'), new Date('2024-03-02T11:30:00Z')];
      let reads = 0;
      const store = new InMemoryEventStore({ clock: () => times[reads++] ?? new Date(0) });
      await store.appendToStream('s', someEvents(2));
      await store.appendToStream('s', someEvents(1));
      const read = await store.readStream('s');
      expect(read.map((e) => e.createdAt.toISOString())).toEqual([
        '2024-03-01T10:00:00.000Z',
        '2024-03-01T10:00:00.000Z',
        '2024-03-02T11:30:00.000Z',
      ]);
      expect(reads).toBe(2);
    });

    it('appends that write nothing do not read the clock', async () => {
      let reads = 0;
      const store = new InMemoryEventStore({ clock: () => new Date((reads += 1)) });
      const batch = someEvents(1);
      await store.appendToStream('s', batch, { expectedRevision: 'no_stream' });
      await store.appendToStream('s', batch, { expectedRevision: 'no_stream' });
      await store.appendToStream('s', []);
      await rejectionOf(store.appendToStream('s', someEvents(1), { expectedRevision: 'no_stream' }));
      expect(reads).toBe(1);
    });

    it('a clock that does not give a valid Date is a StoreFailure and nothing is written', async () => {
      const store = new InMemoryEventStore({ clock: () => new Date(Number.NaN) });
      expect(await rejectionOf(store.appendToStream('s', someEvents(1)))).toMatchObject({ _tag: 'StoreFailure' });
      expect(await store.readStream('s')).toEqual([]);
      expect(await store.readAll()).toEqual([]);
    });
  });

  describe('positions', () => {
    it('the n-th event stored has position n, with no gaps, across streams', async () => {
      const store = new InMemoryEventStore();
      expect((await store.appendToStream('a', someEvents(2))).position).toEqual(at(2n));
      expect((await store.appendToStream('b', someEvents(1))).position).toEqual(at(3n));
      expect((await store.readAll()).map((e) => e.position)).toEqual([at(1n), at(2n), at(3n)]);
    });

    it('an empty append answers the position of the last event in the log, {0n, 0n} when nothing is stored', async () => {
      const store = new InMemoryEventStore();
      expect(await store.appendToStream('a', [])).toEqual({ nextExpectedRevision: -1n, position: at(0n) });
      await store.appendToStream('a', someEvents(1));
      await store.appendToStream('b', someEvents(2));
      expect(await store.appendToStream('a', [], { expectedRevision: 0n })).toEqual({ nextExpectedRevision: 0n, position: at(3n) });
    });

    it('readAll from {0n, 0n} or from a position between events reads from the next event', async () => {
      const store = new InMemoryEventStore();
      await store.appendToStream('a', someEvents(3));
      expect((await store.readAll({ fromPosition: at(0n) })).length).toBe(3);
      expect((await store.readAll({ fromPosition: { commit: 2n, prepare: 3n } })).map((e) => e.position)).toEqual([at(3n)]);
      expect(await store.readAll({ fromPosition: at(10n ** 30n) })).toEqual([]);
    });

    it('a subscription from a position past the log’s end delivers only events stored beyond it', async () => {
      const store = new InMemoryEventStore();
      const consumer = consume(store, { fromPosition: at(2n) });
      await store.appendToStream('a', someEvents(3));
      await waitFor('the third event', () => consumer.events.length === 1, 2000);
      expect(only(consumer.events).position).toEqual(at(3n));
      await consumer.subscription.unsubscribe();
    });
  });

  describe('defensive copies', () => {
    it('mutating what was appended afterwards does not change the stored event', async () => {
      const store = new InMemoryEventStore();
      const data = { list: [1, { deep: 'before' }], name: 'before' };
      const metadata = { actor: { id: 'a-1' } };
      await store.appendToStream('s', [{ id: uuidv4(), type: 'T', data, metadata }]);
      data.name = 'after';
      data.list.push(2);
      (data.list[1] as { deep: string }).deep = 'after';
      metadata.actor.id = 'a-2';
      const read = only(await store.readStream('s'));
      expect(read.data).toEqual({ list: [1, { deep: 'before' }], name: 'before' });
      expect(read.metadata).toEqual({ actor: { id: 'a-1' } });
    });

    it('data and metadata read back are deeply frozen, so writing to them throws and changes nothing', async () => {
      const store = new InMemoryEventStore();
      await store.appendToStream('s', [anEvent({ nested: { list: [1, 2] } }, 'T', { m: { n: 1 } })]);
      const read = only(await store.readStream('s'));
      expect(isDeepFrozen(read.data)).toBe(true);
      expect(isDeepFrozen(read.metadata)).toBe(true);
      expect(isDeepFrozen(read.position)).toBe(true);
      expect(() => {
        (read.data as { nested: { list: number[] } }).nested.list.push(3);
      }).toThrow(TypeError);
      expect(only(await store.readAll()).data).toEqual({ nested: { list: [1, 2] } });
    });

    it('each read returns fresh events: reassigning their fields or their date does not reach the store', async () => {
      const store = new InMemoryEventStore({ clock: () => new Date('2024-01-01T00:00:00Z') });
      await store.appendToStream('s', [anEvent({ a: 1 })]);
      const first = only(await store.readStream('s')) as { -readonly [K in keyof RecordedEvent]: RecordedEvent[K] };
      first.data = { a: 2 };
      first.revision = 9n;
      first.createdAt.setTime(0);
      const again = only(await store.readStream('s'));
      expect(again).toMatchObject({ data: { a: 1 }, revision: 0n });
      expect(again.createdAt.toISOString()).toBe('2024-01-01T00:00:00.000Z');
      expect(again).not.toBe(first);
    });

    it('stored JSON is what a JSON round trip gives: undefined properties dropped, -0 as 0, __proto__ kept as data', async () => {
      const store = new InMemoryEventStore();
      const nullProto: Record<string, JsonValue> = Object.create(null) as Record<string, JsonValue>;
      nullProto['k'] = 'v';
      const data = JSON.parse('{"__proto__": {"polluted": true}, "zero": -0}') as Record<string, JsonValue>;
      Object.assign(data, { optional: undefined, nullProto });
      await store.appendToStream('s', [anEvent(data)]);
      const read = only(await store.readStream('s')).data as Record<string, JsonValue>;
      expect(JSON.stringify(read)).toBe('{"__proto__":{"polluted":true},"zero":0,"nullProto":{"k":"v"}}');
      expect(Object.is(read['zero'], 0)).toBe(true);
      expect(({} as Record<string, unknown>)['polluted']).toBeUndefined();
      expect(Object.getPrototypeOf(read)).toBe(Object.prototype);
    });

    it('an InvalidAppend names the offending path and how to fix it', async () => {
      const store = new InMemoryEventStore();
      const bad = anEvent({ items: [{ at: new Date(0) as unknown as JsonValue }] });
      const error = await rejectionOf(store.appendToStream('s', [anEvent(), bad]));
      expect(error).toMatchObject({ _tag: 'InvalidAppend', streamName: 's' });
      expect(error._tag === 'InvalidAppend' && error.message).toMatch(/^events\[1\]\.data\.items\[0\]\.at is a Date.*ISO-8601/);
    });

    it('array holes and undefined items are refused rather than turned into null', async () => {
      const store = new InMemoryEventStore();
      // eslint-disable-next-line no-sparse-arrays
      for (const data of [[1, , 3], [undefined]] as unknown as JsonValue[]) {
        expect(await rejectionOf(store.appendToStream('s', [anEvent(data)]))).toMatchObject({ _tag: 'InvalidAppend' });
      }
    });

    it('data nested too deeply to copy is an InvalidAppend', async () => {
      const store = new InMemoryEventStore();
      let deep: JsonValue = [];
      for (let i = 0; i < 200_000; i++) deep = [deep];
      expect(await rejectionOf(store.appendToStream('s', [anEvent(deep)]))).toMatchObject({ _tag: 'InvalidAppend' });
    });
  });

  describe('event ids', () => {
    it('ids are stored lower-case and compared case-insensitively', async () => {
      const store = new InMemoryEventStore();
      const id = uuidv4().toUpperCase();
      const original = await store.appendToStream('s', [{ ...anEvent(), id }], { expectedRevision: 'no_stream' });
      expect(only(await store.readStream('s')).id).toBe(id.toLowerCase());
      expect(await store.appendToStream('s', [{ ...anEvent(), id: id.toLowerCase() }], { expectedRevision: 'no_stream' })).toEqual(original);
      const twin = uuidv4();
      expect(await rejectionOf(store.appendToStream('t', [{ ...anEvent(), id: twin }, { ...anEvent(), id: twin.toUpperCase() }]))).toMatchObject({
        _tag: 'InvalidAppend',
      });
    });

    it('an any batch whose first id is new but a later id is stored is a conflict (stricter than EventStoreDB)', async () => {
      const store = new InMemoryEventStore();
      const stored = anEvent();
      await store.appendToStream('s', [stored]);
      expect(await rejectionOf(store.appendToStream('s', [anEvent(), stored]))).toEqual({
        _tag: 'ConcurrencyConflict',
        streamName: 's',
        expected: 'any',
        actual: 0n,
      });
      expect((await store.readStream('s')).length).toBe(1);
    });

    it('an append at the exact current revision is written without looking at ids, as in EventStoreDB', async () => {
      const store = new InMemoryEventStore();
      const event = anEvent();
      await store.appendToStream('s', [event], { expectedRevision: 'no_stream' });
      await store.appendToStream('s', [event], { expectedRevision: 0n });
      expect((await store.readStream('s')).map((e) => e.id)).toEqual([event.id, event.id]);
      // An `any` re-append then finds the latest copy and is idempotent.
      expect(await store.appendToStream('s', [event])).toMatchObject({ nextExpectedRevision: 1n });
    });
  });

  describe('refused requests', () => {
    const store = new InMemoryEventStore();

    it.each([
      ['a negative maxCount', () => store.readStream('s', { maxCount: -1 })],
      ['a fractional maxCount', () => store.readAll({ maxCount: 1.5 })],
      ['a negative revision', () => store.readStream('s', { fromRevision: -1n })],
      ['an unknown direction', () => store.readStream('s', { direction: 'sideways' as 'forwards' })],
      ['an empty stream name', () => store.readStream('')],
      ['a position that is not one', () => store.readAll({ fromPosition: { commit: 1 } as unknown as Position })],
      ['an empty list of stream prefixes', () => store.readAll({ filter: { streamNamePrefixes: [] } })],
      ['an empty list of type prefixes', () => store.readAll({ filter: { eventTypePrefixes: [] } })],
    ])('a read with %s is a StoreFailure', async (_, read) => {
      expect(await rejectionOf(read())).toMatchObject({ _tag: 'StoreFailure' });
    });

    it('a subscription with invalid options rejects its first next() with a StoreFailure', async () => {
      const subscription = store.subscribeToAll({ filter: { streamNamePrefixes: [] } });
      expect(await rejectionOf(subscription[Symbol.asyncIterator]().next())).toMatchObject({ _tag: 'StoreFailure' });
    });

    it('reading backwards from past the end starts at the last event', async () => {
      const s = new InMemoryEventStore();
      await s.appendToStream('s', someEvents(3));
      expect((await s.readStream('s', { direction: 'backwards', fromRevision: 99n })).map((e) => e.revision)).toEqual([2n, 1n, 0n]);
    });

    it('a checkpoint interval below 1 is refused', () => {
      expect(() => new InMemoryEventStore({ checkpointInterval: 0 })).toThrow(RangeError);
    });
  });

  describe('subscriptions', () => {
    it('a subscription with nothing to catch up reports it before being iterated', async () => {
      const store = new InMemoryEventStore();
      await store.appendToStream('s', someEvents(2));
      let caughtUp = 0;
      const subscription = store.subscribeToAll({ fromPosition: 'end', onCaughtUp: () => (caughtUp += 1) });
      await waitFor('the catch-up', () => caughtUp === 1, 2000);
      await store.appendToStream('s', someEvents(1));
      const next = await subscription[Symbol.asyncIterator]().next();
      expect(next.done === false && next.value.revision).toBe(2n);
      expect(caughtUp).toBe(1);
      await subscription.unsubscribe();
    });

    it('onCaughtUp runs after the last stored event is delivered and before the first live one', async () => {
      const store = new InMemoryEventStore();
      await store.appendToStream('s', someEvents(3));
      const seen: string[] = [];
      const subscription = store.subscribeToAll({
        onCaughtUp: () => {
          seen.push('caught up');
          void store.appendToStream('s', someEvents(1));
        },
      });
      const loop = (async () => {
        for await (const e of subscription) {
          seen.push(`event ${e.revision}`);
          if (e.revision === 3n) break;
        }
      })();
      await withTimeout('the loop', loop, 2000);
      expect(seen).toEqual(['event 0', 'event 1', 'event 2', 'caught up', 'event 3']);
    });

    it('once iterated, a subscription advances only when the consumer asks (no callback while it handles an event)', async () => {
      const store = new InMemoryEventStore({ checkpointInterval: 1 });
      await store.appendToStream('wanted', someEvents(1));
      await store.appendToStream('other', someEvents(3));
      const calls: string[] = [];
      const subscription = store.subscribeToAll({
        filter: { streamNamePrefixes: ['wanted'] },
        onCaughtUp: () => calls.push('caught up'),
        onCheckpoint: (p) => calls.push(`checkpoint ${p.commit}`),
      });
      const iterator = subscription[Symbol.asyncIterator]();
      expect((await iterator.next()).done).toBe(false);
      await new Promise((resolve) => setTimeout(resolve, 10));
      expect(calls).toEqual([]);
      const pending = iterator.next();
      await waitFor('the catch-up', () => calls.includes('caught up'), 2000);
      expect(calls).toEqual(['checkpoint 2', 'checkpoint 3', 'checkpoint 4', 'caught up']);
      await subscription.unsubscribe();
      expect((await pending).done).toBe(true);
    });

    it('a filtered subscription checkpoints every checkpointInterval unmatched events and at the log’s end', async () => {
      const store = new InMemoryEventStore({ checkpointInterval: 10 });
      await store.appendToStream('other', someEvents(35));
      await store.appendToStream('wanted', someEvents(1));
      await store.appendToStream('other', someEvents(5));
      const checkpoints: bigint[] = [];
      const subscription = store.subscribeToAll({
        filter: { streamNamePrefixes: ['wanted'] },
        onCheckpoint: (p) => checkpoints.push(p.commit),
      });
      const iterator = subscription[Symbol.asyncIterator]();
      const first = await iterator.next();
      expect(first.done === false && first.value.position).toEqual(at(36n));
      expect(checkpoints).toEqual([10n, 20n, 30n]);
      const pending = iterator.next();
      await waitFor('the end-of-log checkpoint', () => checkpoints.length === 4, 2000);
      expect(checkpoints).toEqual([10n, 20n, 30n, 41n]);
      await subscription.unsubscribe();
      expect((await pending).done).toBe(true);
    });

    it('a subscription is iterable once: after leaving a for await loop it stays ended', async () => {
      const store = new InMemoryEventStore();
      await store.appendToStream('s', someEvents(3));
      const subscription = store.subscribeToAll();
      for await (const _ of subscription) break;
      const rest: RecordedEvent[] = [];
      for await (const e of subscription) rest.push(e);
      expect(rest).toEqual([]);
    });

    it('an error thrown by a callback ends the iteration with that error', async () => {
      const store = new InMemoryEventStore();
      await store.appendToStream('s', someEvents(1));
      const subscription = store.subscribeToAll({
        onCaughtUp: () => {
          throw new Error('projection failed');
        },
      });
      const iterator = subscription[Symbol.asyncIterator]();
      expect((await iterator.next()).done).toBe(false);
      await expect(iterator.next()).rejects.toThrow('projection failed');
      expect((await iterator.next()).done).toBe(true);
    });

    it('a long stretch of unmatched events does not hold up the event loop', async () => {
      const store = new InMemoryEventStore();
      await store.appendToStream('other', someEvents(30_000));
      await store.appendToStream('wanted', someEvents(1));
      const subscription = store.subscribeToAll({ filter: { streamNamePrefixes: ['wanted'] } });
      let ranMeanwhile = false;
      const next = subscription[Symbol.asyncIterator]().next();
      setImmediate(() => (ranMeanwhile = true));
      expect((await next).done).toBe(false);
      expect(ranMeanwhile).toBe(true);
      await subscription.unsubscribe();
    });
  });

  describe('random interleavings of appends across streams (property)', () => {
    type Expectation = 'any' | 'no_stream' | 'stream_exists' | 'current' | 'behind' | 'ahead';
    interface Op {
      readonly stream: number;
      readonly count: number;
      readonly expectation: Expectation;
      /** Launched without waiting for the previous append to settle. */
      readonly concurrent: boolean;
      /** Re-send an earlier successful append (same ids, same expectation) instead. */
      readonly retry: number | undefined;
    }
    const op: fc.Arbitrary<Op> = fc.record({
      stream: fc.nat({ max: 3 }),
      count: fc.nat({ max: 3 }),
      expectation: fc.constantFrom<Expectation>('any', 'no_stream', 'stream_exists', 'current', 'behind', 'ahead'),
      concurrent: fc.boolean(),
      retry: fc.option(fc.nat(), { nil: undefined }),
    });

    /** The port's rules, written as plainly as possible over arrays of ids. */
    const decide = (stored: readonly string[], expected: ExpectedRevision, batch: readonly string[]): 'write' | 'conflict' | number => {
      const current = stored.length - 1;
      const runAt = (from: number): number | 'conflict' =>
        batch.length > 0 && batch.every((id, i) => stored[from + i] === id) ? from + batch.length - 1 : 'conflict';
      if (expected === 'stream_exists' && current < 0) return 'conflict';
      if (expected === 'any' || expected === 'stream_exists') {
        if (!batch.some((id) => stored.includes(id))) return 'write';
        return runAt(stored.lastIndexOf(batch[0] ?? ''));
      }
      const e = expected === 'no_stream' ? -1 : Number(expected);
      if (e === current) return 'write';
      if (e > current) return 'conflict';
      return runAt(e + 1);
    };

    it('per-stream revisions stay gap-free, the global log ordered, and every outcome follows the rules', async () => {
      await fc.assert(
        fc.asyncProperty(fc.array(op, { maxLength: 40 }), async (ops) => {
          const store = new InMemoryEventStore();
          const streams = new Map<string, string[]>();
          const log: string[] = [];
          const done: { stream: string; batch: ReturnType<typeof someEvents>; expected: ExpectedRevision; result: AppendResult }[] = [];
          let inFlight: Promise<void>[] = [];

          for (const o of ops) {
            if (!o.concurrent) {
              await Promise.all(inFlight);
              inFlight = [];
            }
            const earlier = o.retry === undefined || done.length === 0 ? undefined : done[o.retry % done.length];
            const stream = earlier?.stream ?? `s-${o.stream}`;
            const batch = earlier?.batch ?? someEvents(o.count);
            // The expectation is computed now, from what has settled; concurrent appends may make it stale.
            const current = BigInt((streams.get(stream)?.length ?? 0) - 1);
            const expected: ExpectedRevision =
              earlier?.expected ??
              { any: 'any' as const, no_stream: 'no_stream' as const, stream_exists: 'stream_exists' as const, current, behind: current - 1n, ahead: current + 1n }[o.expectation];
            if (typeof expected === 'bigint' && expected < -1n) continue;
            const expectation: ExpectedRevision = expected === -1n ? 'no_stream' : expected;
            // Appends run synchronously when called, so the model decides in call order too.
            const stored = streams.get(stream) ?? [];
            const ids = batch.map((e) => e.id);
            const decision = decide(stored, expectation, ids);
            if (decision === 'write' && ids.length > 0) {
              streams.set(stream, [...stored, ...ids]);
              log.push(...ids);
            }
            const promise = store.appendToStream(stream, batch, { expectedRevision: expectation });
            inFlight.push(
              promise.then(
                (result) => {
                  expect(decision).not.toBe('conflict');
                  if (typeof decision === 'number') {
                    expect(result.nextExpectedRevision).toBe(BigInt(decision));
                    if (earlier !== undefined) expect(result).toEqual(earlier.result);
                  } else {
                    done.push({ stream, batch, expected: expectation, result });
                  }
                },
                (error: unknown) => {
                  expect(error).toBeInstanceOf(EventStoreError);
                  expect(decision).toBe('conflict');
                },
              ),
            );
          }
          await Promise.all(inFlight);

          const all = await store.readAll({ maxCount: Infinity });
          expect(all.map((e) => e.id)).toEqual(log);
          expect(all.map((e) => e.position)).toEqual(all.map((_, i) => at(BigInt(i + 1))));
          for (const [stream, ids] of streams) {
            const read = await store.readStream(stream);
            expect(read.map((e) => e.id)).toEqual(ids);
            expect(read.map((e) => e.revision)).toEqual(ids.map((_, i) => BigInt(i)));
          }
          for (const { stream, batch, result } of done) {
            if (batch.length === 0) continue;
            const last = (await store.readStream(stream)).find((e) => e.id === batch[batch.length - 1]?.id);
            expect(result).toEqual({ nextExpectedRevision: last?.revision, position: last?.position, createdAt: last?.createdAt });
          }
        }),
        { numRuns: 150 },
      );
    });
  });
});
