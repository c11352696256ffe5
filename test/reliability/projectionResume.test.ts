/**
 * A projection runner killed at random points — its store failing mid-read, its checkpoint
 * save failing (before or after the write, or between the chunks of a snapshot), or
 * stopped while following the log live — and restarted from its checkpoint ends with
 * exactly the model of an uninterrupted run: no event folded twice, none skipped, none
 * reordered. Kill points are drawn by fast-check; checkpoints are kept in an
 * InMemoryCheckpointStore or in the event store itself (EventStoreCheckpointStore, format 2,
 * with the projections’ JSON codecs, uncompressed and under a 1 KiB append limit so that
 * every snapshot spans several chunks), on the in-memory store and on EventStoreDB over
 * gRPC. A checkpoint left by the previous release (format 1) is resumed from too.
 */
import fc from 'fast-check';
import { v4 as uuidv4 } from 'uuid';
import type { StoredComplaintEvent } from '../../src/stream/decodeStream';
import type { EventMetadata } from '../../src/stream/metadata';
import { complaintStreamName } from '../../src/stream/streams';
import { CURRENT_SCHEMA_VERSIONS } from '../../src/stream/upcasting';
import type { ComplaintEvent } from '../../src/domain/events';
import { InMemoryEventStore } from '../../src/eventstore/inMemory/inMemoryEventStore';
import type { EventStore, EventToAppend, JsonObject, JsonValue, RecordedEvent } from '../../src/eventstore/port';
import { type Checkpoint, type CheckpointStore, InMemoryCheckpointStore } from '../../src/projections/checkpointStore';
import { CHECKPOINT_CHUNK, EventStoreCheckpointStore, type ModelCodec } from '../../src/projections/eventStoreCheckpointStore';
import type { Projection } from '../../src/projections/projection';
import { type RecurringIssuesModel, decodeRecurringIssues, encodeRecurringIssues, recurringIssuesProjection } from '../../src/projections/recurring';
import { ProjectionRunner } from '../../src/projections/runner';
import { type SlaModel, decodeSla, encodeSla, slaProjection } from '../../src/projections/sla';
import { FaultInjectingEventStore, type Fault, faults } from '../../src/testing/faultInjectingEventStore';
import { agent, cmd, direction, history, supervisor, system } from '../domain/spec';
import { FakeEventStoreDBServer } from '../esdb/fakeEventStoreDBServer';
import { storeOn } from '../esdb/esdbTestKit';
import { fcParams, timeoutMs } from './runs';

// ------------------------------------------------------------------ the log

const stories: readonly ComplaintEvent[][] = [
  history(
    { command: cmd.receive(), now: '2022-01-10T16:00:00+01:00' },
    { command: cmd.acknowledge(), now: '2022-01-11T10:00:00+01:00' },
    { command: cmd.answer(), now: '2022-01-19T10:00:00+01:00' },
    { command: cmd.close(), now: '2022-01-20T10:00:00+01:00' },
  ),
  history(
    { command: cmd.receive({ channel: 'phone', category: 'payments' }), now: '2022-01-10T16:00:00+01:00' },
    { command: cmd.contact(), now: '2022-01-11T09:00:00+01:00' },
    { command: cmd.urgency(), now: '2022-01-11T10:00:00+01:00' },
    { command: cmd.answer({ rootCause: 'direct-debit-retry' }), now: '2022-01-28T10:00:00+01:00' },
    { command: cmd.appeal(), now: '2022-01-29T10:00:00+01:00' },
    { command: cmd.decideAppeal(), now: '2022-02-01T10:00:00+01:00', actor: direction },
    { command: cmd.refer(), now: '2022-02-02T10:00:00+01:00' },
    { command: cmd.conclude(), now: '2022-02-10T10:00:00+01:00' },
    { command: cmd.close(), now: '2022-02-11T10:00:00+01:00' },
  ),
  history(
    { command: cmd.receive({ channel: 'postal_mail' }), now: '2022-01-10T16:00:00+01:00' },
    { command: cmd.missed('acknowledgement'), now: '2022-01-18T10:00:00+01:00', actor: system },
    { command: cmd.delay(), now: '2022-01-20T10:00:00+01:00' },
    { command: cmd.recategorise(), now: '2022-01-21T10:00:00+01:00' },
    { command: cmd.answer(), now: '2022-02-03T10:00:00+01:00' },
  ),
  history(
    { command: cmd.receive({ channel: 'web' }), now: '2022-01-10T16:00:00+01:00' },
    { command: cmd.requalify(), now: '2022-01-12T10:00:00+01:00', actor: supervisor },
  ),
  history({ command: cmd.receive({ channel: 'web', urgency: 'high' }), now: '2022-01-10T16:00:00+01:00' }),
];

