/**
 * The pending deadlines of a query, as rows in due order — due instant, then kind, then
 * complaint id — sorted fast: one packed number per row and a native sort of a
 * Float64Array instead of a comparator sort.
 * @packageDocumentation
 */
import { fromEpochDay } from '../../domain/policy/calendarDays';
import type { CalendarDate } from '../../domain/primitives';
import type { DeadlineKind } from '../../domain/vocabulary';
import type { SlaModel } from './model';
import { type SlaRecord, kindName, missRecorded } from './record';

/** A pending deadline returned by `overdueNow` and `dueWithin`. */
export interface DueDeadline {
  readonly complaintId: string;
  readonly deadline: DeadlineKind;
  readonly due: CalendarDate;
  readonly dueAt: Date;
  /** True when a `ComplaintDeadlineMissed` for this deadline and due date is already recorded. */
  readonly missRecorded: boolean;
}

/**
 * A query result row. A class rather than an object literal so that its objects get a hidden
 * class of their own: same-shaped literals built elsewhere in a process (a report, a test's
 * reference scan) then cannot slow the queries down (measured: ×2–4 on `overdueNow` at
 * 1,000,000 open complaints). Plain data all the same: own enumerable fields only.
 */
class DueDeadlineRow implements DueDeadline {
  constructor(
    readonly complaintId: string,
    readonly deadline: DeadlineKind,
    readonly due: CalendarDate,
    readonly dueAt: Date,
    readonly missRecorded: boolean,
  ) {}
}

/**
 * The pending deadlines at the given heap slots, as {@link DueDeadline}s in due order: due
 * instant, then kind, then complaint id (code-unit order). A comparator sort costs
 * ≈ 150 ns per result; instead each result gets one number — the rank of its (due instant,
 * kind) among the results', then as many code units of its id as fit after the prefix all
 * result ids share (7 bits each when they are ASCII, else 17), then its position — and a
 * Float64Array is sorted natively. Runs that still tie on rank and id units (ids alike
 * beyond those units) are then ordered by comparing the ids. Huge results fall back to a
 * comparator sort.
 */
export const dueDeadlines = (m: SlaModel, slots: number[]): DueDeadline[] => {
  const heap = m.heap;
  const k = slots.length;
  const keys = new Float64Array(k);
  const ids: string[] = new Array<string>(k);
  for (let i = 0; i < k; i++) {
    const s = slots[i] as number;
    const ref = heap.refAt(s);
    // Exact while due instants stay below 2^51 ms (year 73,000): the key is an integer < 2^53.
    keys[i] = heap.dueAt(s) * 4 + (ref & 3);
    ids[i] = (m.list[ref >> 2] as SlaRecord).complaintId;
  }
  const byIdAt = (a: number, b: number): number => {
    const x = ids[a] as string;
    const y = ids[b] as string;
    return x < y ? -1 : x > y ? 1 : 0;
  };
  const order: number[] = new Array<number>(k);
  // The distinct (due, kind) keys in order (a native sort, no hashing of doubles).
  const sortedKeys = keys.slice().sort();
  let distinctCount = 0;
  for (let i = 0; i < k; i++) if (i === 0 || sortedKeys[i] !== sortedKeys[i - 1]) sortedKeys[distinctCount++] = sortedKeys[i] as number;
  const distinct = sortedKeys.subarray(0, distinctCount);
  const rankOf = (key: number): number => {
    let lo = 0;
    let hi = distinctCount - 1;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((distinct[mid] as number) < key) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const indexBits = Math.ceil(Math.log2(k + 1));
  const idBits = 53 - indexBits - Math.ceil(Math.log2(distinctCount + 1));
  if (idBits < 7) {
    for (let i = 0; i < k; i++) order[i] = i;
    order.sort((a, b) => (keys[a] as number) - (keys[b] as number) || byIdAt(a, b));
  } else {
    // The prefix all ids share is the one the least and the greatest share (code-unit order).
    let least = ids[0] ?? '';
    let greatest = least;
    for (let i = 1; i < k; i++) {
      const id = ids[i] as string;
      if (id < least) least = id;
      else if (id > greatest) greatest = id;
    }
    let common = 0;
    const shorter = Math.min(least.length, greatest.length);
    while (common < shorter && least.charCodeAt(common) === greatest.charCodeAt(common)) common++;
    const packed = new Float64Array(k);
    const indexScale = 2 ** indexBits;
    // Code units + 1 (0 past the end, so that a shorter id sorts first), `bits` bits each.
    const pack = (bits: number): boolean => {
      const width = Math.floor(idBits / bits);
      const base = 2 ** bits;
      const idScale = 2 ** (width * bits);
      for (let i = 0; i < k; i++) {
        const id = ids[i] as string;
        const end = Math.min(id.length, common + width);
        let key = 0;
        let j = common;
        for (; j < end; j++) {
          const u = id.charCodeAt(j) + 1;
          if (u >= base) return false;
          key = key * base + u;
        }
        for (; j < common + width; j++) key *= base;
        packed[i] = (rankOf(keys[i] as number) * idScale + key) * indexScale + i;
      }
      return true;
    };
    if (!pack(7)) pack(17);
    packed.sort();
    for (let i = 0; i < k; ) {
      const high = Math.floor((packed[i] as number) / indexScale);
      let j = i + 1;
      while (j < k && Math.floor((packed[j] as number) / indexScale) === high) j++;
      for (let p = i; p < j; p++) order[p] = (packed[p] as number) % indexScale;
      if (j - i > 1) {
        const run = order.slice(i, j).sort(byIdAt);
        for (let p = i; p < j; p++) order[p] = run[p - i] as number;
      }
      i = j;
    }
  }
  const out: DueDeadline[] = new Array<DueDeadline>(k);
  let lastDay = Number.NaN;
  let lastDue = '' as CalendarDate;
  for (let i = 0; i < k; i++) {
    const at = order[i] as number;
    const s = slots[at] as number;
    const ref = heap.refAt(s);
    const kind = ref & 3;
    const day = heap.tagAt(s);
    if (day !== lastDay) {
      lastDay = day;
      lastDue = fromEpochDay(day);
    }
    out[i] = new DueDeadlineRow(ids[at] as string, kindName(kind), lastDue, new Date(heap.dueAt(s)), missRecorded(m.list[ref >> 2] as SlaRecord, kind));
  }
  return out;
};
