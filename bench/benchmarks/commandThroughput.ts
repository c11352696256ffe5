/**
 * Benchmark 1: command handling on the in-memory store (decode, load, fold, decide, append)
 * — the ComplaintService against Emmett 0.42's CommandHandler on its in-memory event store,
 * both running the library's decide/evolve with command decoding on, on the same commands.
 */
import { CommandHandler, getInMemoryEventStore } from '@event-driven-io/emmett';
import { ComplaintService } from '../../src/application/complaintService';
import { complaintStreamName } from '../../src/stream/streams';
import { InMemoryEventStore } from '../../src/eventstore/inMemory/inMemoryEventStore';
import { emmettCommand, emmettEvolve, emmettInitialState } from '../emmettDecider';
import { compare } from '../lib/harness';
import { type BenchContext, type Row, timedSeconds } from '../lib/report';
import { type Step, generateStories, interleave } from '../workload';

/** Runs the steps through a fresh ComplaintService on a fresh in-memory store. */
export const runService = async (steps: readonly Step[], options: { stateCache?: number; optimisticAppend?: boolean } = {}): Promise<number> => {
  let now = new Date(0);
  const service = new ComplaintService({ store: new InMemoryEventStore(), clock: () => now, ...options });
  for (const step of steps) {
    now = step.now;
    await service.handle(step.command, step.metadata);
  }
  return steps.length;
};

/** Runs the steps through Emmett's CommandHandler on a fresh Emmett in-memory store. */
export const runEmmett = async (steps: readonly Step[]): Promise<number> => {
  const store = getInMemoryEventStore();
  const handle = CommandHandler({ evolve: emmettEvolve, initialState: emmettInitialState, mapToStreamId: complaintStreamName });
  for (const step of steps) {
    const { id, handle: decideIt } = emmettCommand(step);
    await handle(store, id, decideIt);
  }
  return steps.length;
};

export const commandThroughput = async (ctx: BenchContext): Promise<Row[]> => {
  const rows: Row[] = [];
  const workloads = [
    { label: 'mixed stories', stories: generateStories({ count: ctx.quick ? 40 : 300, seed: 11 }), target: 1.2 },
    { label: 'long streams (≈47 events)', stories: generateStories({ count: ctx.quick ? 4 : 30, seed: 12, extraContacts: 40 }), target: 1.5 },
  ];
  for (const w of workloads) {
    const steps = interleave(w.stories);
    const events = w.stories.reduce((n, s) => n + s.events.length, 0);
    const options = { samples: ctx.quick ? 3 : 10, warmup: ctx.quick ? 1 : 3, minSeconds: timedSeconds(ctx) };
    const c = await compare(
      { name: 'ComplaintService', run: () => runService(steps) },
      { name: 'Emmett CommandHandler', run: () => runEmmett(steps) },
      options,
    );
    rows.push({
      bench: '1. commands, in-memory',
      case: `${w.label}: ${w.stories.length} complaints, ${steps.length} commands, ${events} events`,
      subject: 'ComplaintService',
      unit: 'commands/s',
      result: c,
      reference: 'Emmett 0.42 CommandHandler + in-memory store',
      target: { ratio: w.target },
    });
    if (!ctx.quick || ctx.filter !== undefined) {
      const reading = await compare(
        { name: 'ComplaintService, optimisticAppend off', run: () => runService(steps, { optimisticAppend: false }) },
        { name: 'Emmett CommandHandler', run: () => runEmmett(steps) },
        options,
      );
      rows.push({
        bench: '1. commands, in-memory',
        case: `${w.label}, optimisticAppend off (reads the tail before deciding)`,
        subject: 'ComplaintService (optimisticAppend: false)',
        unit: 'commands/s',
        result: reading,
        reference: 'Emmett 0.42 CommandHandler + in-memory store',
      });
      const off = await compare(
        { name: 'ComplaintService, stateCache 0', run: () => runService(steps, { stateCache: 0 }) },
        { name: 'Emmett CommandHandler', run: () => runEmmett(steps) },
        options,
      );
      rows.push({
        bench: '1. commands, in-memory',
        case: `${w.label}, state cache off`,
        subject: 'ComplaintService (stateCache: 0)',
        unit: 'commands/s',
        result: off,
        reference: 'Emmett 0.42 CommandHandler + in-memory store',
      });
    }
  }
  return rows;
};
