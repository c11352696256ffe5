/**
 * Queries of the complaint-list read model: open complaints (or any status) by assignee,
 * status, complainant and product, sorted, one page at a time, with the total.
 * @packageDocumentation
 */
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { QueryError } from './queryError';
import { type DecodeError, type DecodeIssue, decodeWith, preview } from '../domain/decoding';
import { FINAL_STATUSES, type ComplaintStatus } from '../domain/state';
import { type ComplaintListModel, UNASSIGNED } from './complaintList';
import { type ComplaintListRecord, type ComplaintListRow, ComplaintStatusCodec } from './complaintListCodec';

/** Rows per page when the query gives no `limit`. */
export const DEFAULT_PAGE_SIZE = 50;
/** The largest `limit` a query may ask for. */
export const MAX_PAGE_SIZE = 1000;

// A whole number in a range, from a number or from its decimal digits (a URL's query string).
const wholeNumber = (name: string, min: number, max: number): t.Type<number, number, unknown> =>
  new t.Type<number, number, unknown>(
    name,
    (u): u is number => typeof u === 'number' && Number.isInteger(u) && u >= min && u <= max,
    (u, c) => {
      const n = typeof u === 'string' && /^\d{1,9}$/.test(u) ? Number(u) : u;
      return typeof n === 'number' && Number.isInteger(n) && n >= min && n <= max ? t.success(n) : t.failure(u, c);
    },
    (n) => n,
  );

const NonBlank = t.refinement(t.string, (s) => s.trim() !== '', 'NonBlankString');

/** The codec of {@link ComplaintListQuery} (see {@link parseComplaintListQuery}). */
export const ComplaintListQueryCodec = t.partial(
  {
    status: t.union([t.literal('open'), t.literal('all'), ComplaintStatusCodec, t.readonlyArray(ComplaintStatusCodec)], "'open' | 'all' | ComplaintStatus | ComplaintStatus[]"),
    assignee: t.union([NonBlank, t.null], 'assignee id | null'),
    complainant: NonBlank,
    product: NonBlank,
    orderBy: t.keyof({ receivedAt: null, answerDue: null, lastActivityAt: null }, "'receivedAt' | 'answerDue' | 'lastActivityAt'"),
    direction: t.keyof({ asc: null, desc: null }, "'asc' | 'desc'"),
    offset: wholeNumber('offset (a whole number ≥ 0)', 0, Number.MAX_SAFE_INTEGER),
    limit: wholeNumber(`limit (1..${MAX_PAGE_SIZE})`, 1, MAX_PAGE_SIZE),
  },
  'ComplaintListQuery',
);

/**
 * Which complaints, in which order, which page. Every filter given must hold (they combine
 * with AND); none given lists every open complaint.
 *
 * - `status`: `'open'` (the default: every status but `closed` and `requalified`), `'all'`,
 *   one status, or a list of statuses.
 * - `assignee`: an assignee id, or `null` for the complaints assigned to nobody.
 * - `complainant`: a complainant id. `product`: a product (the current one).
 * - `orderBy`: `'receivedAt'` (the default), `'answerDue'` or `'lastActivityAt'`;
 *   `direction` `'asc'` (the default) or `'desc'`. Ties are broken by receipt time, then id (in the same direction),
 *   so pages never overlap or skip a row while the model does not change.
 * - `offset` (default 0) rows skipped; `limit` rows at most (default {@link DEFAULT_PAGE_SIZE},
 *   at most {@link MAX_PAGE_SIZE}). Both also accept decimal digits, as read from a URL.
 */
export type ComplaintListQuery = t.TypeOf<typeof ComplaintListQueryCodec>;

/** One page of a list: `total` rows match the query, `items` are those from `offset`, at most `limit`. */
export interface ComplaintPage {
  readonly total: number;
  readonly offset: number;
  readonly limit: number;
  readonly items: readonly ComplaintListRow[];
}

const QUERY_KEYS: readonly string[] = Object.keys(ComplaintListQueryCodec.props);
const decodeShape = decodeWith(ComplaintListQueryCodec, 'complaint list query');

