/**
 * Open complaints by age against their deadlines, from the SLA model: a complaint is open
 * when it is neither closed nor requalified; its age is the number of local days from its
 * receipt date to the local date of `now`; it is **overdue** when one of its pending
 * deadlines fell due by `now`, **within deadline** when it has pending deadlines none of
 * which is due yet, and has **no deadline pending** otherwise (answered, or appeal decided,
 * and not closed yet). As the other SLA queries, it reads the model as folded: fold it up to
 * `now` (the command line folds the events recorded by then).
 */
import { localDate } from '../domain/policy/deadlines';
import { toEpochDay } from '../domain/policy/calendarDays';
import { defaultPolicy } from '../domain/policy/policy';
import { SLA_FLAGS, SLA_STAGES, type SlaModel } from './sla';

/** Age buckets, in days since the local receipt date: `[min, max]`, `max` null for "and more". */
export const AGE_BUCKETS: readonly { readonly label: string; readonly min: number; readonly max: number | null }[] = [
  { label: '0-7', min: 0, max: 7 },
  { label: '8-15', min: 8, max: 15 },
  { label: '16-30', min: 16, max: 30 },
  { label: '31-60', min: 31, max: 60 },
  { label: '61-90', min: 61, max: 90 },
  { label: '90+', min: 91, max: null },
];

/** Open complaints of one age bucket. */
export interface OpenAgeBucket {
  /** `0-7`, `8-15`, `16-30`, `31-60`, `61-90`, `90+` (days since the local receipt date). */
  readonly age: string;
  readonly withinDeadline: number;
  readonly overdue: number;
  readonly noDeadlinePending: number;
  readonly total: number;
}

/** Open complaints at `now` by age bucket ({@link AGE_BUCKETS}), every bucket listed. */
export const openComplaintsByAge = (m: SlaModel, now: Date | string): OpenAgeBucket[] => {
  const nowMs = typeof now === 'string' ? Date.parse(now) : now.getTime();
  const counts = AGE_BUCKETS.map(() => ({ withinDeadline: 0, overdue: 0, noDeadlinePending: 0 }));
  const todayByZone = new Map<string, number>();
  for (const r of m.list) {
    const stage = r.flags & SLA_FLAGS.stageMask;
    if (stage === SLA_STAGES.closed || stage === SLA_STAGES.requalified || r.receivedMs > nowMs) continue;
    const zone = m.zones[r.zone] ?? defaultPolicy.timeZone;
    let today = todayByZone.get(zone);
    if (today === undefined) todayByZone.set(zone, (today = toEpochDay(localDate(new Date(nowMs), zone))));
    const age = Math.max(0, today - r.receivedDay);
    const bucket = AGE_BUCKETS.findIndex((b) => age >= b.min && (b.max === null || age <= b.max));
    const c = counts[bucket];
    if (c === undefined) continue;
    let pending = 0;
    let overdue = false;
    for (let k = 0; k < 4; k++) {
      const due = m.heap.dueOf(r.ix * 4 + k);
      if (Number.isNaN(due)) continue;
      pending += 1;
      if (due <= nowMs) overdue = true;
    }
    if (overdue) c.overdue += 1;
    else if (pending > 0) c.withinDeadline += 1;
    else c.noDeadlinePending += 1;
  }
  return AGE_BUCKETS.map((b, i) => {
    const c = counts[i] ?? { withinDeadline: 0, overdue: 0, noDeadlinePending: 0 };
    return { age: b.label, ...c, total: c.withinDeadline + c.overdue + c.noDeadlinePending };
  });
};
