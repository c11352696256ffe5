/**
 * Over the in-memory store, the runner reads the log in place and folds each event's kept
 * verdict (src/eventstore/inMemory/storedReads.ts, `decodeKept`) instead of decoding a fresh
 * view per event. What it folds, reports and saves must not depend on that: the same runner
 * over the same store behind a decorator (which reads through `readAll`, as every other store)
 * must end with the same model, progress, problems and checkpoints.
 */
import * as fc from 'fast-check';
import { COMPLAINT_EVENT_TYPES } from '../../src/domain/events';
import type { StoredComplaintEvent } from '../../src/stream/decodeStream';
import { InMemoryEventStore } from '../../src/eventstore/inMemory/inMemoryEventStore';
import type { EventStore, JsonObject } from '../../src/eventstore/port';
import { type Checkpoint, InMemoryCheckpointStore } from '../../src/projections/checkpointStore';
import type { Projection } from '../../src/projections/projection';
import { encodeRecurringIssues, recurringIssuesProjection } from '../../src/projections/recurring';
import { ProjectionRunner } from '../../src/projections/runner';
import { encodeSla, slaProjection } from '../../src/projections/sla';
import { ForwardingStore } from '../application/harness';
import { cmd, history } from '../domain/spec';
import { appendHistory, complaintUuid } from './fixtures';
import { arbStory, build } from './stories';

const json = (v: unknown): string => JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? `${x}n` : x));

interface Seen {
  /** Every event folded, as JSON (its own keys, createdAt included). */
  events: string[];
  sla: ReturnType<typeof slaProjection>['initial'] extends () => infer M ? M : never;
  issues: ReturnType<typeof recurringIssuesProjection>['initial'] extends () => infer M ? M : never;
}

/**
 * Records every event it folds and folds both built-in models; passes client contacts over
 * (`eventTypes`) and throws on recategorisations (an apply-failed problem).
 */
const recording = (): Projection<Seen> => {
  const sla = slaProjection();
  const issues = recurringIssuesProjection();
  return {
    name: 'recording',
    version: 1,
    eventTypes: COMPLAINT_EVENT_TYPES.filter((t) => t !== 'ComplaintClientContacted'),
    initial: () => ({ events: [], sla: sla.initial(), issues: issues.initial() }),
    apply: (m, e: StoredComplaintEvent) => {
      if (e.event.type === 'ComplaintRecategorised') throw new Error(`no recategorisation here (${e.streamName})`);
      m.events.push(json({ ...e }));
      m.sla = sla.apply(m.sla, e);
      m.issues = issues.apply(m.issues, e);
      return m;
    },
    clone: (m) => ({ events: [...m.events], sla: sla.clone(m.sla), issues: issues.clone(m.issues) }),
  };
};

/** Checkpoints as saved, one after the other. */
class SavedCheckpoints extends InMemoryCheckpointStore {
  readonly saved: string[] = [];
  override async save<M>(name: string, checkpoint: Checkpoint<M>): Promise<void> {
    const m = checkpoint.model as Seen;
    this.saved.push(json({ position: checkpoint.position, processed: checkpoint.eventsProcessed, events: m.events.length, sla: encodeSla(m.sla), issues: encodeRecurringIssues(m.issues) }));
    return super.save(name, checkpoint);
  }
}

let ids = 0;
const eventId = (): string => `40000000-0000-4000-8000-${String(++ids).padStart(12, '0')}`;

/** A corrupt event, an unknown complaint event type or an unrelated stream's event, after complaint `i`'s history. */
const extra = async (store: EventStore, i: number, kind: number, metadata: JsonObject): Promise<void> => {
  const stream = `complaint-${complaintUuid(i)}`;
  if (kind === 1) await store.appendToStream(stream, [{ id: eventId(), type: 'ComplaintClosed', data: { closedAt: 'yesterday' }, metadata }]);
  if (kind === 2) await store.appendToStream(stream, [{ id: eventId(), type: 'ComplaintTeleported', data: {}, metadata }]);
  if (kind === 3) await store.appendToStream(`other-${i}`, [{ id: eventId(), type: 'Unrelated', data: {}, metadata: {} }]);
};

const arbLog = fc.array(fc.record({ story: arbStory, extra: fc.nat(4) }), { minLength: 1, maxLength: 6 });