/**
 * Reads a list query from outside (a request's query string or body): an object with the
 * keys of {@link ComplaintListQuery}, nothing else. A key it does not know (e.g. a typo,
 * `asignee`) is refused rather than ignored, so a filter never silently lists everything.
 */
export const parseComplaintListQuery = (input: unknown): E.Either<DecodeError, ComplaintListQuery> => {
  const unknownKeys = typeof input === 'object' && input !== null && !Array.isArray(input) ? Object.keys(input).filter((k) => !QUERY_KEYS.includes(k)) : [];
  const shape = decodeShape(input);
  const issues: DecodeIssue[] = unknownKeys.map((k) => ({
    path: k,
    expected: `one of ${QUERY_KEYS.join(', ')}`,
    message: `${k}: unknown key (expected one of ${QUERY_KEYS.join(', ')}), got ${preview((input as Record<string, unknown>)[k])}`,
  }));
  if (E.isLeft(shape)) issues.push(...shape.left.issues);
  return issues.length > 0 || E.isLeft(shape) ? E.left({ _tag: 'DecodeError', subject: 'complaint list query', issues }) : shape;
};

const OPEN_STATUSES: readonly ComplaintStatus[] = (Object.keys(ComplaintStatusCodec.keys) as ComplaintStatus[]).filter((s) => !FINAL_STATUSES.includes(s));

const statusesOf = (status: ComplaintListQuery['status']): readonly ComplaintStatus[] | undefined =>
  status === undefined || status === 'open' ? OPEN_STATUSES : status === 'all' ? undefined : typeof status === 'string' ? [status] : status;

/** Candidate ids: the smallest of the collections the filters point to (every filter is checked again on each row). */
const candidates = (m: ComplaintListModel, q: ComplaintListQuery, statuses: readonly ComplaintStatus[] | undefined): Iterable<string> => {
  const options: { size: number; ids: () => Iterable<string> }[] = [{ size: m.records.size, ids: () => m.records.keys() }];
  const keyed = (index: Map<string, Set<string>>, key: string): void => {
    const ids = index.get(key);
    options.push({ size: ids?.size ?? 0, ids: () => ids ?? [] });
  };
  if (q.assignee !== undefined) keyed(m.byAssignee, q.assignee ?? UNASSIGNED);
  if (q.complainant !== undefined) keyed(m.byComplainant, q.complainant);
  if (q.product !== undefined) keyed(m.byProduct, q.product);
  if (statuses !== undefined) {
    // A complaint has one status: the sets are disjoint, so walking them one after the other
    // visits each id once (statuses are de-duplicated first).
    const sets = [...new Set(statuses)].map((s) => m.byStatus.get(s)).filter((ids): ids is Set<string> => ids !== undefined);
    options.push({
      size: sets.reduce((n, ids) => n + ids.size, 0),
      ids: function* () {
        for (const ids of sets) yield* ids;
      },
    });
  }
  const smallest = options.reduce((a, b) => (b.size < a.size ? b : a));
  return smallest.ids();
};

const matches = (r: ComplaintListRecord, q: ComplaintListQuery, statuses: readonly ComplaintStatus[] | undefined): boolean =>
  (statuses === undefined || statuses.includes(r.status)) &&
  (q.assignee === undefined || (r.assignee?.id ?? null) === q.assignee) &&
  (q.complainant === undefined || r.complainantId === q.complainant) &&
  (q.product === undefined || r.product === q.product);

interface SortKeys {
  readonly receivedAt: number;
  readonly lastActivityAt: number;
  readonly answerDue: number;
}

// Records are immutable values (replaced on every change), so their sort keys are parsed
// once per record, not on every query.
const sortKeys = new WeakMap<ComplaintListRecord, SortKeys>();
const keysOf = (r: ComplaintListRecord): SortKeys => {
  let keys = sortKeys.get(r);
  if (keys === undefined) {
    keys = { receivedAt: Date.parse(r.receivedAt), lastActivityAt: Date.parse(r.lastActivityAt), answerDue: Date.parse(`${r.answerDue}T00:00:00Z`) };
    sortKeys.set(r, keys);
  }
  return keys;
};

