import type { StoredComplaintEvent } from '../../src/stream/decodeStream';
import { InMemoryEventStore } from '../../src/eventstore/inMemory/inMemoryEventStore';
import { InMemoryCheckpointStore } from '../../src/projections/checkpointStore';
import type { Projection } from '../../src/projections/projection';
import { type ProjectionProblem, ProjectionRunner } from '../../src/projections/runner';
import { cmd, history } from '../domain/spec';
import { appendHistory, complaintUuid } from './fixtures';

/** Counts events per type and remembers the last revision seen per stream. */
interface Counts {
  byType: Record<string, number>;
  streams: Record<string, string>;
}
const counting = (version = 1): Projection<Counts> => ({
  name: 'counts',
  version,
  initial: () => ({ byType: {}, streams: {} }),
  apply: (m: Counts, e: StoredComplaintEvent) => {
    m.byType[e.event.type] = (m.byType[e.event.type] ?? 0) + 1;
    m.streams[e.streamName] = e.revision.toString();
    return m;
  },
  clone: (m) => ({ byType: { ...m.byType }, streams: { ...m.streams } }),
});

const story = history(
  { command: cmd.receive(), now: '2022-01-10T16:00:00+01:00' },
  { command: cmd.acknowledge(), now: '2022-01-11T10:00:00+01:00' },
  { command: cmd.answer(), now: '2022-01-19T10:00:00+01:00' },
);

const seed = async (store: InMemoryEventStore, from: number, to: number) => {
  for (let i = from; i < to; i++) {
    await appendHistory(store, complaintUuid(i), story);
    await store.appendToStream(`other-${i}`, [{ id: `10000000-0000-4000-8000-${String(i).padStart(12, '0')}`, type: 'Unrelated', data: {}, metadata: {} }]);
  }
};

describe('ProjectionRunner', () => {
  it('folds complaint streams only, by pages and batches, and saves a checkpoint', async () => {
    const store = new InMemoryEventStore();
    await seed(store, 0, 10);
    const checkpoints = new InMemoryCheckpointStore();
    const runner = new ProjectionRunner({ store, checkpoints, projection: counting(), pageSize: 7, batchSize: 4 });
    const p = await runner.catchUp();
    expect(p.eventsProcessed).toBe(30);
    expect(p.caughtUp).toBe(true);
    expect(runner.model().byType).toEqual({ ComplaintReceived: 10, ComplaintAcknowledged: 10, ComplaintAnswered: 10 });
    const saved = await checkpoints.load<Counts>('counts');
    expect(saved?.eventsProcessed).toBe(30);
    expect(saved?.model).toEqual(runner.model());
    expect(saved?.model).not.toBe(runner.model());
  });

  it('resumes from its checkpoint without folding an event twice', async () => {
    const store = new InMemoryEventStore();
    const checkpoints = new InMemoryCheckpointStore();
    await seed(store, 0, 3);
    await new ProjectionRunner({ store, checkpoints, projection: counting(), pageSize: 2 }).catchUp();
    await seed(store, 3, 5);
    const resumed = new ProjectionRunner({ store, checkpoints, projection: counting(), pageSize: 2 });
    const p = await resumed.catchUp();
    expect(p.eventsProcessed).toBe(15);
    expect(resumed.model().byType.ComplaintReceived).toBe(5);
  });

  it('pages one event at a time without stalling on the checkpoint event', async () => {
    const store = new InMemoryEventStore();
    const checkpoints = new InMemoryCheckpointStore();
    await seed(store, 0, 2);
    await new ProjectionRunner({ store, checkpoints, projection: counting(), pageSize: 1, batchSize: 1 }).catchUp();
    await seed(store, 2, 4);
    const p = await new ProjectionRunner({ store, checkpoints, projection: counting(), pageSize: 1 }).catchUp();
    expect(p.eventsProcessed).toBe(12);
  });

  it('resumes live processing from the checkpoint a stopped runner saved', async () => {
    const store = new InMemoryEventStore();
    const checkpoints = new InMemoryCheckpointStore();
    await seed(store, 0, 2);
    const first = new ProjectionRunner({ store, checkpoints, projection: counting(), flushIntervalMs: 5 });
    await first.start();
    await seed(store, 2, 3);
    for (let i = 0; i < 100 && first.progress().eventsProcessed < 9; i++) await new Promise((r) => setTimeout(r, 5));
    await first.stop();
    expect(first.progress().live).toBe(false);
    await seed(store, 3, 5);
    const second = new ProjectionRunner({ store, checkpoints, projection: counting(), flushIntervalMs: 5 });
    await second.start();
    await seed(store, 5, 6);
    for (let i = 0; i < 100 && second.progress().eventsProcessed < 18; i++) await new Promise((r) => setTimeout(r, 5));
    await second.stop();
    expect(second.progress().eventsProcessed).toBe(18);
    expect(second.model().byType).toEqual({ ComplaintReceived: 6, ComplaintAcknowledged: 6, ComplaintAnswered: 6 });
    expect((await checkpoints.load<Counts>('counts'))?.eventsProcessed).toBe(18);
  });

  it('rebuilds from zero when the projection version changes, and rebuild() gives the live model', async () => {
    const store = new InMemoryEventStore();
    const checkpoints = new InMemoryCheckpointStore();
    await seed(store, 0, 4);
    await new ProjectionRunner({ store, checkpoints, projection: counting(1) }).catchUp();
    const v2 = new ProjectionRunner({ store, checkpoints, projection: counting(2) });
    expect((await v2.catchUp()).eventsProcessed).toBe(12);

    const live = new ProjectionRunner({ store, checkpoints: new InMemoryCheckpointStore(), projection: counting(), flushIntervalMs: 5 });
    await live.start();
    await seed(store, 4, 8);
    for (let i = 0; i < 100 && live.model().byType.ComplaintAnswered !== 8; i++) await new Promise((r) => setTimeout(r, 5));
    expect(live.progress().live).toBe(true);
    await live.stop();
    const rebuilt = new ProjectionRunner({ store, checkpoints, projection: counting(2) });
    await rebuilt.rebuild();
    expect(rebuilt.model()).toEqual(live.model());
    expect(rebuilt.progress().eventsProcessed).toBe(24);
  });

  it('reports unknown and corrupt complaint events with stream and revision, and goes on', async () => {
    const store = new InMemoryEventStore();
    await seed(store, 0, 1);
    await store.appendToStream(`complaint-${complaintUuid(0)}`, [
      { id: '20000000-0000-4000-8000-000000000001', type: 'ComplaintTeleported', data: {}, metadata: {} },
      { id: '20000000-0000-4000-8000-000000000002', type: 'ComplaintClosed', data: { closedAt: 'yesterday' }, metadata: {} },
    ]);
    await seed(store, 1, 2);
    const seen: ProjectionProblem[] = [];
    const runner = new ProjectionRunner({ store, checkpoints: new InMemoryCheckpointStore(), projection: counting(), onProblem: (p) => seen.push(p) });
    const p = await runner.catchUp();
    expect(p.eventsProcessed).toBe(6);
    expect(p.problems).toBe(2);
    expect(seen.map((s) => [s.streamName, s.revision, s.eventType, s.kind])).toEqual([
      [`complaint-${complaintUuid(0)}`, 3n, 'ComplaintTeleported', 'undecodable'],
      [`complaint-${complaintUuid(0)}`, 4n, 'ComplaintClosed', 'undecodable'],
    ]);
    expect(runner.problems()).toEqual(seen);
  });
});
