/**
 * The polling queries of the SLA model: the deadlines overdue now and those falling due
 * soon, read from the due-time index (cost by results, not by open complaints).
 * @packageDocumentation
 */
import { localDate } from '../../domain/policy/deadlines';
import { defaultPolicy } from '../../domain/policy/policy';
import { type DueDeadline, dueDeadlines } from './dueOrder';
import { type SlaModel, dayOf, zoneOf } from './model';
import type { SlaRecord } from './record';
import { toMs } from './status';

/**
 * Pending deadlines overdue at `now` (`now ≥ dueAt`), earliest first. Uses the due-time
 * index: cost O(k log k) for k results, whatever the number of open complaints.
 */
export const overdueNow = (m: SlaModel, now: Date | string): DueDeadline[] => dueDeadlines(m, m.heap.below(toMs(now) + 1));

/**
 * Pending deadlines not yet overdue at `now` whose due date is at most `horizonDays` days
 * after the local date of `now` in the complaint's zone (the policy's warning horizon, 2,
 * by default), earliest first. Cost O(overdue + k log k): the index is read up to
 * `now + horizonDays + 2` days, then filtered exactly per zone.
 */
export const dueWithin = (m: SlaModel, now: Date | string, horizonDays: number = defaultPolicy.warningHorizonDays): DueDeadline[] => {
  const nowMs = toMs(now);
  const heap = m.heap;
  const localToday: number[] = [];
  const kept: number[] = [];
  for (const s of heap.below(nowMs + (horizonDays + 2) * 86_400_000)) {
    if (heap.dueAt(s) <= nowMs) continue;
    const r = m.list[heap.refAt(s) >> 2] as SlaRecord;
    let today = localToday[r.zone];
    if (today === undefined) {
      today = dayOf(localDate(new Date(nowMs), zoneOf(m, r)));
      localToday[r.zone] = today;
    }
    if (heap.tagAt(s) <= today + horizonDays) kept.push(s);
  }
  return dueDeadlines(m, kept);
};
