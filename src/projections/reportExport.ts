/**
 * Exporting query results (plain typed rows) as CSV and JSON. Nested objects become
 * dot-separated columns (`answers.share`), dates become ISO instants, bigints decimal
 * strings, arrays `;`-joined (CSV) or arrays (JSON), null and undefined empty cells.
 */

const isPlainObject = (v: unknown): v is Record<string, unknown> =>
  typeof v === 'object' && v !== null && !(v instanceof Date) && !Array.isArray(v);

const flatten = (row: object, prefix: string, out: Map<string, unknown>): void => {
  for (const [k, v] of Object.entries(row)) {
    const key = prefix === '' ? k : `${prefix}.${k}`;
    if (isPlainObject(v)) flatten(v, key, out);
    else out.set(key, v);
  }
};

// A spreadsheet reads a cell starting with one of these as a formula (`=HYPERLINK(…)`,
// `+cmd|…`, `@SUM(…)`), or strips the tab or carriage return and then does.
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * Text as a cell no spreadsheet runs as a formula (CSV injection): text starting with `=`,
 * `+`, `-`, `@`, a tab or a carriage return gets a leading `'`, which spreadsheets show as
 * text. Numbers are data and are left alone (a negative number stays a number).
 */
export const neutraliseFormula = (text: string): string => (FORMULA_START.test(text) ? `'${text}` : text);

const cell = (v: unknown): string => {
  if (v === null || v === undefined) return '';
  if (v instanceof Date) return v.toISOString();
  if (Array.isArray(v)) return neutraliseFormula(v.map((x: unknown) => cell(x)).join(';'));
  if (typeof v === 'object') return neutraliseFormula(JSON.stringify(toJsonValue(v)));
  return typeof v === 'string' ? neutraliseFormula(v) : String(v);
};

const quote = (s: string): string => (/[",\r\n]/.test(s) || s.trimStart() !== s ? `"${s.replace(/"/g, '""')}"` : s);

// For JavaScript callers (TypeScript refuses it already): `toCsv(repeatComplainants(m))`
// hands in the query's result object, not one of its row lists.
const checkRows = (fn: string, rows: unknown): void => {
  if (Array.isArray(rows)) return;
  const keys = typeof rows === 'object' && rows !== null ? Object.keys(rows) : [];
  throw new TypeError(
    `${fn} expects an array of rows, got ${keys.length > 0 ? `an object with ${keys.join(', ')}: pass one of its lists, e.g. ${fn}(result.${keys[0] ?? ''})` : String(rows)}.`,
  );
};

/**
 * Rows (plain objects, e.g. the results of the projection queries) as RFC 4180 CSV (comma,
 * CRLF, header first). Columns: the union of every row's flattened keys, in order of first
 * appearance. Text cells that a spreadsheet would run as a formula (starting with `=`, `+`,
 * `-`, `@`, a tab or a carriage return) get a leading `'`, so they show as text.
 * @throws TypeError when `rows` is not an array (e.g. `repeatComplainants`' whole result).
 */
export const toCsv = (rows: readonly object[]): string => {
  checkRows('toCsv', rows);
  const flat = rows.map((r) => {
    const m = new Map<string, unknown>();
    flatten(r, '', m);
    return m;
  });
  const columns: string[] = [];
  const seen = new Set<string>();
  for (const m of flat)
    for (const k of m.keys())
      if (!seen.has(k)) {
        seen.add(k);
        columns.push(k);
      }
  const lines = [columns.map((c) => quote(neutraliseFormula(c))).join(','), ...flat.map((m) => columns.map((c) => quote(cell(m.get(c)))).join(','))];
  return `${lines.join('\r\n')}\r\n`;
};

/** A JSON-ready copy of a value: dates as ISO strings, bigints as strings, undefined properties dropped. */
export const toJsonValue = (v: unknown): unknown => {
  if (v === undefined) return null;
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'bigint') return v.toString();
  if (Array.isArray(v)) return v.map((x: unknown) => toJsonValue(x));
  if (isPlainObject(v)) return Object.fromEntries(Object.entries(v).filter(([, x]) => x !== undefined).map(([k, x]) => [k, toJsonValue(x)]));
  return v;
};

/**
 * Rows as pretty-printed JSON (an array).
 * @throws TypeError when `rows` is not an array.
 */
export const toJson = (rows: readonly object[]): string => {
  checkRows('toJson', rows);
  return `${JSON.stringify(rows.map((r) => toJsonValue(r)), null, 2)}\n`;
};