/** The `n` first items in `compare` order, sorted: a bounded max-heap when `n` is small next to the input. */
const firstN = <T>(items: readonly T[], n: number, compare: (a: T, b: T) => number): T[] => {
  if (n <= 0) return [];
  if (n * 4 >= items.length) return [...items].sort(compare).slice(0, n);
  const heap: T[] = [];
  const swap = (i: number, j: number): void => {
    const x = heap[i] as T;
    heap[i] = heap[j] as T;
    heap[j] = x;
  };
  const siftDown = (i: number): void => {
    for (;;) {
      const l = 2 * i + 1;
      const r = l + 1;
      let top = i;
      if (l < heap.length && compare(heap[l] as T, heap[top] as T) > 0) top = l;
      if (r < heap.length && compare(heap[r] as T, heap[top] as T) > 0) top = r;
      if (top === i) return;
      swap(i, top);
      i = top;
    }
  };
  for (const item of items) {
    if (heap.length < n) {
      heap.push(item);
      for (let i = heap.length - 1; i > 0 && compare(heap[i] as T, heap[(i - 1) >> 1] as T) > 0; i = (i - 1) >> 1) swap(i, (i - 1) >> 1);
    } else if (compare(item, heap[0] as T) < 0) {
      heap[0] = item;
      siftDown(0);
    }
  }
  return heap.sort(compare);
};

const rowOf = (r: ComplaintListRecord): ComplaintListRow => ({
  complaintId: r.complaintId,
  status: r.status,
  receivedAt: r.receivedAt,
  channel: r.channel,
  form: r.form,
  urgency: r.urgency,
  category: r.category,
  product: r.product,
  complainantId: r.complainantId,
  complainantKind: r.complainantKind,
  assignee: r.assignee === null ? null : { id: r.assignee.id, name: r.assignee.name },
  acknowledgementDue: r.acknowledgementDue,
  answerDue: r.answerDue,
  lastActivityAt: r.lastActivityAt,
});

/**
 * One page of the complaints matching `query` (default: every open complaint, oldest first,
 * 50 per page), with the total. The rows are fresh copies: keeping them does not hold the
 * model. Costs O(k log(offset + limit)) for k matching complaints, found through the index
 * of the most selective filter.
 *
 * @throws QueryError a `DecodeError` (subject `complaint list query`) naming each
 * bad key, as {@link parseComplaintListQuery} gives it — e.g. `limit: expected limit (1..1000), got 0`.
 */
export const listComplaints = (model: ComplaintListModel, query: ComplaintListQuery = {}): ComplaintPage => {
  const parsed = parseComplaintListQuery(query);
  if (E.isLeft(parsed)) throw new QueryError(parsed.left);
  const q = parsed.right;
  const statuses = statusesOf(q.status);
  const orderBy = q.orderBy ?? 'receivedAt';
  const offset = q.offset ?? 0;
  const limit = q.limit ?? DEFAULT_PAGE_SIZE;
  // Matches as parallel arrays (record, sort key, receipt time) and positions into them:
  // no object per matching complaint, however many match.
  const records: ComplaintListRecord[] = [];
  const keys: number[] = [];
  const received: number[] = [];
  for (const id of candidates(model, q, statuses)) {
    const record = model.records.get(id);
    if (record === undefined || !matches(record, q, statuses)) continue;
    const k = keysOf(record);
    records.push(record);
    keys.push(k[orderBy]);
    received.push(k.receivedAt);
  }
  const sign = q.direction === 'desc' ? -1 : 1;
  const idOf = (i: number): string => records[i]?.complaintId ?? '';
  const compare = (a: number, b: number): number =>
    sign * ((keys[a] ?? 0) - (keys[b] ?? 0) || (received[a] ?? 0) - (received[b] ?? 0) || (idOf(a) < idOf(b) ? -1 : idOf(a) > idOf(b) ? 1 : 0));
  const positions = Array.from(records.keys());
  const page = firstN(positions, Math.min(records.length, offset + limit), compare).slice(offset);
  return { total: records.length, offset, limit, items: page.flatMap((i) => (records[i] === undefined ? [] : [rowOf(records[i])])) };
};
