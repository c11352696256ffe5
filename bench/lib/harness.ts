/**
 * A small, careful benchmark loop. Machines running these are shared and noisy, so every
 * figure is compared with a reference measured in the same run:
 *
 * - warm-up rounds of both sides first (JIT, caches), half a sample's time each, not recorded;
 * - then `samples` rounds; each round runs subject and reference back to back, in
 *   alternating order (AB, BA, AB, …), so a burst of load hits both sides alike;
 * - each timed sample is at least `minSeconds` of timed work (default 1 s): a side's
 *   prepare + run is repeated until its runs add up to that, and the sample's rate is all
 *   operations over all timed seconds. Short calls would be dominated by the state the
 *   previous call left (a young generation full of its garbage, a pending major GC);
 *   a second of work pays its own collections, as a running service does;
 * - no forced garbage collection before a timed call: a full GC before every ~50 ms call
 *   shrinks the heap and makes the call pay for growing it again (measured: both sides
 *   2.5–3× slower, and the ratio squeezed towards 1); memory is measured apart
 *   ({@link heapUsed});
 * - the ratio is the median of the per-round ratios (each round's two halves ran seconds
 *   apart at most), and the spread is the interquartile range relative to the median.
 */

/** One side of a comparison: a function that does `ops` operations per call. */
export interface Side {
  readonly name: string;
  /** Prepares a round (not timed): e.g. a fresh store. Returns the timed function. */
  readonly prepare?: () => Promise<unknown> | unknown;
  /** The timed work; returns how many operations it did (events, commands, queries). */
  readonly run: (prepared: unknown) => Promise<number> | number;
}

/** Statistics of a series of rates (ops/s). */
export interface Stats {
  readonly median: number;
  readonly min: number;
  readonly max: number;
  /** Interquartile range / median, in percent. */
  readonly spreadPct: number;
  readonly samples: number;
}

/** The outcome of a comparison. */
export interface Comparison {
  readonly subject: Stats;
  readonly reference: Stats;
  /** Median of the per-round ratios subject / reference (higher: subject faster). */
  readonly ratio: number;
  readonly ratioSpreadPct: number;
  /** Operations per call of the subject's run. */
  readonly ops: number;
}

const quantile = (sorted: readonly number[], q: number): number => {
  if (sorted.length === 0) return Number.NaN;
  const pos = (sorted.length - 1) * q;
  const lo = Math.floor(pos);
  const hi = Math.ceil(pos);
  const a = sorted[lo] ?? Number.NaN;
  const b = sorted[hi] ?? Number.NaN;
  return a + (b - a) * (pos - lo);
};

/** Median, range and IQR of values. */
export const stats = (values: readonly number[]): Stats => {
  const sorted = [...values].sort((a, b) => a - b);
  const median = quantile(sorted, 0.5);
  return {
    median,
    min: sorted[0] ?? Number.NaN,
    max: sorted[sorted.length - 1] ?? Number.NaN,
    spreadPct: median === 0 ? 0 : ((quantile(sorted, 0.75) - quantile(sorted, 0.25)) / median) * 100,
    samples: sorted.length,
  };
};

/** Options of {@link compare} and {@link measure}. */
export interface LoopOptions {
  readonly samples: number;
  readonly warmup: number;
  /** Least timed work per sample, in seconds: prepare + run repeat until the runs add up to it (default 1). */
  readonly minSeconds?: number;
}

/**
 * What a timed call is measured with: `'wall'` (elapsed time, the default) or `'cpu'` (the
 * process's CPU time, user + system, all its threads: on a machine shared with other work,
 * time spent waiting for a core is not counted, so figures vary far less with the load).
 */
export type Clock = 'wall' | 'cpu';
let clock: Clock = 'wall';
/** Chooses the clock of every later measurement. */
export const useClock = (c: Clock): void => {
  clock = c;
};
/** The clock in use. */
export const clockInUse = (): Clock => clock;

const now = (): number => {
  if (clock === 'wall') return Number(process.hrtime.bigint()) / 1e9;
  const { user, system } = process.cpuUsage();
  return (user + system) / 1e6;
};

