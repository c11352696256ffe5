/**
 * The report's three charts as plain inline SVG strings: a line chart of shares, stacked
 * bars of counts, and a Pareto (bars plus a cumulative line). Fixed size, linear scales,
 * one band per category — no layout engine: the page's tables carry the exact figures, the
 * charts only show their shape. Every text is escaped; each mark has a `<title>` (tooltip
 * and screen readers).
 */
import { escapeHtml } from './html';

const W = 640;
// The legend sits above the plot; category labels below it, turned when there are many.
const M = { left: 72, right: 48, top: 32 };
const PLOT_W = W - M.left - M.right;
const PLOT_H = 180;
const LABEL_ROOM = { flat: 28, turned: 110 };
const heightFor = (categories: number): number => M.top + PLOT_H + (categories > 6 ? LABEL_ROOM.turned : LABEL_ROOM.flat);

/** One series of a chart. */
export interface ChartSeries {
  readonly name: string;
  readonly color: string;
  /** One value per category; null leaves a gap. */
  readonly values: readonly (number | null)[];
}

const fmt = (n: number): string => (Math.round(n * 10) / 10).toString();
const y = (value: number, max: number): number => M.top + PLOT_H - (max === 0 ? 0 : (value / max) * PLOT_H);
const bandX = (i: number, n: number): number => M.left + (PLOT_W / Math.max(n, 1)) * (i + 0.5);

/** The smallest of 1, 2, 5 × 10^k at least `max` (at least 1): a round top for a count axis. */
export const niceMax = (max: number): number => {
  if (max <= 1) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  return ([1, 2, 5, 10].map((f) => f * power).find((v) => v >= max) ?? 10 * power);
};

const svg = (title: string, categories: number, body: string): string => {
  const h = heightFor(categories);
  return `<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 ${W} ${h}" width="${W}" height="${h}" role="img" aria-label="${escapeHtml(title)}"><title>${escapeHtml(title)}</title>${body}</svg>`;
};

const leftAxis = (max: number, label: (v: number) => string): string =>
  [0, 0.25, 0.5, 0.75, 1]
    .map((f) => {
      const v = max * f;
      const yy = fmt(y(v, max));
      return `<line x1="${M.left}" x2="${W - M.right}" y1="${yy}" y2="${yy}" stroke="#ddd"/><text x="${M.left - 6}" y="${yy}" text-anchor="end" dominant-baseline="middle" font-size="11">${escapeHtml(label(v))}</text>`;
    })
    .join('');

const rightPercentAxis = (): string =>
  [0, 0.25, 0.5, 0.75, 1]
    .map((f) => `<text x="${W - M.right + 6}" y="${fmt(y(f, 1))}" dominant-baseline="middle" font-size="11">${f * 100}%</text>`)
    .join('');

const categoryLabels = (categories: readonly string[]): string => {
  const rotate = categories.length > 6;
  return categories
    .map((c, i) => {
      const x = fmt(bandX(i, categories.length));
      const text = c.length > 18 ? `${c.slice(0, 17)}…` : c;
      const yy = M.top + PLOT_H + 14;
      return rotate
        ? `<text x="${x}" y="${yy}" font-size="10" text-anchor="end" transform="rotate(-45 ${x} ${yy})"><title>${escapeHtml(c)}</title>${escapeHtml(text)}</text>`
        : `<text x="${x}" y="${yy}" font-size="11" text-anchor="middle"><title>${escapeHtml(c)}</title>${escapeHtml(text)}</text>`;
    })
    .join('');
};

const legend = (series: readonly { readonly name: string; readonly color: string }[]): string =>
  series
    .map((s, i) => `<rect x="${M.left + i * 170}" y="6" width="10" height="10" fill="${s.color}"/><text x="${M.left + i * 170 + 14}" y="15" font-size="11">${escapeHtml(s.name)}</text>`)
    .join('');

