/**
 * When a ProjectionRunner saves its checkpoint: throttled by what saves cost, never two at a
 * time, never when nothing was folded (its own checkpoint appends included), and never again
 * once another runner has taken the checkpoint over.
 */
import type { StoredComplaintEvent } from '../../src/stream/decodeStream';
import { InMemoryEventStore } from '../../src/eventstore/inMemory/inMemoryEventStore';
import { isCheckpointFenced } from '../../src/projections/checkpointErrors';
import { CHECKPOINT_SAVED } from '../../src/projections/checkpointFormat';
import { type Checkpoint, type CheckpointStore, InMemoryCheckpointStore } from '../../src/projections/checkpointStore';
import { EventStoreCheckpointStore } from '../../src/projections/eventStoreCheckpointStore';
import type { Projection } from '../../src/projections/projection';
import { ProjectionRunner } from '../../src/projections/runner';
import { cmd, history } from '../domain/spec';
import { waitFor } from '../../src/testing/eventStoreContract';
import { appendHistory, complaintUuid } from './fixtures';

const story = history(
  { command: cmd.receive(), now: '2022-01-10T16:00:00+01:00' },
  { command: cmd.acknowledge(), now: '2022-01-11T10:00:00+01:00' },
  { command: cmd.answer(), now: '2022-01-19T10:00:00+01:00' },
);

const seed = async (store: InMemoryEventStore, from: number, to: number): Promise<void> => {
  for (let i = from; i < to; i++) await appendHistory(store, complaintUuid(i), story);
};

/** Counts events folded; `tick` runs on every fold (to drive a fake clock). */
const counting = (tick: () => void = () => undefined): Projection<{ n: number }> => ({
  name: 'counting',
  version: 1,
  initial: () => ({ n: 0 }),
  apply: (m, _e: StoredComplaintEvent) => {
    tick();
    m.n += 1;
    return m;
  },
  clone: (m) => ({ n: m.n }),
});

/** Records every save; `during` runs inside each (to make it slow or to move a fake clock). */
class RecordingCheckpoints implements CheckpointStore {
  readonly saved: number[] = [];
  running = 0;
  maxRunning = 0;
  constructor(
    private readonly inner: CheckpointStore = new InMemoryCheckpointStore(),
    private readonly during: () => Promise<void> | void = () => undefined,
  ) {}
  async save<M>(name: string, checkpoint: Checkpoint<M>): Promise<void> {
    this.running += 1;
    this.maxRunning = Math.max(this.maxRunning, this.running);
    try {
      await this.during();
      await this.inner.save(name, checkpoint);
      this.saved.push(checkpoint.eventsProcessed);
    } finally {
      this.running -= 1;
    }
  }
  load<M>(name: string): Promise<Checkpoint<M> | undefined> {
    return this.inner.load<M>(name);
  }
  delete(name: string): Promise<void> {
    return this.inner.delete(name);
  }
}

const WAIT = 10_000;
const pause = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

describe('checkpoint saves are throttled by what they cost', () => {
  it('after a save that took d ms, the next batch save waits saveSpacing × d ms (fake clock: 1 ms per event, 100 ms per save)', async () => {
    const store = new InMemoryEventStore();
    await seed(store, 0, 1000);
    let now = 0;
    const clock = (): Date => new Date(now);
    const throttled = new RecordingCheckpoints(undefined, () => {
      now += 100;
    });
    const runner = new ProjectionRunner({ store, checkpoints: throttled, projection: counting(() => (now += 1)), batchSize: 10, saveSpacing: 9, clock });
    expect((await runner.catchUp()).eventsProcessed).toBe(3000);
    const gaps = throttled.saved.slice(1, -1).map((n, i) => n - (throttled.saved[i] ?? 0));
    // 900 ms of folding at 1 ms per event between two saves (the last save of catchUp never waits).
    expect(gaps.length).toBeGreaterThan(0);
    expect(gaps.every((g) => g >= 900)).toBe(true);
    expect(throttled.saved.at(-1)).toBe(3000);

    now = 0;
    const free = new RecordingCheckpoints(undefined, () => {
      now += 100;
    });
    await new ProjectionRunner({ store, checkpoints: free, projection: counting(() => (now += 1)), batchSize: 10, saveSpacing: 0, clock }).catchUp();
    expect(free.saved.length).toBe(300);
  });

  it('a saveSpacing that is negative or not finite is refused', () => {
    const store = new InMemoryEventStore();
    expect(() => new ProjectionRunner({ store, checkpoints: new InMemoryCheckpointStore(), projection: counting(), saveSpacing: -1 })).toThrow(/saveSpacing -1/);
    expect(() => new ProjectionRunner({ store, checkpoints: new InMemoryCheckpointStore(), projection: counting(), saveSpacing: Infinity })).toThrow(RangeError);
  });
});

