/**
 * The recurring-issues read model: one compact record per complaint (indices into string
 * tables), the tables, and how a model is copied (records shared until changed).
 * @packageDocumentation
 */
import { defineLazy, mayChange, ownRecord, shareRecords } from '../copyOnWrite';

/** "None" for an index (no root cause yet). */
export const NONE = -1;

/** A string table: values are stored once, records keep their index. */
export interface StringTable {
  readonly values: string[];
  readonly index: Map<string, number>;
}

const table = (): StringTable => ({ values: [], index: new Map() });
/** The index of `v` in `t`, added at the end when new. */
export const intern = (t: StringTable, v: string): number => {
  const i = t.index.get(v);
  if (i !== undefined) return i;
  t.values.push(v);
  t.index.set(v, t.values.length - 1);
  return t.values.length - 1;
};

/** One complaint, as numbers. */
export interface IssueRecord {
  readonly complaintId: string;
  readonly receivedMs: number;
  /** Local epoch day of receipt. */
  readonly receivedDay: number;
  readonly channel: number;
  category: number;
  product: number;
  rootCause: number;
  /** Index of the reported problem (recorded at receipt; `unknown` when none). */
  readonly reportedProblem: number;
  readonly complainant: number;
  /** Linked (`linkedComplaintId`) to a complaint already closed when this one was received. */
  readonly linkedToClosed: boolean;
  appealed: boolean;
  mediated: boolean;
  requalified: boolean;
  closedMs: number;
  /** Position in the model's `list` (order of receipt). */
  readonly ix: number;
}

/** The recurring-issues read model. Build with `recurringIssuesProjection`. */
export interface RecurringIssuesModel {
  readonly records: Map<string, IssueRecord>;
  /** The records in order of receipt: `list[r.ix] === r`. */
  readonly list: IssueRecord[];
  readonly categories: StringTable;
  readonly products: StringTable;
  readonly rootCauses: StringTable;
  readonly reportedProblems: StringTable;
  readonly complainants: StringTable;
}

/** A model without records. */
export const emptyModel = (): RecurringIssuesModel => ({
  records: new Map(),
  list: [],
  categories: table(),
  products: table(),
  rootCauses: table(),
  reportedProblems: table(),
  complainants: table(),
});

/** Adds a new record to the model (its `ix` must be `m.list.length`). */
export const addRecord = (m: RecurringIssuesModel, r: IssueRecord): void => {
  m.list.push(r);
  m.records.set(r.complaintId, r);
  // Its own without a mark: its ix is past every index the model had when last shared.
};

/**
 * The record to change: `r` itself, or — when the model shares it with a copy (a saved
 * checkpoint, see copyOnWrite.ts) — a copy put in its place.
 */
export const writable = (m: RecurringIssuesModel, r: IssueRecord): IssueRecord => {
  if (mayChange(m, r, r.ix)) return r;
  const copy: IssueRecord = { ...r };
  m.list[r.ix] = copy;
  m.records.set(r.complaintId, copy);
  ownRecord(m, copy);
  return copy;
};

/** A copy of a table: its values, and its index built from them when first read. */
const cloneTable = (t: StringTable): StringTable => {
  const values = [...t.values];
  const out = {} as { -readonly [K in keyof StringTable]: StringTable[K] };
  out.values = values;
  defineLazy(out, 'index', () => new Map(values.map((v, i) => [v, i])));
  return out;
};

/**
 * An independent copy: later changes to either model never show in the other. Records are
 * shared until one side changes them (copy on write, see copyOnWrite.ts), so a copy costs a
 * copy of the list of records and of the tables' values, not a copy of every record; its
 * maps are built from those lists when first read.
 */
export const cloneRecurringIssues = (m: RecurringIssuesModel): RecurringIssuesModel => {
  const list = m.list.slice();
  const out = {} as { -readonly [K in keyof RecurringIssuesModel]: RecurringIssuesModel[K] };
  defineLazy(out, 'records', () => new Map(list.map((r) => [r.complaintId, r])));
  out.list = list;
  out.categories = cloneTable(m.categories);
  out.products = cloneTable(m.products);
  out.rootCauses = cloneTable(m.rootCauses);
  out.reportedProblems = cloneTable(m.reportedProblems);
  out.complainants = cloneTable(m.complainants);
  shareRecords(m, list.length);
  shareRecords(out, list.length);
  return out;
};
