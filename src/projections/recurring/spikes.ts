/**
 * Spikes: periods in which a key's count was abnormally high against its own recent past
 * (a Poisson tail test against the mean of the previous periods).
 * @packageDocumentation
 */
import { toEpochDay } from '../../domain/policy/calendarDays';
import type { RecurringIssuesModel } from './model';
import { type DateRange, type IssuePeriod, periodIndex, periodLabel } from './periods';
import { type IssueDimension, cmp, keyOf } from './select';

/** A period in which a key's count was abnormally high against its own recent past. */
export interface Spike {
  readonly period: string;
  readonly key: string;
  readonly count: number;
  /** Mean count of the key over the `window` previous periods. */
  readonly baseline: number;
  /** P(X ≥ count) for X ~ Poisson(max(baseline, 0.5)). */
  readonly pValue: number;
}

/** Options of {@link spikes}. */
export interface SpikeOptions {
  readonly by: IssueDimension;
  readonly period: IssuePeriod;
  /** Periods examined (by local receipt date); the baseline may look before `from`. */
  readonly range: DateRange;
  /** Previous periods in the baseline (default 6). */
  readonly window?: number;
  /** Smallest count that can be a spike (default 3). */
  readonly minCount?: number;
  /** Largest p-value of a spike (default 0.01). */
  readonly alpha?: number;
}

/** P(X ≥ k) for X ~ Poisson(lambda). */
const poissonTail = (k: number, lambda: number): number => {
  let pmf = Math.exp(-lambda);
  let below = 0;
  for (let i = 0; i < k; i++) {
    below += pmf;
    pmf *= lambda / (i + 1);
  }
  return Math.max(0, 1 - below);
};

/**
 * Spikes. **Rule**: for each key and each period P in the range, the baseline λ is the
 * mean count of that key over the `window` periods before P (periods without complaints
 * count as 0; λ is floored at 0.5 so that a new cause needs several complaints to count).
 * P is a spike iff its count is at least `minCount` and P(X ≥ count) < `alpha` for
 * X ~ Poisson(λ): "this many would happen by chance less than 1 time in 100".
 */
export const spikes = (m: RecurringIssuesModel, options: SpikeOptions): Spike[] => {
  const window = options.window ?? 6;
  const minCount = options.minCount ?? 3;
  const alpha = options.alpha ?? 0.01;
  const first = periodIndex(toEpochDay(options.range.from), options.period);
  const last = periodIndex(toEpochDay(options.range.to) - 1, options.period);
  const byKey = new Map<string, Map<number, number>>();
  for (const r of m.records.values()) {
    if (r.requalified) continue;
    const p = periodIndex(r.receivedDay, options.period);
    if (p < first - window || p > last) continue;
    const key = keyOf(m, r, options.by);
    if (key === undefined) continue;
    let counts = byKey.get(key);
    if (counts === undefined) byKey.set(key, (counts = new Map()));
    counts.set(p, (counts.get(p) ?? 0) + 1);
  }
  const out: (Spike & { readonly index: number })[] = [];
  for (const [key, counts] of byKey)
    for (const [p, count] of counts) {
      if (p < first || count < minCount) continue;
      let sum = 0;
      for (let q = p - window; q < p; q++) sum += counts.get(q) ?? 0;
      const baseline = sum / window;
      const pValue = poissonTail(count, Math.max(baseline, 0.5));
      if (pValue < alpha) out.push({ index: p, period: periodLabel(p, options.period), key, count, baseline, pValue });
    }
  return out.sort((a, b) => a.index - b.index || cmp(a.key, b.key)).map(({ index: _index, ...s }) => s);
};
