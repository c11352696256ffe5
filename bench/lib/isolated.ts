/**
 * Comparisons with **each side in its own process**: for benchmarks that compare two
 * libraries (the service against Emmett), so that neither runs on a heap or JIT state the
 * other shaped. In one process the two share the young generation's sizing, the inline
 * caches and type feedback of the code both call (decide, evolve, the decoders) and each
 * other's pending collections; measured on benchmark 1, that moved a side's rate by 5–20 %
 * depending on what ran beside it (see docs/performance.md, "How it measures").
 *
 * The protocol is the harness's (warm-up rounds, then rounds of one sample per side of at
 * least `minSeconds`, AB/BA order, median of per-round ratios); only where a sample runs
 * changes, and the warm-up: at least two seconds per side, since each process starts cold. Each side is a long-lived child process (so it stays warm between its samples)
 * started with the parent's node flags and clock; only one child works at a time, the other
 * waits for its next request, so the two never compete for a core. A child times its own
 * sample with its own clock (elapsed, or its own CPU time with `--cpu`).
 *
 * A side is named by a module and the name of a factory it exports; the factory gets the
 * JSON arguments given here and returns a {@link Side}. Workloads are seeded, so both
 * children build the same commands from the same arguments.
 */
import { fork, type ChildProcess } from 'node:child_process';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Comparison, type LoopOptions, clockInUse, timedRounds } from './harness';

/** Where an isolated side comes from: `module` (absolute path) exports `factory(...args)` returning a `Side`. */
export interface IsolatedSide {
  readonly name: string;
  readonly module: string;
  readonly factory: string;
  readonly args: readonly unknown[];
}

/** What a child answers for one sample. */
interface SampleAnswer {
  readonly ops: number;
  readonly seconds: number;
  readonly calls: number;
}

type Reply = { readonly ok: true; readonly sample?: SampleAnswer } | { readonly ok: false; readonly error: string };

const WORKER = path.join(path.dirname(fileURLToPath(import.meta.url)), 'isolatedWorker.ts');

/** One child process running one side. */
class SideProcess {
  private readonly child: ChildProcess;
  private pending: ((reply: Reply) => void) | undefined;

  constructor(readonly side: IsolatedSide) {
    this.child = fork(WORKER, [], { execArgv: process.execArgv, env: { ...process.env, COMPLAINTS_BENCH_CHILD: '1' }, stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    this.child.on('message', (reply: Reply) => {
      const resolve = this.pending;
      this.pending = undefined;
      resolve?.(reply);
    });
    this.child.on('exit', (code) => {
      const resolve = this.pending;
      this.pending = undefined;
      resolve?.({ ok: false, error: `the process of ${side.name} exited with code ${String(code)}` });
    });
  }

  private ask(message: object): Promise<SampleAnswer | undefined> {
    return new Promise((resolve, reject) => {
      this.pending = (reply) => (reply.ok ? resolve(reply.sample) : reject(new Error(`${this.side.name}: ${reply.error}`)));
      this.child.send(message);
    });
  }

  async start(): Promise<void> {
    await this.ask({ kind: 'load', side: this.side, clock: clockInUse() });
  }

  async sample(minSeconds: number): Promise<SampleAnswer> {
    const answer = await this.ask({ kind: 'sample', minSeconds });
    if (answer === undefined) throw new Error(`${this.side.name}: no sample in the answer`);
    return answer;
  }

  stop(): void {
    this.child.kill();
  }
}

/** {@link compare}, with each side in its own process (see the module docs). */
export const compareIsolated = async (subject: IsolatedSide, reference: IsolatedSide, options: LoopOptions): Promise<Comparison> => {
  const minSeconds = options.minSeconds ?? 1;
  const a = new SideProcess(subject);
  const b = new SideProcess(reference);
  try {
    await a.start();
    await b.start();
    // A fresh process must first reach its optimised code on its own (measured: Emmett's
    // rate climbs for 1–2 s after start), so each side warms up for at least two seconds.
    const warmRounds = Math.max(options.warmup, Math.ceil(2 / minSeconds));
    for (let i = 0; i < warmRounds; i++) {
      await a.sample(minSeconds);
      await b.sample(minSeconds);
    }
    return await timedRounds((m) => a.sample(m), (m) => b.sample(m), options.samples, minSeconds);
  } finally {
    a.stop();
    b.stop();
  }
};
