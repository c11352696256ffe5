/**
 * Benchmark 1: command handling on the in-memory store (decode, load, fold, decide, append)
 * — the ComplaintService against Emmett 0.42's CommandHandler on its in-memory event store,
 * both running the library's decide/evolve with command decoding on, on the same commands.
 */
import { fileURLToPath } from 'node:url';
import { CommandHandler, getInMemoryEventStore } from '@event-driven-io/emmett';
import { ComplaintService } from '../../src/application/complaintService';
import { complaintStreamName } from '../../src/stream/streams';
import { InMemoryEventStore } from '../../src/eventstore/inMemory/inMemoryEventStore';
import { emmettCommand, emmettEvolve, emmettInitialState } from '../emmettDecider';
import { compare, type Side } from '../lib/harness';
import { type IsolatedSide, compareIsolated } from '../lib/isolated';
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

/** A seeded workload of benchmark 1, as both processes of an isolated comparison build it. */
export interface WorkloadSpec {
  readonly count: number;
  readonly seed: number;
  readonly extraContacts?: number;
}

const stepsOf = (w: WorkloadSpec): Step[] => interleave(generateStories(w));

/** The service's side (for an isolated comparison's process). */
export const serviceSide = (w: WorkloadSpec, options: { stateCache?: number; optimisticAppend?: boolean } = {}): Side => {
  const steps = stepsOf(w);
  return { name: 'ComplaintService', run: () => runService(steps, options) };
};

/** Emmett's side (for an isolated comparison's process). */
export const emmettSide = (w: WorkloadSpec): Side => {
  const steps = stepsOf(w);
  return { name: 'Emmett CommandHandler', run: () => runEmmett(steps) };
};

const isolated = (name: string, factory: 'serviceSide' | 'emmettSide', ...args: readonly unknown[]): IsolatedSide => ({
  name,
  module: fileURLToPath(import.meta.url),
  factory,
  args,
});

export const commandThroughput = async (ctx: BenchContext): Promise<Row[]> => {
  const rows: Row[] = [];
  const workloads = [
    { label: 'mixed stories', spec: { count: ctx.quick ? 40 : 300, seed: 11 }, target: 1.2 },
    { label: 'long streams (≈47 events)', spec: { count: ctx.quick ? 4 : 30, seed: 12, extraContacts: 40 }, target: 1.5 },
  ];
  const reference = 'Emmett 0.42 CommandHandler + in-memory store';
  for (const w of workloads) {
    const stories = generateStories(w.spec);
    const steps = interleave(stories);
    const events = stories.reduce((n, s) => n + s.events.length, 0);
    const options = { samples: ctx.quick ? 3 : 10, warmup: ctx.quick ? 1 : 3, minSeconds: timedSeconds(ctx) };
    const emmett = isolated('Emmett CommandHandler', 'emmettSide', w.spec);
    // The target rows: each library in its own process (see bench/lib/isolated.ts).
    const c = await compareIsolated(isolated('ComplaintService', 'serviceSide', w.spec), emmett, options);
    rows.push({
      bench: '1. commands, in-memory',
      case: `${w.label}: ${stories.length} complaints, ${steps.length} commands, ${events} events`,
      subject: 'ComplaintService',
      unit: 'commands/s',
      result: c,
      reference,
      target: { ratio: w.target },
    });
    if (!ctx.quick || ctx.filter !== undefined) {
      // The same comparison with both libraries in this one process, as before: shown for
      // the difference the shared heap and JIT state make.
      const together = await compare(
        { name: 'ComplaintService', run: () => runService(steps) },
        { name: 'Emmett CommandHandler', run: () => runEmmett(steps) },
        options,
      );
      rows.push({ bench: '1. commands, in-memory', case: `${w.label}, both in one process`, subject: 'ComplaintService', unit: 'commands/s', result: together, reference });
      const reading = await compareIsolated(isolated('ComplaintService, optimisticAppend off', 'serviceSide', w.spec, { optimisticAppend: false }), emmett, options);
      rows.push({
        bench: '1. commands, in-memory',
        case: `${w.label}, optimisticAppend off (reads the tail before deciding)`,
        subject: 'ComplaintService (optimisticAppend: false)',
        unit: 'commands/s',
        result: reading,
        reference,
      });
      const off = await compareIsolated(isolated('ComplaintService, stateCache 0', 'serviceSide', w.spec, { stateCache: 0 }), emmett, options);
      rows.push({ bench: '1. commands, in-memory', case: `${w.label}, state cache off`, subject: 'ComplaintService (stateCache: 0)', unit: 'commands/s', result: off, reference });
    }
  }
  return rows;
};
