/**
 * The compliance report: what a compliance officer looks at for a period, as one plain
 * value built only from the projections' own queries — so the table, the JSON and the HTML
 * page (`complianceHtml.ts`) show the same numbers as `compliance`, `pareto`,
 * `recourseRates` and `overdueNow`.
 *
 * - received and closed in the period (`[from, to)`, local dates in the policy's zone);
 * - acknowledgement and answer on-time rates by month of receipt (`compliance`, grouped by
 *   month, judged at `at`);
 * - open complaints by age against their deadlines at `at` (`openComplaintsByAge`);
 * - the Pareto of recurring problems (`pareto`, by the reported problem unless told
 *   otherwise) of the complaints received in the period;
 * - internal appeal and mediator rates of those complaints (`recourseRates`);
 * - every deadline overdue at `at` (`overdueNow`), whenever its complaint was received.
 */
import { dueInstant } from '../domain/policy/deadlines';
import { fromEpochDay, toEpochDay } from '../domain/policy/calendarDays';
import { defaultPolicy } from '../domain/policy/policy';
import type { CalendarDate } from '../domain/primitives';
import { type OpenAgeBucket, openComplaintsByAge } from '../projections/openComplaints';
import { type IssueDimension, type ParetoRow, type RecourseRate, type RecurringIssuesModel, pareto, recourseRates } from '../projections/recurring';
import { type ComplianceRow, type DueDeadline, type OnTimeShare, type SlaModel, compliance, overdueNow } from '../projections/sla';

/** Options of {@link complianceReport}. */
export interface ComplianceReportOptions {
  /** First local day of the period (included). */
  readonly from: CalendarDate;
  /** Day after the period (excluded). */
  readonly to: CalendarDate;
  /** The instant everything is judged at (default: the end of the period). Fold the models up to it. */
  readonly at?: Date;
  /** What the Pareto counts by (default `'reportedProblem'`). */
  readonly by?: IssueDimension;
  /** The zone of the period's days (default the policy's, Europe/Paris). */
  readonly timeZone?: string;
}

/** One month of receipt: how many complaints, and their acknowledgement and answer on-time shares. */
export interface MonthCompliance {
  /** `YYYY-MM`. */
  readonly month: string;
  readonly complaints: number;
  readonly acknowledgements: OnTimeShare;
  readonly answers: OnTimeShare;
}

/** A deadline overdue at the report's instant, and by how many whole days. */
export interface OverdueRow extends DueDeadline {
  readonly daysOverdue: number;
}

/** Internal appeal and mediator rates of the period's complaints, all categories together and per category. */
export interface RecourseSummary {
  readonly complaints: number;
  readonly appealed: number;
  readonly appealRate: number | null;
  readonly referredToMediator: number;
  readonly mediatorRate: number | null;
  readonly byCategory: readonly RecourseRate[];
}

/** The compliance report of a period. */
export interface ComplianceReport {
  readonly from: CalendarDate;
  readonly to: CalendarDate;
  /** ISO instant everything is judged at. */
  readonly at: string;
  readonly timeZone: string;
  /** Complaints received in the period (contacts requalified by `at` excluded). */
  readonly received: number;
  /** Contacts received in the period and requalified by `at` (not complaints). */
  readonly requalified: number;
  /** Complaints closed in the period (by `at`), whenever received. */
  readonly closed: number;
  /** All the period's complaints together (`compliance` with `groupBy: 'all'`); undefined when none was received. */
  readonly overall: ComplianceRow | undefined;
  readonly months: readonly MonthCompliance[];
  readonly openByAge: readonly OpenAgeBucket[];
  readonly pareto: { readonly by: IssueDimension; readonly rows: readonly ParetoRow[] };
  readonly recourse: RecourseSummary;
  readonly overdue: readonly OverdueRow[];
}

/** The first instant of a local date. */
const startOf = (date: CalendarDate, zone: string): Date => dueInstant(fromEpochDay(toEpochDay(date) - 1), zone);

const rate = (part: number, whole: number): number | null => (whole === 0 ? null : part / whole);

/** Builds the report from the two read models (see the module docs for each figure's source). */
export const complianceReport = (sla: SlaModel, issues: RecurringIssuesModel, options: ComplianceReportOptions): ComplianceReport => {
  const zone = options.timeZone ?? defaultPolicy.timeZone;
  const from = startOf(options.from, zone);
  const to = startOf(options.to, zone);
  const at = options.at ?? to;
  const period = { from, to, now: at };
  const [overall] = compliance(sla, { ...period, groupBy: 'all' });
  const months = compliance(sla, { ...period, groupBy: 'month' }).map((r) => ({ month: r.group, complaints: r.complaints, acknowledgements: r.acknowledgements, answers: r.answers }));
  const range = { from: options.from, to: options.to };
  let closed = 0;
  for (const r of issues.records.values())
    if (!r.requalified && r.closedMs >= from.getTime() && r.closedMs < to.getTime() && r.closedMs <= at.getTime()) closed += 1;
  const byCategory = recourseRates(issues, range);
  const complaints = byCategory.reduce((n, r) => n + r.complaints, 0);
  const appealed = byCategory.reduce((n, r) => n + r.appealed, 0);
  const referredToMediator = byCategory.reduce((n, r) => n + r.referredToMediator, 0);
  const by = options.by ?? 'reportedProblem';
  return {
    from: options.from,
    to: options.to,
    at: at.toISOString(),
    timeZone: zone,
    received: overall?.complaints ?? 0,
    requalified: overall?.requalified ?? 0,
    closed,
    overall,
    months,
    openByAge: openComplaintsByAge(sla, at),
    pareto: { by, rows: pareto(issues, { by, range }) },
    recourse: { complaints, appealed, appealRate: rate(appealed, complaints), referredToMediator, mediatorRate: rate(referredToMediator, complaints), byCategory },
    overdue: overdueNow(sla, at).map((d) => ({ ...d, daysOverdue: Math.floor((at.getTime() - d.dueAt.getTime()) / 86_400_000) })),
  };
};
