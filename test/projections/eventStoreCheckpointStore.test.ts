import { randomBytes, randomUUID } from 'node:crypto';
import { v4 as uuidv4 } from 'uuid';
import { ComplaintService } from '../../src/application/complaintService';
import { complaintStreamName } from '../../src/stream/streams';
import type { StoredComplaintEvent } from '../../src/stream/decodeStream';
import { EVENTSTOREDB_MAX_APPEND_SIZE, appendSizeOf } from '../../src/eventstore/appendSize';
import { InMemoryEventStore } from '../../src/eventstore/inMemory/inMemoryEventStore';
import type { AppendResult, EventStore, EventToAppend, ExpectedRevision, JsonValue, RecordedEvent } from '../../src/eventstore/port';
import { CheckpointError, isCheckpointFenced } from '../../src/projections/checkpointErrors';
import { CHECKPOINT_CHUNK, CHECKPOINT_RESET, CHECKPOINT_SAVED } from '../../src/projections/checkpointFormat';
import type { Checkpoint } from '../../src/projections/checkpointStore';
import { EventStoreCheckpointStore } from '../../src/projections/eventStoreCheckpointStore';
import type { Projection } from '../../src/projections/projection';
import { ProjectionRunner } from '../../src/projections/runner';
import { type SlaModel, applySla, decodeSla, encodeSla, slaProjection } from '../../src/projections/sla';
import { FaultInjectingEventStore, faults } from '../../src/testing/faultInjectingEventStore';
import { ForwardingStore } from '../application/harness';
import { ID, agent, cmd, history } from '../domain/spec';
import { FakeEventStoreDBServer } from '../esdb/fakeEventStoreDBServer';
import { storeOn } from '../esdb/esdbTestKit';
import { asStored } from './fixtures';

jest.setTimeout(60_000);

interface Counts {
  total: number;
  byType: Record<string, number>;
}

/** A JSON-friendly projection that also counts how many events it was asked to fold. */
const counting = (calls: { n: number }): Projection<Counts> => ({
  name: `counts-${uuidv4()}`,
  version: 1,
  initial: () => ({ total: 0, byType: {} }),
  apply: (m, e: StoredComplaintEvent) => {
    calls.n++;
    return { total: m.total + 1, byType: { ...m.byType, [e.event.type]: (m.byType[e.event.type] ?? 0) + 1 } };
  },
  clone: (m) => ({ total: m.total, byType: { ...m.byType } }),
});

const fileComplaint = async (service: ComplaintService): Promise<void> => {
  const complaintId = uuidv4();
  const at = new Date(Date.now() - 60_000).toISOString();
  await service.handle({ ...cmd.receive({ receivedAt: at as never }), complaintId }, { commandId: uuidv4(), actor: agent });
  await service.handle({ ...cmd.contact(), complaintId }, { commandId: uuidv4(), actor: agent });
};

/** Records the size (as a node counts it) of every append, and can alter events on their way in. */
class RecordingStore extends ForwardingStore {
  readonly sizes: number[] = [];
  alter: ((e: EventToAppend) => EventToAppend) | undefined;
  override appendToStream(streamName: string, events: readonly EventToAppend[], options?: { readonly expectedRevision?: ExpectedRevision }): Promise<AppendResult> {
    this.sizes.push(appendSizeOf(events));
    const alter = this.alter;
    return super.appendToStream(streamName, alter === undefined ? events : events.map(alter), options);
  }
}

/** A model that does not compress much: about `kib` KiB of JSON. */
const bulky = (kib: number): JsonValue => ({ blobs: Array.from({ length: kib }, () => randomBytes(512).toString('hex')) });

const checkpointOf = (model: JsonValue, n = 1): Checkpoint<JsonValue> => ({ position: { commit: BigInt(n * 10), prepare: BigInt(n * 10) }, version: 1, eventsProcessed: n, model });

const types = (events: readonly RecordedEvent[]): string[] => events.map((e) => e.type);

