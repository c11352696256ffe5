/**
 * The recurring-issues projection: what complaints are about, over time, to find the
 * procedures to fix. Counts per period (ISO week or month of the local receipt date) by
 * category, product, reported problem, root cause or channel; Pareto of causes; spikes;
 * repeat complainants (also per reported problem);
 * internal-appeal and mediator-referral rates per category. Requalified contacts (not
 * complaints) are kept out of every count and counted apart ({@link requalifiedCounts}).
 *
 * Categories and products are the complaint's *current* ones (after any recategorisation);
 * the root cause is the one given with the definitive answer (unanswered complaints have
 * none and are left out of root-cause counts); the reported problem is the one recorded at
 * receipt — every complaint has one (`unknown` when none was recorded), so counts by it
 * include the complaints still open.
 * @packageDocumentation
 */
import type { StoredComplaintEvent } from '../stream/decodeStream';
import type { JsonValue } from '../eventstore/port';
import { COMPLAINT_STREAM_PREFIX } from '../stream/streams';
import { civilOf, epochDayOf, fromEpochDay, toEpochDay } from '../domain/policy/calendarDays';
import { localDate } from '../domain/policy/deadlines';
import { type DecodeIssue, preview } from '../domain/decoding';
import { CalendarDate } from '../domain/primitives';
import { UNKNOWN_PROBLEM } from '../domain/policy/policy';
import { QueryError } from './queryError';
import { CHANNELS } from '../domain/vocabulary';
import { defineLazy, mayChange, ownRecord, shareRecords } from './copyOnWrite';
import type { Projection } from './projection';

const NONE = -1;

/** A string table: values are stored once, records keep their index. */
export interface StringTable {
  readonly values: string[];
  readonly index: Map<string, number>;
}

const table = (): StringTable => ({ values: [], index: new Map() });
const intern = (t: StringTable, v: string): number => {
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
}

/** The recurring-issues read model. Build with {@link recurringIssuesProjection}. */
export interface RecurringIssuesModel {
  readonly records: Map<string, IssueRecord>;
  readonly categories: StringTable;
  readonly products: StringTable;
  readonly rootCauses: StringTable;
  readonly reportedProblems: StringTable;
  readonly complainants: StringTable;
}

const emptyModel = (): RecurringIssuesModel => ({
  records: new Map(),
  categories: table(),
  products: table(),
  rootCauses: table(),
  reportedProblems: table(),
  complainants: table(),
});

/** Folds one event in (mutating the model; see {@link Projection}). */
export const applyRecurringIssues = (m: RecurringIssuesModel, e: StoredComplaintEvent): RecurringIssuesModel => {
  const ev = e.event;
  if (ev.type === 'ComplaintReceived') {
    const d = ev.data;
    if (m.records.has(d.complaintId)) return m;
    const receivedMs = Date.parse(d.receivedAt);
    const linked = d.linkedComplaintId === undefined ? undefined : m.records.get(d.linkedComplaintId);
    const record: IssueRecord = {
      complaintId: d.complaintId,
      receivedMs,
      receivedDay: toEpochDay(localDate(d.receivedAt, d.timeZone)),
      channel: CHANNELS.indexOf(d.channel),
      category: intern(m.categories, d.category),
      product: intern(m.products, d.product),
      rootCause: NONE,
      reportedProblem: intern(m.reportedProblems, d.reportedProblem),
      complainant: intern(m.complainants, d.complainant.id),
      linkedToClosed: linked !== undefined && !Number.isNaN(linked.closedMs) && linked.closedMs <= receivedMs,
      appealed: false,
      mediated: false,
      requalified: false,
      closedMs: Number.NaN,
    };
    m.records.set(d.complaintId, record);
    ownRecord(m, record);
    return m;
  }
  const found = m.records.get(e.streamName.slice(COMPLAINT_STREAM_PREFIX.length));
  if (found === undefined) return m;
  switch (ev.type) {
    case 'ComplaintRequalified':
    case 'ComplaintRecategorised':
    case 'ComplaintAnswered':
    case 'ComplaintInternalAppealOpened':
    case 'ComplaintReferredToMediator':
    case 'ComplaintClosed':
      break;
    default:
      // Events the model does not keep: nothing to change.
      return m;
  }
  const r = writable(m, found);
  switch (ev.type) {
    case 'ComplaintRequalified':
      r.requalified = true;
      break;
    case 'ComplaintRecategorised':
      r.category = intern(m.categories, ev.data.category);
      r.product = intern(m.products, ev.data.product);
      break;
    case 'ComplaintAnswered':
      r.rootCause = intern(m.rootCauses, ev.data.rootCause);
      break;
    case 'ComplaintInternalAppealOpened':
      r.appealed = true;
      break;
    case 'ComplaintReferredToMediator':
      r.mediated = true;
      break;
    case 'ComplaintClosed':
      r.closedMs = Date.parse(ev.data.closedAt);
      break;
    default:
      break;
  }
  return m;
};

