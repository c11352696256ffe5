/**
 * The service's state cache (`stateCache`, on by default) and `optimisticAppend`: answers,
 * stored streams and concurrency guarantees are those of a service without the cache.
 */
import * as E from 'fp-ts/Either';
import { ComplaintService, type HandleResult } from '../../src/application/complaintService';
import type { ServiceError } from '../../src/application/errors';
import type { CommandMetadataInput } from '../../src/stream/metadata';
import { complaintStreamName } from '../../src/stream/streams';
import type { ComplaintCommandInput } from '../../src/domain/commands';
import { InMemoryEventStore } from '../../src/eventstore/inMemory/inMemoryEventStore';
import type { EventStore, ReadStreamOptions, RecordedEvent } from '../../src/eventstore/port';
import { FaultInjectingEventStore, faults } from '../../src/testing/faultInjectingEventStore';
import { generateStories, interleave } from '../../bench/workload';
import { ID, OTHER_ID, cmd } from '../domain/spec';
import { AlwaysConflictingStore, ForwardingStore, NOW, SlowReadStore, fixedClock, leftOf, meta, plain } from './harness';

const STREAM = complaintStreamName(ID);
const stripDates = (r: E.Either<ServiceError, HandleResult>): unknown =>
  JSON.parse(JSON.stringify(r, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v)));

/** Runs the same commands through services built with `options` on fresh stores; answers outcomes and stores. */
const runAll = async (
  steps: ReadonlyArray<{ command: ComplaintCommandInput; metadata: CommandMetadataInput; now: Date }>,
  options: { stateCache?: number; optimisticAppend?: boolean },
): Promise<{ outcomes: unknown[]; log: RecordedEvent[] }> => {
  const store = new InMemoryEventStore({ clock: () => NOW });
  let now = NOW;
  const service = new ComplaintService({ store, clock: () => now, ...options });
  const outcomes: unknown[] = [];
  for (const s of steps) {
    now = s.now;
    outcomes.push(stripDates(await service.handleTE(s.command, s.metadata)()));
  }
  return { outcomes, log: await store.readAll({ maxCount: 100_000 }) };
};

/** A store whose inner store can be swapped (a stream that is no longer the one kept). */
class SwitchableStore extends ForwardingStore {
  constructor(public target: EventStore) {
    super(target);
  }
  override readStream(streamName: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return this.target.readStream(streamName, options);
  }
  override appendToStream(...args: Parameters<EventStore['appendToStream']>) {
    return this.target.appendToStream(...args);
  }
}