const stores: ReadonlyArray<[string, () => Promise<{ store: EventStore; dispose: () => Promise<void> }>]> = [
  ['the in-memory store', async () => ({ store: new InMemoryEventStore({ maxAppendSize: EVENTSTOREDB_MAX_APPEND_SIZE }), dispose: async () => undefined })],
  [
    'EventStoreDB (adapter over the in-process gRPC server)',
    async () => {
      const server = await FakeEventStoreDBServer.start();
      const store = storeOn(server);
      return {
        store,
        dispose: async () => {
          await store.close();
          await server.close();
        },
      };
    },
  ],
];

describe.each(stores)('projection checkpoints kept in %s', (_name, make) => {
  let store: EventStore;
  let dispose: () => Promise<void>;
  beforeEach(async () => ({ store, dispose } = await make()));
  afterEach(async () => dispose());

  it('a restarted projection resumes after its checkpoint instead of folding the log again', async () => {
    const service = new ComplaintService({ store });
    const checkpoints = new EventStoreCheckpointStore(store);
    await fileComplaint(service);
    await fileComplaint(service);
    const firstCalls = { n: 0 };
    const projection = counting(firstCalls);
    const first = new ProjectionRunner({ store, checkpoints, projection });
    await first.catchUp();
    expect(first.model().total).toBe(4);

    await fileComplaint(service);
    const restartCalls = { n: 0 };
    const restarted = new ProjectionRunner({ store, checkpoints, projection: { ...counting(restartCalls), name: projection.name } });
    await restarted.catchUp();
    expect(restarted.model()).toEqual({ total: 6, byType: { ComplaintReceived: 3, ComplaintClientContacted: 3 } });
    expect(restartCalls.n).toBe(2);
  });

  it('a small model is saved as one manifest event holding it inline, in the projection’s own stream outside the complaint category', async () => {
    const checkpoints = new EventStoreCheckpointStore(store);
    const name = `p-${uuidv4()}`;
    await checkpoints.save(name, { position: { commit: 12n, prepare: 12n }, version: 3, eventsProcessed: 7, model: { total: 7 } });
    expect(await checkpoints.load(name)).toEqual({ position: { commit: 12n, prepare: 12n }, version: 3, eventsProcessed: 7, model: { total: 7 } });
    const stream = await store.readStream(checkpoints.streamName(name));
    expect(types(stream)).toEqual([CHECKPOINT_SAVED]);
    expect(stream[0]?.data).toMatchObject({ format: 2, encoding: 'gzip', chunks: null, inline: expect.any(String) });
    expect(stream[0]?.metadata).toEqual({ projection: name, writer: checkpoints.writerId });
    expect(checkpoints.streamName(name).startsWith('complaint-')).toBe(false);
  });

  it('a model larger than the append limit is saved as chunks that each fit, then a manifest naming them, and loads back equal', async () => {
    const recording = new RecordingStore(store);
    const limit = 64 * 1024;
    const checkpoints = new EventStoreCheckpointStore(recording, { maxAppendSize: limit });
    const name = `p-${uuidv4()}`;
    const model = bulky(400);
    await checkpoints.save(name, checkpointOf(model));
    const stream = await store.readStream(checkpoints.streamName(name));
    const chunks = stream.filter((e) => e.type === CHECKPOINT_CHUNK);
    expect(chunks.length).toBeGreaterThan(3);
    expect(types(stream)).toEqual([...chunks.map(() => CHECKPOINT_CHUNK), CHECKPOINT_SAVED]);
    expect(stream.at(-1)?.data).toMatchObject({ format: 2, chunks: { first: '0', count: chunks.length } });
    expect(recording.sizes.length).toBe(chunks.length + 1);
    expect(Math.max(...recording.sizes)).toBeLessThanOrEqual(limit);
    expect((await checkpoints.load(name))?.model).toEqual(model);
    // Another store instance (another process) reads it too.
    expect(await new EventStoreCheckpointStore(store).load(name)).toEqual(checkpointOf(model));
  });

  it('each save moves the stream’s $tb to its snapshot’s first event, so older snapshots are trimmed', async () => {
    const checkpoints = new EventStoreCheckpointStore(store, { maxAppendSize: 64 * 1024 });
    const name = `p-${uuidv4()}`;
    const streamName = checkpoints.streamName(name);
    await checkpoints.save(name, checkpointOf(bulky(200), 1));
    const firstLength = (await store.readStream(streamName, { direction: 'backwards', maxCount: 1 }))[0]?.revision ?? -1n;
    expect(await store.getStreamMetadata(streamName)).toEqual({ truncateBefore: 0n });
    await checkpoints.save(name, checkpointOf({ small: true }, 2));
    expect(await store.getStreamMetadata(streamName)).toEqual({ truncateBefore: firstLength + 1n });
    await checkpoints.save(name, checkpointOf(bulky(200), 3));
    expect(await store.getStreamMetadata(streamName)).toEqual({ truncateBefore: firstLength + 2n });
    expect((await checkpoints.load(name))?.eventsProcessed).toBe(3);
  });

  it('a deleted checkpoint loads as none, so the next run rebuilds from the start', async () => {
    const checkpoints = new EventStoreCheckpointStore(store);
    const name = `p-${uuidv4()}`;
    await checkpoints.save(name, { position: null, version: 1, eventsProcessed: 0, model: { total: 0 } });
    await checkpoints.delete(name);
    expect(await checkpoints.load(name)).toBeUndefined();
    expect(await checkpoints.load(`never-${uuidv4()}`)).toBeUndefined();
    const last = await store.readStream(checkpoints.streamName(name), { direction: 'backwards', maxCount: 1 });
    expect(types(last)).toEqual([CHECKPOINT_RESET]);
    expect(await store.getStreamMetadata(checkpoints.streamName(name))).toEqual({ truncateBefore: last[0]?.revision });
  });

  it('a foreign event in a checkpoint stream is a CheckpointUnreadable naming the stream, the revision and the fix', async () => {
    const checkpoints = new EventStoreCheckpointStore(store);
    const name = `p-${uuidv4()}`;
    await store.appendToStream(checkpoints.streamName(name), [{ id: uuidv4(), type: 'SomethingElse', data: { x: 1 }, metadata: {} }]);
    const error = await checkpoints.load(name).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CheckpointError);
    expect(error).toMatchObject({ error: { _tag: 'CheckpointUnreadable', projection: name, streamName: checkpoints.streamName(name), revision: 0n } });
    expect((error as Error).message).toMatch(/@0\) cannot be read: it is a SomethingElse event, not a projection checkpoint.*rebuild\(\)/);
  });

  it('a checkpoint written by the previous release (format 1: one event holding the model) still loads, and the next save follows it in format 2', async () => {
    const checkpoints = new EventStoreCheckpointStore(store);
    const name = `p-${uuidv4()}`;
    // Exactly what release 0.1.0 appended.
    await store.appendToStream(checkpoints.streamName(name), [
      { id: uuidv4(), type: 'ProjectionCheckpointSaved', data: { position: { commit: '12', prepare: '11' }, version: 3, eventsProcessed: 7, model: { total: 7 } }, metadata: { projection: name } },
    ]);
    expect(await checkpoints.load(name)).toEqual({ position: { commit: 12n, prepare: 11n }, version: 3, eventsProcessed: 7, model: { total: 7 } });
    await checkpoints.save(name, { position: { commit: 20n, prepare: 20n }, version: 3, eventsProcessed: 9, model: { total: 9 } });
    expect((await checkpoints.load(name))?.eventsProcessed).toBe(9);
    expect((await store.readStream(checkpoints.streamName(name), { direction: 'backwards', maxCount: 1 }))[0]?.data).toMatchObject({ format: 2 });
  });

  it('two runners never interleave: the one that finds the stream moved is fenced with a CheckpointFenced naming the other, and writes nothing more', async () => {
    const name = `p-${uuidv4()}`;
    const a = new EventStoreCheckpointStore(store, { writerId: 'runner-a' });
    const b = new EventStoreCheckpointStore(store, { writerId: 'runner-b' });
    expect(await a.load(name)).toBeUndefined();
    expect(await b.load(name)).toBeUndefined();
    await a.save(name, checkpointOf({ by: 'a' }, 1));
    const fenced = await b.save(name, checkpointOf({ by: 'b' }, 2)).catch((e: unknown) => e);
    expect(isCheckpointFenced(fenced)).toBe(true);
    expect(fenced).toMatchObject({ error: { _tag: 'CheckpointFenced', projection: name, expected: 'no_stream', actual: 0n, otherWriter: 'runner-a' } });
    expect((fenced as Error).message).toMatch(/written by another runner \(writer runner-a\).*two runners are saving projection/);
    const length = (await store.readStream(a.streamName(name))).length;
    // Fenced for good: no write at all, even if the stream is where b last saw it.
    await expect(b.save(name, checkpointOf({ by: 'b' }, 3))).rejects.toMatchObject({ error: { _tag: 'CheckpointFenced' } });
    expect((await store.readStream(a.streamName(name))).length).toBe(length);
    await a.save(name, checkpointOf({ by: 'a' }, 4));
    // A restart (load) takes the stream over; the runner that was saving is fenced in turn.
    expect((await b.load(name))?.model).toEqual({ by: 'a' });
    await b.save(name, checkpointOf({ by: 'b' }, 5));
    await expect(a.save(name, checkpointOf({ by: 'a' }, 6))).rejects.toMatchObject({ error: { _tag: 'CheckpointFenced', otherWriter: 'runner-b' } });
    expect((await new EventStoreCheckpointStore(store).load(name))?.model).toEqual({ by: 'b' });
  });
});

