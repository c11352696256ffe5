/**
 * Cancellation: every long operation takes an AbortSignal and stops between two store calls,
 * never in the middle of one. Each test aborts at every point of a run in turn (right after
 * the k-th store call, for every k) and checks that what was written is whole — a stream
 * fully imported or untouched, a checkpoint whose model matches its position, a deadline
 * miss recorded once or not at all — and that running again without a signal finishes the job.
 */
import * as E from 'fp-ts/lib/Either.js';
import { ComplaintService } from '../../src/application/complaintService';
import { HISTORY_PAGE_SIZE, historyTE, history as auditHistory, stateAsOf } from '../../src/audit/history';
import { exportStreamsTE, exportStreams, importStreamsTE, importStreams } from '../../src/audit/ndjson';
import { InMemoryEventStore } from '../../src/eventstore/inMemory/inMemoryEventStore';
import type { AppendResult, EventStore, EventToAppend, ExpectedRevision, ReadAllOptions, ReadStreamOptions, RecordedEvent } from '../../src/eventstore/port';
import type { StoredComplaintEvent } from '../../src/stream/decodeStream';
import { type Checkpoint, InMemoryCheckpointStore } from '../../src/projections/checkpointStore';
import { watchDeadlines } from '../../src/application/deadlineWatcher';
import type { Projection } from '../../src/projections/projection';
import { ProjectionRunner } from '../../src/projections/runner';
import { slaProjection } from '../../src/projections/sla';
import { ForwardingStore, meta, plain } from '../application/harness';
import { cmd, history } from '../domain/spec';
import { expectNoConsoleOutput } from '../observability/otel';
import { appendHistory, complaintUuid } from '../projections/fixtures';

expectNoConsoleOutput();

/** Counts the calls of a store (and of a checkpoint store) and aborts its controller right after the k-th. */
class AbortAfter {
  calls = 0;
  readonly controller = new AbortController();
  constructor(private readonly k: number) {}
  get signal(): AbortSignal {
    return this.controller.signal;
  }
  tick(): void {
    this.calls += 1;
    if (this.calls === this.k) this.controller.abort();
  }
}

class AbortingStore extends ForwardingStore {
  constructor(
    inner: EventStore,
    private readonly after: AbortAfter,
  ) {
    super(inner);
  }
  override async appendToStream(streamName: string, events: readonly EventToAppend[], options?: { readonly expectedRevision?: ExpectedRevision }): Promise<AppendResult> {
    try {
      return await super.appendToStream(streamName, events, options);
    } finally {
      this.after.tick();
    }
  }
  override async readStream(streamName: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    try {
      return await super.readStream(streamName, options);
    } finally {
      this.after.tick();
    }
  }
  override async readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    try {
      return await super.readAll(options);
    } finally {
      this.after.tick();
    }
  }
}

class AbortingCheckpoints extends InMemoryCheckpointStore {
  constructor(private readonly after: AbortAfter) {
    super();
  }
  override async save<M>(name: string, checkpoint: Checkpoint<M>): Promise<void> {
    try {
      return await super.save(name, checkpoint);
    } finally {
      this.after.tick();
    }
  }
}

// (The DOMException comes from Node's own realm, not the test's: compare its name.)
const isAbortError = (e: unknown): boolean => typeof e === 'object' && e !== null && 'name' in e && e.name === 'AbortError';

/**
 * Runs `run` with an abort after the k-th call, for k = 1, 2, … until a run finishes before
 * the abort is seen; answers how many points stopped a run (calls after which the run still
 * had a store call to make).
 */
const atEveryPoint = async (run: (after: AbortAfter) => Promise<'finished' | 'aborted'>): Promise<number> => {
  for (let k = 1; ; k++) {
    const outcome = await run(new AbortAfter(k));
    if (outcome === 'finished') return k - 1;
  }
};

const story = history(
  { command: cmd.receive(), now: '2022-01-10T16:00:00+01:00' },
  { command: cmd.acknowledge(), now: '2022-01-11T10:00:00+01:00' },
  { command: cmd.answer(), now: '2022-01-19T10:00:00+01:00' },
);

const storeWith = async (complaints: number): Promise<{ store: InMemoryEventStore; ids: string[] }> => {
  const store = new InMemoryEventStore();
  const ids = Array.from({ length: complaints }, (_, i) => complaintUuid(i));
  for (const id of ids) await appendHistory(store, id, story);
  return { store, ids };
};

/** Complaints recorded through the service (import replays every stream through the rules). */
const serviceStoreWith = async (complaints: number): Promise<{ store: InMemoryEventStore; ids: string[] }> => {
  const store = new InMemoryEventStore();
  const ids = Array.from({ length: complaints }, (_, i) => complaintUuid(i));
  let now = new Date('2022-01-10T16:00:00+01:00');
  const service = new ComplaintService({ store, clock: () => now });
  for (const id of ids) {
    now = new Date('2022-01-10T16:00:00+01:00');
    await service.handle({ ...plain(cmd.receive()), complaintId: id }, meta());
    now = new Date('2022-01-11T10:00:00+01:00');
    await service.handle({ ...plain(cmd.acknowledge()), complaintId: id }, meta());
    now = new Date('2022-01-19T10:00:00+01:00');
    await service.handle({ ...plain(cmd.answer()), complaintId: id }, meta());
  }
  return { store, ids };
};

