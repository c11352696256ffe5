/**
 * Deadline arithmetic for the policy's "within N days" rules.
 *
 * The rule, in one place (docs/deadlines.md has worked examples):
 * - A deadline is a **calendar date in the policy's time zone**, never an instant.
 * - "Within N days" of an instant counts from the **local calendar day** of that instant
 *   (in the policy's zone): the deadline is the N-th day after it. The day of receipt is
 *   day 0, whatever the hour. In `'business'` mode only Monday–Friday days that are not
 *   French public holidays count.
 * - A deadline **falls due at the end of its day**: an act is on time iff it happens
 *   before the first instant of the following local day ({@link dueInstant}).
 * Daylight-saving changes cannot move a due date: days are counted on dates, and the
 * instant is derived from the zone's real offset for that night.
 */
import type { CalendarDate, Instant } from '../primitives';
import { instantMs } from '../primitives';
import type { ComplaintForm, Urgency } from '../vocabulary';
import { BoundedCache } from './boundedCache';
import { MS_PER_DAY, fromEpochDay, isoWeekdayOf, toEpochDay } from './calendarDays';
import { isFrenchPublicHolidayOnEpochDay } from './frenchHolidays';
import type { DayCounting, Policy } from './policy';
import { offsetMsAt, startOfLocalDayMs } from './zoneOffsets';

// Parsing an ISO string costs more than the rest of a cached lookup, and a projection
// asks about many deadlines with the same `now`: remember the last string parsed.
let lastInstant = '';
let lastInstantMs = Number.NaN;

const msOf = (at: Instant | Date): number => {
  if (typeof at === 'string' && at === lastInstant) return lastInstantMs;
  const ms = typeof at === 'string' ? instantMs(at) : at.getTime();
  if (Number.isNaN(ms)) throw new RangeError(`Invalid instant: ${String(at)}`);
  if (typeof at === 'string') {
    lastInstant = at;
    lastInstantMs = ms;
  }
  return ms;
};

/**
 * The calendar day of the instant `at` in `timeZone` (an IANA name).
 *
 * @example localDate('2022-01-10T23:30:00Z', 'Europe/Paris') // '2022-01-11' (00:30 in Paris)
 * @throws RangeError for an invalid instant or an unknown time zone (programming errors).
 */
export const localDate = (at: Instant | Date, timeZone: string): CalendarDate => {
  const ms = msOf(at);
  return fromEpochDay(Math.floor((ms + offsetMsAt(timeZone, ms)) / MS_PER_DAY));
};

const isBusinessDay = (epochDay: number): boolean =>
  isoWeekdayOf(epochDay) <= 5 && !isFrenchPublicHolidayOnEpochDay(epochDay);

/**
 * The date `days` days after `date`.
 * - `'calendar'`: `date + days`, every day counts (the policy's literal reading).
 * - `'business'`: the `days`-th business day after `date` — Saturdays, Sundays and French
 *   public holidays are stepped over and not counted. `date` itself never counts, even when
 *   it is a business day, and may be a weekend (a Saturday receipt: day 1 is Monday).
 * `days = 0` gives `date` back.
 *
 * @example addDays('2022-04-15', 2, 'business') // '2022-04-20' (Easter Monday 18th skipped)
 * @throws RangeError when `days` is not a non-negative integer (a programming error).
 */
export const addDays = (date: CalendarDate, days: number, counting: DayCounting): CalendarDate => {
  if (!Number.isInteger(days) || days < 0) throw new RangeError(`addDays expects a whole number of days ≥ 0, got ${days}`);
  let day = toEpochDay(date);
  if (counting === 'calendar') return fromEpochDay(day + days);
  for (let counted = 0; counted < days; ) {
    day += 1;
    if (isBusinessDay(day)) counted += 1;
  }
  return fromEpochDay(day);
};

