/**
 * Benchmark 2: rehydration — folding a 50-event stream from stored events (decode metadata,
 * upcast, decode data, evolve: what the service does on every load) against the bound: a
 * hand-written `reduce(evolve)` over the same events already decoded.
 */
import { ComplaintService } from '../../src/application/complaintService';
import { decodeStream } from '../../src/stream/decodeStream';
import { complaintStreamName } from '../../src/stream/streams';
import { UpcasterRegistry } from '../../src/stream/upcasting';
import type { ComplaintEvent } from '../../src/domain/events';
import { evolve, fold } from '../../src/domain/evolve';
import { type ComplaintState, initialState } from '../../src/domain/state';
import { InMemoryEventStore } from '../../src/eventstore/inMemoryEventStore';
import type { RecordedEvent } from '../../src/eventstore/port';
import { compare } from '../lib/harness';
import { type BenchContext, type Row, timedSeconds } from '../lib/report';
import { generateStories } from '../workload';

/** A stored stream of exactly `length` events written by the service (real envelopes). */
export const storedStream = async (length: number): Promise<RecordedEvent[]> => {
  const [story] = generateStories({ count: 1, seed: 5, extraContacts: length });
  if (story === undefined) throw new Error('no story');
  let now = new Date(0);
  const store = new InMemoryEventStore();
  const service = new ComplaintService({ store, clock: () => now });
  for (const step of story.steps) {
    now = step.now;
    await service.handle(step.command, step.metadata);
  }
  const all = await store.readStream(complaintStreamName(story.complaintId));
  // Keep the first `length` events; the stream as another process would read it (fresh JSON, as from a server).
  return all.slice(0, length).map((r) => ({ ...r, data: JSON.parse(JSON.stringify(r.data)), metadata: JSON.parse(JSON.stringify(r.metadata)) }));
};

export const rehydration = async (ctx: BenchContext): Promise<Row[]> => {
  const recorded = await storedStream(50);
  const upcasters = new UpcasterRegistry();
  const decoded = decodeStream(recorded, upcasters);
  if (decoded._tag === 'Left') throw new Error('stream does not decode');
  const events: ComplaintEvent[] = decoded.right.map((e) => e.event);
  const reps = ctx.quick ? 200 : 2000;
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
  if (sink.status === 'none') throw new Error('nothing folded');
  return [
    {
      bench: '2. rehydration',
      case: `one ${recorded.length}-event stream, ${reps} folds per sample`,
      subject: 'decodeStream + fold (service load path)',
      unit: 'events/s',
      result: c,
      reference: 'reduce(evolve) over decoded events',
      target: { ratio: 0.7 },
    },
  ];
};