describe('state cache', () => {
  it('gives the same outcomes and the same stored log as no cache, on generated stories (with refusals and replays mixed in)', async () => {
    const stories = generateStories({ count: 25, seed: 3 });
    const steps = interleave(stories).flatMap((s, i) => {
      const base = { command: s.command, metadata: s.metadata, now: s.now };
      // Every 7th command is replayed (same id), every 11th is followed by a refused command.
      const extra = [];
      if (i % 7 === 0) extra.push(base);
      if (i % 11 === 0) extra.push({ command: { ...s.command, type: 'ReferToMediator' } as ComplaintCommandInput, metadata: meta(), now: s.now });
      return [base, ...extra];
    });
    const off = await runAll(steps, { stateCache: 0 });
    const on = await runAll(steps, {});
    const optimistic = await runAll(steps, { optimisticAppend: true });
    const tiny = await runAll(steps, { stateCache: 2 });
    expect(on.outcomes).toEqual(off.outcomes);
    expect(optimistic.outcomes).toEqual(off.outcomes);
    expect(tiny.outcomes).toEqual(off.outcomes);
    expect(on.log).toEqual(off.log);
    expect(optimistic.log).toEqual(off.log);
    expect(tiny.log).toEqual(off.log);
  });

  it('sees what another instance appended since (incremental read), for both modes', async () => {
    for (const optimisticAppend of [false, true]) {
      const store = new ForwardingStore(new InMemoryEventStore());
      const a = new ComplaintService({ store, clock: fixedClock, optimisticAppend });
      const b = new ComplaintService({ store, clock: fixedClock });
      await a.handle(plain(cmd.receive()), meta());
      await a.handle(plain(cmd.assign()), meta()); // a keeps the state at revision 1
      await b.handle(plain(cmd.contact()), meta());
      await b.handle(plain(cmd.contact()), meta());
      const r = await a.handle(plain(cmd.contact()), meta());
      expect(r.state.contacts).toBe(3);
      expect(r.revision).toBe(4n);
      expect(store.conflicts).toBe(optimisticAppend ? 1 : 0);
      expect((await store.readStream(STREAM)).map((e) => e.revision)).toEqual([0n, 1n, 2n, 3n, 4n]);
    }
  });

  it('answers duplicate: true for a command id another instance stored since (no optimistic append)', async () => {
    const store = new InMemoryEventStore();
    const a = new ComplaintService({ store, clock: fixedClock, optimisticAppend: false });
    const b = new ComplaintService({ store, clock: fixedClock });
    await a.handle(plain(cmd.receive()), meta());
    const m = meta();
    const first = await b.handle(plain(cmd.contact()), m);
    const again = await a.handle(plain(cmd.contact()), m); // a's kept state predates it
    expect(again).toEqual({ ...first, duplicate: true });
    expect(await store.readStream(STREAM)).toHaveLength(2);
  });

  it('with optimisticAppend, a command id stored by another instance is still stored once', async () => {
    const store = new InMemoryEventStore();
    const a = new ComplaintService({ store, clock: fixedClock, optimisticAppend: true });
    const b = new ComplaintService({ store, clock: () => new Date(NOW.getTime() + 1000) });
    await a.handle(plain(cmd.receive()), meta());
    const m = meta();
    const first = await b.handle(plain(cmd.contact()), m);
    const again = await a.handle(plain(cmd.contact()), m);
    expect(again).toEqual({ ...first, duplicate: true }); // decided at another time: not byte-identical
    expect(await store.readStream(STREAM)).toHaveLength(2);
  });

  it('a refusal on the kept state is checked against the store: a fresher state may accept the command', async () => {
    const store = new InMemoryEventStore();
    const a = new ComplaintService({ store, clock: fixedClock, optimisticAppend: true });
    const b = new ComplaintService({ store, clock: fixedClock });
    await a.handle(plain(cmd.receive()), meta());
    await b.handle(plain(cmd.answer()), meta()); // a still keeps "received"
    const closed = await a.handle(plain(cmd.close()), meta());
    expect(closed.state.status).toBe('closed');
  });

  it('with maxConflictRetries 0, a stale kept state does not turn a command into a conflict', async () => {
    const store = new ForwardingStore(new InMemoryEventStore());
    const a = new ComplaintService({ store, clock: fixedClock, optimisticAppend: true, maxConflictRetries: 0 });
    const b = new ComplaintService({ store, clock: fixedClock });
    await a.handle(plain(cmd.receive()), meta());
    await b.handle(plain(cmd.contact()), meta());
    const r = await a.handle(plain(cmd.contact()), meta());
    expect(r.state.contacts).toBe(2);
  });

  it('without optimisticAppend, reads the whole stream again when the event at the kept revision is not the one kept', async () => {
    const first = new InMemoryEventStore();
    const second = new InMemoryEventStore();
    const store = new SwitchableStore(first);
    const service = new ComplaintService({ store, clock: fixedClock, optimisticAppend: false });
    await service.handle(plain(cmd.receive()), meta());
    await service.handle(plain(cmd.assign()), meta());
    // The same complaint, another history (as after restoring another backup).
    const other = new ComplaintService({ store: second, clock: fixedClock });
    await other.handle(plain(cmd.receive({ category: 'meter' })), meta());
    await other.handle(plain(cmd.contact()), meta());
    store.target = second;
    const r = await service.handle(plain(cmd.contact()), meta());
    expect(r.state).toMatchObject({ category: 'meter', contacts: 2 });
    expect(r.state).not.toHaveProperty('assignee');
    expect(r.revision).toBe(2n);
  });

  it('keeps exhausting maxConflictRetries at 1 + n appends when the kept state is current', async () => {
    const inner = new InMemoryEventStore();
    const conflicting = new AlwaysConflictingStore(inner);
    const store = new SwitchableStore(inner);
    const service = new ComplaintService({ store, clock: fixedClock, maxConflictRetries: 3, optimisticAppend: false });
    await service.handle(plain(cmd.receive()), meta()); // kept at revision 0
    store.target = conflicting;
    const e = leftOf(await service.handleTE(plain(cmd.contact()), meta())());
    expect(e._tag).toBe('ConcurrencyConflict');
    expect(conflicting.appends).toBe(4);
  });

  it('keeps no state on a store whose reads may change without an append (readsMayChange)', async () => {
    class ChangingReads extends ForwardingStore {
      override get readsMayChange(): boolean {
        return true;
      }
      erased = false;
      override async readStream(streamName: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
        const events = await this.inner.readStream(streamName, options);
        if (!this.erased) return events;
        return events.map((e) =>
          e.type === 'ComplaintReceived'
            ? { ...e, data: { ...(e.data as Record<string, never>), complainant: { id: 'client-42', kind: 'client', name: '[erased]' } } }
            : e,
        );
      }
    }
    const store = new ChangingReads(new InMemoryEventStore());
    const service = new ComplaintService({ store, clock: fixedClock });
    await service.handle(plain(cmd.receive()), meta());
    store.erased = true;
    const r = await service.handle(plain(cmd.contact()), meta());
    expect(r.state.complainant.name).toBe('[erased]');
  });

  it('shares frozen states: a caller cannot alter what the next command is decided on', async () => {
    const service = new ComplaintService({ store: new InMemoryEventStore(), clock: fixedClock });
    const r = await service.handle(plain(cmd.receive()), meta());
    expect(Object.isFrozen(r.state)).toBe(true);
    expect(() => {
      (r.state as { contacts: number }).contacts = 99;
    }).toThrow(TypeError);
    expect((await service.handle(plain(cmd.contact()), meta())).state.contacts).toBe(1);
  });

  it.each([false, true])('storm through two caching instances (optimisticAppend %s): gap-free, each command once, all applied', async (optimisticAppend) => {
    const inner = new InMemoryEventStore();
    const stores = [new SlowReadStore(inner), new SlowReadStore(inner)];
    const services = stores.map((store) => new ComplaintService({ store, clock: fixedClock, maxConflictRetries: 50, optimisticAppend }));
    const [a, b] = services;
    if (a === undefined || b === undefined) throw new Error('no services');
    await a.handle(plain(cmd.receive()), meta());
    await b.handle(plain({ ...cmd.receive(), complaintId: OTHER_ID as never }), meta());
    await a.handle(plain(cmd.contact()), meta());
    await b.handle(plain(cmd.contact()), meta()); // both keep a state of the complaint
    const commands = Array.from({ length: 40 }, (_, i) => ({ command: plain(cmd.contact({ summary: `Storm ${i}` })), m: meta() }));
    // Half of the command ids are sent to both instances at once.
    const calls = commands.flatMap(({ command, m }, i) => (i % 2 === 0 ? [a.handle(command, m), b.handle(command, m)] : [(i % 4 === 1 ? a : b).handle(command, m)]));
    const results = await Promise.all(calls);
    const stream = await inner.readStream(STREAM);
    expect(stream.map((e) => e.revision)).toEqual(stream.map((_, i) => BigInt(i)));
    expect(stream).toHaveLength(3 + 40);
    for (const { m } of commands) expect(stream.filter((e) => e.metadata.commandId === m.commandId)).toHaveLength(1);
    expect(results.every((r) => r.state.status === 'received')).toBe(true);
    expect((await a.getComplaint(ID)).contacts).toBe(42);
    expect((await b.handle(plain(cmd.assign()), meta())).state.contacts).toBe(42);
  });

  it('after lost answers and injected conflicts, retries with the same command id give one stored copy', async () => {
    const inner = new InMemoryEventStore();
    const flaky = new FaultInjectingEventStore(inner, { random: { seed: 9, rate: 0.3, faults: [faults.failAfterWrite(), faults.failBeforeWrite(), faults.conflict()] } });
    const service = new ComplaintService({ store: flaky, clock: fixedClock });
    const steady = new ComplaintService({ store: inner, clock: fixedClock });
    await steady.handle(plain(cmd.receive()), meta());
    const ids: string[] = [];
    for (let i = 0; i < 30; i++) {
      const m = meta();
      ids.push(m.commandId);
      for (let attempt = 0; attempt < 30; attempt++) {
        const r = await service.handleTE(plain(cmd.contact({ summary: `Call ${i}` })), m)();
        if (E.isRight(r)) break;
      }
      if (i % 5 === 0) await steady.handle(plain(cmd.contact({ summary: `Other ${i}` })), meta());
    }
    const stream = await inner.readStream(STREAM);
    for (const id of ids) expect(stream.filter((e) => e.metadata.commandId === id)).toHaveLength(1);
    expect(stream.map((e) => e.revision)).toEqual(stream.map((_, i) => BigInt(i)));
    expect((await steady.getComplaint(ID)).contacts).toBe(36);
  });
});