const COMPLAINTS = 24;
const complaintId = (i: number): string => `7a1c1c7e-3d5a-4c53-9a4e-${String(i).padStart(12, '0')}`;
let eventNo = 0;
const nextUuid = (): string => `30000000-0000-4000-8000-${String(++eventNo).padStart(12, '0')}`;

const toAppend = (id: string, e: ComplaintEvent): EventToAppend => {
  const data = e.type === 'ComplaintReceived' ? { ...e.data, complaintId: id } : e.data;
  const metadata: EventMetadata = {
    actor: agent,
    commandId: nextUuid() as EventMetadata['commandId'],
    commandType: 'Test',
    correlationId: 'corr',
    causationId: 'cause',
    policyVersion: '2021-06-25',
    schemaVersion: CURRENT_SCHEMA_VERSIONS[e.type],
    recordedAt: '2022-01-10T15:00:00.000Z' as EventMetadata['recordedAt'],
  };
  return { id: nextUuid(), type: e.type, data: data as unknown as JsonValue, metadata: metadata as unknown as JsonObject };
};

/** Every event to append, in log order: complaints interleaved round-robin, unrelated streams and one undecodable event in between. */
const buildFeed = (): { readonly stream: string; readonly event: EventToAppend }[] => {
  const queues = Array.from({ length: COMPLAINTS }, (_, i) => (stories[i % stories.length] ?? []).map((e) => ({ stream: complaintStreamName(complaintId(i)), event: toAppend(complaintId(i), e) })));
  const feed: { stream: string; event: EventToAppend }[] = [];
  for (let round = 0; queues.some((q) => q.length > 0); round++) {
    for (const q of queues) {
      const next = q.shift();
      if (next !== undefined) feed.push(next);
    }
    feed.push({ stream: `other-${round}`, event: { id: nextUuid(), type: 'Unrelated', data: {}, metadata: {} } });
    if (round === 2) feed.push({ stream: complaintStreamName(complaintId(3)), event: { id: nextUuid(), type: 'ComplaintTeleported', data: {}, metadata: {} } });
  }
  return feed;
};
const FEED = buildFeed();

const storeWith = async (count = FEED.length): Promise<InMemoryEventStore> => {
  const store = new InMemoryEventStore({ clock: () => new Date('2022-03-01T00:00:00Z') });
  await appendFeed(store, 0, count);
  return store;
};
const appendFeed = async (store: EventStore, from: number, to: number): Promise<void> => {
  for (const { stream, event } of FEED.slice(from, to)) await store.appendToStream(stream, [event]);
};

// ------------------------------------------------------------------ the projections

/** Every (stream, revision) folded, in order: a skipped, repeated or reordered event changes it. */
type Trail = string[];
const trail = (): Projection<Trail> => ({
  name: 'trail',
  version: 1,
  initial: () => [],
  apply: (m, e: StoredComplaintEvent) => {
    m.push(`${e.streamName}@${e.revision}:${e.event.type}`);
    return m;
  },
  clone: (m) => [...m],
});

