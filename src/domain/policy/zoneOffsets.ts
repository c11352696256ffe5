/**
 * UTC offsets of a time zone, cached. The offsets come from @date-fns/tz's `tzOffset`
 * (the runtime's IANA data through Intl): nothing here knows a DST rule. What this file
 * adds is memory: a projection converting millions of instants would otherwise format a
 * date through Intl for each one (and build a TZDate around it).
 *
 * The cache holds, per zone and per UTC day, the offset at the start of the day and, when
 * it differs at the end of the day, the exact instant of the change. That assumes at most
 * one offset change per UTC day, which holds for every zone in the IANA database (changes
 * are months apart).
 */
import { tzOffset } from '@date-fns/tz';
import { BoundedCache } from './boundedCache';
import { MS_PER_DAY } from './calendarDays';

interface UtcDayOffsets {
  /** Offset (ms) from the start of the UTC day. */
  readonly before: number;
  /** First instant (ms) of the new offset, or +Infinity when the day has one offset. */
  readonly changeAt: number;
  /** Offset (ms) from `changeAt` to the end of the UTC day. */
  readonly after: number;
}

// ~27 years of days for one zone, or a few years for several; a few MB at most.
const CAPACITY = 10_000;
const byZone = new Map<string, BoundedCache<number, UtcDayOffsets>>();
const MAX_ZONES = 64;

const zoneCache = (timeZone: string): BoundedCache<number, UtcDayOffsets> => {
  const hit = byZone.get(timeZone);
  if (hit !== undefined) return hit;
  // A flood of distinct zone names (they come from stored data) must not grow memory.
  if (byZone.size >= MAX_ZONES) byZone.clear();
  const cache = new BoundedCache<number, UtcDayOffsets>(CAPACITY);
  byZone.set(timeZone, cache);
  return cache;
};

/** The offset of `timeZone` at `ms`, in ms, straight from the library (no cache). */
const libraryOffsetMs = (timeZone: string, ms: number): number => {
  const minutes = tzOffset(timeZone, new Date(ms));
  if (Number.isNaN(minutes)) throw new RangeError(`Unknown time zone "${timeZone}": expected an IANA name such as "Europe/Paris"`);
  // Historical local mean times have second-precision offsets (Paris before 1911: +00:09:21).
  return Math.round(minutes * 60_000);
};

const computeUtcDay = (timeZone: string, utcDay: number): UtcDayOffsets => {
  const start = utcDay * MS_PER_DAY;
  const end = start + MS_PER_DAY - 1;
  const before = libraryOffsetMs(timeZone, start);
  const after = libraryOffsetMs(timeZone, end);
  if (before === after) return { before, changeAt: Number.POSITIVE_INFINITY, after };
  // Bisect to the millisecond: ~27 lookups, once per zone per transition day.
  let lo = start; // still `before`
  let hi = end; // already `after`
  while (hi - lo > 1) {
    const mid = Math.floor((lo + hi) / 2);
    if (libraryOffsetMs(timeZone, mid) === before) lo = mid;
    else hi = mid;
  }
  return { before, changeAt: hi, after };
};

const utcDayOffsets = (timeZone: string, utcDay: number): UtcDayOffsets => {
  const cache = zoneCache(timeZone);
  return cache.get(utcDay) ?? cache.set(utcDay, computeUtcDay(timeZone, utcDay));
};

/** The UTC offset of `timeZone` at the instant `ms` (epoch milliseconds), in milliseconds. */
export const offsetMsAt = (timeZone: string, ms: number): number => {
  const day = utcDayOffsets(timeZone, Math.floor(ms / MS_PER_DAY));
  return ms < day.changeAt ? day.before : day.after;
};

/**
 * The first instant (epoch ms) whose local calendar day in `timeZone` is `epochDay` or
 * later: local midnight, or — in a zone whose clocks jump over midnight (e.g.
 * America/Santiago in September) — the first instant after the jump.
 */
export const startOfLocalDayMs = (timeZone: string, epochDay: number): number => {
  const wallMidnight = epochDay * MS_PER_DAY; // the wall-clock reading 00:00, as if it were UTC
  let first = Number.POSITIVE_INFINITY;
  // Offsets stay within ±24 h, so the answer lies in the UTC days around the wall midnight.
  // Within each stretch of constant offset o, the local time reaches midnight at
  // wallMidnight − o; a stretch that starts after that instant starts already past midnight.
  for (let utcDay = epochDay - 1; utcDay <= epochDay + 1; utcDay++) {
    const day = utcDayOffsets(timeZone, utcDay);
    const start = utcDay * MS_PER_DAY;
    const end = start + MS_PER_DAY;
    const stretches: ReadonlyArray<readonly [number, number, number]> = Number.isFinite(day.changeAt)
      ? [[start, day.changeAt, day.before], [day.changeAt, end, day.after]]
      : [[start, end, day.before]];
    for (const [from, to, offset] of stretches) {
      const candidate = Math.max(from, wallMidnight - offset);
      if (candidate < to && candidate < first) first = candidate;
    }
  }
  return first;
};
