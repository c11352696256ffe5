/**
 * The SLA projection: for every complaint, its deadlines (acknowledgement, answer — moved
 * by delays —, urgency target, internal-appeal decision) and whether each was met, missed,
 * waived or is still pending; an index of pending deadlines ordered by due instant; and the
 * time-aware queries built on them. Every query takes `now` (or a period) as an argument.
 *
 * Definitions (the same as the decider's, see `pendingDeadlines`):
 * - A deadline on date D falls due at `dueInstant(D, zone)`, the first instant of the next
 *   local day; it is **overdue** at `now` iff `now ≥ dueInstant` and still pending.
 * - Acknowledgement, answer and appeal decision are **met** or **missed** as the events
 *   recorded (`onTime`, `onTarget`); the urgency target is met iff the answer came before
 *   its due instant. An acknowledgement stood in for by an on-time answer is **waived**.
 * - A deadline whose clock stopped without its act (complaint closed, appeal decided
 *   without an answer) is **missed** if it had fallen due by then, otherwise **void**
 *   (not counted). Requalified contacts have no deadlines at all and are counted apart.
 * - A delay notice sent after the answer date it postponed is a breach of that date
 *   (kind `'late_delay_notice'`); the answer is then judged against the new date.
 * @packageDocumentation
 */
import type { StoredComplaintEvent } from '../stream/decodeStream';
import type { JsonValue } from '../eventstore/port';
import { dueInstant, localDate } from '../domain/policy/deadlines';
import { fromEpochDay, toEpochDay } from '../domain/policy/calendarDays';
import { defaultPolicy } from '../domain/policy/policy';
import { CalendarDate, Instant } from '../domain/primitives';
import { CHANNELS, type DeadlineKind, URGENCIES } from '../domain/vocabulary';
import { defineLazy, mayChange, ownRecord, shareRecords } from './copyOnWrite';
import { DeadlineHeap } from './deadlineHeap';
import type { Projection } from './projection';

const KINDS: readonly DeadlineKind[] = ['acknowledgement', 'answer', 'urgency_target', 'internal_appeal_decision'];
const ACK = 0;
const ANSWER = 1;
const URGENCY = 2;
const APPEAL = 3;

// Lifecycle stages, as small numbers.
const BEFORE_ANSWER = 0;
const ANSWERED = 1;
const APPEAL_OPEN = 2;
const AFTER_APPEAL = 3;
const CLOSED = 4;
const REQUALIFIED = 5;

const NONE = -1;

/** The lifecycle stages packed in bits 0–2 of {@link SlaRecord.flags} (`flags & SLA_FLAGS.stageMask`). */
export const SLA_STAGES = {
  beforeAnswer: BEFORE_ANSWER,
  answered: ANSWERED,
  appealOpen: APPEAL_OPEN,
  afterAppeal: AFTER_APPEAL,
  closed: CLOSED,
  requalified: REQUALIFIED,
} as const;

/**
 * One complaint, kept compact: numbers (epoch days, epoch ms, indices into the model's
 * tables) rather than strings. `NaN` = not happened, `-1` = no such deadline. Its pending
 * deadlines live in the model's {@link DeadlineHeap} under references `ix * 4 + kind`.
 */
export interface SlaRecord {
  readonly complaintId: string;
  zone: number;
  channel: number;
  urgency: number;
  assignee: number;
  /**
   * Small state packed in one small integer (see {@link SLA_FLAGS}): lifecycle stage (bits
   * 0–2), whether the acknowledgement was on time (bit 3) or waived (bit 4), the answer on
   * time (bit 5), the appeal decision on target (bit 6), and recorded misses (bit 8 + k:
   * the miss of pending deadline kind k, at its current due date, is recorded).
   */
  flags: number;
  receivedMs: number;
  receivedDay: number;
  ackDue: number;
  ackMs: number;
  answerDue: number;
  answerMs: number;
  urgencyDue: number;
  appealDue: number;
  appealMs: number;
  /** When the clocks stopped without an act (closed, requalified, appeal decided unanswered). */
  stopMs: number;
  /** Late delay notices as pairs `[notifiedMs, postponedDueDay]` (rare: undefined when none). */
  lateNotices: number[] | undefined;
  /**
   * Position in the model's `list`; the heap entry of pending deadline kind k is the one of
   * reference `ix * 4 + k`, tagged with its due epoch day.
   */
  readonly ix: number;
}