interface Subject<M> {
  readonly name: string;
  readonly projection: () => Projection<M>;
  /** A JSON form to compare models (and to keep them in the event store). */
  readonly encode: (m: M) => JsonValue;
  readonly decode: (j: JsonValue) => M;
}
/** A subject with its model type erased, so the three can be tabled together. */
const erase = <M>(s: Subject<M>): Subject<unknown> => ({
  name: s.name,
  // The runner only ever hands this subject's own models back to it.
  projection: () => s.projection() as unknown as Projection<unknown>,
  encode: (m) => s.encode(m as M),
  decode: (j) => s.decode(j),
});
const SUBJECTS: readonly Subject<unknown>[] = [
  erase<Trail>({ name: 'trail', projection: trail, encode: (m) => m, decode: (j) => (Array.isArray(j) ? j.map(String) : []) }),
  erase<SlaModel>({ name: 'sla', projection: slaProjection, encode: (m) => encodeSla(m), decode: decodeSla }),
  erase<RecurringIssuesModel>({ name: 'recurring issues', projection: recurringIssuesProjection, encode: (m) => encodeRecurringIssues(m), decode: (j) => decodeRecurringIssues(j) }),
];

const codecOf = (subject: Subject<unknown>): ModelCodec => ({
  encode: (_name, model) => subject.encode(model),
  decode: (_name, json) => subject.decode(json),
});

/** Checkpoints in the event store, sized so that every snapshot of these small models spans several chunks. */
const storeCheckpoints = (store: EventStore, subject: Subject<unknown>, streamPrefix?: string): EventStoreCheckpointStore =>
  new EventStoreCheckpointStore(store, { codec: codecOf(subject), maxAppendSize: 1024, compressionLevel: 0, ...(streamPrefix === undefined ? {} : { streamPrefix }) });

/** A checkpoint store whose saves can be made to fail, before or after the checkpoint is kept. */
class FailingCheckpointStore implements CheckpointStore {
  saves = 0;
  failAt: { readonly save: number; readonly afterWrite: boolean } | null = null;
  constructor(private readonly inner: CheckpointStore) {}
  async save<M>(name: string, checkpoint: Checkpoint<M>): Promise<void> {
    this.saves++;
    const fail = this.failAt !== null && this.saves === this.failAt.save;
    if (fail && this.failAt?.afterWrite !== true) throw new Error(`killed before checkpoint save ${this.saves}`);
    await this.inner.save(name, checkpoint);
    if (fail) throw new Error(`killed after checkpoint save ${this.saves}`);
  }
  load<M>(name: string): Promise<Checkpoint<M> | undefined> {
    return this.inner.load<M>(name);
  }
  delete(name: string): Promise<void> {
    return this.inner.delete(name);
  }
}

// ------------------------------------------------------------------ kills

/** How one incarnation of the runner dies. */
type Kill =
  | { readonly kind: 'read'; readonly call: number; readonly fault: 'failBeforeWrite' | 'failAfterWrite' | 'timeout' }
  | { readonly kind: 'save'; readonly save: number; readonly afterWrite: boolean }
  /** The k-th append of the checkpoint store (a chunk or a manifest) fails, before or after it is stored. */
  | { readonly kind: 'checkpoint-append'; readonly append: number; readonly afterWrite: boolean };

const readOrSaveKill: fc.Arbitrary<Kill> = fc.oneof(
  fc.record({ kind: fc.constant('read' as const), call: fc.integer({ min: 1, max: 12 }), fault: fc.constantFrom('failBeforeWrite' as const, 'failAfterWrite' as const, 'timeout' as const) }),
  fc.record({ kind: fc.constant('save' as const), save: fc.integer({ min: 1, max: 12 }), afterWrite: fc.boolean() }),
);
const kill: fc.Arbitrary<Kill> = readOrSaveKill;
/** With checkpoints in the event store: also kills in the middle of a snapshot. */
const killInStore: fc.Arbitrary<Kill> = fc.oneof(
  readOrSaveKill,
  fc.record({ kind: fc.constant('checkpoint-append' as const), append: fc.integer({ min: 1, max: 30 }), afterWrite: fc.boolean() }),
);

