/**
 * Recourse rates: per category, the share of complaints that went to internal appeal and to
 * the mediator.
 * @packageDocumentation
 */
import type { RecurringIssuesModel } from './model';
import type { DateRange } from './periods';
import { cmp, complaintsIn } from './select';

/** Internal-appeal and mediator-referral rates of one category. */
export interface RecourseRate {
  readonly category: string;
  readonly complaints: number;
  readonly appealed: number;
  readonly appealRate: number;
  readonly referredToMediator: number;
  readonly mediatorRate: number;
}

/** Per category: the share of complaints (received in the range) that went to internal appeal, and to the mediator. */
export const recourseRates = (m: RecurringIssuesModel, range?: DateRange): RecourseRate[] => {
  const acc = new Map<string, { complaints: number; appealed: number; mediated: number }>();
  for (const r of complaintsIn(m, range)) {
    const category = m.categories.values[r.category] ?? '';
    const a = acc.get(category) ?? { complaints: 0, appealed: 0, mediated: 0 };
    a.complaints += 1;
    if (r.appealed) a.appealed += 1;
    if (r.mediated) a.mediated += 1;
    acc.set(category, a);
  }
  return [...acc.entries()]
    .sort(([a], [b]) => cmp(a, b))
    .map(([category, a]) => ({
      category,
      complaints: a.complaints,
      appealed: a.appealed,
      appealRate: a.appealed / a.complaints,
      referredToMediator: a.mediated,
      mediatorRate: a.mediated / a.complaints,
    }));
};