/**
 * The due date of "within `days` days" counted from the instant `from`: `days` days (in the
 * policy's counting mode) after the local calendar day of `from` in the policy's zone. The
 * hour of `from` does not matter: received Monday 10 January 2022 at 16:00 in Paris, a
 * 7-day deadline is due Monday 17 January and falls due at the end of that day (see
 * {@link dueInstant}). An instant of 23:30 UTC on a Monday in winter is already Tuesday
 * 00:30 in Paris, so it counts from Tuesday.
 */
export const dueDate = (from: Instant, days: number, policy: Pick<Policy, 'timeZone' | 'dayCounting'>): CalendarDate =>
  addDays(localDate(from, policy.timeZone), days, policy.dayCounting);

// Projections ask "is this date overdue?" for the same dates over and over.
const dueByZone = new Map<string, BoundedCache<string, number>>();
const MAX_ZONES = 64;

const dueMs = (date: CalendarDate, timeZone: string): number => {
  let cache = dueByZone.get(timeZone);
  if (cache === undefined) {
    if (dueByZone.size >= MAX_ZONES) dueByZone.clear();
    cache = new BoundedCache<string, number>(20_000);
    dueByZone.set(timeZone, cache);
  }
  return cache.get(date) ?? cache.set(date, startOfLocalDayMs(timeZone, toEpochDay(date) + 1));
};

/**
 * The instant a deadline on `date` falls due: the first instant of the next local day in
 * `timeZone` (an exclusive bound — an act at `t` is on time iff `t < dueInstant`). In Paris
 * that is 23:00Z in winter (UTC+1) and 22:00Z in summer (UTC+2), taken from the zone's
 * real offset that night, so a DST change never shifts it. A new `Date` on every call.
 *
 * @example dueInstant('2022-01-17', 'Europe/Paris').toISOString() // '2022-01-17T23:00:00.000Z'
 */
export const dueInstant = (date: CalendarDate, timeZone: string): Date => new Date(dueMs(date, timeZone));

/** True when an act at `at` meets a deadline on `date`: `at` is before {@link dueInstant}. */
export const isOnTime = (date: CalendarDate, at: Instant | Date, timeZone: string): boolean =>
  msOf(at) < dueMs(date, timeZone);

/** True when a deadline on `date` has passed at `now`: `now` ≥ {@link dueInstant} (≡ not on time). */
export const isOverdue = (date: CalendarDate, now: Instant | Date, timeZone: string): boolean =>
  msOf(now) >= dueMs(date, timeZone);

/** The deadlines a complaint gets when it is received. */
export interface ReceiptDeadlineDates {
  /** "accuse réception … dans un délai maximum d'une semaine": written complaints only, else `null`. */
  readonly acknowledgementDue: CalendarDate | null;
  /** "réponse définitive … dans les 15 jours": every complaint. */
  readonly answerDue: CalendarDate;
  /** The policy's internal target for this urgency, or `null` when it sets none. */
  readonly urgencyTargetDue: CalendarDate | null;
}

/**
 * The deadlines of a complaint received at `receivedAt` (when it reached Lukéa): an
 * acknowledgement only for a written complaint ("en cas de réclamation verbale, aucun
 * accusé de réception n'est envoyé"), the definitive answer, and the urgency target when
 * the policy sets one for `urgency`. All counted with {@link dueDate}.
 */
export const receiptDeadlines = (receivedAt: Instant, form: ComplaintForm, urgency: Urgency, policy: Policy): ReceiptDeadlineDates => {
  const receivedOn = localDate(receivedAt, policy.timeZone);
  const after = (days: number): CalendarDate => addDays(receivedOn, days, policy.dayCounting);
  const target = policy.urgencyTargets[urgency];
  return {
    acknowledgementDue: form === 'written' ? after(policy.acknowledgementDays) : null,
    answerDue: after(policy.answerDays),
    urgencyTargetDue: target === undefined ? null : after(target),
  };
};

/**
 * The direction's internal target for deciding an internal appeal opened at `openedAt`
 * (not in the policy text; `internalAppealDecisionDays`, 15 by default), counted like
 * every other deadline.
 */
export const internalAppealDecisionDue = (openedAt: Instant, policy: Policy): CalendarDate =>
  dueDate(openedAt, policy.internalAppealDecisionDays, policy);