const refOf = (r: SlaRecord, kind: number): number => r.ix * 4 + kind;

/** The bits of {@link SlaRecord.flags}. */
export const SLA_FLAGS = {
  stageMask: 0b111,
  ackOnTime: 1 << 3,
  ackWaived: 1 << 4,
  answerOnTime: 1 << 5,
  appealOnTarget: 1 << 6,
  /** Recorded miss of deadline kind k: `missShift + k`. */
  missShift: 8,
} as const;
const STAGE_MASK = SLA_FLAGS.stageMask;
const MISS_SHIFT = SLA_FLAGS.missShift;
const stageOf = (r: SlaRecord): number => r.flags & STAGE_MASK;
const setStage = (r: SlaRecord, stage: number): void => {
  r.flags = (r.flags & ~STAGE_MASK) | stage;
};
const flag = (r: SlaRecord, bit: number): boolean => (r.flags & bit) !== 0;
const setFlag = (r: SlaRecord, bit: number, on: boolean): void => {
  r.flags = on ? r.flags | bit : r.flags & ~bit;
};
const missRecorded = (r: SlaRecord, kind: number): boolean => (r.flags & (1 << (MISS_SHIFT + kind))) !== 0;
/** The recorded misses as 4 bits (bit k: kind k), as the checkpoint JSON spells them. */
const missesOf = (r: SlaRecord): number => (r.flags >> MISS_SHIFT) & 0b1111;

/** The SLA read model. Build with {@link slaProjection}; read with the query functions. */
export interface SlaModel {
  readonly records: Map<string, SlaRecord>;
  /** The records in order of receipt: `list[r.ix] === r`. */
  readonly list: SlaRecord[];
  readonly zones: string[];
  readonly assignees: string[];
  readonly heap: DeadlineHeap;
}

/** The status of one deadline at a given `now`. */
export type DeadlineStatus = 'met' | 'missed' | 'waived' | 'pending' | 'void';

/** One deadline of a complaint and its status. */
export interface SlaDeadline {
  readonly deadline: DeadlineKind;
  readonly due: CalendarDate;
  readonly dueAt: Date;
  readonly status: DeadlineStatus;
  /** When the act happened (acknowledged, answered, decided), if it did. */
  readonly doneAt?: Date;
}

/** A pending deadline returned by {@link overdueNow} and {@link dueWithin}. */
export interface DueDeadline {
  readonly complaintId: string;
  readonly deadline: DeadlineKind;
  readonly due: CalendarDate;
  readonly dueAt: Date;
  /** True when a `ComplaintDeadlineMissed` for this deadline and due date is already recorded. */
  readonly missRecorded: boolean;
}

/** A deadline not met by its due instant. */
export interface Breach {
  readonly complaintId: string;
  readonly deadline: DeadlineKind | 'late_delay_notice';
  readonly due: CalendarDate;
  readonly dueAt: Date;
  /** When the act finally happened (late), if it did. */
  readonly doneAt?: Date;
}

const intern = (table: string[], value: string): number => {
  const i = table.indexOf(value);
  if (i >= 0) return i;
  table.push(value);
  return table.length - 1;
};