const streamsOf = async (store: EventStore): Promise<Map<string, RecordedEvent[]>> => {
  const out = new Map<string, RecordedEvent[]>();
  for (const r of await store.readAll({ maxCount: 100_000 })) out.set(r.streamName, [...(out.get(r.streamName) ?? []), r]);
  return out;
};

const sameStream = (a: readonly RecordedEvent[] | undefined, b: readonly RecordedEvent[] | undefined): boolean =>
  JSON.stringify(a?.map((r) => [r.id, r.type, r.data, r.metadata, r.revision.toString()])) === JSON.stringify(b?.map((r) => [r.id, r.type, r.data, r.metadata, r.revision.toString()]));

describe('import', () => {
  it('aborted at any point, every stream is fully imported or untouched, and importing again finishes it', async () => {
    const { store: source, ids } = await serviceStoreWith(4);
    const ndjson = await exportStreams(source, ids);
    const expected = await streamsOf(source);
    const points = await atEveryPoint(async (after) => {
      const target = new InMemoryEventStore();
      let outcome: 'finished' | 'aborted';
      try {
        await importStreams(new AbortingStore(target, after), ndjson, { signal: after.signal });
        outcome = 'finished';
      } catch (e) {
        expect(isAbortError(e)).toBe(true);
        outcome = 'aborted';
      }
      const imported = await streamsOf(target);
      for (const [name, events] of imported) expect(sameStream(events, expected.get(name))).toBe(true);
      // Aborted during the checks (one read per stream), nothing was written.
      if (after.calls <= ids.length) expect(imported.size).toBe(0);
      await importStreams(target, ndjson);
      const finished = await streamsOf(target);
      expect([...finished.keys()].sort()).toEqual([...expected.keys()].sort());
      for (const [name, events] of finished) expect(sameStream(events, expected.get(name))).toBe(true);
      return outcome;
    });
    expect(points).toBe(ids.length * 2 - 1); // 4 reads to check, then 4 appends: an abort after any but the last stops the import
  });

  it('the fp-ts form answers a typed Aborted error carrying the reason', async () => {
    const { store, ids } = await serviceStoreWith(1);
    const ndjson = await exportStreams(store, ids);
    const controller = new AbortController();
    controller.abort(new Error('shutting down'));
    const r = await importStreamsTE(new InMemoryEventStore(), ndjson, { signal: controller.signal })();
    expect(E.isLeft(r) && r.left).toMatchObject({ _tag: 'Aborted', operation: 'import', reason: new Error('shutting down') });
  });
});