/** The polyline(s) of one series over the bands, broken at gaps, with a dot and tooltip per value. */
const line = (s: ChartSeries, n: number, max: number, show: (v: number) => string, categories: readonly string[]): string => {
  const runs: string[][] = [[]];
  const dots: string[] = [];
  s.values.forEach((v, i) => {
    if (v === null) {
      runs.push([]);
      return;
    }
    const point = `${fmt(bandX(i, n))},${fmt(y(v, max))}`;
    runs[runs.length - 1]?.push(point);
    dots.push(`<circle cx="${fmt(bandX(i, n))}" cy="${fmt(y(v, max))}" r="3" fill="${s.color}"><title>${escapeHtml(`${s.name} · ${categories[i] ?? ''}: ${show(v)}`)}</title></circle>`);
  });
  const paths = runs.filter((r) => r.length > 1).map((r) => `<polyline points="${r.join(' ')}" fill="none" stroke="${s.color}" stroke-width="2"/>`);
  return [...paths, ...dots].join('');
};

/** Shares (0–1) per category, one line per series. */
export const shareLineChart = (title: string, categories: readonly string[], series: readonly ChartSeries[], percent: (v: number) => string): string =>
  svg(title, categories.length, `${leftAxis(1, percent)}${series.map((s) => line(s, categories.length, 1, percent, categories)).join('')}${categoryLabels(categories)}${legend(series)}`);

/** Counts per category, the series stacked. */
export const stackedBarChart = (title: string, categories: readonly string[], series: readonly ChartSeries[]): string => {
  const totals = categories.map((_, i) => series.reduce((n, s) => n + (s.values[i] ?? 0), 0));
  const max = niceMax(Math.max(0, ...totals));
  const band = PLOT_W / Math.max(categories.length, 1);
  const bars = categories
    .map((c, i) => {
      let base = 0;
      return series
        .map((s) => {
          const v = s.values[i] ?? 0;
          if (v === 0) return '';
          const top = y(base + v, max);
          const rect = `<rect x="${fmt(M.left + band * i + band * 0.2)}" y="${fmt(top)}" width="${fmt(band * 0.6)}" height="${fmt(y(base, max) - top)}" fill="${s.color}"><title>${escapeHtml(`${c} · ${s.name}: ${v}`)}</title></rect>`;
          base += v;
          return rect;
        })
        .join('');
    })
    .join('');
  return svg(title, categories.length, `${leftAxis(max, (v) => fmt(v))}${bars}${categoryLabels(categories)}${legend(series)}`);
};

/** A Pareto: counts as bars (left axis), the cumulative share as a line (right axis, 0–100 %). */
export const paretoChart = (
  title: string,
  rows: readonly { readonly key: string; readonly count: number; readonly cumulativeShare: number }[],
  names: { readonly count: string; readonly cumulative: string },
  percent: (v: number) => string,
): string => {
  const categories = rows.map((r) => r.key);
  const max = niceMax(Math.max(0, ...rows.map((r) => r.count)));
  const band = PLOT_W / Math.max(rows.length, 1);
  const bars = rows
    .map((r, i) => {
      const top = y(r.count, max);
      return `<rect x="${fmt(M.left + band * i + band * 0.15)}" y="${fmt(top)}" width="${fmt(band * 0.7)}" height="${fmt(M.top + PLOT_H - top)}" fill="#4e79a7"><title>${escapeHtml(`${r.key}: ${r.count}`)}</title></rect>`;
    })
    .join('');
  const cumulative: ChartSeries = { name: names.cumulative, color: '#e15759', values: rows.map((r) => r.cumulativeShare) };
  return svg(
    title,
    rows.length,
    `${leftAxis(max, (v) => fmt(v))}${rightPercentAxis()}${bars}${line(cumulative, rows.length, 1, percent, categories)}${categoryLabels(categories)}${legend([{ name: names.count, color: '#4e79a7' }, cumulative])}`,
  );
};