const faultOf = (k: Extract<Kill, { kind: 'read' }>): Fault =>
  k.fault === 'failBeforeWrite' ? faults.failBeforeWrite() : k.fault === 'failAfterWrite' ? faults.failAfterWrite() : faults.timeout(0);

type CheckpointKind = 'in-memory checkpoints' | 'checkpoints in the event store';

const baselines = new Map<string, { model: JsonValue; processed: number }>();
const baseline = async (subject: Subject<unknown>, store: EventStore): Promise<{ model: JsonValue; processed: number }> => {
  const known = baselines.get(subject.name);
  if (known !== undefined) return known;
  const runner = new ProjectionRunner({ store, checkpoints: new InMemoryCheckpointStore(), projection: subject.projection() });
  const p = await runner.catchUp();
  const b = { model: subject.encode(runner.model()), processed: p.eventsProcessed };
  baselines.set(subject.name, b);
  return b;
};

/**
 * Runs one incarnation of the runner per kill (each dies as told), then one more without
 * faults, and checks the survivor's model, count and saved checkpoint against `expected`.
 * Returns how many incarnations died.
 */
const killThenResume = async (
  store: EventStore,
  base: CheckpointStore,
  subject: Subject<unknown>,
  kills: readonly Kill[],
  sizes: { readonly pageSize: number; readonly batchSize: number },
  expected: { readonly model: JsonValue; readonly processed: number },
  /** The store under `base` when it is an EventStoreCheckpointStore (for mid-snapshot kills). */
  checkpointWrites?: FaultInjectingEventStore,
): Promise<number> => {
  let killed = 0;
  const checkpoints = new FailingCheckpointStore(base);
  const incarnation = async (k: Kill | undefined): Promise<ProjectionRunner<unknown> | undefined> => {
    const faulty = new FaultInjectingEventStore(store);
    checkpoints.saves = 0;
    checkpoints.failAt = k?.kind === 'save' ? { save: k.save, afterWrite: k.afterWrite } : null;
    if (k?.kind === 'read') faulty.injectNext('readAll', ...Array.from({ length: k.call - 1 }, () => faults.delay(0)), faultOf(k));
    checkpointWrites?.clearScheduled();
    if (k?.kind === 'checkpoint-append') {
      if (checkpointWrites === undefined) throw new Error('a mid-snapshot kill needs checkpoints in the event store');
      checkpointWrites.injectNext('append', ...Array.from({ length: k.append - 1 }, () => faults.delay(0)), k.afterWrite ? faults.failAfterWrite() : faults.failBeforeWrite());
    }
    // saveSpacing 0: which saves happen depends on the batches only, not on this machine's speed.
    const runner = new ProjectionRunner({ store: faulty, checkpoints, projection: subject.projection(), ...sizes, saveSpacing: 0 });
    try {
      await runner.catchUp();
      return runner;
    } catch {
      killed++;
      return undefined; // killed: the runner and its unsaved progress are gone
    }
  };
  for (const k of kills) await incarnation(k);
  const survivor = await incarnation(undefined);
  if (survivor === undefined) throw new Error('the last runner was not killed and still failed');
  expect(subject.encode(survivor.model())).toEqual(expected.model);
  expect(survivor.progress().eventsProcessed).toBe(expected.processed);
  const saved = await base.load<unknown>(subject.projection().name);
  expect(saved === undefined ? undefined : subject.encode(saved.model)).toEqual(expected.model);
  return killed;
};