describe('export', () => {
  it('aborted between streams, the fp-ts form answers Aborted and the Promise form rejects with the reason', async () => {
    const { store, ids } = await storeWith(3);
    await atEveryPoint(async (after) => {
      const r = await exportStreamsTE(new AbortingStore(store, after), ids, { signal: after.signal })();
      if (E.isRight(r)) return 'finished';
      expect(r.left).toMatchObject({ _tag: 'Aborted', operation: 'export' });
      return 'aborted';
    });
    const controller = new AbortController();
    controller.abort();
    await expect(exportStreams(store, ids, { signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
  });
});

describe('history of a long stream', () => {
  const contacts = 2 * HISTORY_PAGE_SIZE + 5;
  const long = history(
    { command: cmd.receive(), now: '2022-01-10T16:00:00+01:00' },
    ...Array.from({ length: contacts }, () => ({ command: cmd.contact(), now: '2022-01-11T10:00:00+01:00' })),
  );

  it('is read page by page, and an abort between pages stops it', async () => {
    const store = new InMemoryEventStore();
    await appendHistory(store, complaintUuid(0), long);
    const reads = await atEveryPoint(async (after) => {
      const r = await historyTE(new AbortingStore(store, after), complaintUuid(0), { signal: after.signal })();
      if (E.isRight(r)) {
        expect(r.right).toHaveLength(contacts + 1);
        return 'finished';
      }
      expect(r.left).toMatchObject({ _tag: 'Aborted', operation: 'history' });
      return 'aborted';
    });
    expect(reads).toBe(2); // three pages: an abort after the first or the second read stops it
    const controller = new AbortController();
    controller.abort();
    await expect(auditHistory(store, complaintUuid(0), { signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
    await expect(stateAsOf(store, complaintUuid(0), '2030-01-01T00:00:00Z', { signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
  });
});

/** Counts events per type: folding an event twice, or missing one, shows. */
const counting: Projection<Record<string, number>> = {
  name: 'counts',
  version: 1,
  initial: () => ({}),
  apply: (m, e: StoredComplaintEvent) => {
    m[e.event.type] = (m[e.event.type] ?? 0) + 1;
    return m;
  },
  clone: (m) => ({ ...m }),
};

describe('projection runner', () => {
  it('catchUp aborted at any point leaves a whole checkpoint, from which a restart gives the same model', async () => {
    const { store } = await storeWith(5); // 15 events
    const full = new ProjectionRunner({ store, checkpoints: new InMemoryCheckpointStore(), projection: counting });
    await full.catchUp();
    const points = await atEveryPoint(async (after) => {
      const checkpoints = new AbortingCheckpoints(after);
      const runner = new ProjectionRunner({ store: new AbortingStore(store, after), checkpoints, projection: counting, pageSize: 4, batchSize: 3, saveSpacing: 0 });
      let outcome: 'finished' | 'aborted';
      try {
        await runner.catchUp({ signal: after.signal });
        outcome = 'finished';
      } catch (e) {
        expect(isAbortError(e)).toBe(true);
        outcome = 'aborted';
      }
      const saved = await checkpoints.load<Record<string, number>>('counts');
      if (saved !== undefined) {
        // Whole: the model counts exactly the events up to the saved position.
        const upTo = (await store.readAll({ maxCount: 1000 })).filter((r) => saved.position !== null && r.position.commit <= saved.position.commit);
        expect(Object.values(saved.model).reduce((n, c) => n + c, 0)).toBe(upTo.length);
        expect(saved.eventsProcessed).toBe(upTo.length);
      }
      // The aborted runner goes on, and a new one resumes from the checkpoint: both end where a full run does.
      await runner.catchUp();
      expect(runner.model()).toEqual(full.model());
      const restarted = new ProjectionRunner({ store, checkpoints, projection: counting });
      await restarted.catchUp();
      expect(restarted.model()).toEqual(full.model());
      return outcome;
    });
    expect(points).toBeGreaterThan(8);
  });

  it('an aborted signal stops a live runner as stop() does: unsubscribed, checkpoint saved', async () => {
    const { store } = await storeWith(2);
    const checkpoints = new InMemoryCheckpointStore();
    const controller = new AbortController();
    const runner = new ProjectionRunner({ store, checkpoints, projection: counting, flushIntervalMs: 60_000 });
    await runner.start({ signal: controller.signal });
    expect(runner.progress().live).toBe(true);
    await appendHistory(store, complaintUuid(7), story);
    await new Promise((resolve) => setImmediate(resolve));
    controller.abort();
    await new Promise((resolve) => setImmediate(resolve));
    expect(runner.progress().live).toBe(false);
    const saved = await checkpoints.load<Record<string, number>>('counts');
    expect(saved?.eventsProcessed).toBe(9);
    expect(saved?.model).toEqual(runner.model());
  });

  it('start with an already aborted signal rejects before reading anything; rebuild too', async () => {
    const { store } = await storeWith(1);
    const controller = new AbortController();
    controller.abort();
    const checkpoints = new InMemoryCheckpointStore();
    const runner = new ProjectionRunner({ store, checkpoints, projection: counting });
    await expect(runner.start({ signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
    await expect(runner.rebuild({ signal: controller.signal })).rejects.toMatchObject({ name: 'AbortError' });
    expect(runner.progress()).toMatchObject({ eventsProcessed: 0, live: false });
    expect(await checkpoints.load('counts')).toBeUndefined();
  });
});

describe('deadline watcher', () => {
  it('aborted at any point, each miss is recorded once or not at all, and the next run records the rest once', async () => {
    const points = await atEveryPoint(async (after) => {
      let now = new Date('2022-01-10T16:00:00+01:00');
      const store = new InMemoryEventStore({ clock: () => now });
      const ids = [0, 1, 2].map(complaintUuid);
      const plainService = new ComplaintService({ store, clock: () => now });
      for (const id of ids) await plainService.handle({ ...plain(cmd.receive()), complaintId: id }, meta());
      now = new Date('2022-01-18T08:00:00+01:00'); // every acknowledgement was due on the 17th
      const runner = new ProjectionRunner({ store, checkpoints: new InMemoryCheckpointStore(), projection: slaProjection() });
      await runner.catchUp();
      const service = new ComplaintService({ store: new AbortingStore(store, after), clock: () => now });
      let outcome: 'finished' | 'aborted';
      try {
        await watchDeadlines({ service, model: runner.model(), now, signal: after.signal });
        outcome = 'finished';
      } catch (e) {
        expect(isAbortError(e)).toBe(true);
        outcome = 'aborted';
      }
      const missesOf = async (id: string) => (await store.readStream(`complaint-${id}`)).filter((r) => r.type === 'ComplaintDeadlineMissed').length;
      for (const id of ids) expect(await missesOf(id)).toBeLessThanOrEqual(1);
      const again = await watchDeadlines({ service: plainService, model: runner.model(), now });
      expect(again.every((o) => o.result === 'recorded' || o.result === 'duplicate' || o.result === 'refused')).toBe(true);
      for (const id of ids) expect(await missesOf(id)).toBe(1);
      return outcome;
    });
    expect(points).toBeGreaterThanOrEqual(3);
  });
});
