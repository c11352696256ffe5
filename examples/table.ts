/** Plain-text tables and number formats for the examples' console output. */

/** Prints rows as an aligned table (numbers right-aligned) under a title. */
export const printTable = (title: string, header: readonly string[], rows: readonly (readonly (string | number)[])[]): void => {
  console.log(`\n${title}`);
  if (rows.length === 0) {
    console.log('  (none)');
    return;
  }
  const cells = [header, ...rows.map((r) => r.map(String))];
  const widths = header.map((_, i) => Math.max(...cells.map((r) => (r[i] ?? '').length)));
  const numeric = header.map((_, i) => rows.every((r) => typeof r[i] === 'number' || /^[\d.,%+-]+d?$|^—$/.test(String(r[i]))));
  const line = (r: readonly string[]): string => `  ${r.map((c, i) => (numeric[i] ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0))).join('  ').trimEnd()}`;
  console.log(line(header));
  console.log(`  ${widths.map((w) => '-'.repeat(w)).join('  ')}`);
  for (const r of cells.slice(1)) console.log(line(r));
};

/** A share as a percentage with one decimal, `—` for null. */
export const pct = (x: number | null): string => (x === null ? '—' : `${(x * 100).toFixed(1)}%`);

/** A duration in ms as days with one decimal, `—` for null. */
export const days = (ms: number | null): string => (ms === null ? '—' : `${(ms / 86_400_000).toFixed(1)}d`);

/** A Date as `YYYY-MM-DD HH:MM` UTC. */
export const utc = (d: Date): string => `${d.toISOString().slice(0, 16).replace('T', ' ')}Z`;
