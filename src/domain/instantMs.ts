/**
 * Epoch milliseconds of an instant string, as `Date.parse` gives them, without `Date.parse`
 * on the forms the engine writes and reads most: `YYYY-MM-DDTHH:MM:SS.sssZ` (what
 * `toISOString` writes), `YYYY-MM-DDTHH:MM:SSZ`, and both with a `±HH:MM` offset instead
 * of `Z`. Every decision compares its time with the complaint's receipt and last step, and
 * `Date.parse` costs several times the arithmetic here. Anything else — other lengths, a
 * field out of range, a day the month does not have, hour 24 — goes to `Date.parse` itself,
 * so the answer is `Date.parse`'s for every string (`test/domain/instantMs.test.ts`).
 */
import { MS_PER_DAY, civilOf, epochDayOf } from './policy/calendarDays';

// A two-digit field with a non-digit reads as BAD, which fails every range check below.
const BAD = 10_000;
/** The two-digit number at `i`, or BAD. */
const two = (s: string, i: number): number => {
  const a = s.charCodeAt(i) - 48;
  const b = s.charCodeAt(i + 1) - 48;
  return a >= 0 && a <= 9 && b >= 0 && b <= 9 ? a * 10 + b : BAD;
};

const isLeapYear = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * The milliseconds of `s` when it has one of the forms above with every field in range,
 * else NaN (then the caller asks `Date.parse`).
 */
const fastMs = (s: string): number => {
  const n = s.length;
  // 20: …:SSZ, 24: …:SS.sssZ, 25: …:SS±HH:MM, 29: …:SS.sss±HH:MM
  let zoneAt: number;
  if (n === 24 || n === 29) {
    if (s.charCodeAt(19) !== 46) return Number.NaN;
    zoneAt = 23;
  } else if (n === 20 || n === 25) zoneAt = 19;
  else return Number.NaN;
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45 || s.charCodeAt(10) !== 84 || s.charCodeAt(13) !== 58 || s.charCodeAt(16) !== 58)
    return Number.NaN;
  const year = two(s, 0) * 100 + two(s, 2);
  const month = two(s, 5);
  const day = two(s, 8);
  const hour = two(s, 11);
  const minute = two(s, 14);
  const second = two(s, 17);
  const m0 = s.charCodeAt(20) - 48;
  const milli = zoneAt !== 23 ? 0 : m0 >= 0 && m0 <= 9 ? m0 * 100 + two(s, 21) : BAD;
  if (!(year <= 9999 && month >= 1 && month <= 12 && day >= 1 && hour <= 23 && minute <= 59 && second <= 59 && milli <= 999)) return Number.NaN;
  if (day > (month === 2 && isLeapYear(year) ? 29 : (DAYS_IN_MONTH[month - 1] ?? 0))) return Number.NaN;
  let offset = 0;
  const zone = s.charCodeAt(zoneAt);
  if (zone === 90) {
    if (n !== zoneAt + 1) return Number.NaN;
  } else if (zone === 43 || zone === 45) {
    if (n !== zoneAt + 6 || s.charCodeAt(zoneAt + 3) !== 58) return Number.NaN;
    const oh = two(s, zoneAt + 1);
    const om = two(s, zoneAt + 4);
    if (!(oh <= 23 && om <= 59)) return Number.NaN;
    offset = (zone === 43 ? 1 : -1) * (oh * 60 + om) * 60_000;
  } else return Number.NaN;
  return epochDayOf(year, month, day) * MS_PER_DAY + hour * 3_600_000 + minute * 60_000 + second * 1000 + milli - offset;
};

/** `Date.parse(s)`, computed by hand on the common instant forms (see the module docs). */
export const parseInstantMs = (s: string): number => {
  const ms = fastMs(s);
  return Number.isNaN(ms) ? Date.parse(s) : ms;
};

// "00" … "99" and "000" … "999": the fields of an instant, written without padStart.
const TWO = Array.from({ length: 100 }, (_, i) => (i < 10 ? `0${i}` : `${i}`));
const THREE = Array.from({ length: 1000 }, (_, i) => (i < 10 ? `00${i}` : i < 100 ? `0${i}` : `${i}`));
/** Epoch milliseconds of 0000-01-01T00:00:00.000Z and of 10000-01-01T00:00:00.000Z. */
const YEAR_0_MS = -62_167_219_200_000;
const YEAR_10000_MS = 253_402_300_800_000;

/**
 * `new Date(ms).toISOString()`, written by hand for the years 0000–9999 (`YYYY-MM-DDTHH:MM:SS.sssZ`):
 * the service stamps every event with one and `toISOString` costs several times the
 * arithmetic. Other years (six-digit, signed) and NaN go to `toISOString` itself, which
 * throws its RangeError for NaN as before (`test/domain/instantMs.test.ts`).
 */
export const isoOfMs = (ms: number): string => {
  if (!(ms >= YEAR_0_MS && ms < YEAR_10000_MS) || !Number.isInteger(ms)) return new Date(ms).toISOString();
  const epochDay = Math.floor(ms / MS_PER_DAY);
  let rest = ms - epochDay * MS_PER_DAY;
  const { year, month, day } = civilOf(epochDay);
  const hour = Math.floor(rest / 3_600_000);
  rest -= hour * 3_600_000;
  const minute = Math.floor(rest / 60_000);
  rest -= minute * 60_000;
  const second = Math.floor(rest / 1000);
  const milli = rest - second * 1000;
  const y = year >= 1000 ? `${year}` : `0${THREE[year] ?? ''}`;
  return `${y}-${TWO[month] ?? ''}-${TWO[day] ?? ''}T${TWO[hour] ?? ''}:${TWO[minute] ?? ''}:${TWO[second] ?? ''}.${THREE[milli] ?? ''}Z`;
};
