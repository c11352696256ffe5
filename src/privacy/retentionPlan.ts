/**
 * Which complainants' personal data has outlived the retention rule (policy
 * `retentionYearsAfterClosing`), as a pure fold of the complaint log and a pure query.
 *
 * Keys are per complainant, not per complaint (docs/security.md §6): erasing a complainant
 * erases every complaint of theirs. So a complainant is due for erasure only when **every**
 * complaint of theirs has ended (closed, or requalified as not a complaint) and the
 * retention period of each has run out. One open or recent complaint keeps them all.
 *
 * The period of a complaint ends with the local day (in the complaint's time zone) that is
 * `years` years after the local day it ended — 29 February + 1 year is 1 March, never
 * earlier — so its data is erasable from the first instant of the next day.
 */
import type { StoredComplaintEvent } from '../stream/decodeStream';
import { COMPLAINT_STREAM_PREFIX } from '../stream/streams';
import { civilOf, epochDayOf, fromEpochDay, toEpochDay } from '../domain/policy/calendarDays';
import { dueInstant, localDate } from '../domain/policy/deadlines';
import type { CalendarDate } from '../domain/primitives';
import type { Projection } from '../projections/projection';
import { ERASED } from './personalFields';

/** One complaint, as retention sees it. */
export interface RetentionRecord {
  readonly complaintId: string;
  readonly complainantId: string;
  readonly timeZone: string;
  /** When it ended (closed or requalified), ISO instant; undefined while it is open. */
  endedAt: string | undefined;
  /** How it ended. */
  endedBy: 'closed' | 'requalified' | undefined;
  /** The complainant's name read `[erased]` (the store was read through a protected store and the key is gone). */
  readonly nameErased: boolean;
}

/** The retention read model: complaints by id, and each complainant's complaint ids. */
export interface RetentionModel {
  readonly complaints: Map<string, RetentionRecord>;
  readonly byComplainant: Map<string, string[]>;
}

/** Folds one event in (mutating the model). */
export const foldRetention = (m: RetentionModel, e: StoredComplaintEvent): RetentionModel => {
  const ev = e.event;
  if (ev.type === 'ComplaintReceived') {
    const d = ev.data;
    if (m.complaints.has(d.complaintId)) return m;
    m.complaints.set(d.complaintId, {
      complaintId: d.complaintId,
      complainantId: d.complainant.id,
      timeZone: d.timeZone,
      endedAt: undefined,
      endedBy: undefined,
      nameErased: d.complainant.name === ERASED,
    });
    const list = m.byComplainant.get(d.complainant.id);
    if (list === undefined) m.byComplainant.set(d.complainant.id, [d.complaintId]);
    else list.push(d.complaintId);
    return m;
  }
  const r = m.complaints.get(e.streamName.slice(COMPLAINT_STREAM_PREFIX.length));
  if (r === undefined) return m;
  if (ev.type === 'ComplaintClosed') {
    r.endedAt = ev.data.closedAt;
    r.endedBy = 'closed';
  } else if (ev.type === 'ComplaintRequalified') {
    r.endedAt = ev.data.requalifiedAt;
    r.endedBy = 'requalified';
  }
  return m;
};

/** The retention projection (name `'retention'`). */
export const retentionProjection = (): Projection<RetentionModel> => ({
  name: 'retention',
  version: 1,
  initial: () => ({ complaints: new Map(), byComplainant: new Map() }),
  apply: foldRetention,
  clone: (m) => ({
    complaints: new Map([...m.complaints].map(([k, r]) => [k, { ...r }])),
    byComplainant: new Map([...m.byComplainant].map(([k, ids]) => [k, [...ids]])),
  }),
});

/** One complaint of a complainant due for erasure. */
export interface ExpiredComplaint {
  readonly complaintId: string;
  readonly endedAt: string;
  readonly endedBy: 'closed' | 'requalified';
  /** The last local day of its retention period. */
  readonly keptUntil: CalendarDate;
}

/** A complainant whose every complaint has outlived the retention period. */
export interface ExpiredComplainant {
  readonly complainantId: string;
  readonly complaints: readonly ExpiredComplaint[];
  /** Every complaint's name already reads `[erased]` (only seen through a protected store). */
  readonly alreadyErased: boolean;
}

/** Why a complainant is kept. */
export interface KeptComplainant {
  readonly complainantId: string;
  /** `open`: a complaint has not ended; `retention`: a complaint's period has not run out. */
  readonly reason: 'open' | 'retention';
  /** The complaint that keeps them (the first open one, else the one kept longest). */
  readonly complaintId: string;
  /** With `retention`: the last day it is kept. */
  readonly keptUntil?: CalendarDate;
}

/** What the retention rule says at an instant. */
export interface RetentionPlan {
  readonly at: string;
  readonly years: number;
  readonly expired: readonly ExpiredComplainant[];
  readonly kept: readonly KeptComplainant[];
}

/** The last local day a complaint that ended at `endedAt` is kept, `years` after. */
export const keptUntil = (endedAt: string, timeZone: string, years: number): CalendarDate => {
  const { year, month, day } = civilOf(toEpochDay(localDate(new Date(endedAt), timeZone)));
  // epochDayOf rolls 29 February of a non-leap year over to 1 March.
  return fromEpochDay(epochDayOf(year + years, month, day));
};

const cmp = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);

/** Which complainants are due for erasure at `at` under a retention of `years` after the end. */
export const retentionPlan = (m: RetentionModel, options: { readonly at: Date; readonly years: number }): RetentionPlan => {
  const atMs = options.at.getTime();
  const expired: ExpiredComplainant[] = [];
  const kept: KeptComplainant[] = [];
  for (const [complainantId, ids] of m.byComplainant) {
    const records = ids.map((id) => m.complaints.get(id)).filter((r): r is RetentionRecord => r !== undefined);
    const open = records.find((r) => r.endedAt === undefined || Date.parse(r.endedAt) > atMs);
    if (open !== undefined) {
      kept.push({ complainantId, reason: 'open', complaintId: open.complaintId });
      continue;
    }
    const ended = records.map((r) => {
      const until = keptUntil(r.endedAt ?? '', r.timeZone, options.years);
      return { r, until, expired: atMs >= dueInstant(until, r.timeZone).getTime() };
    });
    const longest = ended.filter((x) => !x.expired).sort((a, b) => cmp(b.until, a.until))[0];
    if (longest !== undefined) {
      kept.push({ complainantId, reason: 'retention', complaintId: longest.r.complaintId, keptUntil: longest.until });
      continue;
    }
    expired.push({
      complainantId,
      complaints: ended.map(({ r, until }) => ({ complaintId: r.complaintId, endedAt: r.endedAt ?? '', endedBy: r.endedBy ?? 'closed', keptUntil: until })),
      alreadyErased: records.every((r) => r.nameErased),
    });
  }
  expired.sort((a, b) => cmp(a.complainantId, b.complainantId));
  kept.sort((a, b) => cmp(a.complainantId, b.complainantId));
  return { at: options.at.toISOString(), years: options.years, expired, kept };
};