describe('nothing folded, nothing saved', () => {
  it('a runner that resumes from a checkpoint and finds nothing new does not save it again', async () => {
    const store = new InMemoryEventStore();
    await seed(store, 0, 3);
    const checkpoints = new RecordingCheckpoints();
    await new ProjectionRunner({ store, checkpoints, projection: counting() }).catchUp();
    expect(checkpoints.saved).toEqual([9]);
    await new ProjectionRunner({ store, checkpoints, projection: counting() }).catchUp();
    const idle = new ProjectionRunner({ store, checkpoints, projection: counting() });
    await idle.start();
    await idle.stop();
    expect(checkpoints.saved).toEqual([9]);
  });

  it('a live runner saves once per burst of complaint events, and its own checkpoint appends (unrelated events) never make it save again', async () => {
    const store = new InMemoryEventStore({ checkpointInterval: 1 });
    const inStore = new EventStoreCheckpointStore(store);
    const checkpoints = new RecordingCheckpoints(inStore);
    const runner = new ProjectionRunner({ store, checkpoints, projection: counting(), flushIntervalMs: 1, saveSpacing: 0 });
    await runner.start();
    await seed(store, 0, 1);
    await waitFor('the live save', () => checkpoints.saved.includes(3), WAIT);
    // The subscription passes the checkpoint's own events, which moves the position to the log's end…
    const [head] = await store.readAll({ fromPosition: 'start', maxCount: 100 }).then((all) => all.slice(-1));
    await waitFor('the position to pass the checkpoint events', () => runner.progress().position?.commit === head?.position.commit, WAIT);
    for (let i = 0; i < 20; i++) await pause(2); // many flush intervals
    // …but no save follows: one manifest in the stream, one save recorded.
    expect(checkpoints.saved).toEqual([3]);
    expect((await store.readStream(inStore.streamName('counting'))).filter((e) => e.type === CHECKPOINT_SAVED)).toHaveLength(1);
    await runner.stop();
    expect(checkpoints.saved).toEqual([3]);
  });
});

describe('live saves never overlap', () => {
  it('events arriving while a slow save runs wait for it and are saved together, by one save at a time', async () => {
    const store = new InMemoryEventStore();
    const slow = new RecordingCheckpoints(undefined, () => pause(15));
    const runner = new ProjectionRunner({ store, checkpoints: slow, projection: counting(), flushIntervalMs: 1, batchSize: 2, saveSpacing: 0 });
    await runner.start();
    for (let i = 0; i < 30; i++) {
      await seed(store, i, i + 1);
      await pause(1);
    }
    await waitFor('every event folded', () => runner.progress().eventsProcessed === 90, WAIT);
    await runner.stop();
    expect(slow.maxRunning).toBe(1);
    expect(slow.saved.at(-1)).toBe(90);
    // Saved in order, each save holding at least what the one before held.
    expect(slow.saved).toEqual([...slow.saved].sort((a, b) => a - b));
  });
});

describe('a runner fenced by another one saves no more', () => {
  it('catchUp rejects with CheckpointFenced when another runner saved since this one loaded; a live runner reports it once through onError', async () => {
    const store = new InMemoryEventStore();
    await seed(store, 0, 2);
    const a = new ProjectionRunner({ store, checkpoints: new EventStoreCheckpointStore(store, { writerId: 'a' }), projection: counting() });
    const b = new ProjectionRunner({ store, checkpoints: new EventStoreCheckpointStore(store, { writerId: 'b' }), projection: counting() });
    await b.catchUp();
    // A starts from b's checkpoint and saves after it; b, still running, is fenced on its next save.
    await seed(store, 2, 3);
    await a.catchUp();
    await seed(store, 3, 4);
    const fenced = await b.catchUp().catch((e: unknown) => e);
    expect(isCheckpointFenced(fenced)).toBe(true);
    expect(fenced).toMatchObject({ error: { otherWriter: 'a' } });
    expect(b.progress().eventsProcessed).toBe(12); // its model is still right; only saving stopped

    const errors: unknown[] = [];
    const live = new ProjectionRunner({ store, checkpoints: new EventStoreCheckpointStore(store, { writerId: 'live' }), projection: counting(), flushIntervalMs: 1, saveSpacing: 0, onError: (e) => errors.push(e) });
    await live.start();
    // Another process takes over and saves (the same checkpoint, written again).
    const newer = new EventStoreCheckpointStore(store, { writerId: 'newer' });
    const current = await newer.load('counting');
    if (current === undefined) throw new Error('no checkpoint');
    await newer.save('counting', current);
    await seed(store, 4, 5);
    await waitFor('the fencing to be reported', () => errors.length > 0, WAIT);
    await seed(store, 5, 7);
    await waitFor('every event folded', () => live.progress().eventsProcessed === 21, WAIT);
    for (let i = 0; i < 10; i++) await pause(2);
    expect(errors).toHaveLength(1);
    expect(errors[0]).toMatchObject({ error: { _tag: 'CheckpointFenced', otherWriter: 'newer' } });
    await expect(live.stop()).rejects.toMatchObject({ error: { _tag: 'CheckpointFenced' } });
    expect(live.progress().live).toBe(false);
  });
});
