/**
 * `complaints report compliance --from --to [--at] [--by] --format table|json|html`: the
 * compliance report (`reports/complianceReport.ts`) of a period, as tables, as JSON (the
 * report value itself), or as one self-contained HTML page. The three show the same numbers:
 * they print one value.
 */
import { type IssueDimension, recurringIssuesProjection, toJsonValue, slaProjection } from '../../projections';
import { complianceHtml, type ComplianceReport, complianceReport, type ComplianceWording, englishComplianceWording, frenchComplianceWording, localDateTime } from '../../audit';
import { type CliContext, emit } from '../context';
import { CliError, EXIT } from '../errors';
import { type SourceOptions, withSource } from '../source';
import { textTable } from '../table';
import { DISPLAY_ZONE, parseChoice, parseDate, parseInstant, startOfLocalDay } from '../values';
import { foldAll, requireReadable } from './fold';

/** Options of `report compliance`. */
export interface ComplianceReportCommandOptions extends SourceOptions {
  readonly from?: string;
  readonly to?: string;
  readonly at?: string;
  readonly by?: string;
  readonly format?: string;
  readonly out?: string;
  readonly skipUnreadable?: boolean;
}

const BY: Readonly<Record<string, IssueDimension>> = { category: 'category', product: 'product', 'reported-problem': 'reportedProblem', 'root-cause': 'rootCause', channel: 'channel' };

/** The report as text tables (the same figures as the JSON and the HTML page). */
const asTables = (r: ComplianceReport, w: ComplianceWording, none: string): string => {
  const at = localDateTime(r.at, r.timeZone);
  const n = (x: number): string => String(x);
  const parts = [
    `${w.title}\n${w.period(r.from, r.to, at, r.timeZone)}\n\n`,
    textTable(w.summary, [w.summary, w.count], [[w.received, n(r.received)], [w.requalified, n(r.requalified)], [w.closed, n(r.closed)]], none),
    textTable(
      w.onTime,
      [w.month, w.complaints, `${w.acknowledgements}: ${w.share}`, `${w.answers}: ${w.share}`],
      r.months.map((m) => [m.month, n(m.complaints), w.percent(m.acknowledgements.share), w.percent(m.answers.share)]),
      none,
    ),
    textTable(w.openByAge(at), [w.age, w.withinDeadline, w.overdue, w.noDeadlinePending, w.total], r.openByAge.map((a) => [a.age, n(a.withinDeadline), n(a.overdue), n(a.noDeadlinePending), n(a.total)]), none),
    textTable(w.pareto(r.pareto.by), [w.key(r.pareto.by), w.count, '%', w.cumulative], r.pareto.rows.map((p) => [p.key, n(p.count), w.percent(p.share), w.percent(p.cumulativeShare)]), none),
    textTable(
      w.recourse,
      [w.category, w.complaints, w.appealed, w.appealRate, w.mediator, w.mediatorRate],
      [
        [w.allCategories, n(r.recourse.complaints), n(r.recourse.appealed), w.percent(r.recourse.appealRate), n(r.recourse.referredToMediator), w.percent(r.recourse.mediatorRate)],
        ...r.recourse.byCategory.map((c) => [c.category, n(c.complaints), n(c.appealed), w.percent(c.appealRate), n(c.referredToMediator), w.percent(c.mediatorRate)]),
      ],
      none,
    ),
    textTable(
      w.overdueList(at),
      [w.complaint, w.deadline, w.due, w.daysOverdue, w.missRecorded],
      r.overdue.map((d) => [d.complaintId, w.deadlineName(d.deadline), d.due, n(d.daysOverdue), d.missRecorded ? w.yes : w.no]),
      none,
    ),
  ];
  return parts.join('\n');
};

/** Runs `report compliance`. */
export const complianceReportCommand = async (ctx: CliContext, options: ComplianceReportCommandOptions): Promise<void> => {
  const m = ctx.m;
  const format = parseChoice(options.format ?? 'table', '--format', ['table', 'json', 'html'] as const, m);
  const byName = parseChoice(options.by ?? 'reported-problem', '--by', ['reported-problem', 'category', 'product', 'root-cause', 'channel'] as const, m);
  if (options.from === undefined || options.to === undefined) throw new CliError(m.errors.missingOptionValue(options.from === undefined ? '--from' : '--to'), EXIT.usage);
  const from = parseDate(options.from, '--from', m);
  const to = parseDate(options.to, '--to', m);
  if (startOfLocalDay(to) <= startOfLocalDay(from)) throw new CliError(m.errors.toBeforeFrom(options.from, options.to), EXIT.usage);
  // Judged at the end of the period, or now if the period is not over.
  const now = ctx.io.now();
  const at = options.at === undefined ? new Date(Math.min(now.getTime(), startOfLocalDay(to).getTime())) : parseInstant(options.at, '--at', m);
  const models = await withSource(ctx, options, async (source) => {
    const sla = await foldAll(ctx, source, slaProjection(), at);
    requireReadable(ctx, sla, options.skipUnreadable);
    const issues = await foldAll(ctx, source, recurringIssuesProjection(), at);
    return { sla: sla.model, issues: issues.model };
  });
  const report = complianceReport(models.sla, models.issues, { from, to, at, by: BY[byName] ?? 'reportedProblem', timeZone: DISPLAY_ZONE });
  const wording = ctx.lang === 'fr' ? frenchComplianceWording : englishComplianceWording;
  if (format === 'json') return emit(ctx, `${JSON.stringify(toJsonValue(report), null, 2)}\n`, options.out);
  if (format === 'html') return emit(ctx, complianceHtml(report, { wording }), options.out);
  return emit(ctx, asTables(report, wording, m.out.none), options.out);
};