// ---------------------------------------------------------------- in-memory only: scale, faults, corruption

/** The SLA model of `n` open complaints with random ids (which compress least). */
const openSlaModel = (n: number): SlaModel => {
  const kinds = [
    history({ command: cmd.receive(), now: '2022-01-10T16:00:00+01:00' }),
    history({ command: cmd.receive({ channel: 'phone' }), now: '2022-01-11T09:00:00+01:00' }),
    history({ command: cmd.receive({ urgency: 'high' }), now: '2022-01-12T10:00:00+01:00' }, { command: cmd.acknowledge(), now: '2022-01-13T10:00:00+01:00' }),
  ];
  const stored = kinds.map((k) => asStored(ID, k));
  let m = slaProjection().initial();
  for (let i = 0; i < n; i++) {
    const id = randomUUID();
    for (const e of stored[i % stored.length] ?? []) {
      const event = e.event.type === 'ComplaintReceived' ? { ...e.event, data: { ...e.event.data, complaintId: id as typeof e.event.data.complaintId } } : e.event;
      m = applySla(m, { ...e, streamName: complaintStreamName(id), event });
    }
  }
  return m;
};

const slaCodec = {
  encode: (_name: string, model: unknown): JsonValue => encodeSla(model as SlaModel),
  decode: (_name: string, json: JsonValue): unknown => decodeSla(json),
};