const zoneOf = (m: SlaModel, r: SlaRecord): string => m.zones[r.zone] ?? defaultPolicy.timeZone;
// Due instants by zone and epoch day (a pure function of both, asked millions of times
// during a rebuild): skips the date string, the shared caches and a Date per call.
const dueByZoneDay = new Map<string, Map<number, number>>();
const dueMsOf = (m: SlaModel, r: SlaRecord, day: number): number => {
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
const ms = (iso: string): number => Date.parse(iso);

const pendingDays = (r: SlaRecord): number[] => {
  const out = [NONE, NONE, NONE, NONE];
  const stage = stageOf(r);
  const beforeAnswer = stage === BEFORE_ANSWER || (stage === APPEAL_OPEN && Number.isNaN(r.answerMs));
  if (beforeAnswer) {
    if (r.ackDue !== NONE && Number.isNaN(r.ackMs)) out[ACK] = r.ackDue;
    out[ANSWER] = r.answerDue;
    out[URGENCY] = r.urgencyDue;
  }
  if (stage === APPEAL_OPEN) out[APPEAL] = r.appealDue;
  return out;
};

/** Brings the record's heap entries in line with its pending deadlines. */
const reindex = (m: SlaModel, r: SlaRecord): void => {
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
const addRecord = (m: SlaModel, r: SlaRecord): void => {
  m.list.push(r);
  m.records.set(r.complaintId, r);
  ownRecord(m, r);
  reindex(m, r);
};

/**
 * The record to change: `r` itself, or — when the model shares it with a copy (a saved
 * checkpoint, see copyOnWrite.ts) — a copy put in its place.
 */
const writable = (m: SlaModel, r: SlaRecord): SlaRecord => {
  if (mayChange(m, r)) return r;
  const copy: SlaRecord = { ...r, lateNotices: r.lateNotices === undefined ? undefined : [...r.lateNotices] };
  m.list[r.ix] = copy;
  m.records.set(r.complaintId, copy);
  ownRecord(m, copy);
  return copy;
};

const dayOf = (d: string): number => toEpochDay(d as CalendarDate);

/** Folds one event into the model (mutating it; see {@link Projection}). */
export const applySla = (m: SlaModel, e: StoredComplaintEvent): SlaModel => {
  const ev = e.event;
  if (ev.type === 'ComplaintReceived') {
    const d = ev.data;
    if (m.records.has(d.complaintId)) return m;
    const zone = intern(m.zones, d.timeZone);
    const receivedMs = ms(d.receivedAt);
    const r: SlaRecord = {
      complaintId: d.complaintId,
      zone,
      channel: CHANNELS.indexOf(d.channel),
      urgency: URGENCIES.indexOf(d.urgency),
      assignee: NONE,
      flags: BEFORE_ANSWER,
      receivedMs,
      receivedDay: dayOf(localDate(d.receivedAt, d.timeZone)),
      ackDue: d.deadlines.acknowledgementDue === null ? NONE : dayOf(d.deadlines.acknowledgementDue),
      ackMs: Number.NaN,
      answerDue: dayOf(d.deadlines.answerDue),
      answerMs: Number.NaN,
      urgencyDue: d.deadlines.urgencyTargetDue === null ? NONE : dayOf(d.deadlines.urgencyTargetDue),
      appealDue: NONE,
      appealMs: Number.NaN,
      stopMs: Number.NaN,
      lateNotices: undefined,
      ix: m.list.length,
    };
    addRecord(m, r);
    return m;
  }
  const id = e.streamName.slice('complaint-'.length);
  const found = m.records.get(id);
  if (found === undefined || stageOf(found) === REQUALIFIED) return m;
  switch (ev.type) {
    // Events the model does not keep: nothing to change.
    case 'ComplaintClientContacted':
    case 'ComplaintRecategorised':
    case 'ComplaintMediationConcluded':
      return m;
    default:
      break;
  }
  const r = writable(m, found);
  switch (ev.type) {
    case 'ComplaintRequalified':
      setStage(r, REQUALIFIED);
      r.stopMs = ms(ev.data.requalifiedAt);
      break;
    case 'ComplaintAssigned':
      r.assignee = intern(m.assignees, ev.data.assignee.id);
      return m;
    case 'ComplaintAcknowledged':
      r.ackMs = ms(ev.data.acknowledgedAt);
      setFlag(r, SLA_FLAGS.ackOnTime, ev.data.onTime);
      break;
    case 'ComplaintAnswerDelayed':
      r.answerDue = dayOf(ev.data.newAnswerDue);
      if (ev.data.lateNotice) (r.lateNotices ??= []).push(ms(ev.data.notifiedAt), dayOf(ev.data.previousAnswerDue));
      break;
    case 'ComplaintAnswered':
      r.answerMs = ms(ev.data.answeredAt);
      setFlag(r, SLA_FLAGS.answerOnTime, ev.data.onTime);
      if (ev.data.acknowledgementWaived) setFlag(r, SLA_FLAGS.ackWaived, true);
      if (stageOf(r) === BEFORE_ANSWER) setStage(r, ANSWERED);
      break;
    case 'ComplaintInternalAppealOpened':
      setStage(r, APPEAL_OPEN);
      r.appealDue = dayOf(ev.data.decisionTargetDue);
      r.appealMs = Number.NaN;
      break;
    case 'ComplaintInternalAppealDecided':
      r.appealMs = ms(ev.data.decidedAt);
      setFlag(r, SLA_FLAGS.appealOnTarget, ev.data.onTarget);
      if (Number.isNaN(r.answerMs)) r.stopMs = r.appealMs;
      setStage(r, AFTER_APPEAL);
      break;
    case 'ComplaintReferredToMediator':
      setStage(r, AFTER_APPEAL);
      break;
    case 'ComplaintClosed':
      setStage(r, CLOSED);
      if (Number.isNaN(r.stopMs)) r.stopMs = ms(ev.data.closedAt);
      break;
    case 'ComplaintDeadlineMissed': {
      const k = KINDS.indexOf(ev.data.deadline);
      if (k >= 0 && pendingDays(r)[k] === dayOf(ev.data.dueDate)) setFlag(r, 1 << (MISS_SHIFT + k), true);
      return m;
    }
    case 'ComplaintUrgencyReassessed':
      r.urgency = URGENCIES.indexOf(ev.data.urgency);
      r.urgencyDue = ev.data.urgencyTargetDue === null ? NONE : dayOf(ev.data.urgencyTargetDue);
      break;
    default:
      return m;
  }
  reindex(m, r);
  return m;
};

const emptyModel = (): SlaModel => ({ records: new Map(), list: [], zones: [], assignees: [], heap: new DeadlineHeap() });

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
  shareRecords(m);
  shareRecords(out);
  return out;
};

/** The SLA projection (name `'sla-breaches'`). `apply` mutates the model in place. */
export const slaProjection = (): Projection<SlaModel> => ({
  name: 'sla-breaches',
  version: 2,
  initial: emptyModel,
  apply: applySla,
  clone: cloneSla,
});

interface Outcome {
  readonly kind: number;
  readonly day: number;
  readonly dueMs: number;
  readonly status: DeadlineStatus;
  readonly doneMs: number;
  /** When the status became final: the act, the answer that waived it, or the stop (NaN while pending). */
  readonly decidedMs: number;
}

/**
 * Status of each deadline of a record at `nowMs`. Requalified records have none, unless
 * `asComplaint` (their deadlines then show as stopped at the requalification).
 */
const outcomes = (m: SlaModel, r: SlaRecord, nowMs: number, asComplaint = false): Outcome[] => {
  if (stageOf(r) === REQUALIFIED && !asComplaint) return [];
  const pending = pendingDays(r);
  const out: Outcome[] = [];
  const judge = (kind: number, day: number, doneMs: number, onTime: boolean, waived = false): void => {
    if (day === NONE) return;
    const dueMs = dueMsOf(m, r, day);
    let status: DeadlineStatus;
    let decidedMs = Number.NaN;
    if (!Number.isNaN(doneMs)) {
      status = onTime ? 'met' : 'missed';
      decidedMs = doneMs;
    } else if (waived) {
      status = 'waived';
      decidedMs = r.answerMs;
    } else if (pending[kind] === day) status = nowMs >= dueMs ? 'missed' : 'pending';
    else {
      const end = Number.isNaN(r.stopMs) ? (Number.isNaN(r.answerMs) ? nowMs : r.answerMs) : r.stopMs;
      status = end >= dueMs ? 'missed' : 'void';
      decidedMs = end;
    }
    out.push({ kind, day, dueMs, status, doneMs, decidedMs });
  };
  judge(ACK, r.ackDue, r.ackMs, flag(r, SLA_FLAGS.ackOnTime), flag(r, SLA_FLAGS.ackWaived));
  judge(ANSWER, r.answerDue, r.answerMs, flag(r, SLA_FLAGS.answerOnTime));
  if (r.urgencyDue !== NONE) {
    const dueMs = dueMsOf(m, r, r.urgencyDue);
    judge(URGENCY, r.urgencyDue, r.answerMs, r.answerMs < dueMs);
  }
  judge(APPEAL, r.appealDue, r.appealMs, flag(r, SLA_FLAGS.appealOnTarget));
  return out;
};

const kindName = (k: number): DeadlineKind => KINDS[k] ?? 'answer';
/**
 * The epoch milliseconds of a query's instant: a valid Date, an ISO-8601 instant naming a
 * real moment, or a real `YYYY-MM-DD` day (its UTC midnight). Anything else — `2022-02-30`,
 * `T24:00`, an invalid Date — throws a RangeError rather than answering for another day.
 */
const toMs = (at: Date | string): number => {
  const ms = at instanceof Date ? at.getTime() : typeof at === 'string' && (Instant.is(at) || CalendarDate.is(at)) ? Date.parse(at) : Number.NaN;
  if (Number.isNaN(ms)) throw new RangeError(`Invalid instant ${JSON.stringify(String(at)).slice(0, 80)}: expected a valid Date or an ISO-8601 instant such as 2022-02-01T00:00:00+01:00`);
  return ms;
};

/** The deadlines of one complaint and their status at `now` ([] for unknown or requalified complaints). */
export const deadlinesOf = (m: SlaModel, complaintId: string, now: Date | string): SlaDeadline[] => {
  const r = m.records.get(complaintId);
  if (r === undefined) return [];
  return outcomes(m, r, toMs(now)).map((o) => ({
    deadline: kindName(o.kind),
    due: fromEpochDay(o.day),
    dueAt: new Date(o.dueMs),
    status: o.status,
    ...(Number.isNaN(o.doneMs) ? {} : { doneAt: new Date(o.doneMs) }),
  }));
};

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

const dueDeadlines = (m: SlaModel, slots: number[]): DueDeadline[] => {
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

/**
 * Pending deadlines overdue at `now` (`now ≥ dueAt`), earliest first. Uses the due-time
 * index: cost O(k log k) for k results, whatever the number of open complaints.
 */
export const overdueNow = (m: SlaModel, now: Date | string): DueDeadline[] => dueDeadlines(m, m.heap.below(toMs(now) + 1));

/**
 * Pending deadlines not yet overdue at `now` whose due date is at most `horizonDays` days
 * after the local date of `now` in the complaint's zone (the policy's warning horizon, 2,
 * by default), earliest first. Cost O(overdue + k log k): the index is read up to
 * `now + horizonDays + 2` days, then filtered exactly per zone.
 */
export const dueWithin = (m: SlaModel, now: Date | string, horizonDays: number = defaultPolicy.warningHorizonDays): DueDeadline[] => {
  const nowMs = toMs(now);
  const heap = m.heap;
  const localToday: number[] = [];
  const kept: number[] = [];
  for (const s of heap.below(nowMs + (horizonDays + 2) * 86_400_000)) {
    if (heap.dueAt(s) <= nowMs) continue;
    const r = m.list[heap.refAt(s) >> 2] as SlaRecord;
    let today = localToday[r.zone];
    if (today === undefined) {
      today = dayOf(localDate(new Date(nowMs), zoneOf(m, r)));
      localToday[r.zone] = today;
    }
    if (heap.tagAt(s) <= today + horizonDays) kept.push(s);
  }
  return dueDeadlines(m, kept);
};

/**
 * Deadlines whose due day ended in the period — due instant in `(from, to]`, so that a
 * deadline dated 31 March (falling due at 1 April 00:00 local) is a breach of March when
 * the period is `[1 March 00:00, 1 April 00:00)` — without their act by then: missed
 * outright, done late, or still pending at `to`. Plus late delay notices whose postponed
 * date ended in the period. Sorted by due instant. Scans every complaint (a report, not a
 * poll). Judged at `to`: give a `to` no later than now.
 */
export const breachesIn = (m: SlaModel, from: Date | string, to: Date | string): Breach[] => {
  const fromMs = toMs(from);
  const toMsValue = toMs(to);
  const out: Breach[] = [];
  for (const r of m.records.values()) {
    for (const o of outcomes(m, r, toMsValue)) {
      if (o.status !== 'missed' || o.dueMs <= fromMs || o.dueMs > toMsValue) continue;
      out.push({
        complaintId: r.complaintId,
        deadline: kindName(o.kind),
        due: fromEpochDay(o.day),
        dueAt: new Date(o.dueMs),
        ...(Number.isNaN(o.doneMs) || o.doneMs >= toMsValue ? {} : { doneAt: new Date(o.doneMs) }),
      });
    }
    const late = r.lateNotices;
    if (late !== undefined)
      for (let i = 0; i + 1 < late.length; i += 2) {
        const day = late[i + 1] ?? NONE;
        const dueMs = dueMsOf(m, r, day);
        if (dueMs <= fromMs || dueMs > toMsValue) continue;
        out.push({ complaintId: r.complaintId, deadline: 'late_delay_notice', due: fromEpochDay(day), dueAt: new Date(dueMs), doneAt: new Date(late[i] ?? dueMs) });
      }
  }
  return out.sort((a, b) => a.dueAt.getTime() - b.dueAt.getTime() || (a.complaintId < b.complaintId ? -1 : a.complaintId > b.complaintId ? 1 : 0));
};

/** Median and 90th percentile (nearest rank) of a set of durations in ms; null when empty. */
export interface DurationStats {
  readonly count: number;
  readonly medianMs: number | null;
  readonly p90Ms: number | null;
}

/** On-time share of one kind of deadline. `share` = onTime / (onTime + late); null when none is decided. */
export interface OnTimeShare {
  readonly onTime: number;
  readonly late: number;
  readonly waived: number;
  readonly pending: number;
  readonly share: number | null;
}

/** Compliance of one group of complaints. */
export interface ComplianceRow {
  readonly group: string;
  /** Complaints received in the period (contacts requalified by `now` excluded). */
  readonly complaints: number;
  /** Contacts received in the period and requalified by `now`, counted apart. */
  readonly requalified: number;
  readonly acknowledgements: OnTimeShare;
  readonly answers: OnTimeShare;
  /**
   * FCA-style buckets by calendar days from the local receipt date to the local answer
   * date: ≤ 7, 8–15, > 15, not answered by `now` (closed unanswered included).
   */
  readonly answeredWithinWeek: number;
  readonly answeredWithin15Days: number;
  readonly answeredLater: number;
  readonly stillOpen: number;
  readonly timeToAcknowledge: DurationStats;
  readonly timeToAnswer: DurationStats;
}

/** Options of {@link compliance}. */
export interface ComplianceOptions {
  /** Complaints received in `[from, to)`. */
  readonly from: Date | string;
  readonly to: Date | string;
  /** Grouping: by receipt channel, current urgency, assignee id, or local month of receipt (`YYYY-MM`). */
  readonly groupBy?: 'channel' | 'urgency' | 'assignee' | 'month' | 'all';
  /** Instant statuses are judged at (default `to`). */
  readonly now?: Date | string;
}

const percentile = (sorted: readonly number[], p: number): number | null =>
  sorted.length === 0 ? null : (sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? null);

const stats = (values: number[]): DurationStats => {
  values.sort((a, b) => a - b);
  return { count: values.length, medianMs: percentile(values, 0.5), p90Ms: percentile(values, 0.9) };
};

interface Acc {
  complaints: number;
  requalified: number;
  ack: { onTime: number; late: number; waived: number; pending: number };
  ans: { onTime: number; late: number; waived: number; pending: number };
  week: number;
  fifteen: number;
  later: number;
  open: number;
  tAck: number[];
  tAns: number[];
}

const share = (s: Acc['ack']): OnTimeShare => ({ ...s, share: s.onTime + s.late === 0 ? null : s.onTime / (s.onTime + s.late) });

const count = (s: Acc['ack'], status: DeadlineStatus): void => {
  if (status === 'met') s.onTime += 1;
  else if (status === 'missed') s.late += 1;
  else if (status === 'waived') s.waived += 1;
  else if (status === 'pending') s.pending += 1;
};

/**
 * Compliance of the complaints received in `[from, to)`, per group, sorted by group name,
 * judged as of `now`: an act, a waiving answer, a close or a requalification after `now`
 * has not happened yet (the deadline is pending, or missed if due by `now`).
 * Time to acknowledge / answer: from receipt to the act, over the complaints that had it
 * by `now`. Scans every complaint.
 */
export const compliance = (m: SlaModel, options: ComplianceOptions): ComplianceRow[] => {
  const fromMs = toMs(options.from);
  const toMsValue = toMs(options.to);
  const nowMs = options.now === undefined ? toMsValue : toMs(options.now);
  const groupBy = options.groupBy ?? 'all';
  const groups = new Map<string, Acc>();
  const keyOf = (r: SlaRecord): string => {
    switch (groupBy) {
      case 'channel':
        return CHANNELS[r.channel] ?? 'unknown';
      case 'urgency':
        return URGENCIES[r.urgency] ?? 'unknown';
      case 'assignee':
        return r.assignee === NONE ? 'unassigned' : (m.assignees[r.assignee] ?? 'unknown');
      case 'month':
        return fromEpochDay(r.receivedDay).slice(0, 7);
      case 'all':
        return 'all';
    }
  };
  for (const r of m.records.values()) {
    if (r.receivedMs < fromMs || r.receivedMs >= toMsValue || r.receivedMs > nowMs) continue;
    const key = keyOf(r);
    let g = groups.get(key);
    if (g === undefined) {
      g = { complaints: 0, requalified: 0, ack: { onTime: 0, late: 0, waived: 0, pending: 0 }, ans: { onTime: 0, late: 0, waived: 0, pending: 0 }, week: 0, fifteen: 0, later: 0, open: 0, tAck: [], tAns: [] };
      groups.set(key, g);
    }
    // A contact requalified after `now` was still a complaint at `now`.
    if (stageOf(r) === REQUALIFIED && r.stopMs < nowMs) {
      g.requalified += 1;
      continue;
    }
    g.complaints += 1;
    for (const o of outcomes(m, r, nowMs, true)) {
      // Whatever settled a deadline after `now` (its act, the answer that waived it, the close or
      // requalification that stopped it) has not happened yet as far as this report is concerned.
      const status: DeadlineStatus = !Number.isNaN(o.decidedMs) && o.decidedMs >= nowMs ? (nowMs >= o.dueMs ? 'missed' : 'pending') : o.status;
      if (o.kind === ACK) count(g.ack, status);
      else if (o.kind === ANSWER) count(g.ans, status);
    }
    if (!Number.isNaN(r.ackMs) && r.ackMs < nowMs) g.tAck.push(r.ackMs - r.receivedMs);
    if (!Number.isNaN(r.answerMs) && r.answerMs < nowMs) {
      g.tAns.push(r.answerMs - r.receivedMs);
      const days = dayOf(localDate(new Date(r.answerMs), zoneOf(m, r))) - r.receivedDay;
      if (days <= 7) g.week += 1;
      else if (days <= 15) g.fifteen += 1;
      else g.later += 1;
    } else g.open += 1;
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([group, g]) => ({
      group,
      complaints: g.complaints,
      requalified: g.requalified,
      acknowledgements: share(g.ack),
      answers: share(g.ans),
      answeredWithinWeek: g.week,
      answeredWithin15Days: g.fifteen,
      answeredLater: g.later,
      stillOpen: g.open,
      timeToAcknowledge: stats(g.tAck),
      timeToAnswer: stats(g.tAns),
    }));
};

/** JSON of an {@link SlaModel} (see {@link encodeSla}). */
export type SlaModelJson = { [key: string]: JsonValue };

const RECORD_FIELDS = [
  'zone', 'channel', 'urgency', 'assignee', 'stage', 'receivedMs', 'receivedDay', 'ackDue', 'ackMs', 'ackOnTime', 'ackWaived',
  'answerDue', 'answerMs', 'answerOnTime', 'urgencyDue', 'appealDue', 'appealMs', 'appealOnTarget', 'stopMs', 'recordedMisses',
] as const;
type RecordField = (typeof RECORD_FIELDS)[number];
const FLAG_FIELDS = { ackOnTime: SLA_FLAGS.ackOnTime, ackWaived: SLA_FLAGS.ackWaived, answerOnTime: SLA_FLAGS.answerOnTime, appealOnTarget: SLA_FLAGS.appealOnTarget } as const;

/** A record's value of a checkpoint field (booleans as 0/1: the JSON of format 1). */
const fieldValue = (r: SlaRecord, f: RecordField): number => {
  switch (f) {
    case 'stage':
      return stageOf(r);
    case 'recordedMisses':
      return missesOf(r);
    case 'ackOnTime':
    case 'ackWaived':
    case 'answerOnTime':
    case 'appealOnTarget':
      return flag(r, FLAG_FIELDS[f]) ? 1 : 0;
    default:
      return r[f];
  }
};

/**
 * The model as compact JSON (one array of numbers per complaint, `null` for "not
 * happened"), for a durable checkpoint store (e.g. `EventStoreCheckpointStore`'s codec).
 * The due-time index is not stored: {@link decodeSla} rebuilds it.
 */
export const encodeSla = (m: SlaModel): SlaModelJson => ({
  format: 1,
  zones: [...m.zones],
  assignees: [...m.assignees],
  records: [...m.records.values()].map((r): JsonValue => [
    r.complaintId,
    ...RECORD_FIELDS.map((f): JsonValue => {
      const v = fieldValue(r, f);
      return Number.isNaN(v) ? null : v;
    }),
    r.lateNotices === undefined ? null : [...r.lateNotices],
  ]),
});

const bad = (what: string): never => {
  throw new TypeError(`Not an SLA model checkpoint: ${what}`);
};
const strings = (v: JsonValue | undefined, what: string): string[] =>
  Array.isArray(v) && v.every((x): x is string => typeof x === 'string') ? [...v] : bad(what);

/** Index in a checkpoint row of each record field (the complaint id comes first). */
const FIELD_AT = Object.fromEntries(RECORD_FIELDS.map((f, i) => [f, i + 1])) as Record<RecordField, number>;
const FLAG_ENTRIES = Object.entries(FLAG_FIELDS) as [keyof typeof FLAG_FIELDS, number][];
/** A checked numeric field of a row (`null`: not happened). */
const fieldOf = (row: readonly JsonValue[], at: number): number => {
  const v = row[at];
  return typeof v === 'number' ? v : Number.NaN;
};

/** Rebuilds a model from {@link encodeSla}'s JSON. Throws a TypeError on anything else. */
export const decodeSla = (json: JsonValue): SlaModel => {
  if (typeof json !== 'object' || json === null || Array.isArray(json) || json.format !== 1) return bad('format');
  const m: SlaModel = { records: new Map(), list: [], zones: strings(json.zones, 'zones'), assignees: strings(json.assignees, 'assignees'), heap: new DeadlineHeap() };
  const rows = json.records;
  if (!Array.isArray(rows)) return bad('records');
  for (const row of rows) {
    if (!Array.isArray(row) || row.length !== RECORD_FIELDS.length + 2 || typeof row[0] !== 'string') return bad('record');
    if (m.records.has(row[0])) return bad('duplicate record');
    // Fields by index (no per-record map or closure: a million records decode in a loop).
    for (let i = 1; i <= RECORD_FIELDS.length; i++) {
      const v = row[i];
      if (v !== null && typeof v !== 'number') return bad(`record field ${RECORD_FIELDS[i - 1] ?? i}`);
    }
    const n = (f: RecordField): number => fieldOf(row, FIELD_AT[f]);
    const stage = n('stage');
    if (!(Number.isInteger(stage) && stage >= BEFORE_ANSWER && stage <= REQUALIFIED)) return bad('record field stage');
    const misses = n('recordedMisses');
    if (!(Number.isInteger(misses) && misses >= 0 && misses <= 0b1111)) return bad('record field recordedMisses');
    let flags = stage;
    for (const [f, bit] of FLAG_ENTRIES) if (n(f) === 1) flags |= bit;
    const late = row[RECORD_FIELDS.length + 1];
    const r: SlaRecord = {
      complaintId: row[0],
      zone: n('zone'), channel: n('channel'), urgency: n('urgency'), assignee: n('assignee'), flags,
      receivedMs: n('receivedMs'), receivedDay: n('receivedDay'),
      ackDue: n('ackDue'), ackMs: n('ackMs'),
      answerDue: n('answerDue'), answerMs: n('answerMs'),
      urgencyDue: n('urgencyDue'), appealDue: n('appealDue'), appealMs: n('appealMs'),
      stopMs: n('stopMs'),
      lateNotices: late === null || late === undefined ? undefined : Array.isArray(late) && late.every((x): x is number => typeof x === 'number') ? [...late] : bad('lateNotices'),
      ix: m.list.length,
    };
    addRecord(m, r);
    r.flags |= misses << MISS_SHIFT;
  }
  return m;
};
