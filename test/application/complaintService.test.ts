import * as E from 'fp-ts/Either';
import { validate as isUuid, version as uuidVersion } from 'uuid';
import { ComplaintService } from '../../src/application/complaintService';
import { eventIdsFor } from '../../src/stream/eventIds';
import { complaintStreamName } from '../../src/stream/streams';
import type { CommandOf } from '../../src/domain/commands';
import { defaultPolicy, type Policy } from '../../src/domain/policy/policy';
import { InMemoryEventStore } from '../../src/eventstore/inMemory/inMemoryEventStore';
import type { EventStore } from '../../src/eventstore/port';
import { ID, OTHER_ID, agent, cmd, direction } from '../domain/spec';
import { AlwaysConflictingStore, ForwardingStore, LostAnswerStore, NOW, SlowReadStore, fixedClock, leftOf, meta, plain, rightOf } from './harness';

const STREAM = complaintStreamName(ID);

const setup = (store: EventStore = new InMemoryEventStore(), policy?: Policy) => {
  const service = new ComplaintService({ store, clock: fixedClock, ...(policy === undefined ? {} : { policy }) });
  return { store, service };
};

/** A service with the spec's complaint already received. */
const withReceived = async (store: EventStore = new InMemoryEventStore()) => {
  const s = setup(store);
  await s.service.handle(plain(cmd.receive()), meta());
  return s;
};

const streamOf = async (store: EventStore, streamName = STREAM) => store.readStream(streamName);

describe('handle: decode → read → fold → decide → append', () => {
  it('handle returns the new events and the state after them', async () => {
    const { service, store } = setup();
    const r = await service.handle(plain(cmd.receive()), meta());
    expect(r.duplicate).toBe(false);
    expect(r.complaintId).toBe(ID);
    expect(r.revision).toBe(0n);
    expect(r.events.map((e) => e.event.type)).toEqual(['ComplaintReceived']);
    expect(r.state).toMatchObject({ status: 'received', complaintId: ID, policyVersion: defaultPolicy.version });
    expect(await service.getComplaint(ID)).toEqual(r.state);
    expect(await service.listStream(ID)).toEqual(r.events);
    expect(await streamOf(store)).toHaveLength(1);
  });

  it('every event carries the metadata envelope: actor, command, correlation, causation, policy and schema versions, recorded-at from the clock', async () => {
    const { service } = await withReceived();
    const commandId = '0b7f1f5e-1c2d-4e3f-8a9b-0c1d2e3f4a5b';
    const r = await service.handle(plain(cmd.assign()), { commandId, actor: direction, correlationId: 'request-17', causationId: 'evt-3' });
    const [e] = r.events;
    expect(e?.metadata).toEqual({
      actor: direction,
      commandId,
      commandType: 'AssignComplaint',
      correlationId: 'request-17',
      causationId: 'evt-3',
      policyVersion: defaultPolicy.version,
      schemaVersion: 1,
      recordedAt: NOW.toISOString(),
    });
  });

  it('correlation and causation ids default to the command id', async () => {
    const { service } = setup();
    const commandId = '1c8e2a6f-2d3e-4f40-9b0c-1d2e3f4a5b6c';
    const r = await service.handle(plain(cmd.receive()), { commandId, actor: agent });
    expect(r.events[0]?.metadata).toMatchObject({ commandId, correlationId: commandId, causationId: commandId, schemaVersion: 3 });
  });

  it('the stored metadata is the envelope the result reports (what listStream reads back)', async () => {
    const { service, store } = setup();
    const r = await service.handle(plain(cmd.receive()), meta());
    const [stored] = await streamOf(store);
    expect(stored?.metadata).toEqual(r.events[0]?.metadata);
    expect(stored?.id).toBe(r.events[0]?.id);
  });

  it('event ids are content-addressed: uuid v8 from one digest of the command id and the whole batch, per event index (eventIdsFor)', async () => {
    const { service, store } = await withReceived();
    const commandId = '2d9f3b70-3e4f-4051-8c1d-2e3f4a5b6c7d';
    const r = await service.handle(plain(cmd.acknowledge()), { commandId, actor: agent });
    expect(r.events.length).toBeGreaterThan(0);
    const stored = (await streamOf(store)).slice(1);
    expect(r.events.map((e) => e.id)).toEqual(eventIdsFor(commandId, stored));
    for (const e of r.events) expect(isUuid(e.id) && uuidVersion(e.id)).toBe(8);
  });

  it('handleTE returns Right with the same outcome as handle', async () => {
    const { service } = setup();
    const r = rightOf(await service.handleTE(plain(cmd.receive()), meta())());
    expect(r.state.status).toBe('received');
  });
});