/** Times one call of a side; answers [ops, seconds]. */
const timeOnce = async (side: Side): Promise<{ ops: number; seconds: number }> => {
  const prepared = side.prepare === undefined ? undefined : await side.prepare();
  const t0 = now();
  const ops = await side.run(prepared);
  const seconds = now() - t0;
  return { ops, seconds };
};

/** One sample: calls of a side until `minSeconds` of timed work; answers the totals (also run by an isolated side's process, see isolated.ts). */
export const sample = async (side: Side, minSeconds: number): Promise<{ ops: number; seconds: number; calls: number }> => {
  let ops = 0;
  let seconds = 0;
  let calls = 0;
  do {
    const once = await timeOnce(side);
    ops += once.ops;
    seconds += once.seconds;
    calls += 1;
  } while (seconds < minSeconds);
  return { ops, seconds, calls };
};

/** One timed sample of a side, wherever it runs (this process, or its own: isolated.ts). */
export type Sampler = (minSeconds: number) => Promise<{ ops: number; seconds: number; calls: number }>;

/**
 * The timed rounds of a comparison (after its warm-up): `samples` rounds of one sample per
 * side, in alternating order (AB, BA, …); the ratio is the median of the per-round ratios.
 */
export const timedRounds = async (subject: Sampler, reference: Sampler, samples: number, minSeconds: number): Promise<Comparison> => {
  const s: number[] = [];
  const r: number[] = [];
  const ratios: number[] = [];
  let ops = 0;
  for (let i = 0; i < samples; i++) {
    const [first, second] = i % 2 === 0 ? [subject, reference] : [reference, subject];
    const a = await first(minSeconds);
    const b = await second(minSeconds);
    const [sub, ref] = i % 2 === 0 ? [a, b] : [b, a];
    ops = sub.ops / sub.calls;
    s.push(sub.ops / sub.seconds);
    r.push(ref.ops / ref.seconds);
    ratios.push(sub.ops / sub.seconds / (ref.ops / ref.seconds));
  }
  const ratioStats = stats(ratios);
  return { subject: stats(s), reference: stats(r), ratio: ratioStats.median, ratioSpreadPct: ratioStats.spreadPct, ops };
};

/** Compares subject and reference, interleaved. */
export const compare = async (subject: Side, reference: Side, options: LoopOptions): Promise<Comparison> => {
  const minSeconds = options.minSeconds ?? 1;
  for (let i = 0; i < options.warmup; i++) {
    await sample(subject, minSeconds / 2);
    await sample(reference, minSeconds / 2);
  }
  return timedRounds((m) => sample(subject, m), (m) => sample(reference, m), options.samples, minSeconds);
};

/** Repeats a measurement and reports rate statistics. */
export const measure = async (side: Side, options: LoopOptions): Promise<Stats> => {
  const minSeconds = options.minSeconds ?? 1;
  for (let i = 0; i < options.warmup; i++) await sample(side, minSeconds / 2);
  const rates: number[] = [];
  for (let i = 0; i < options.samples; i++) {
    const { ops, seconds } = await sample(side, minSeconds);
    rates.push(ops / seconds);
  }
  return stats(rates);
};

/** Runs the garbage collector when node runs with --expose-gc (else does nothing). */
export const gc = (): void => {
  const g = (globalThis as { gc?: () => void }).gc;
  if (g !== undefined) g();
};

/** True when node runs with --expose-gc. */
export const canGc = (): boolean => typeof (globalThis as { gc?: unknown }).gc === 'function';

/** Heap used after a full collection (bytes). */
export const heapUsed = (): number => {
  gc();
  gc();
  return process.memoryUsage().heapUsed;
};

/** A short human number: 1.23 M, 45.6 k, 789. */
export const human = (n: number): string => {
  if (!Number.isFinite(n)) return String(n);
  const a = Math.abs(n);
  if (a >= 1e6) return `${(n / 1e6).toFixed(2)} M`;
  if (a >= 1e4) return `${(n / 1e3).toFixed(1)} k`;
  if (a >= 100) return n.toFixed(0);
  if (a >= 1) return n.toFixed(2);
  return n.toPrecision(3);
};

/** A short human byte count. */
export const bytes = (n: number): string => (Math.abs(n) >= 1 << 20 ? `${(n / (1 << 20)).toFixed(1)} MB` : `${(n / 1024).toFixed(1)} kB`);
