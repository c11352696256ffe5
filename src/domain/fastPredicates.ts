/**
 * Faster equivalents of some codecs' refinement predicates, for the compiled decoders
 * (decoderCodegen.ts): the same answer for every string, without the allocations of the
 * originals on the common inputs — the instant, date and UUID checks read character codes
 * instead of running a regular expression and `Date.parse`. `decoderCodegen.test.ts` checks
 * each against its original on arbitrary and near-valid strings.
 */
import type * as t from 'io-ts';
import { CalendarDate, Instant, LongText, ShortText, Uuid } from './primitives';
import { ActorId } from './vocabulary';

/**
 * `s.trim().length > 0`: whether `s` holds a character `trim` keeps. A first character
 * between `!` and `~` is one (no white space or line terminator is printable ASCII), which
 * settles almost every real string without the copy `trim` makes.
 */
export const notBlank = (s: string): boolean => {
  if (s.length === 0) return false;
  const c = s.charCodeAt(0);
  return (c > 32 && c < 127) || s.trim().length > 0;
};

const isDigit = (c: number): boolean => c >= 48 && c <= 57;
/** The number of two ASCII digits at `i` (callers check they are digits). */
const two = (s: string, i: number): number => (s.charCodeAt(i) - 48) * 10 + (s.charCodeAt(i + 1) - 48);
const digitsAt = (s: string, from: number, to: number): boolean => {
  for (let i = from; i < to; i++) if (!isDigit(s.charCodeAt(i))) return false;
  return true;
};
const isLeapYear = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isRealDay = (y: number, mo: number, d: number): boolean =>
  mo >= 1 && mo <= 12 && d >= 1 && d <= (mo === 2 && isLeapYear(y) ? 29 : (DAYS_IN_MONTH[mo - 1] ?? 0));

/** `YYYY-MM-DD` naming a real day (CalendarDate's check). */
export const isCalendarDate = (s: string): boolean =>
  s.length === 10 && s.charCodeAt(4) === 45 && s.charCodeAt(7) === 45 && digitsAt(s, 0, 4) && digitsAt(s, 5, 7) && digitsAt(s, 8, 10) &&
  isRealDay(two(s, 0) * 100 + two(s, 2), two(s, 5), two(s, 8));

/** Instant's check: `YYYY-MM-DDTHH:MM[:SS[.f{1,9}]](Z|±HH:MM)` naming a real day and time. */
export const isInstant = (s: string): boolean => {
  const n = s.length;
  if (n < 17 || n > 35) return false;
  if (!(s.charCodeAt(4) === 45 && s.charCodeAt(7) === 45 && s.charCodeAt(10) === 84 && s.charCodeAt(13) === 58)) return false;
  if (!(digitsAt(s, 0, 4) && digitsAt(s, 5, 7) && digitsAt(s, 8, 10) && digitsAt(s, 11, 13) && digitsAt(s, 14, 16))) return false;
  let i = 16;
  let sec = 0;
  if (s.charCodeAt(i) === 58) {
    if (!digitsAt(s, 17, 19) || n < 20) return false;
    sec = two(s, 17);
    i = 19;
    if (s.charCodeAt(i) === 46) {
      let j = i + 1;
      while (j < n && isDigit(s.charCodeAt(j))) j++;
      const fraction = j - i - 1;
      if (fraction < 1 || fraction > 9) return false;
      i = j;
    }
  }
  const z = s.charCodeAt(i);
  let oh = 0;
  let om = 0;
  if (z === 90) {
    if (i + 1 !== n) return false;
  } else if (z === 43 || z === 45) {
    if (i + 6 !== n || s.charCodeAt(i + 3) !== 58 || !digitsAt(s, i + 1, i + 3) || !digitsAt(s, i + 4, i + 6)) return false;
    oh = two(s, i + 1);
    om = two(s, i + 4);
  } else return false;
  return isRealDay(two(s, 0) * 100 + two(s, 2), two(s, 5), two(s, 8)) && two(s, 11) <= 23 && two(s, 14) <= 59 && sec <= 59 && oh <= 23 && om <= 59;
};

/** Uuid's check: 8-4-4-4-12 hexadecimal digits, either case. */
export const isUuid = (s: string): boolean => {
  if (s.length !== 36) return false;
  for (let i = 0; i < 36; i++) {
    const c = s.charCodeAt(i);
    if (i === 8 || i === 13 || i === 18 || i === 23) {
      if (c !== 45) return false;
    } else if (!((c >= 48 && c <= 57) || (c >= 97 && c <= 102) || (c >= 65 && c <= 70))) return false;
  }
  return true;
};

type Predicate = (a: unknown) => boolean;

const byCodec = new Map<t.Mixed, Predicate>([
  [ShortText, (s) => (s as string).length <= 200 && notBlank(s as string)],
  [LongText, (s) => (s as string).length <= 20_000 && notBlank(s as string)],
  [ActorId, (s) => notBlank(s as string) && (s as string).length <= 200],
  [Instant, (s) => isInstant(s as string)],
  [CalendarDate, (s) => isCalendarDate(s as string)],
  [Uuid, (s) => isUuid(s as string)],
]);

/** A faster predicate with the same answers as refinement `codec`'s own (on its inner type's values), if there is one. */
export const fastPredicateOf = (codec: t.Mixed): Predicate | undefined => byCodec.get(codec);