describe.each(SUBJECTS.flatMap((s) => (['in-memory checkpoints', 'checkpoints in the event store'] as const).map((c) => [s.name, c, s] as const)))(
  'the %s projection, %s',
  (_name, checkpointKind: CheckpointKind, subject: Subject<unknown>) => {
    let store: InMemoryEventStore;
    beforeAll(async () => {
      store = await storeWith();
    });

    it('killed at random points (store failing mid-read, checkpoint save failing before or after writing), then restarted, ends with the uninterrupted model', async () => {
      const expected = await baseline(subject, store);
      // The log has the corrupt event and enough events for several pages and batches.
      expect(expected.processed).toBeGreaterThan(60);
      let killed = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.array(checkpointKind === 'in-memory checkpoints' ? kill : killInStore, { minLength: 1, maxLength: 4 }),
          fc.integer({ min: 1, max: 13 }),
          fc.integer({ min: 1, max: 17 }),
          async (kills, pageSize, batchSize) => {
            if (checkpointKind === 'in-memory checkpoints') {
              killed += await killThenResume(store, new InMemoryCheckpointStore(), subject, kills, { pageSize, batchSize }, expected);
              return;
            }
            const writes = new FaultInjectingEventStore(store);
            const base = storeCheckpoints(writes, subject, `checkpoint-${uuidv4()}-`);
            killed += await killThenResume(store, base, subject, kills, { pageSize, batchSize }, expected, writes);
          },
        ),
        fcParams(15, 400),
      );
      expect(killed).toBeGreaterThan(0);
    });

    it('stopped at random points while following the log live, then restarted, ends with the uninterrupted model', async () => {
      const expected = await baseline(subject, store);
      await fc.assert(
        fc.asyncProperty(fc.array(fc.tuple(fc.integer({ min: 0, max: FEED.length }), fc.integer({ min: 0, max: 3 })), { minLength: 1, maxLength: 4 }), fc.integer({ min: 1, max: 9 }), async (cuts, batchSize) => {
          // A fresh store filled as the runner goes: it starts, follows part of the log, stops, restarts…
          const live = await storeWith(0);
          const checkpoints: CheckpointStore = checkpointKind === 'in-memory checkpoints' ? new InMemoryCheckpointStore() : storeCheckpoints(live, subject);
          let appended = 0;
          for (const [upTo, waits] of [...cuts].sort((a, b) => a[0] - b[0])) {
            const runner = new ProjectionRunner({ store: live, checkpoints, projection: subject.projection(), batchSize, flushIntervalMs: 1, saveSpacing: 0 });
            await runner.start();
            await appendFeed(live, appended, upTo);
            appended = Math.max(appended, upTo);
            for (let i = 0; i < waits; i++) await new Promise((resolve) => setTimeout(resolve, 1));
            await runner.stop(); // wherever it is: mid-batch, behind the log, or caught up
          }
          await appendFeed(live, appended, FEED.length);
          const last = new ProjectionRunner({ store: live, checkpoints, projection: subject.projection(), batchSize });
          await last.catchUp();
          expect(subject.encode(last.model())).toEqual(expected.model);
          expect(last.progress().eventsProcessed).toBe(expected.processed);
        }),
        fcParams(6, 200),
      );
    });
  },
);

describe('on EventStoreDB (the adapter over gRPC to the in-process server), checkpoints kept in EventStoreDB', () => {
  let server: FakeEventStoreDBServer;
  let store: EventStore & { close(): Promise<void> };
  beforeAll(async () => {
    server = await FakeEventStoreDBServer.start();
    store = storeOn(server);
    await appendFeed(store, 0, FEED.length);
  });
  afterAll(async () => {
    await store.close();
    await server.close();
  });

  // One projection (the SLA one) here: over gRPC each run costs seconds, the in-memory runs above cover the three.
  it.each(SUBJECTS.filter((s) => s.name === 'sla').map((s) => [s.name, s] as const))('the %s projection killed at random points, then restarted, ends with the uninterrupted model', async (_name, subject) => {
    const uninterrupted = new ProjectionRunner({ store, checkpoints: new InMemoryCheckpointStore(), projection: subject.projection() });
    const p = await uninterrupted.catchUp();
    const expected = { model: subject.encode(uninterrupted.model()), processed: p.eventsProcessed };
    expect(expected.processed).toBeGreaterThan(60);
    await fc.assert(
      fc.asyncProperty(fc.array(killInStore, { minLength: 1, maxLength: 3 }), fc.integer({ min: 10, max: 60 }), fc.integer({ min: 5, max: 40 }), async (kills, pageSize, batchSize) => {
        const writes = new FaultInjectingEventStore(store);
        await killThenResume(store, storeCheckpoints(writes, subject, `checkpoint-${uuidv4()}-`), subject, kills, { pageSize, batchSize }, expected, writes);
      }),
      fcParams(3, 100),
    );
  }, timeoutMs(120_000));
});

