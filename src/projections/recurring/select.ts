/**
 * What the recurring-issues queries count: the complaints received in a range (requalified
 * contacts left out), each under its key for a dimension (category, product, reported
 * problem, root cause or channel).
 * @packageDocumentation
 */
import { toEpochDay } from '../../domain/policy/calendarDays';
import { CHANNELS } from '../../domain/vocabulary';
import { type IssueRecord, NONE, type RecurringIssuesModel } from './model';
import type { DateRange } from './periods';

/** What to count complaints by. */
export type IssueDimension = 'category' | 'product' | 'reportedProblem' | 'rootCause' | 'channel';

/** The key of a record for a dimension (undefined: none, e.g. no root cause before the answer). */
export const keyOf = (m: RecurringIssuesModel, r: IssueRecord, by: IssueDimension): string | undefined => {
  switch (by) {
    case 'category':
      return m.categories.values[r.category];
    case 'product':
      return m.products.values[r.product];
    case 'rootCause':
      return r.rootCause === NONE ? undefined : m.rootCauses.values[r.rootCause];
    case 'reportedProblem':
      return m.reportedProblems.values[r.reportedProblem];
    case 'channel':
      return CHANNELS[r.channel];
  }
};

/** Whether a record was received in the range (any record when no range). */
export const inRange = (r: IssueRecord, range: DateRange | undefined): boolean =>
  range === undefined || (r.receivedDay >= toEpochDay(range.from) && r.receivedDay < toEpochDay(range.to));

/** The complaints (requalified contacts left out) received in the range. */
export const complaintsIn = function* (m: RecurringIssuesModel, range: DateRange | undefined): Generator<IssueRecord> {
  for (const r of m.records.values()) if (!r.requalified && inRange(r, range)) yield r;
};

/** Code-unit order of two strings. */
export const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
