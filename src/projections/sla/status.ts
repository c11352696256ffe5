/**
 * The status of each deadline of a complaint at a given instant — met, missed, waived,
 * pending or void — as the SLA rules define it (see the `sla` module's overview), and the
 * query that lists them for one complaint.
 * @packageDocumentation
 */
import { fromEpochDay } from '../../domain/policy/calendarDays';
import { CalendarDate, Instant } from '../../domain/primitives';
import type { DeadlineKind } from '../../domain/vocabulary';
import { type SlaModel, dueMsOf } from './model';
import { ACK, ANSWER, APPEAL, NONE, REQUALIFIED, SLA_FLAGS, type SlaRecord, URGENCY, flag, kindName, pendingDays, stageOf } from './record';

/** The status of one deadline at a given `now`. */
export type DeadlineStatus = 'met' | 'missed' | 'waived' | 'pending' | 'void';

/** One deadline of a complaint and its status. */
export interface SlaDeadline {
  readonly deadline: DeadlineKind;
  readonly due: CalendarDate;
  readonly dueAt: Date;
  readonly status: DeadlineStatus;
  /** When the act happened (acknowledged, answered, decided), if it did. */
  readonly doneAt?: Date;
}

/** One deadline of a record, judged. */
export interface Outcome {
  readonly kind: number;
  readonly day: number;
  readonly dueMs: number;
  readonly status: DeadlineStatus;
  readonly doneMs: number;
  /** When the status became final: the act, the answer that waived it, or the stop (NaN while pending). */
  readonly decidedMs: number;
}

/**
 * Status of each deadline of a record at `nowMs`. Requalified records have none, unless
 * `asComplaint` (their deadlines then show as stopped at the requalification).
 */
export const outcomes = (m: SlaModel, r: SlaRecord, nowMs: number, asComplaint = false): Outcome[] => {
  if (stageOf(r) === REQUALIFIED && !asComplaint) return [];
  const pending = pendingDays(r);
  const out: Outcome[] = [];
  const judge = (kind: number, day: number, doneMs: number, onTime: boolean, waived = false): void => {
    if (day === NONE) return;
    const dueMs = dueMsOf(m, r, day);
    let status: DeadlineStatus;
    let decidedMs = Number.NaN;
    if (!Number.isNaN(doneMs)) {
      status = onTime ? 'met' : 'missed';
      decidedMs = doneMs;
    } else if (waived) {
      status = 'waived';
      decidedMs = r.answerMs;
    } else if (pending[kind] === day) status = nowMs >= dueMs ? 'missed' : 'pending';
    else {
      const end = Number.isNaN(r.stopMs) ? (Number.isNaN(r.answerMs) ? nowMs : r.answerMs) : r.stopMs;
      status = end >= dueMs ? 'missed' : 'void';
      decidedMs = end;
    }
    out.push({ kind, day, dueMs, status, doneMs, decidedMs });
  };
  judge(ACK, r.ackDue, r.ackMs, flag(r, SLA_FLAGS.ackOnTime), flag(r, SLA_FLAGS.ackWaived));
  judge(ANSWER, r.answerDue, r.answerMs, flag(r, SLA_FLAGS.answerOnTime));
  if (r.urgencyDue !== NONE) {
    const dueMs = dueMsOf(m, r, r.urgencyDue);
    judge(URGENCY, r.urgencyDue, r.answerMs, r.answerMs < dueMs);
  }
  judge(APPEAL, r.appealDue, r.appealMs, flag(r, SLA_FLAGS.appealOnTarget));
  return out;
};

/**
 * The epoch milliseconds of a query's instant: a valid Date, an ISO-8601 instant naming a
 * real moment, or a real `YYYY-MM-DD` day (its UTC midnight). Anything else — `2022-02-30`,
 * `T24:00`, an invalid Date — throws a RangeError rather than answering for another day.
 */
export const toMs = (at: Date | string): number => {
  const ms = at instanceof Date ? at.getTime() : typeof at === 'string' && (Instant.is(at) || CalendarDate.is(at)) ? Date.parse(at) : Number.NaN;
  if (Number.isNaN(ms)) throw new RangeError(`Invalid instant ${JSON.stringify(String(at)).slice(0, 80)}: expected a valid Date or an ISO-8601 instant such as 2022-02-01T00:00:00+01:00`);
  return ms;
};

/** The deadlines of one complaint and their status at `now` ([] for unknown or requalified complaints). */
export const deadlinesOf = (m: SlaModel, complaintId: string, now: Date | string): SlaDeadline[] => {
  const r = m.records.get(complaintId);
  if (r === undefined) return [];
  return outcomes(m, r, toMs(now)).map((o) => ({
    deadline: kindName(o.kind),
    due: fromEpochDay(o.day),
    dueAt: new Date(o.dueMs),
    status: o.status,
    ...(Number.isNaN(o.doneMs) ? {} : { doneAt: new Date(o.doneMs) }),
  }));
};
