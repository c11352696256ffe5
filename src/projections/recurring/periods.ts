/**
 * Periods of receipt: ranges of local dates, and the ISO weeks and months complaints are
 * counted by (numbered so that consecutive periods differ by 1, labelled `2022-W02` or
 * `2022-01`).
 * @packageDocumentation
 */
import { civilOf, epochDayOf, fromEpochDay } from '../../domain/policy/calendarDays';
import { type DecodeIssue, preview } from '../../domain/decoding';
import { CalendarDate } from '../../domain/primitives';
import { QueryError } from '../queryError';

/** Period of a count: ISO week (`2022-W02`, weeks start on Monday) or month (`2022-01`) of the local receipt date. */
export type IssuePeriod = 'week' | 'month';

/**
 * A period of receipt, by local receipt date: `[from, to)` as calendar dates. `CalendarDate`
 * is a branded string (`YYYY-MM-DD`, a real date): build a range with {@link dateRange}, or
 * take dates from `localDate`, `addDays` or {@link periodStart}.
 */
export interface DateRange {
  readonly from: CalendarDate;
  readonly to: CalendarDate;
}

/**
 * The range `[from, to)` of local dates, from two `YYYY-MM-DD` strings.
 * @example dateRange('2022-03-01', '2022-04-01') // March 2022
 * @throws QueryError a `DecodeError` (subject `date range`) naming `from` or `to`
 * when it is not a real date, or `to` when it does not come after `from`.
 */
export const dateRange = (from: string, to: string): DateRange => {
  const issues: DecodeIssue[] = [];
  for (const [path, value] of [['from', from], ['to', to]] as const)
    if (!CalendarDate.is(value)) issues.push({ path, expected: 'CalendarDate (YYYY-MM-DD)', message: `${path}: expected CalendarDate (YYYY-MM-DD), got ${preview(value)}` });
  if (issues.length === 0 && to <= from) issues.push({ path: 'to', expected: `a date after ${from}`, message: `to: expected a date after from (${from}), got ${preview(to)}` });
  if (!CalendarDate.is(from) || !CalendarDate.is(to) || issues.length > 0) throw new QueryError({ _tag: 'DecodeError', subject: 'date range', issues });
  return { from, to };
};

/** Sequential number of the period holding an epoch day (consecutive periods differ by 1). */
export const periodIndex = (day: number, period: IssuePeriod): number => {
  if (period === 'week') return Math.floor((day + 3) / 7); // epoch day −3 was a Monday
  const { year, month } = civilOf(day);
  return year * 12 + month - 1;
};

/** Label of a period number: `YYYY-MM` or ISO `YYYY-Www`. */
export const periodLabel = (index: number, period: IssuePeriod): string => {
  if (period === 'month') return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
  const thursday = index * 7 - 3 + 3;
  const year = civilOf(thursday).year;
  const week = Math.floor((thursday - epochDayOf(year, 1, 1)) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
};

/** The local calendar date of a period's first day (for reports). */
export const periodStart = (label: string): CalendarDate | undefined => {
  const month = /^(\d{4})-(\d{2})$/.exec(label);
  if (month) return fromEpochDay(epochDayOf(Number(month[1]), Number(month[2]), 1));
  const week = /^(\d{4})-W(\d{2})$/.exec(label);
  if (!week) return undefined;
  const jan4 = epochDayOf(Number(week[1]), 1, 4);
  const mondayOfWeek1 = jan4 - (((jan4 + 3) % 7) + 7) % 7;
  return fromEpochDay(mondayOfWeek1 + (Number(week[2]) - 1) * 7);
};
