/**
 * `complaints report sla` and `complaints report recurring`: tables on a terminal,
 * `--format csv|json` for files.
 */
import { dueWithin, overdueNow, slaProjection, type DueDeadline, countsByPeriod, pareto, recurringIssuesProjection, type DateRange, type IssueDimension, type IssuePeriod, toCsv, toJsonValue } from '../../projections';
import { terminalSafe } from '../terminalText';
import { type CliContext, emit } from '../context';
import { CliError, EXIT } from '../errors';
import { type SourceOptions, withSource } from '../source';
import { textTable } from '../table';
import { parseChoice, parseDate, parseHorizon, parseInstant, showInstant, startOfLocalDay } from '../values';
import { defaultPolicy } from '../../index';
import { foldAll, requireReadable } from './fold';

const FORMATS = ['table', 'csv', 'json'] as const;

/** Options of `report sla`. */
export interface SlaReportOptions extends SourceOptions {
  readonly at?: string;
  readonly horizon?: string;
  readonly format?: string;
  readonly out?: string;
  readonly skipUnreadable?: boolean;
}

/** Runs `report sla`. */
export const slaReportCommand = async (ctx: CliContext, options: SlaReportOptions): Promise<void> => {
  const m = ctx.m;
  const format = parseChoice(options.format ?? 'table', '--format', FORMATS, m);
  const at = options.at === undefined ? ctx.io.now() : parseInstant(options.at, '--at', m);
  const horizon = options.horizon === undefined ? undefined : parseHorizon(options.horizon, m);
  const folded = await withSource(ctx, options, (source) => foldAll(ctx, source, slaProjection(), at));
  requireReadable(ctx, folded, options.skipUnreadable);
  const model = folded.model;
  const overdue = overdueNow(model, at);
  const soon = horizon === undefined ? dueWithin(model, at) : dueWithin(model, at, horizon);
  const horizonDays = horizon ?? defaultPolicy.warningHorizonDays;
  if (format === 'json') {
    const json = { at: at.toISOString(), horizonDays, overdue: overdue.map((d) => toJsonValue(d)), dueSoon: soon.map((d) => toJsonValue(d)) };
    return emit(ctx, `${JSON.stringify(json, null, 2)}\n`, options.out);
  }
  if (format === 'csv') {
    const rows = [...overdue.map((d) => ({ section: 'overdue', ...d })), ...soon.map((d) => ({ section: 'due_soon', ...d }))];
    const header = 'section,complaintId,deadline,due,dueAt,missRecorded\r\n';
    return emit(ctx, rows.length === 0 ? header : toCsv(rows), options.out);
  }
  const rowsOf = (ds: readonly DueDeadline[]): string[][] =>
    ds.map((d) => [d.complaintId, m.deadline(d.deadline), d.due, showInstant(d.dueAt), d.missRecorded ? m.yes : m.no]);
  const header = [m.columns.complaint, m.columns.deadline, m.columns.due, m.columns.dueAt, m.columns.missRecorded];
  const text = `${textTable(m.out.overdueTitle(showInstant(at)), header, rowsOf(overdue), m.out.none)}\n${textTable(m.out.dueSoonTitle(horizonDays), header, rowsOf(soon), m.out.none)}`;
  return emit(ctx, terminalSafe(text), options.out); // also when written to a file: it is read on terminals
};

/** Options of `report recurring`. */
export interface RecurringReportOptions extends SourceOptions {
  readonly from?: string;
  readonly to?: string;
  readonly by?: string;
  readonly period?: string;
  readonly view?: string;
  readonly format?: string;
  readonly out?: string;
  readonly skipUnreadable?: boolean;
}

/** The `--by` values and the dimension each counts by. */
const BY: Readonly<Record<string, IssueDimension>> = { category: 'category', product: 'product', 'reported-problem': 'reportedProblem', 'root-cause': 'rootCause', channel: 'channel' };
const BY_NAMES = ['category', 'product', 'reported-problem', 'root-cause', 'channel'] as const;
const BY_FR: Readonly<Record<(typeof BY_NAMES)[number], string>> = {
  category: 'catégorie',
  product: 'produit',
  'reported-problem': 'problème signalé',
  'root-cause': 'cause racine',
  channel: 'canal',
};
const PERIODS = ['month', 'week'] as const;
const PERIOD_FR: Readonly<Record<IssuePeriod, string>> = { month: 'mois', week: 'semaine' };
const VIEWS = ['pareto', 'periods'] as const;

const percent = (x: number): string => `${(x * 100).toFixed(1)}%`;

/** Runs `report recurring`. */
export const recurringReportCommand = async (ctx: CliContext, options: RecurringReportOptions): Promise<void> => {
  const m = ctx.m;
  const format = parseChoice(options.format ?? 'table', '--format', FORMATS, m);
  const byName = parseChoice(options.by ?? 'category', '--by', BY_NAMES, m);
  const by = BY[byName] ?? 'category';
  const period = parseChoice(options.period ?? 'month', '--period', PERIODS, m);
  const view = parseChoice(options.view ?? 'pareto', '--view', VIEWS, m);
  const from = options.from === undefined ? undefined : parseDate(options.from, '--from', m);
  const to = options.to === undefined ? undefined : parseDate(options.to, '--to', m);
  if (from !== undefined && to !== undefined && startOfLocalDay(to) <= startOfLocalDay(from))
    throw new CliError(m.errors.toBeforeFrom(options.from ?? '', options.to ?? ''), EXIT.usage);
  const range: DateRange | undefined =
    from === undefined && to === undefined ? undefined : { from: from ?? ('0001-01-01' as DateRange['from']), to: to ?? ('9999-12-31' as DateRange['to']) };
  const folded = await withSource(ctx, options, (source) => foldAll(ctx, source, recurringIssuesProjection()));
  requireReadable(ctx, folded, options.skipUnreadable);
  const model = folded.model;
  const paretoRows = pareto(model, range === undefined ? { by } : { by, range });
  const periodRows = countsByPeriod(model, range === undefined ? { by, period } : { by, period, range });
  if (format === 'json') {
    const json = { by: byName, period, ...(from === undefined ? {} : { from }), ...(to === undefined ? {} : { to }), pareto: paretoRows, periods: periodRows };
    return emit(ctx, `${JSON.stringify(json, null, 2)}\n`, options.out);
  }
  if (format === 'csv') {
    const rows: readonly object[] = view === 'pareto' ? paretoRows : periodRows;
    const header = view === 'pareto' ? 'key,count,share,cumulativeShare\r\n' : 'period,key,count\r\n';
    return emit(ctx, rows.length === 0 ? header : toCsv(rows), options.out);
  }
  const byLabel = ctx.lang === 'fr' ? BY_FR[byName] : byName;
  const periodLabel = ctx.lang === 'fr' ? PERIOD_FR[period] : period;
  const text = `${textTable(
    m.out.paretoTitle(byLabel),
    [m.columns.key, m.columns.count, m.columns.share, m.columns.cumulative],
    paretoRows.map((r) => [r.key, String(r.count), percent(r.share), percent(r.cumulativeShare)]),
    m.out.none,
  )}\n${textTable(
    m.out.periodsTitle(byLabel, periodLabel),
    [m.columns.period, m.columns.key, m.columns.count],
    periodRows.map((r) => [r.period, r.key, String(r.count)]),
    m.out.none,
  )}`;
  return emit(ctx, terminalSafe(text), options.out); // also when written to a file: it is read on terminals
};
