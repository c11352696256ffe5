/** Rows of the benchmark table, printing and the JSON results file. */
import { mkdirSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Comparison, type Stats, human } from './harness';

/** What every benchmark gets. */
export interface BenchContext {
  readonly quick: boolean;
  readonly filter: string | undefined;
}

/** Least timed work per sample (seconds): 1 s in a full run, half that in a quick one. */
export const timedSeconds = (ctx: BenchContext): number => (ctx.quick ? 0.5 : 1);

/** A target: a ratio against the reference, an absolute rate, or an upper bound. */
export interface Target {
  /** subject / reference must be at least this. */
  readonly ratio?: number;
  /** the subject's median rate must be at least this (in its unit). */
  readonly minRate?: number;
  /** the subject's median value must be at most this (e.g. ms, bytes). */
  readonly maxValue?: number;
  /** how to print the target. */
  readonly label?: string;
}

/** One line of the table. */
export interface Row {
  readonly bench: string;
  readonly case: string;
  readonly subject: string;
  readonly unit: string;
  /** A comparison (ratio against a reference), or plain stats, or a single value. */
  readonly result?: Comparison;
  readonly stats?: Stats;
  readonly value?: number;
  readonly reference?: string;
  readonly target?: Target;
  readonly memory?: string;
  readonly note?: string;
}

/** Whether a row meets its target (undefined: no target). */
export const met = (row: Row): boolean | undefined => {
  const t = row.target;
  if (t === undefined) return undefined;
  let ok = true;
  if (t.ratio !== undefined) ok &&= row.result !== undefined && row.result.ratio >= t.ratio;
  const rate = row.result?.subject.median ?? row.stats?.median ?? row.value;
  if (t.minRate !== undefined) ok &&= rate !== undefined && rate >= t.minRate;
  if (t.maxValue !== undefined) ok &&= rate !== undefined && rate <= t.maxValue;
  return ok;
};

const targetText = (t: Target | undefined): string => {
  if (t === undefined) return '';
  if (t.label !== undefined) return t.label;
  const parts: string[] = [];
  if (t.ratio !== undefined) parts.push(`≥ ${t.ratio}×`);
  if (t.minRate !== undefined) parts.push(`≥ ${human(t.minRate)}`);
  if (t.maxValue !== undefined) parts.push(`≤ ${human(t.maxValue)}`);
  return parts.join(', ');
};

const pad = (s: string, n: number): string => (s.length >= n ? s : s + ' '.repeat(n - s.length));

/** The table as text. */
export const table = (rows: readonly Row[]): string => {
  const header = ['benchmark', 'case', 'subject', 'median', '±IQR', 'reference median', 'ratio', 'target', 'met', 'memory / note'];
  const lines = rows.map((r) => {
    const s = r.result?.subject ?? r.stats;
    const median = s !== undefined ? `${human(s.median)} ${r.unit}` : r.value !== undefined ? `${human(r.value)} ${r.unit}` : '';
    const spread = s !== undefined ? `${s.spreadPct.toFixed(0)}%` : '';
    const ref = r.result !== undefined ? `${human(r.result.reference.median)} (${r.reference ?? ''})` : (r.reference ?? '');
    const ratio = r.result !== undefined ? `${r.result.ratio.toFixed(2)}×` : '';
    const m = met(r);
    return [r.bench, r.case, r.subject, median, spread, ref, ratio, targetText(r.target), m === undefined ? '' : m ? 'yes' : 'NO', [r.memory, r.note].filter(Boolean).join('; ')];
  });
  const widths = header.map((h, i) => Math.min(60, Math.max(h.length, ...lines.map((l) => (l[i] ?? '').length))));
  const fmt = (cells: readonly string[]): string => `| ${cells.map((c, i) => pad(c, widths[i] ?? 0)).join(' | ')} |`;
  return [fmt(header), `|${widths.map((w) => '-'.repeat(w + 2)).join('|')}|`, ...lines.map(fmt)].join('\n');
};

/** The machine, for the record. */
export const machine = (): Record<string, unknown> => ({
  node: process.version,
  platform: `${process.platform} ${process.arch}`,
  cpus: cpus().length,
  cpuModel: cpus()[0]?.model ?? 'unknown',
  memoryGB: Math.round(totalmem() / 2 ** 30),
  loadavg: loadavg().map((l) => Number(l.toFixed(2))),
});

const here = dirname(fileURLToPath(import.meta.url));

/** Writes bench/results/<timestamp>.json and bench/results/latest.json; answers the first path. */
export const writeResults = (rows: readonly Row[], extra: Record<string, unknown>): string => {
  const dir = join(here, '..', 'results');
  mkdirSync(dir, { recursive: true });
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const json = JSON.stringify({ at: new Date().toISOString(), machine: machine(), ...extra, rows: rows.map((r) => ({ ...r, met: met(r) })) }, null, 2);
  const file = join(dir, `${stamp}.json`);
  writeFileSync(file, json);
  writeFileSync(join(dir, 'latest.json'), json);
  return file;
};
