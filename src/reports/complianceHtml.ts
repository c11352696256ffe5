/**
 * The compliance report as one self-contained HTML page: inline CSS and SVG, no script, no
 * network. Every figure is printed from the {@link ComplianceReport} value (the JSON report
 * is that same value), in a table cell carrying its machine-readable value
 * (`data-figure="months.2022-01.answers.share" data-value="0.9"`), so the page can be
 * checked against the JSON. Every text that comes from events (complaint ids, categories,
 * problem codes) is escaped.
 */
import { localDateTime } from '../audit/timeline';
import type { ComplianceReport } from './complianceReport';
import { type ComplianceWording, englishComplianceWording } from './complianceWording';
import { escapeHtml } from './html';
import { paretoChart, shareLineChart, stackedBarChart } from './svgCharts';

/** Options of {@link complianceHtml}. */
export interface ComplianceHtmlOptions {
  /** The words (default English; `frenchComplianceWording` for French). */
  readonly wording?: ComplianceWording;
  /** How many Pareto rows the chart shows (the table shows all). Default 15. */
  readonly paretoChartRows?: number;
}

/** A cell showing `shown` whose exact value is `value` (null: no value). */
const fig = (name: string, value: string | number | null, shown: string = value === null ? '–' : String(value)): string =>
  `<td data-figure="${escapeHtml(name)}" data-value="${value === null ? '' : escapeHtml(String(value))}">${escapeHtml(shown)}</td>`;
const text = (s: string): string => `<td>${escapeHtml(s)}</td>`;

const table = (headers: readonly string[], rows: readonly string[], none: string): string =>
  rows.length === 0
    ? `<p class="none">${escapeHtml(none)}</p>`
    : `<table><thead><tr>${headers.map((h) => `<th>${escapeHtml(h)}</th>`).join('')}</tr></thead><tbody>${rows.map((r) => `<tr>${r}</tr>`).join('')}</tbody></table>`;

const section = (id: string, title: string, body: string): string => `<section id="${id}"><h2>${escapeHtml(title)}</h2>${body}</section>`;

const STYLE = `body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#222;max-width:960px;margin:2em auto;padding:0 1em}
h1{font-size:1.5em}h2{font-size:1.15em;margin-top:2em;border-bottom:1px solid #ccc}
table{border-collapse:collapse;margin:.75em 0}th,td{border:1px solid #ddd;padding:.25em .6em;text-align:left}
td[data-value]{text-align:right;font-variant-numeric:tabular-nums}th{background:#f4f4f4}
svg{display:block;max-width:100%;height:auto;margin:.5em 0}.none,.note,footer{color:#666}`;