describe('idempotency: a command id is handled once', () => {
  it('a command replayed with the same command id appends nothing and returns the original outcome', async () => {
    const { service, store } = await withReceived();
    const m = meta();
    const first = await service.handle(plain(cmd.contact()), m);
    const before = await streamOf(store);
    const again = await service.handle(plain(cmd.contact()), m);
    expect(await streamOf(store)).toEqual(before);
    expect(again.duplicate).toBe(true);
    expect(again.events).toEqual(first.events);
    expect(again.revision).toBe(first.revision);
    expect(again.state).toEqual(first.state);
  });

  it('a replay after later commands returns the original outcome (state as of the command, not now)', async () => {
    const { service, store } = await withReceived();
    const m = meta();
    const first = await service.handle(plain(cmd.assign()), m);
    await service.handle(plain(cmd.acknowledge()), meta());
    const before = await streamOf(store);
    const again = await service.handle(plain(cmd.assign()), m);
    expect(await streamOf(store)).toEqual(before);
    expect(again).toEqual({ ...first, duplicate: true });
  });

  it('a replayed ReceiveComplaint is a duplicate, not ComplaintAlreadyExists', async () => {
    const { service, store } = setup();
    const m = meta();
    const first = await service.handle(plain(cmd.receive()), m);
    const again = await service.handle(plain(cmd.receive()), m);
    expect(again).toEqual({ ...first, duplicate: true });
    expect(await streamOf(store)).toHaveLength(1);
  });

  it('the same command id for a different command type is CommandIdReused and changes nothing', async () => {
    const { service, store } = await withReceived();
    const m = meta();
    await service.handle(plain(cmd.contact()), m);
    const before = await streamOf(store);
    const e = leftOf(await service.handleTE(plain(cmd.assign()), m)());
    expect(e).toEqual({ _tag: 'CommandIdReused', commandId: m.commandId, originalCommand: 'LogClientContact', command: 'AssignComplaint' });
    expect(await streamOf(store)).toEqual(before);
  });

  it('a retried command after a lost answer (stored, then StoreUnavailable) is not stored twice and comes back duplicate', async () => {
    const store = new InMemoryEventStore();
    await withReceived(store);
    const lossy = new LostAnswerStore(store, 1);
    const service2 = new ComplaintService({ store: lossy, clock: fixedClock });
    const m = meta();
    const lost = leftOf(await service2.handleTE(plain(cmd.contact()), m)());
    expect(lost._tag).toBe('StoreUnavailable');
    expect(lossy.lost).toBe(1);
    const afterLoss = await streamOf(store);
    expect(afterLoss).toHaveLength(2);
    const retried = await service2.handle(plain(cmd.contact()), m);
    expect(retried.duplicate).toBe(true);
    expect(retried.events.map((e) => e.id)).toEqual(afterLoss.slice(1).map((e) => e.id));
    expect(retried.revision).toBe(1n);
    expect(await streamOf(store)).toEqual(afterLoss);
  });
});