/**
 * The record to change: `r` itself, or — when the model shares it with a copy (a saved
 * checkpoint, see copyOnWrite.ts) — a copy put in its place.
 */
const writable = (m: RecurringIssuesModel, r: IssueRecord): IssueRecord => {
  if (mayChange(m, r)) return r;
  const copy: IssueRecord = { ...r };
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
 * list of the records and of the tables' values, not a copy of every record; its maps are
 * built from those lists when first read.
 */
export const cloneRecurringIssues = (m: RecurringIssuesModel): RecurringIssuesModel => {
  const list = [...m.records.values()];
  const out = {} as { -readonly [K in keyof RecurringIssuesModel]: RecurringIssuesModel[K] };
  defineLazy(out, 'records', () => new Map(list.map((r) => [r.complaintId, r])));
  out.categories = cloneTable(m.categories);
  out.products = cloneTable(m.products);
  out.rootCauses = cloneTable(m.rootCauses);
  out.reportedProblems = cloneTable(m.reportedProblems);
  out.complainants = cloneTable(m.complainants);
  shareRecords(m);
  shareRecords(out);
  return out;
};

/** The recurring-issues projection (name `'recurring-issues'`). `apply` mutates the model in place. */
export const recurringIssuesProjection = (): Projection<RecurringIssuesModel> => ({
  name: 'recurring-issues',
  // 2: records carry the reported problem (checkpoints of version 1 are rebuilt).
  version: 2,
  initial: emptyModel,
  apply: applyRecurringIssues,
  clone: cloneRecurringIssues,
});

/** What to count complaints by. */
export type IssueDimension = 'category' | 'product' | 'reportedProblem' | 'rootCause' | 'channel';
/** Period of a count: ISO week (`2022-W02`, weeks start on Monday) or month (`2022-01`) of the local receipt date. */
export type IssuePeriod = 'week' | 'month';

/**
 * A period of receipt, by local receipt date: `[from, to)` as calendar dates. `CalendarDate`
 * is a branded string (`YYYY-MM-DD`, a real date): build a range with {@link dateRange}, or
 * take dates from `localDate`, `addDays` or {@link periodStart}.
 */
export interface DateRange {
  readonly from: CalendarDate;
  readonly to: CalendarDate;
}

/**
 * The range `[from, to)` of local dates, from two `YYYY-MM-DD` strings.
 * @example dateRange('2022-03-01', '2022-04-01') // March 2022
 * @throws QueryError a `DecodeError` (subject `date range`) naming `from` or `to`
 * when it is not a real date, or `to` when it does not come after `from`.
 */
export const dateRange = (from: string, to: string): DateRange => {
  const issues: DecodeIssue[] = [];
  for (const [path, value] of [['from', from], ['to', to]] as const)
    if (!CalendarDate.is(value)) issues.push({ path, expected: 'CalendarDate (YYYY-MM-DD)', message: `${path}: expected CalendarDate (YYYY-MM-DD), got ${preview(value)}` });
  if (issues.length === 0 && to <= from) issues.push({ path: 'to', expected: `a date after ${from}`, message: `to: expected a date after from (${from}), got ${preview(to)}` });
  if (!CalendarDate.is(from) || !CalendarDate.is(to) || issues.length > 0) throw new QueryError({ _tag: 'DecodeError', subject: 'date range', issues });
  return { from, to };
};

const keyOf = (m: RecurringIssuesModel, r: IssueRecord, by: IssueDimension): string | undefined => {
  switch (by) {
    case 'category':
      return m.categories.values[r.category];
    case 'product':
      return m.products.values[r.product];
    case 'rootCause':
      return r.rootCause === NONE ? undefined : m.rootCauses.values[r.rootCause];
    case 'reportedProblem':
      return m.reportedProblems.values[r.reportedProblem];
    case 'channel':
      return CHANNELS[r.channel];
  }
};

/** Sequential number of the period holding an epoch day (consecutive periods differ by 1). */
const periodIndex = (day: number, period: IssuePeriod): number => {
  if (period === 'week') return Math.floor((day + 3) / 7); // epoch day −3 was a Monday
  const { year, month } = civilOf(day);
  return year * 12 + month - 1;
};

/** Label of a period number: `YYYY-MM` or ISO `YYYY-Www`. */
const periodLabel = (index: number, period: IssuePeriod): string => {
  if (period === 'month') return `${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`;
  const thursday = index * 7 - 3 + 3;
  const year = civilOf(thursday).year;
  const week = Math.floor((thursday - epochDayOf(year, 1, 1)) / 7) + 1;
  return `${year}-W${String(week).padStart(2, '0')}`;
};

const inRange = (r: IssueRecord, range: DateRange | undefined): boolean =>
  range === undefined || (r.receivedDay >= toEpochDay(range.from) && r.receivedDay < toEpochDay(range.to));

const complaintsIn = function* (m: RecurringIssuesModel, range: DateRange | undefined): Generator<IssueRecord> {
  for (const r of m.records.values()) if (!r.requalified && inRange(r, range)) yield r;
};

/** A count of complaints of one key in one period. */
export interface PeriodCount {
  readonly period: string;
  readonly key: string;
  readonly count: number;
}

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Complaints received per period and key, sorted by period then key (only non-zero counts). */
export const countsByPeriod = (m: RecurringIssuesModel, options: { readonly by: IssueDimension; readonly period: IssuePeriod; readonly range?: DateRange }): PeriodCount[] => {
  const counts = new Map<string, { period: number; key: string; count: number }>();
  for (const r of complaintsIn(m, options.range)) {
    const key = keyOf(m, r, options.by);
    if (key === undefined) continue;
    const period = periodIndex(r.receivedDay, options.period);
    const k = `${period}\u0000${key}`;
    const c = counts.get(k);
    if (c === undefined) counts.set(k, { period, key, count: 1 });
    else c.count += 1;
  }
  return [...counts.values()]
    .sort((a, b) => a.period - b.period || cmp(a.key, b.key))
    .map((c) => ({ period: periodLabel(c.period, options.period), key: c.key, count: c.count }));
};

/** One row of a Pareto table. */
export interface ParetoRow {
  readonly key: string;
  readonly count: number;
  readonly share: number;
  /** Share of this key and every key above it. */
  readonly cumulativeShare: number;
}

/** Keys by decreasing count (ties by name) with their share and cumulative share. */
export const pareto = (m: RecurringIssuesModel, options: { readonly by: IssueDimension; readonly range?: DateRange }): ParetoRow[] => {
  const counts = new Map<string, number>();
  let total = 0;
  for (const r of complaintsIn(m, options.range)) {
    const key = keyOf(m, r, options.by);
    if (key === undefined) continue;
    counts.set(key, (counts.get(key) ?? 0) + 1);
    total += 1;
  }
  let cumulative = 0;
  return [...counts.entries()]
    .sort(([ka, a], [kb, b]) => b - a || cmp(ka, kb))
    .map(([key, count]) => {
      cumulative += count;
      return { key, count, share: count / total, cumulativeShare: cumulative / total };
    });
};

/** A period in which a key's count was abnormally high against its own recent past. */
export interface Spike {
  readonly period: string;
  readonly key: string;
  readonly count: number;
  /** Mean count of the key over the `window` previous periods. */
  readonly baseline: number;
  /** P(X ≥ count) for X ~ Poisson(max(baseline, 0.5)). */
  readonly pValue: number;
}

/** Options of {@link spikes}. */
export interface SpikeOptions {
  readonly by: IssueDimension;
  readonly period: IssuePeriod;
  /** Periods examined (by local receipt date); the baseline may look before `from`. */
  readonly range: DateRange;
  /** Previous periods in the baseline (default 6). */
  readonly window?: number;
  /** Smallest count that can be a spike (default 3). */
  readonly minCount?: number;
  /** Largest p-value of a spike (default 0.01). */
  readonly alpha?: number;
}

/** P(X ≥ k) for X ~ Poisson(lambda). */
const poissonTail = (k: number, lambda: number): number => {
  let pmf = Math.exp(-lambda);
  let below = 0;
  for (let i = 0; i < k; i++) {
    below += pmf;
    pmf *= lambda / (i + 1);
  }
  return Math.max(0, 1 - below);
};

/**
 * Spikes. **Rule**: for each key and each period P in the range, the baseline λ is the
 * mean count of that key over the `window` periods before P (periods without complaints
 * count as 0; λ is floored at 0.5 so that a new cause needs several complaints to count).
 * P is a spike iff its count is at least `minCount` and P(X ≥ count) < `alpha` for
 * X ~ Poisson(λ): "this many would happen by chance less than 1 time in 100".
 */
export const spikes = (m: RecurringIssuesModel, options: SpikeOptions): Spike[] => {
  const window = options.window ?? 6;
  const minCount = options.minCount ?? 3;
  const alpha = options.alpha ?? 0.01;
  const first = periodIndex(toEpochDay(options.range.from), options.period);
  const last = periodIndex(toEpochDay(options.range.to) - 1, options.period);
  const byKey = new Map<string, Map<number, number>>();
  for (const r of m.records.values()) {
    if (r.requalified) continue;
    const p = periodIndex(r.receivedDay, options.period);
    if (p < first - window || p > last) continue;
    const key = keyOf(m, r, options.by);
    if (key === undefined) continue;
    let counts = byKey.get(key);
    if (counts === undefined) byKey.set(key, (counts = new Map()));
    counts.set(p, (counts.get(p) ?? 0) + 1);
  }
  const out: (Spike & { readonly index: number })[] = [];
  for (const [key, counts] of byKey)
    for (const [p, count] of counts) {
      if (p < first || count < minCount) continue;
      let sum = 0;
      for (let q = p - window; q < p; q++) sum += counts.get(q) ?? 0;
      const baseline = sum / window;
      const pValue = poissonTail(count, Math.max(baseline, 0.5));
      if (pValue < alpha) out.push({ index: p, period: periodLabel(p, options.period), key, count, baseline, pValue });
    }
  return out.sort((a, b) => a.index - b.index || cmp(a.key, b.key)).map(({ index: _index, ...s }) => s);
};

/** A complainant with several complaints within a window. */
export interface RepeatComplainant {
  readonly complainantId: string;
  /** Largest number of complaints received within any `windowDays` days. */
  readonly maxInWindow: number;
  /** All their complaints (in the range; with `by`, those of `key`), by receipt. */
  readonly complaintIds: readonly string[];
  /** With the `by` option: what the complaints counted have in common (e.g. the reported problem). */
  readonly key?: string;
}

/**
 * Complainants with at least `minComplaints` (default 2) complaints received within
 * `windowDays` (default 90) local days of each other, most frequent first; and the
 * complaints linked to an earlier complaint that was already closed when they came in.
 * With `by` (e.g. `'reportedProblem'`), only complaints with the same key count together:
 * the same person coming back about the same problem (a person may then be listed once per
 * key; complaints without a key — no root cause yet — are left out).
 */
export const repeatComplainants = (
  m: RecurringIssuesModel,
  options: { readonly windowDays?: number; readonly minComplaints?: number; readonly range?: DateRange; readonly by?: IssueDimension } = {},
): { readonly complainants: RepeatComplainant[]; readonly linkedToClosed: string[] } => {
  const windowDays = options.windowDays ?? 90;
  const minComplaints = options.minComplaints ?? 2;
  const by = options.by;
  const byPerson = new Map<string, { person: number; key: string | undefined; list: IssueRecord[] }>();
  const linkedToClosed: string[] = [];
  for (const r of complaintsIn(m, options.range)) {
    if (r.linkedToClosed) linkedToClosed.push(r.complaintId);
    const key = by === undefined ? undefined : keyOf(m, r, by);
    if (by !== undefined && key === undefined) continue;
    const group = `${r.complainant}\u0000${key ?? ''}`;
    const found = byPerson.get(group);
    if (found === undefined) byPerson.set(group, { person: r.complainant, key, list: [r] });
    else found.list.push(r);
  }
  const complainants: RepeatComplainant[] = [];
  for (const { person, key, list } of byPerson.values()) {
    if (list.length < minComplaints) continue;
    list.sort((a, b) => a.receivedMs - b.receivedMs);
    let best = 0;
    for (let i = 0, j = 0; j < list.length; j++) {
      while ((list[j]?.receivedDay ?? 0) - (list[i]?.receivedDay ?? 0) >= windowDays) i++;
      best = Math.max(best, j - i + 1);
    }
    if (best >= minComplaints)
      complainants.push({
        complainantId: m.complainants.values[person] ?? '',
        maxInWindow: best,
        complaintIds: list.map((r) => r.complaintId),
        ...(key === undefined ? {} : { key }),
      });
  }
  complainants.sort((a, b) => b.maxInWindow - a.maxInWindow || cmp(a.complainantId, b.complainantId) || cmp(a.key ?? '', b.key ?? ''));
  return { complainants, linkedToClosed: linkedToClosed.sort() };
};

/** Internal-appeal and mediator-referral rates of one category. */
export interface RecourseRate {
  readonly category: string;
  readonly complaints: number;
  readonly appealed: number;
  readonly appealRate: number;
  readonly referredToMediator: number;
  readonly mediatorRate: number;
}

/** Per category: the share of complaints (received in the range) that went to internal appeal, and to the mediator. */
export const recourseRates = (m: RecurringIssuesModel, range?: DateRange): RecourseRate[] => {
  const acc = new Map<string, { complaints: number; appealed: number; mediated: number }>();
  for (const r of complaintsIn(m, range)) {
    const category = m.categories.values[r.category] ?? '';
    const a = acc.get(category) ?? { complaints: 0, appealed: 0, mediated: 0 };
    a.complaints += 1;
    if (r.appealed) a.appealed += 1;
    if (r.mediated) a.mediated += 1;
    acc.set(category, a);
  }
  return [...acc.entries()]
    .sort(([a], [b]) => cmp(a, b))
    .map(([category, a]) => ({
      category,
      complaints: a.complaints,
      appealed: a.appealed,
      appealRate: a.appealed / a.complaints,
      referredToMediator: a.mediated,
      mediatorRate: a.mediated / a.complaints,
    }));
};

/** Requalified contacts (not complaints) per period of receipt, counted apart from complaints. */
export const requalifiedCounts = (m: RecurringIssuesModel, options: { readonly period: IssuePeriod; readonly range?: DateRange }): { readonly period: string; readonly count: number }[] => {
  const counts = new Map<number, number>();
  for (const r of m.records.values()) {
    if (!r.requalified || !inRange(r, options.range)) continue;
    const p = periodIndex(r.receivedDay, options.period);
    counts.set(p, (counts.get(p) ?? 0) + 1);
  }
  return [...counts.entries()].sort(([a], [b]) => a - b).map(([p, count]) => ({ period: periodLabel(p, options.period), count }));
};

/** The local calendar date of a period's first day (for reports). */
export const periodStart = (label: string): CalendarDate | undefined => {
  const month = /^(\d{4})-(\d{2})$/.exec(label);
  if (month) return fromEpochDay(epochDayOf(Number(month[1]), Number(month[2]), 1));
  const week = /^(\d{4})-W(\d{2})$/.exec(label);
  if (!week) return undefined;
  const jan4 = epochDayOf(Number(week[1]), 1, 4);
  const mondayOfWeek1 = jan4 - (((jan4 + 3) % 7) + 7) % 7;
  return fromEpochDay(mondayOfWeek1 + (Number(week[2]) - 1) * 7);
};

// Format 1 had the first twelve fields; format 2 adds the reported problem at the end.
const ISSUE_FIELDS = ['receivedMs', 'receivedDay', 'channel', 'category', 'product', 'rootCause', 'complainant', 'linkedToClosed', 'appealed', 'mediated', 'requalified', 'closedMs', 'reportedProblem'] as const;
const FORMAT_1_FIELDS = 12;

/** The model as compact JSON (string tables plus one array per complaint), for a durable checkpoint store. */
export const encodeRecurringIssues = (m: RecurringIssuesModel): { [key: string]: JsonValue } => ({
  format: 2,
  categories: [...m.categories.values],
  products: [...m.products.values],
  rootCauses: [...m.rootCauses.values],
  reportedProblems: [...m.reportedProblems.values],
  complainants: [...m.complainants.values],
  records: [...m.records.values()].map((r): JsonValue => [
    r.complaintId,
    ...ISSUE_FIELDS.map((f): JsonValue => {
      const v = r[f];
      return typeof v === 'boolean' ? (v ? 1 : 0) : Number.isNaN(v) ? null : v;
    }),
  ]),
});

const notIssues = (what: string): never => {
  throw new TypeError(`Not a recurring-issues checkpoint: ${what}`);
};

const tableFrom = (v: JsonValue | undefined, what: string): StringTable => {
  if (!Array.isArray(v) || !v.every((x): x is string => typeof x === 'string')) return notIssues(what);
  return { values: [...v], index: new Map(v.map((x, i) => [x, i])) };
};

/**
 * Rebuilds a model from {@link encodeRecurringIssues}'s JSON. Throws a TypeError on anything
 * else. A format-1 checkpoint (written before reported problems were recorded, when every
 * complaint had none) reads with every reported problem `unknown`.
 */
export const decodeRecurringIssues = (json: JsonValue): RecurringIssuesModel => {
  if (typeof json !== 'object' || json === null || Array.isArray(json) || (json.format !== 1 && json.format !== 2)) return notIssues('format');
  const fields = json.format === 1 ? FORMAT_1_FIELDS : ISSUE_FIELDS.length;
  const m: RecurringIssuesModel = {
    records: new Map(),
    categories: tableFrom(json.categories, 'categories'),
    products: tableFrom(json.products, 'products'),
    rootCauses: tableFrom(json.rootCauses, 'rootCauses'),
    reportedProblems: json.format === 1 ? tableFrom([UNKNOWN_PROBLEM], 'reportedProblems') : tableFrom(json.reportedProblems, 'reportedProblems'),
    complainants: tableFrom(json.complainants, 'complainants'),
  };
  if (!Array.isArray(json.records)) return notIssues('records');
  for (const row of json.records) {
    if (!Array.isArray(row) || row.length !== fields + 1 || typeof row[0] !== 'string') return notIssues('record');
    const n = (i: number): number => {
      const v = row[i + 1];
      return v === null ? Number.NaN : typeof v === 'number' ? v : notIssues(`record field ${ISSUE_FIELDS[i] ?? i}`);
    };
    m.records.set(row[0], {
      complaintId: row[0],
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
      reportedProblem: json.format === 1 ? 0 : n(12),
    });
  }
  return m;
};