/** The compliance report as a self-contained HTML page. */
export const complianceHtml = (report: ComplianceReport, options: ComplianceHtmlOptions = {}): string => {
  const w = options.wording ?? englishComplianceWording;
  const zone = report.timeZone;
  const atText = localDateTime(report.at, zone);
  const pct = w.percent;

  const summary = table(
    [w.summary, w.count],
    [
      `${text(w.received)}${fig('received', report.received)}`,
      `${text(w.requalified)}${fig('requalified', report.requalified)}`,
      `${text(w.closed)}${fig('closed', report.closed)}`,
    ],
    w.none,
  );

  const months = report.months;
  const monthChart = shareLineChart(
    w.onTimeChart,
    months.map((m) => m.month),
    [
      { name: w.acknowledgements, color: '#4e79a7', values: months.map((m) => m.acknowledgements.share) },
      { name: w.answers, color: '#f28e2b', values: months.map((m) => m.answers.share) },
    ],
    pct,
  );
  const share = (prefix: string, s: (typeof months)[number]['answers']): string =>
    `${fig(`${prefix}.share`, s.share, pct(s.share))}${fig(`${prefix}.onTime`, s.onTime)}${fig(`${prefix}.late`, s.late)}${fig(`${prefix}.waived`, s.waived)}${fig(`${prefix}.pending`, s.pending)}`;
  const monthTable = table(
    [w.month, w.complaints, ...[w.acknowledgements, w.answers].flatMap((x) => [`${x}: ${w.share}`, w.onTimeCount, w.late, w.waived, w.pending])],
    months.map((m) => `${text(m.month)}${fig(`months.${m.month}.complaints`, m.complaints)}${share(`months.${m.month}.acknowledgements`, m.acknowledgements)}${share(`months.${m.month}.answers`, m.answers)}`),
    w.none,
  );

  const ages = report.openByAge;
  const ageChart = stackedBarChart(w.openByAge(atText), ages.map((a) => a.age), [
    { name: w.withinDeadline, color: '#59a14f', values: ages.map((a) => a.withinDeadline) },
    { name: w.overdue, color: '#e15759', values: ages.map((a) => a.overdue) },
    { name: w.noDeadlinePending, color: '#bab0ac', values: ages.map((a) => a.noDeadlinePending) },
  ]);
  const ageTable = table(
    [w.age, w.withinDeadline, w.overdue, w.noDeadlinePending, w.total],
    ages.map((a) => `${text(a.age)}${fig(`openByAge.${a.age}.withinDeadline`, a.withinDeadline)}${fig(`openByAge.${a.age}.overdue`, a.overdue)}${fig(`openByAge.${a.age}.noDeadlinePending`, a.noDeadlinePending)}${fig(`openByAge.${a.age}.total`, a.total)}`),
    w.none,
  );

  const { by, rows } = report.pareto;
  const shown = rows.slice(0, options.paretoChartRows ?? 15);
  const paretoBody =
    rows.length === 0
      ? `<p class="none">${escapeHtml(w.none)}</p>`
      : `${paretoChart(w.pareto(by), shown, { count: w.count, cumulative: w.cumulative }, pct)}${shown.length < rows.length ? `<p class="note">${escapeHtml(w.paretoChartNote(shown.length, rows.length))}</p>` : ''}${table(
          [w.key(by), w.count, '%', w.cumulative],
          rows.map((r, i) => `${fig(`pareto.rows.${i}.key`, r.key, r.key)}${fig(`pareto.rows.${i}.count`, r.count)}${fig(`pareto.rows.${i}.share`, r.share, pct(r.share))}${fig(`pareto.rows.${i}.cumulativeShare`, r.cumulativeShare, pct(r.cumulativeShare))}`),
          w.none,
        )}`;

  const rc = report.recourse;
  const recourseTable = table(
    [w.category, w.complaints, w.appealed, w.appealRate, w.mediator, w.mediatorRate],
    [
      `${text(w.allCategories)}${fig('recourse.complaints', rc.complaints)}${fig('recourse.appealed', rc.appealed)}${fig('recourse.appealRate', rc.appealRate, pct(rc.appealRate))}${fig('recourse.referredToMediator', rc.referredToMediator)}${fig('recourse.mediatorRate', rc.mediatorRate, pct(rc.mediatorRate))}`,
      ...rc.byCategory.map(
        (r, i) =>
          `${fig(`recourse.byCategory.${i}.category`, r.category, r.category)}${fig(`recourse.byCategory.${i}.complaints`, r.complaints)}${fig(`recourse.byCategory.${i}.appealed`, r.appealed)}${fig(`recourse.byCategory.${i}.appealRate`, r.appealRate, pct(r.appealRate))}${fig(`recourse.byCategory.${i}.referredToMediator`, r.referredToMediator)}${fig(`recourse.byCategory.${i}.mediatorRate`, r.mediatorRate, pct(r.mediatorRate))}`,
      ),
    ],
    w.none,
  );

  const overdueTable = table(
    [w.complaint, w.deadline, w.due, w.dueAt, w.daysOverdue, w.missRecorded],
    report.overdue.map(
      (d, i) =>
        `${fig(`overdue.${i}.complaintId`, d.complaintId, d.complaintId)}${fig(`overdue.${i}.deadline`, d.deadline, w.deadlineName(d.deadline))}${fig(`overdue.${i}.due`, d.due)}${text(localDateTime(d.dueAt, zone))}${fig(`overdue.${i}.daysOverdue`, d.daysOverdue)}${text(d.missRecorded ? w.yes : w.no)}`,
    ),
    w.none,
  );

  return `<!DOCTYPE html>
<html lang="${w.lang}">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${escapeHtml(`${w.title} ${report.from} – ${report.to}`)}</title>
<style>${STYLE}</style>
</head>
<body>
<h1>${escapeHtml(w.title)}</h1>
<p>${escapeHtml(w.period(report.from, report.to, atText, zone))}</p>
${section('summary', w.summary, summary)}
${section('on-time', w.onTime, `${monthChart}${monthTable}`)}
${section('open-by-age', w.openByAge(atText), `${ageChart}${ageTable}`)}
${section('pareto', w.pareto(by), paretoBody)}
${section('recourse', w.recourse, recourseTable)}
${section('overdue', w.overdueList(atText), overdueTable)}
<footer><p>${escapeHtml(w.footer)}</p></footer>
</body>
</html>
`;
};