describe('concurrency: commands on one complaint', () => {
  it('concurrent commands on one complaint (20 at once) resolve to a consistent gap-free stream', async () => {
    const { service, store } = await withReceived();
    const commands = Array.from({ length: 20 }, (_, i) => ({ command: plain(cmd.contact({ summary: `Call number ${i + 1}` })), m: meta() }));
    const results = await Promise.all(commands.map(({ command, m }) => service.handle(command, m)));
    const stream = await streamOf(store);
    expect(stream.map((e) => e.revision)).toEqual(Array.from({ length: 21 }, (_, i) => BigInt(i)));
    expect(new Set(stream.map((e) => e.id)).size).toBe(21);
    expect(new Set(results.map((r) => r.revision)).size).toBe(20);
    for (const [i, r] of results.entries()) {
      expect(r.duplicate).toBe(false);
      expect(r.events[0]?.metadata.commandId).toBe(commands[i]?.m.commandId);
      expect(stream.find((e) => e.id === r.events[0]?.id)?.revision).toBe(r.revision);
    }
    const state = await service.getComplaint(ID);
    expect(state.contacts).toBe(20);
  });

  it('different commands at once on one complaint all apply, in some order, with no gap', async () => {
    const { service, store } = await withReceived();
    const commands = [cmd.assign(), cmd.acknowledge(), cmd.urgency(), cmd.recategorise(), cmd.contact(), cmd.contact({ direction: 'inbound' })];
    const results = await Promise.all(commands.map((c) => service.handle(plain(c), meta())));
    const stream = await streamOf(store);
    expect(stream.map((e) => e.revision)).toEqual(stream.map((_, i) => BigInt(i)));
    expect(results.every((r) => !r.duplicate)).toBe(true);
    const last = results.reduce((a, b) => (a.revision > b.revision ? a : b));
    expect(await service.getComplaint(ID)).toEqual(last.state);
  });

  it('two service instances racing on one store: conflicts are retried, nothing is duplicated, the stream is consistent', async () => {
    const inner = new InMemoryEventStore();
    await withReceived(inner);
    const storeA = new SlowReadStore(inner);
    const storeB = new SlowReadStore(inner);
    const a = new ComplaintService({ store: storeA, clock: fixedClock, maxConflictRetries: 50 });
    const b = new ComplaintService({ store: storeB, clock: fixedClock, maxConflictRetries: 50 });
    const commands = Array.from({ length: 20 }, (_, i) => ({ command: plain(cmd.contact({ summary: `Call ${i}` })), m: meta() }));
    const results = await Promise.all(commands.map(({ command, m }, i) => (i % 2 === 0 ? a : b).handle(command, m)));
    expect(storeA.conflicts + storeB.conflicts).toBeGreaterThan(0);
    const stream = await streamOf(inner);
    expect(stream).toHaveLength(21);
    expect(stream.map((e) => e.revision)).toEqual(stream.map((_, i) => BigInt(i)));
    expect(new Set(stream.map((e) => e.metadata.commandId)).size).toBe(21);
    expect(results.every((r) => !r.duplicate)).toBe(true);
    expect((await a.getComplaint(ID)).contacts).toBe(20);
  });

  it('the same command sent through two instances at once is stored once; both calls answer with the stored events', async () => {
    const inner = new InMemoryEventStore();
    await withReceived(inner);
    const a = new ComplaintService({ store: new SlowReadStore(inner), clock: fixedClock });
    const b = new ComplaintService({ store: new SlowReadStore(inner), clock: () => new Date(NOW.getTime() + 60_000) });
    const m = meta();
    const [ra, rb] = await Promise.all([a.handle(plain(cmd.contact()), m), b.handle(plain(cmd.contact()), m)]);
    const stream = await streamOf(inner);
    expect(stream).toHaveLength(2);
    const stored = await a.listStream(ID);
    expect(ra.events).toEqual(stored.slice(1));
    expect(rb.events).toEqual(stored.slice(1));
    expect([ra.duplicate, rb.duplicate].sort()).toEqual([false, true]);
  });

  it('the same command id for two different commands racing through two instances: one applies, the other is CommandIdReused', async () => {
    const inner = new InMemoryEventStore();
    await withReceived(inner);
    const a = new ComplaintService({ store: new SlowReadStore(inner), clock: fixedClock });
    const b = new ComplaintService({ store: new SlowReadStore(inner), clock: fixedClock });
    const m = meta();
    const [ra, rb] = await Promise.all([a.handleTE(plain(cmd.contact()), m)(), b.handleTE(plain(cmd.assign()), m)()]);
    const stream = await streamOf(inner);
    expect(stream).toHaveLength(2);
    const winner = stream[1]?.type === 'ComplaintClientContacted' ? ra : rb;
    const loser = winner === ra ? rb : ra;
    expect(E.isRight(winner)).toBe(true);
    expect(leftOf(loser)._tag).toBe('CommandIdReused');
  });

  it('exhausting maxConflictRetries gives a typed ConcurrencyConflict and changes nothing', async () => {
    const inner = new InMemoryEventStore();
    await withReceived(inner);
    const conflicting = new AlwaysConflictingStore(inner);
    const service = new ComplaintService({ store: conflicting, clock: fixedClock, maxConflictRetries: 3 });
    const before = await streamOf(inner);
    const e = leftOf(await service.handleTE(plain(cmd.contact()), meta())());
    expect(e).toMatchObject({ _tag: 'ConcurrencyConflict', streamName: STREAM, expected: 0n });
    expect(conflicting.appends).toBe(4); // the first attempt and 3 retries
    expect(await streamOf(inner)).toEqual(before);
    await expect(service.handle(plain(cmd.contact()), meta())).rejects.toMatchObject({ _tag: 'ConcurrencyConflict' });
  });

  it('commands on different complaints do not wait for each other', async () => {
    const store = new ForwardingStore(new InMemoryEventStore());
    const { service } = setup(store);
    const [x, y] = await Promise.all([service.handle(plain(cmd.receive()), meta()), service.handle(plain({ ...cmd.receive(), complaintId: OTHER_ID as CommandOf<'ReceiveComplaint'>['complaintId'] }), meta())]);
    expect(x.complaintId).toBe(ID);
    expect(y.complaintId).toBe(OTHER_ID);
    expect(store.conflicts).toBe(0);
  });
});
