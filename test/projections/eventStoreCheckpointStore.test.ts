import { v4 as uuidv4 } from 'uuid';
import { ComplaintService } from '../../src/application/complaintService';
import type { StoredComplaintEvent } from '../../src/stream/decodeStream';
import { EventStoreError } from '../../src/eventstore/errors';
import { InMemoryEventStore } from '../../src/eventstore/inMemoryEventStore';
import type { EventStore } from '../../src/eventstore/port';
import { EventStoreCheckpointStore } from '../../src/projections/eventStoreCheckpointStore';
import type { Projection } from '../../src/projections/projection';
import { ProjectionRunner } from '../../src/projections/runner';
import { FakeEventStoreDBServer } from '../esdb/fakeEventStoreDBServer';
import { storeOn } from '../esdb/esdbTestKit';
import { agent, cmd } from '../domain/spec';

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

const stores: ReadonlyArray<[string, () => Promise<{ store: EventStore; dispose: () => Promise<void> }>]> = [
  ['the in-memory store', async () => ({ store: new InMemoryEventStore(), dispose: async () => undefined })],
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

  it('a checkpoint is one event in the projection’s own stream, outside the complaint category', async () => {
    const checkpoints = new EventStoreCheckpointStore(store);
    const name = `p-${uuidv4()}`;
    await checkpoints.save(name, { position: { commit: 12n, prepare: 12n }, version: 3, eventsProcessed: 7, model: { total: 7 } });
    expect(await checkpoints.load(name)).toEqual({ position: { commit: 12n, prepare: 12n }, version: 3, eventsProcessed: 7, model: { total: 7 } });
    const stream = await store.readStream(checkpoints.streamName(name));
    expect(stream.map((e) => e.type)).toEqual(['ProjectionCheckpointSaved']);
    expect(checkpoints.streamName(name).startsWith('complaint-')).toBe(false);
  });

  it('a deleted checkpoint loads as none, so the next run rebuilds from the start', async () => {
    const checkpoints = new EventStoreCheckpointStore(store);
    const name = `p-${uuidv4()}`;
    await checkpoints.save(name, { position: null, version: 1, eventsProcessed: 0, model: { total: 0 } });
    await checkpoints.delete(name);
    expect(await checkpoints.load(name)).toBeUndefined();
    expect(await checkpoints.load(`never-${uuidv4()}`)).toBeUndefined();
  });

  it('a foreign event in a checkpoint stream is reported, not taken for a checkpoint', async () => {
    const checkpoints = new EventStoreCheckpointStore(store);
    const name = `p-${uuidv4()}`;
    await store.appendToStream(checkpoints.streamName(name), [{ id: uuidv4(), type: 'SomethingElse', data: { x: 1 }, metadata: {} }]);
    await expect(checkpoints.load(name)).rejects.toBeInstanceOf(EventStoreError);
    await expect(checkpoints.load(name)).rejects.toThrow(/is not a projection checkpoint/);
  });
});
