/**
 * Counts of the recurring-issues model: complaints per period and key, the Pareto of keys,
 * and requalified contacts per period (counted apart from complaints).
 * @packageDocumentation
 */
import type { RecurringIssuesModel } from './model';
import { type DateRange, type IssuePeriod, periodIndex, periodLabel } from './periods';
import { type IssueDimension, cmp, complaintsIn, inRange, keyOf } from './select';

/** A count of complaints of one key in one period. */
export interface PeriodCount {
  readonly period: string;
  readonly key: string;
  readonly count: number;
}

/** Complaints received per period and key, sorted by period then key (only non-zero counts). */
export const countsByPeriod = (m: RecurringIssuesModel, options: { readonly by: IssueDimension; readonly period: IssuePeriod; readonly range?: DateRange }): PeriodCount[] => {
  const counts = new Map<string, { period: number; key: string; count: number }>();
  for (const r of complaintsIn(m, options.range)) {
    const key = keyOf(m, r, options.by);
    if (key === undefined) continue;
    const period = periodIndex(r.receivedDay, options.period);
    const k = `${period}\u0000${key}`;
    const c = counts.get(k);
    if (c === undefined) counts.set(k, { period, key, count: 1 });
    else c.count += 1;
  }
  return [...counts.values()]
    .sort((a, b) => a.period - b.period || cmp(a.key, b.key))
    .map((c) => ({ period: periodLabel(c.period, options.period), key: c.key, count: c.count }));
};

/** One row of a Pareto table. */
export interface ParetoRow {
  readonly key: string;
  readonly count: number;
  readonly share: number;
  /** Share of this key and every key above it. */
  readonly cumulativeShare: number;
}

/** Keys by decreasing count (ties by name) with their share and cumulative share. */
export const pareto = (m: RecurringIssuesModel, options: { readonly by: IssueDimension; readonly range?: DateRange }): ParetoRow[] => {
  const counts = new Map<string, number>();
  let total = 0;
  for (const r of complaintsIn(m, options.range)) {
    const key = keyOf(m, r, options.by);
    if (key === undefined) continue;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    total += 1;
  }
  let cumulative = 0;
  return [...counts.entries()]
    .sort(([ka, a], [kb, b]) => b - a || cmp(ka, kb))
    .map(([key, count]) => {
      cumulative += count;
      return { key, count, share: count / total, cumulativeShare: cumulative / total };
    });
};

/** Requalified contacts (not complaints) per period of receipt, counted apart from complaints. */
export const requalifiedCounts = (m: RecurringIssuesModel, options: { readonly period: IssuePeriod; readonly range?: DateRange }): { readonly period: string; readonly count: number }[] => {
  const counts = new Map<number, number>();
  for (const r of m.records.values()) {
    if (!r.requalified || !inRange(r, options.range)) continue;
    const p = periodIndex(r.receivedDay, options.period);
    counts.set(p, (counts.get(p) ?? 0) + 1);
  }
  return [...counts.entries()].sort(([a], [b]) => a - b).map(([p, count]) => ({ period: periodLabel(p, options.period), count }));
};