describe('checkpoints of large models against a store that refuses appends over 1 MiB, as a node does', () => {
  it('the SLA model of 30,000 open complaints, which format 1 could not store in one event, is saved with no append over 1 MiB and loads back the same model', async () => {
    const store = new InMemoryEventStore({ maxAppendSize: EVENTSTOREDB_MAX_APPEND_SIZE });
    const recording = new RecordingStore(store);
    const model = openSlaModel(30_000);
    const json = encodeSla(model);
    // What release 0.1.0 would have appended: one event holding the model JSON, over the limit.
    const formatOne: EventToAppend = { id: uuidv4(), type: CHECKPOINT_SAVED, data: { position: null, version: 2, eventsProcessed: 1, model: json }, metadata: { projection: 'sla-breaches' } };
    expect(appendSizeOf([formatOne])).toBeGreaterThan(3 * EVENTSTOREDB_MAX_APPEND_SIZE);

    const checkpoints = new EventStoreCheckpointStore(recording, { codec: slaCodec });
    await checkpoints.save('sla-breaches', { position: { commit: 5n, prepare: 5n }, version: 2, eventsProcessed: 40_000, model });
    expect(recording.sizes.length).toBeGreaterThan(0);
    expect(recording.sizes.every((s) => s <= EVENTSTOREDB_MAX_APPEND_SIZE)).toBe(true);
    const loaded = await new EventStoreCheckpointStore(store, { codec: slaCodec }).load<SlaModel>('sla-breaches');
    expect(loaded?.eventsProcessed).toBe(40_000);
    expect(loaded === undefined ? '' : JSON.stringify(encodeSla(loaded.model))).toBe(JSON.stringify(json));
  });

  it('a model compressing to more than 1 MiB is cut into chunks under 1 MiB each (a chunk is as large as the limit allows)', async () => {
    const store = new InMemoryEventStore({ maxAppendSize: EVENTSTOREDB_MAX_APPEND_SIZE });
    const recording = new RecordingStore(store);
    const model = bulky(3000);
    await new EventStoreCheckpointStore(recording).save('big', checkpointOf(model));
    const events = await store.readStream('projection-checkpoint-big');
    expect(types(events).slice(0, -1).every((t) => t === CHECKPOINT_CHUNK)).toBe(true);
    expect(events.length).toBeGreaterThan(2);
    expect(events.at(-1)?.type).toBe(CHECKPOINT_SAVED);
    expect(recording.sizes.every((s) => s <= EVENTSTOREDB_MAX_APPEND_SIZE)).toBe(true);
    expect(recording.sizes[0]).toBeGreaterThan(EVENTSTOREDB_MAX_APPEND_SIZE - 4096);
    expect((await new EventStoreCheckpointStore(store).load('big'))?.model).toEqual(model);
  });
});

