/**
 * Benchmark 2: rehydration — folding a 50-event stream from stored events (decode metadata,
 * upcast, decode data, fold: what the service does on every load) against the bound: a
 * hand-written `reduce(evolve)` over the same events already decoded. Two cases:
 *
 * - events as fresh JSON objects, as EventStoreDB or an import hands them over: every event
 *   is checked in full on every read (the target row);
 * - events read from the in-memory store, which hands out its own frozen objects: each is
 *   checked once and its verdict kept (see src/eventstore/inMemory/frozenEvents.ts).
 */
import { ComplaintService } from '../../src/application/complaintService';
import { decodeStream } from '../../src/stream/decodeStream';
import { complaintStreamName } from '../../src/stream/streams';
import { UpcasterRegistry } from '../../src/stream/upcasting';
import type { ComplaintEvent } from '../../src/domain/events';
import { evolve, fold } from '../../src/domain/evolve';
import { type ComplaintState, initialState } from '../../src/domain/state';
import { InMemoryEventStore } from '../../src/eventstore/inMemory/inMemoryEventStore';
import type { RecordedEvent } from '../../src/eventstore/port';
import { compare } from '../lib/harness';
import { type BenchContext, type Row, timedSeconds } from '../lib/report';
import { generateStories } from '../workload';

/** A stored stream of exactly `length` events written by the service (real envelopes). */
export const storedStream = async (length: number): Promise<RecordedEvent[]> => (await storedIn(length)).recorded;

/** The stream written by the service in an in-memory store: the store, the stream's name, its events as fresh JSON. */
const storedIn = async (length: number): Promise<{ store: InMemoryEventStore; name: string; recorded: RecordedEvent[] }> => {
  const [story] = generateStories({ count: 1, seed: 5, extraContacts: length });
  if (story === undefined) throw new Error('no story');
  let now = new Date(0);
  const store = new InMemoryEventStore();
  const service = new ComplaintService({ store, clock: () => now });
  for (const step of story.steps) {
    now = step.now;
    await service.handle(step.command, step.metadata);
  }
  const name = complaintStreamName(story.complaintId);
  const all = await store.readStream(name);
  // Keep the first `length` events; the stream as another process would read it (fresh JSON, as from a server).
  const recorded = all.slice(0, length).map((r) => ({ ...r, data: JSON.parse(JSON.stringify(r.data)), metadata: JSON.parse(JSON.stringify(r.metadata)) }));
  return { store, name, recorded };
};

export const rehydration = async (ctx: BenchContext): Promise<Row[]> => {
  const { store, name, recorded } = await storedIn(50);
  const upcasters = new UpcasterRegistry();
  const decoded = decodeStream(recorded, upcasters);
  if (decoded._tag === 'Left') throw new Error('stream does not decode');
  const events: ComplaintEvent[] = decoded.right.map((e) => e.event);
  const reps = 100;
  let sink: ComplaintState = initialState;
  const c = await compare(
    {
      name: 'decode + upcast + evolve',
      run: () => {
        for (let i = 0; i < reps; i++) {
          const d = decodeStream(recorded, upcasters);
          if (d._tag === 'Left') throw new Error('corrupted');
          sink = fold(d.right.map((e) => e.event));
        }
        return reps * recorded.length;
      },
    },
    {
      name: 'reduce(evolve) over decoded events',
      run: () => {
        for (let i = 0; i < reps; i++) sink = events.reduce(evolve, initialState);
        return reps * events.length;
      },
    },
    { samples: ctx.quick ? 5 : 15, warmup: ctx.quick ? 2 : 5, minSeconds: timedSeconds(ctx) },
  );
  // From the in-memory store: the read (fresh views of its frozen events) included.
  const length = recorded.length;
  const inMemory = await compare(
    {
      name: 'readStream + decodeStream + fold',
      run: async () => {
        for (let i = 0; i < reps; i++) {
          const d = decodeStream((await store.readStream(name)).slice(0, length), upcasters);
          if (d._tag === 'Left') throw new Error('corrupted');
          sink = fold(d.right.map((e) => e.event));
        }
        return reps * length;
      },
    },
    {
      name: 'reduce(evolve) over decoded events',
      run: () => {
        for (let i = 0; i < reps; i++) sink = events.reduce(evolve, initialState);
        return reps * events.length;
      },
    },
    { samples: ctx.quick ? 5 : 15, warmup: ctx.quick ? 2 : 5, minSeconds: timedSeconds(ctx) },
  );
  if (sink.status === 'none') throw new Error('nothing folded');
  return [
    {
      bench: '2. rehydration',
      case: `one ${recorded.length}-event stream as fresh JSON (EventStoreDB, imports), ${reps} folds per call`,
      subject: 'decodeStream + fold (service load path)',
      unit: 'events/s',
      result: c,
      reference: 'reduce(evolve) over decoded events',
      target: { ratio: 0.7 },
    },
    {
      bench: '2. rehydration',
      case: `the same stream read from the in-memory store (each event checked once, its verdict kept)`,
      subject: 'readStream + decodeStream + fold',
      unit: 'events/s',
      result: inMemory,
      reference: 'reduce(evolve) over decoded events',
    },
  ];
};
