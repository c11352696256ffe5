/**
 * The SLA read model: the records, their string tables and the due-time index of pending
 * deadlines — and the operations that keep the three in step (adding a record, copying a
 * shared record before changing it, re-indexing a record, copying the model).
 * @packageDocumentation
 */
import { dueInstant } from '../../domain/policy/deadlines';
import { fromEpochDay, toEpochDay } from '../../domain/policy/calendarDays';
import { defaultPolicy } from '../../domain/policy/policy';
import type { CalendarDate } from '../../domain/primitives';
import { defineLazy, mayChange, ownRecord, shareRecords } from '../copyOnWrite';
import { DeadlineHeap } from '../deadlineHeap';
import { MISS_SHIFT, NONE, type SlaRecord, pendingDays, refOf, setFlag } from './record';

/** The SLA read model. Build with `slaProjection`; read with the query functions. */
export interface SlaModel {
  readonly records: Map<string, SlaRecord>;
  /** The records in order of receipt: `list[r.ix] === r`. */
  readonly list: SlaRecord[];
  readonly zones: string[];
  readonly assignees: string[];
  readonly heap: DeadlineHeap;
}

/** The index of `value` in `table`, added at the end when new. */
export const intern = (table: string[], value: string): number => {
  const i = table.indexOf(value);
  if (i >= 0) return i;
  table.push(value);
  return table.length - 1;
};

/** The time zone of a record. */
export const zoneOf = (m: SlaModel, r: SlaRecord): string => m.zones[r.zone] ?? defaultPolicy.timeZone;
// Due instants by zone and epoch day (a pure function of both, asked millions of times
// during a rebuild): skips the date string, the shared caches and a Date per call.
const dueByZoneDay = new Map<string, Map<number, number>>();
/** The due instant (epoch ms) of a deadline of `r` dated epoch day `day`. */
export const dueMsOf = (m: SlaModel, r: SlaRecord, day: number): number => {
  const zone = zoneOf(m, r);
  let byDay = dueByZoneDay.get(zone);
  if (byDay === undefined) {
    if (dueByZoneDay.size >= 64) dueByZoneDay.clear();
    byDay = new Map();
    dueByZoneDay.set(zone, byDay);
  }
  const hit = byDay.get(day);
  if (hit !== undefined) return hit;
  const ms = dueInstant(fromEpochDay(day), zone).getTime();
  if (byDay.size >= 50_000) byDay.clear();
  byDay.set(day, ms);
  return ms;
};

/** The epoch day of a `YYYY-MM-DD` string the codecs already checked. */
export const dayOf = (d: string): number => toEpochDay(d as CalendarDate);

/** Brings the record's heap entries in line with its pending deadlines. */
export const reindex = (m: SlaModel, r: SlaRecord): void => {
  const days = pendingDays(r);
  for (let k = 0; k < 4; k++) {
    const day = days[k] ?? NONE;
    const ref = refOf(r, k);
    const has = m.heap.has(ref);
    if (has && m.heap.tagOf(ref, NONE) === day) continue;
    if (has) {
      // The deadline moved or stopped: a recorded miss was for the old due date.
      setFlag(r, 1 << (MISS_SHIFT + k), false);
      m.heap.remove(ref);
    }
    if (day !== NONE) m.heap.push(ref, dueMsOf(m, r, day), day);
  }
};

/** Adds a new record to the model (its `ix` must be `m.list.length`). */
export const addRecord = (m: SlaModel, r: SlaRecord): void => {
  m.list.push(r);
  m.records.set(r.complaintId, r);
  // Its own without a mark: its ix is past every index the model had when last shared.
  reindex(m, r);
};

/**
 * The record to change: `r` itself, or — when the model shares it with a copy (a saved
 * checkpoint, see copyOnWrite.ts) — a copy put in its place.
 */
export const writable = (m: SlaModel, r: SlaRecord): SlaRecord => {
  if (mayChange(m, r, r.ix)) return r;
  const copy: SlaRecord = { ...r, lateNotices: r.lateNotices === undefined ? undefined : [...r.lateNotices] };
  m.list[r.ix] = copy;
  m.records.set(r.complaintId, copy);
  ownRecord(m, copy);
  return copy;
};

/** A model without records. */
export const emptyModel = (): SlaModel => ({ records: new Map(), list: [], zones: [], assignees: [], heap: new DeadlineHeap() });

/**
 * An independent copy: later changes to either model never show in the other. Records are
 * shared until one side changes them (copy on write, see copyOnWrite.ts), so a copy costs
 * the list of records and the index's arrays, not a copy of every record; the copy's
 * `records` map is built from its list when first read.
 */
export const cloneSla = (m: SlaModel): SlaModel => {
  const list = m.list.slice();
  const out = {} as { -readonly [K in keyof SlaModel]: SlaModel[K] };
  defineLazy(out, 'records', () => new Map(list.map((r) => [r.complaintId, r])));
  out.list = list;
  out.zones = [...m.zones];
  out.assignees = [...m.assignees];
  out.heap = m.heap.clone();
  shareRecords(m, list.length);
  shareRecords(out, list.length);
  return out;
};