describe('checkpoint saves that fail half way', () => {
  const name = 'p';
  const big = (n: number): Checkpoint<JsonValue> => checkpointOf(bulky(300), n);

  it('a save that dies between its chunks and its manifest leaves the previous checkpoint loadable, and the next save succeeds', async () => {
    const store = new InMemoryEventStore();
    const faulty = new FaultInjectingEventStore(store);
    const checkpoints = new EventStoreCheckpointStore(faulty, { maxAppendSize: 64 * 1024 });
    const previous = big(1);
    await checkpoints.save(name, previous);
    // Second save: its chunks are written, its manifest append fails before writing.
    const chunks = (await store.readStream(checkpoints.streamName(name))).length - 1;
    faulty.injectNext('append', ...Array.from({ length: chunks }, () => faults.delay(0)), faults.failBeforeWrite());
    await expect(checkpoints.save(name, big(2))).rejects.toMatchObject({ error: { _tag: 'StoreUnavailable' } });
    expect(types(await store.readStream(checkpoints.streamName(name), { direction: 'backwards', maxCount: 1 }))).toEqual([CHECKPOINT_CHUNK]);
    expect(await new EventStoreCheckpointStore(store).load(name)).toEqual(previous);
    const next = big(3);
    await checkpoints.save(name, next);
    expect(await new EventStoreCheckpointStore(store).load(name)).toEqual(next);
  });

  it('a save whose append answer was lost is not taken for another runner: the same store recognises its own events and goes on', async () => {
    const store = new InMemoryEventStore();
    const faulty = new FaultInjectingEventStore(store);
    const checkpoints = new EventStoreCheckpointStore(faulty, { maxAppendSize: 64 * 1024 });
    await checkpoints.save(name, big(1));
    faulty.injectNext('append', faults.delay(0), faults.failAfterWrite()); // the 2nd chunk is stored, its answer lost
    await expect(checkpoints.save(name, big(2))).rejects.toMatchObject({ error: { _tag: 'StoreUnavailable' } });
    const next = big(3);
    await checkpoints.save(name, next);
    expect(await new EventStoreCheckpointStore(store).load(name)).toEqual(next);
  });

  it('a runner that lost the race in the middle of its snapshot is fenced, and its chunks never mix with the winner’s', async () => {
    const store = new InMemoryEventStore();
    const winner = new EventStoreCheckpointStore(store, { writerId: 'winner', maxAppendSize: 64 * 1024 });
    let raced = false;
    // The loser's store lets the winner save a whole snapshot right after the loser's first chunk.
    class RacingStore extends ForwardingStore {
      override async appendToStream(streamName: string, events: readonly EventToAppend[], options?: { readonly expectedRevision?: ExpectedRevision }): Promise<AppendResult> {
        const result = await super.appendToStream(streamName, events, options);
        if (!raced) {
          raced = true;
          // A runner restarted elsewhere takes over (load) and saves while the loser is mid-snapshot.
          await winner.load(name);
          await winner.save(name, checkpointOf({ by: 'winner' }, 9));
        }
        return result;
      }
    }
    const loser = new EventStoreCheckpointStore(new RacingStore(store), { writerId: 'loser', maxAppendSize: 64 * 1024 });
    await loser.load(name);
    await expect(loser.save(name, big(1))).rejects.toMatchObject({ error: { _tag: 'CheckpointFenced', otherWriter: 'winner' } });
    // Everything ever written (the stream itself is truncated before the winner's snapshot):
    // one chunk of the loser, then the winner's inline snapshot, nothing of the loser after it.
    const written = await store.readAll({ filter: { streamNamePrefixes: [winner.streamName(name)] } });
    expect(written.map((e) => e.metadata.writer)).toEqual(['loser', 'winner']);
    expect(types(await store.readStream(winner.streamName(name)))).toEqual([CHECKPOINT_SAVED]);
    expect((await new EventStoreCheckpointStore(store).load(name))?.model).toEqual({ by: 'winner' });
  });
});