describe('resuming from a checkpoint left by the previous release (format 1)', () => {
  it.each(SUBJECTS.map((s) => [s.name, s] as const))('the %s projection resumes from it, folds only the rest of the log, ends with the uninterrupted model and saves format 2 after it', async (_name, subject) => {
    const expected = await baseline(subject, await storeWith());
    const half = Math.floor(FEED.length / 2);
    const store = await storeWith(half);
    const before = new ProjectionRunner({ store, checkpoints: new InMemoryCheckpointStore(), projection: subject.projection() });
    const progress = await before.catchUp();
    const projection = subject.projection();
    const checkpoints = storeCheckpoints(store, subject);
    const position = progress.position === null ? null : { commit: progress.position.commit.toString(), prepare: progress.position.prepare.toString() };
    // Exactly what release 0.1.0 appended: one event holding the model JSON.
    await store.appendToStream(checkpoints.streamName(projection.name), [
      { id: uuidv4(), type: 'ProjectionCheckpointSaved', data: { position, version: projection.version, eventsProcessed: progress.eventsProcessed, model: subject.encode(before.model()) }, metadata: { projection: projection.name } },
    ]);
    await appendFeed(store, half, FEED.length);
    let folded = 0;
    // Every event type handed to apply (none passed over), so that `folded` counts the whole rest of the log.
    const { eventTypes: _handled, ...readsEveryType } = projection;
    const resumed = new ProjectionRunner({ store, checkpoints, projection: { ...readsEveryType, apply: (m, e) => ((folded += 1), projection.apply(m, e)) } });
    const after = await resumed.catchUp();
    expect(subject.encode(resumed.model())).toEqual(expected.model);
    expect(after.eventsProcessed).toBe(expected.processed);
    expect(folded).toBe(expected.processed - progress.eventsProcessed);
    const [last] = await store.readStream(checkpoints.streamName(projection.name), { direction: 'backwards', maxCount: 1 });
    expect(last?.data).toMatchObject({ format: 2 });
  });
});

describe('the fixtures are what the tests need', () => {
  it('every projection’s checkpoint in the event store spans several chunks (so kills land between them)', async () => {
    const store = await storeWith();
    for (const subject of SUBJECTS) {
      const checkpoints = storeCheckpoints(store, subject, `fixture-${uuidv4()}-`);
      await new ProjectionRunner({ store, checkpoints, projection: subject.projection() }).catchUp();
      const events = await store.readStream(checkpoints.streamName(subject.projection().name));
      expect([subject.name, events.filter((e) => e.type === CHECKPOINT_CHUNK).length > 1]).toEqual([subject.name, true]);
    }
  });

  it('the log interleaves complaint streams, unrelated streams and one undecodable complaint event', async () => {
    const store = await storeWith();
    const all: RecordedEvent[] = await store.readAll();
    expect(all.length).toBe(FEED.length);
    expect(all.filter((e) => e.type === 'ComplaintTeleported')).toHaveLength(1);
    expect(new Set(all.filter((e) => e.streamName.startsWith('complaint-')).map((e) => e.streamName)).size).toBe(COMPLAINTS);
    const problems: string[] = [];
    await new ProjectionRunner({ store, checkpoints: new InMemoryCheckpointStore(), projection: trail(), onProblem: (p) => problems.push(`${p.streamName}@${p.revision}`) }).catchUp();
    expect(problems).toEqual([`${complaintStreamName(complaintId(3))}@2`]);
  });
});