/** Appends each entry's story as complaint `from + k`, then its extra event. */
const fill = async (store: EventStore, log: ReadonlyArray<{ story: Parameters<typeof build>[0]; extra: number }>, from: number): Promise<void> => {
  for (const [k, entry] of log.entries()) {
    const i = from + k;
    await appendHistory(store, complaintUuid(i), build(entry.story));
    const [received] = await store.readStream(`complaint-${complaintUuid(i)}`);
    await extra(store, i, entry.extra, (received?.metadata ?? {}) as JsonObject);
  }
};

const run = async (store: EventStore, checkpoints: SavedCheckpoints, pageSize: number, batchSize: number) => {
  const runner = new ProjectionRunner({ store, checkpoints, projection: recording(), pageSize, batchSize, saveSpacing: 0 });
  const progress = await runner.catchUp();
  const m = runner.model();
  return {
    progress,
    problems: runner.problems(),
    model: { events: m.events, sla: encodeSla(m.sla), issues: encodeRecurringIssues(m.issues) },
  };
};

describe('the runner over the in-memory store, reading its log in place', () => {
  it('folds, reports, saves and resumes exactly as over the same store read through readAll', async () => {
    await fc.assert(
      fc.asyncProperty(arbLog, arbLog, fc.integer({ min: 1, max: 7 }), fc.integer({ min: 1, max: 5 }), fc.boolean(), async (first, later, pageSize, batchSize, inPlaceFirst) => {
        const store = new InMemoryEventStore();
        await fill(store, first, 0);
        const decorated = new ForwardingStore(store);
        const inPlace = new SavedCheckpoints();
        const viaReadAll = new SavedCheckpoints();
        // Whichever reads first checks each event; the other then reads the verdicts it kept.
        const order: ReadonlyArray<[EventStore, SavedCheckpoints]> = inPlaceFirst ? [[store, inPlace], [decorated, viaReadAll]] : [[decorated, viaReadAll], [store, inPlace]];
        for (const round of [0, 1]) {
          if (round === 1) await fill(store, later, first.length);
          const results = [];
          for (const [s, c] of order) results.push(await run(s, c, pageSize, batchSize));
          const [a, b] = results;
          expect(a?.progress).toEqual(b?.progress);
          expect(a?.problems).toEqual(b?.problems);
          expect(a?.model).toEqual(b?.model);
        }
        expect(inPlace.saved).toEqual(viaReadAll.saved);
        expect(inPlace.saved.length).toBeGreaterThan(0);
      }),
      { numRuns: 40 },
    );
  });

  it('a fold that tries to change the events it is given changes nothing the next reader gets', async () => {
    const store = new InMemoryEventStore({ clock: () => new Date('2022-01-10T15:00:00Z') });
    await appendHistory(store, complaintUuid(1), history({ command: cmd.receive(), now: '2022-01-10T16:00:00+01:00' }, { command: cmd.acknowledge(), now: '2022-01-11T10:00:00+01:00' }));
    const vandal: Projection<number> = {
      name: 'vandal',
      version: 1,
      initial: () => 0,
      apply: (n, e) => {
        e.createdAt.setTime(0);
        const writable = e as { -readonly [K in keyof StoredComplaintEvent]: StoredComplaintEvent[K] };
        try {
          writable.streamName = 'complaint-someone-else';
        } catch {
          // frozen: refused in strict mode
        }
        return n + 1;
      },
      clone: (n) => n,
    };
    await new ProjectionRunner({ store, checkpoints: new InMemoryCheckpointStore(), projection: vandal }).catchUp();
    const dates: string[] = [];
    const streams: string[] = [];
    const reader: Projection<number> = {
      name: 'reader',
      version: 1,
      initial: () => 0,
      apply: (n, e) => {
        dates.push(e.createdAt.toISOString());
        streams.push(e.streamName);
        return n + 1;
      },
      clone: (n) => n,
    };
    await new ProjectionRunner({ store, checkpoints: new InMemoryCheckpointStore(), projection: reader }).catchUp();
    expect(dates).toEqual(['2022-01-10T15:00:00.000Z', '2022-01-10T15:00:00.000Z']);
    expect(streams).toEqual([`complaint-${complaintUuid(1)}`, `complaint-${complaintUuid(1)}`]);
  });
});