describe('unreadable checkpoints are typed errors, never a wrong model', () => {
  const name = 'p';
  const unreadable = async (store: EventStore, options = {}): Promise<string> => {
    const error = await new EventStoreCheckpointStore(store, options).load(name).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CheckpointError);
    return (error as CheckpointError).message;
  };

  it('a chunk altered in the store fails the SHA-256 check', async () => {
    const store = new InMemoryEventStore();
    const recording = new RecordingStore(store);
    recording.alter = (e) => {
      if (e.type !== CHECKPOINT_CHUNK || typeof e.data !== 'object' || e.data === null || Array.isArray(e.data) || typeof e.data.bytes !== 'string') return e;
      const bytes = e.data.bytes;
      return { ...e, data: { ...e.data, bytes: (bytes.startsWith('A') ? 'B' : 'A') + bytes.slice(1) } };
    };
    await new EventStoreCheckpointStore(recording, { maxAppendSize: 64 * 1024 }).save(name, checkpointOf(bulky(200)));
    expect(await unreadable(store)).toMatch(/do not match the manifest’s SHA-256/);
  });

  it('a manifest whose chunks are not the ones it names, a model the codec refuses, a newer format and a malformed manifest are each reported', async () => {
    const mixed = new InMemoryEventStore();
    const writer = new EventStoreCheckpointStore(mixed, { maxAppendSize: 64 * 1024 });
    await writer.save(name, checkpointOf(bulky(200)));
    const [manifest] = await mixed.readStream(writer.streamName(name), { direction: 'backwards', maxCount: 1 });
    if (manifest === undefined || typeof manifest.data !== 'object' || manifest.data === null || Array.isArray(manifest.data)) throw new Error('no manifest');
    await mixed.appendToStream(writer.streamName(name), [{ id: uuidv4(), type: CHECKPOINT_SAVED, data: { ...manifest.data, snapshot: uuidv4() }, metadata: {} }]);
    expect(await unreadable(mixed)).toMatch(/is not chunk 0 of snapshot/);

    const refused = new InMemoryEventStore();
    await new EventStoreCheckpointStore(refused).save(name, checkpointOf({ format: 99 }));
    expect(await unreadable(refused, { codec: slaCodec })).toMatch(/the model codec refused its model \(Not an SLA model checkpoint: format: expected SLA model format 1, got 99\)/);

    const newer = new InMemoryEventStore();
    await newer.appendToStream('projection-checkpoint-p', [{ id: uuidv4(), type: CHECKPOINT_SAVED, data: { format: 3 }, metadata: {} }]);
    expect(await unreadable(newer)).toMatch(/checkpoint format 3, written by a newer release/);

    const malformed = new InMemoryEventStore();
    await malformed.appendToStream('projection-checkpoint-p', [{ id: uuidv4(), type: CHECKPOINT_SAVED, data: { format: 2, snapshot: 'x', position: null, version: 1 }, metadata: {} }]);
    expect(await unreadable(malformed)).toMatch(/Invalid checkpoint manifest: eventsProcessed: expected/);
  });

  it('options out of range are refused when the store is built', () => {
    const store = new InMemoryEventStore();
    expect(() => new EventStoreCheckpointStore(store, { maxAppendSize: 1000 })).toThrow(/maxAppendSize 1000 must be a whole number of bytes >= 1024/);
    expect(() => new EventStoreCheckpointStore(store, { compressionLevel: 10 })).toThrow(/compressionLevel 10/);
  });
});
