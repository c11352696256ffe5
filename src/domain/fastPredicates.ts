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

/** Digit value by character code, or NOT_DIGIT (a bit no digit value has). */
const NOT_DIGIT = 128;
const DIGIT = new Uint8Array(65_536).fill(NOT_DIGIT);
for (let c = 48; c <= 57; c++) DIGIT[c] = c - 48;
/** 1 for the character codes of hexadecimal digits (either case). */
const HEX = new Uint8Array(65_536);
for (const c of '0123456789abcdefABCDEF') HEX[c.charCodeAt(0)] = 1;

const digitAt = (s: string, i: number): number => DIGIT[s.charCodeAt(i)] ?? NOT_DIGIT;
const hexRun = (s: string, from: number, to: number): boolean => {
  for (let i = from; i < to; i++) if (HEX[s.charCodeAt(i)] !== 1) return false;
  return true;
};

const isLeapYear = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
const isRealDay = (y: number, mo: number, d: number): boolean =>
  mo >= 1 && mo <= 12 && d >= 1 && d <= (mo === 2 && isLeapYear(y) ? 29 : (DAYS_IN_MONTH[mo - 1] ?? 0));

/** Whether `s` starts with `YYYY-MM-DD` naming a real day (what follows is the caller's to check). */
const realDayAt = (s: string): boolean => {
  if (s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return false;
  const y0 = digitAt(s, 0);
  const y1 = digitAt(s, 1);
  const y2 = digitAt(s, 2);
  const y3 = digitAt(s, 3);
  const m0 = digitAt(s, 5);
  const m1 = digitAt(s, 6);
  const d0 = digitAt(s, 8);
  const d1 = digitAt(s, 9);
  if ((y0 | y1 | y2 | y3 | m0 | m1 | d0 | d1) & NOT_DIGIT) return false;
  return isRealDay(y0 * 1000 + y1 * 100 + y2 * 10 + y3, m0 * 10 + m1, d0 * 10 + d1);
};

/** `YYYY-MM-DD` naming a real day (CalendarDate's check). */
export const isCalendarDate = (s: string): boolean => s.length === 10 && realDayAt(s);

/** Instant's check: `YYYY-MM-DDTHH:MM[:SS[.f{1,9}]](Z|±HH:MM)` naming a real day and time. */
export const isInstant = (s: string): boolean => {
  const n = s.length;
  if (n < 17 || n > 35 || s.charCodeAt(10) !== 84 || s.charCodeAt(13) !== 58) return false;
  const h0 = digitAt(s, 11);
  const h1 = digitAt(s, 12);
  const mi0 = digitAt(s, 14);
  const mi1 = digitAt(s, 15);
  if ((h0 | h1 | mi0 | mi1) & NOT_DIGIT || h0 * 10 + h1 > 23 || mi0 * 10 + mi1 > 59) return false;
  let i = 16;
  if (s.charCodeAt(16) === 58) {
    // Seconds, then maybe a fraction of 1 to 9 digits.
    const s0 = digitAt(s, 17);
    const s1 = digitAt(s, 18);
    if ((s0 | s1) & NOT_DIGIT || s0 * 10 + s1 > 59) return false;
    i = 19;
    if (s.charCodeAt(19) === 46) {
      let j = 20;
      while (j < n && digitAt(s, j) < 10) j++;
      if (j === 20 || j > 29) return false;
      i = j;
    }
  }
  const zone = s.charCodeAt(i);
  if (zone === 90) {
    if (i + 1 !== n) return false;
  } else if (zone === 43 || zone === 45) {
    if (i + 6 !== n || s.charCodeAt(i + 3) !== 58) return false;
    const o0 = digitAt(s, i + 1);
    const o1 = digitAt(s, i + 2);
    const p0 = digitAt(s, i + 4);
    const p1 = digitAt(s, i + 5);
    if ((o0 | o1 | p0 | p1) & NOT_DIGIT || o0 * 10 + o1 > 23 || p0 * 10 + p1 > 59) return false;
  } else return false;
  return realDayAt(s);
};

/** Uuid's check: 8-4-4-4-12 hexadecimal digits, either case. */
export const isUuid = (s: string): boolean =>
  s.length === 36 && s.charCodeAt(8) === 45 && s.charCodeAt(13) === 45 && s.charCodeAt(18) === 45 && s.charCodeAt(23) === 45 &&
  hexRun(s, 0, 8) && hexRun(s, 9, 13) && hexRun(s, 14, 18) && hexRun(s, 19, 23) && hexRun(s, 24, 36);

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
