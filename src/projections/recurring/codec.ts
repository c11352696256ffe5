/**
 * The recurring-issues model as compact JSON for a durable checkpoint store (string tables
 * plus one array per complaint), and back. Decoding answers an `Either` naming what is wrong
 * and where; format 1 (before reported problems were recorded) still reads.
 * @packageDocumentation
 */
import * as E from 'fp-ts/lib/Either.js';
import type { DecodeError } from '../../domain/decoding';
import { UNKNOWN_PROBLEM } from '../../domain/policy/policy';
import type { JsonValue } from '../../eventstore/port';
import { isJsonObject, modelIssue, orTypeError, stringsOf } from '../modelDecoding';
import { type RecurringIssuesModel, type StringTable, addRecord } from './model';

const SUBJECT = 'recurring-issues checkpoint';

// Format 1 had the first twelve fields; format 2 adds the reported problem at the end.
const ISSUE_FIELDS = ['receivedMs', 'receivedDay', 'channel', 'category', 'product', 'rootCause', 'complainant', 'linkedToClosed', 'appealed', 'mediated', 'requalified', 'closedMs', 'reportedProblem'] as const;
const FORMAT_1_FIELDS = 12;

/**
 * The model as compact JSON (string tables plus one array per complaint), for a durable
 * checkpoint store (`recurringIssuesProjection()` carries it as its `encode`).
 */
export const encodeRecurringIssues = (m: RecurringIssuesModel): { [key: string]: JsonValue } => ({
  format: 2,
  categories: [...m.categories.values],
  products: [...m.products.values],
  rootCauses: [...m.rootCauses.values],
  reportedProblems: [...m.reportedProblems.values],
  complainants: [...m.complainants.values],
  // The list, in the map's order (a copy's map is built only when read).
  records: m.list.map((r): JsonValue => [
    r.complaintId,
    ...ISSUE_FIELDS.map((f): JsonValue => {
      const v = r[f];
      return typeof v === 'boolean' ? (v ? 1 : 0) : Number.isNaN(v) ? null : v;
    }),
  ]),
});

/** The path of a record row, spelt only for an error (a million records decode in a loop). */
const rowPath = (at: number): string => `records[${at}]`;

const bad = (path: string, expected: string, value: unknown): E.Either<DecodeError, never> => modelIssue(SUBJECT, path, expected, value);

const tableOf = (values: readonly string[]): StringTable => ({ values: [...values], index: new Map(values.map((x, i) => [x, i])) });

/**
 * Rebuilds a model from {@link encodeRecurringIssues}'s JSON; on anything else a
 * `DecodeError` whose issue names the place (e.g. `records[2][6]`, the complainant of the
 * third record). A format-1 checkpoint (written before reported problems were recorded,
 * when every complaint had none) reads with every reported problem `unknown`.
 * `recurringIssuesProjection()` carries it as its `decode`.
 */
export const decodeRecurringIssuesModel = (json: JsonValue): E.Either<DecodeError, RecurringIssuesModel> => {
  if (!isJsonObject(json)) return bad('(root)', 'a recurring-issues checkpoint (an object)', json);
  if (json.format !== 1 && json.format !== 2) return bad('format', 'recurring-issues format 1 or 2', json.format);
  const format = json.format;
  const categories = stringsOf(json.categories);
  if (categories === undefined) return bad('categories', 'an array of strings', json.categories);
  const products = stringsOf(json.products);
  if (products === undefined) return bad('products', 'an array of strings', json.products);
  const rootCauses = stringsOf(json.rootCauses);
  if (rootCauses === undefined) return bad('rootCauses', 'an array of strings', json.rootCauses);
  const reportedProblems = format === 1 ? [UNKNOWN_PROBLEM] : stringsOf(json.reportedProblems);
  if (reportedProblems === undefined) return bad('reportedProblems', 'an array of strings', json.reportedProblems);
  const complainants = stringsOf(json.complainants);
  if (complainants === undefined) return bad('complainants', 'an array of strings', json.complainants);
  const m: RecurringIssuesModel = {
    records: new Map(),
    list: [],
    categories: tableOf(categories),
    products: tableOf(products),
    rootCauses: tableOf(rootCauses),
    reportedProblems: tableOf(reportedProblems),
    complainants: tableOf(complainants),
  };
  const rows = json.records;
  if (!Array.isArray(rows)) return bad('records', 'an array of records', rows);
  const fields = format === 1 ? FORMAT_1_FIELDS : ISSUE_FIELDS.length;
  for (let at = 0; at < rows.length; at++) {
    const row = rows[at];
    if (!Array.isArray(row) || row.length !== fields + 1) return bad(rowPath(at), `an array of ${fields + 1} items (complaint id, ${ISSUE_FIELDS.slice(0, fields).join(', ')})`, row);
    const id = row[0];
    if (typeof id !== 'string') return bad(`${rowPath(at)}[0]`, 'a complaint id (string)', id);
    if (m.records.has(id)) return bad(`${rowPath(at)}[0]`, 'a complaint id not seen before in the checkpoint', id);
    for (let i = 1; i <= fields; i++) {
      const v = row[i];
      if (v !== null && typeof v !== 'number') return bad(`${rowPath(at)}[${i}]`, `${ISSUE_FIELDS[i - 1] ?? i} (a number or null)`, v);
    }
    const n = (i: number): number => {
      const v = row[i + 1];
      return typeof v === 'number' ? v : Number.NaN;
    };
    addRecord(m, {
      complaintId: id,
      receivedMs: n(0),
      receivedDay: n(1),
      channel: n(2),
      category: n(3),
      product: n(4),
      rootCause: n(5),
      complainant: n(6),
      linkedToClosed: n(7) === 1,
      appealed: n(8) === 1,
      mediated: n(9) === 1,
      requalified: n(10) === 1,
      closedMs: n(11),
      reportedProblem: format === 1 ? 0 : n(12),
      ix: m.list.length,
    });
  }
  return E.right(m);
};

/**
 * Rebuilds a model from {@link encodeRecurringIssues}'s JSON. Throws a TypeError naming the
 * bad place on anything else; a format-1 checkpoint reads with every reported problem `unknown`.
 * @deprecated Use `recurringIssuesProjection().decode(json)`, which answers an `Either` instead of throwing.
 */
export const decodeRecurringIssues = (json: JsonValue): RecurringIssuesModel => orTypeError(decodeRecurringIssuesModel(json), 'Not a recurring-issues checkpoint');
