/**
 * Breaches of a period: the deadlines whose due day ended in it without their act, and the
 * late delay notices of it — a report that scans every complaint.
 * @packageDocumentation
 */
import { fromEpochDay } from '../../domain/policy/calendarDays';
import type { CalendarDate } from '../../domain/primitives';
import type { DeadlineKind } from '../../domain/vocabulary';
import { type SlaModel, dueMsOf } from './model';
import { NONE, kindName } from './record';
import { outcomes, toMs } from './status';

/** A deadline not met by its due instant. */
export interface Breach {
  readonly complaintId: string;
  readonly deadline: DeadlineKind | 'late_delay_notice';
  readonly due: CalendarDate;
  readonly dueAt: Date;
  /** When the act finally happened (late), if it did. */
  readonly doneAt?: Date;
}

/**
 * Deadlines whose due day ended in the period — due instant in `(from, to]`, so that a
 * deadline dated 31 March (falling due at 1 April 00:00 local) is a breach of March when
 * the period is `[1 March 00:00, 1 April 00:00)` — without their act by then: missed
 * outright, done late, or still pending at `to`. Plus late delay notices whose postponed
 * date ended in the period. Sorted by due instant. Scans every complaint (a report, not a
 * poll). Judged at `to`: give a `to` no later than now.
 */
export const breachesIn = (m: SlaModel, from: Date | string, to: Date | string): Breach[] => {
  const fromMs = toMs(from);
  const toMsValue = toMs(to);
  const out: Breach[] = [];
  for (const r of m.records.values()) {
    for (const o of outcomes(m, r, toMsValue)) {
      if (o.status !== 'missed' || o.dueMs <= fromMs || o.dueMs > toMsValue) continue;
      out.push({
        complaintId: r.complaintId,
        deadline: kindName(o.kind),
        due: fromEpochDay(o.day),
        dueAt: new Date(o.dueMs),
        ...(Number.isNaN(o.doneMs) || o.doneMs >= toMsValue ? {} : { doneAt: new Date(o.doneMs) }),
      });
    }
    const late = r.lateNotices;
    if (late !== undefined)
      for (let i = 0; i + 1 < late.length; i += 2) {
        const day = late[i + 1] ?? NONE;
        const dueMs = dueMsOf(m, r, day);
        if (dueMs <= fromMs || dueMs > toMsValue) continue;
        out.push({ complaintId: r.complaintId, deadline: 'late_delay_notice', due: fromEpochDay(day), dueAt: new Date(dueMs), doneAt: new Date(late[i] ?? dueMs) });
      }
  }
  return out.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || (a.complaintId < b.complaintId ? -1 : a.complaintId > b.complaintId ? 1 : 0));
};
