/** Plain-text tables for the terminal. */

/** Renders rows under a title as an aligned text table (numbers right-aligned). */
export const textTable = (title: string, header: readonly string[], rows: readonly (readonly string[])[], none: string): string => {
  const out = [title, '-'.repeat(Math.max(title.length, 3))];
  if (rows.length === 0) return `${[...out, none].join('\n')}\n`;
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => (r[i] ?? '').length)));
  const numeric = header.map((_, i) => rows.every((r) => /^-?[\d.,%]+$/.test(r[i] ?? '')));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (numeric[i] === true ? c.padStart(widths[i] ?? 0) : c.padEnd(widths[i] ?? 0)))
      .join('  ')
      .trimEnd();
  out.push(line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line));
  return `${out.join('\n')}\n`;
};
