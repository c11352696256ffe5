/**
 * Branded primitive codecs shared by policy, commands and events. Branding prevents mixing
 * an instant with a calendar date, or a complaint id with a free string.
 */
import * as t from 'io-ts';
import { isoOfMs, parseInstantMs } from './instantMs';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// An instant: date, time and an explicit offset or Z, so it names one moment everywhere.
const ISO_INSTANT_RE = /^(\d{4})-(\d{2})-(\d{2})T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,9})?)?(?:Z|[+-](\d{2}):(\d{2}))$/;
const CALENDAR_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

const isLeapYear = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const DAYS_IN_MONTH = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/**
 * True when year/month/day (month 1–12) is a day of the proleptic Gregorian calendar, for
 * every year 0000–9999. Counted by hand: `Date.UTC` maps years 0–99 to 1900–1999, so a check
 * built on it refuses the real 29 February 0024 and accepts days that do not exist.
 */
const isRealDay = (y: number, mo: number, d: number): boolean =>
  mo >= 1 && mo <= 12 && d >= 1 && d <= (mo === 2 && isLeapYear(y) ? 29 : (DAYS_IN_MONTH[mo - 1] ?? 0));

/** True for an ISO-8601 instant naming a real day and a real time of day (no 24:00, no 29 February 2023). */
const isRealInstant = (s: string): boolean => {
  const m = ISO_INSTANT_RE.exec(s);
  if (m === null) return false;
  const [y, mo, d, h, mi, sec, oh, om] = [m[1], m[2], m[3], m[4], m[5], m[6], m[7], m[8]].map((g) => (g === undefined ? 0 : Number(g))) as [
    number, number, number, number, number, number, number, number,
  ];
  return isRealDay(y, mo, d) && h <= 23 && mi <= 59 && sec <= 59 && oh <= 23 && om <= 59 && !Number.isNaN(Date.parse(s));
};

/** Brand of {@link Uuid}. */
export interface UuidBrand {
  readonly Uuid: unique symbol;
}
/** A UUID (any version), as a string. */
export const Uuid = t.brand(t.string, (s): s is t.Branded<string, UuidBrand> => UUID_RE.test(s), 'Uuid');
/** A UUID string. */
export type Uuid = t.TypeOf<typeof Uuid>;

/**
 * The one spelling of a UUID the engine stores and compares: lower case. Codecs accept
 * upper-case UUIDs (RFC 4122 says they compare case-insensitively); every place an id
 * enters (commands, command metadata, queries, the command line, imports) turns it into
 * this form, so `ABC…` and `abc…` are one complaint, one command.
 */
export const canonicalUuid = <S extends string>(id: S): S => id.toLowerCase() as S;

/**
 * The one spelling of a complainant id (an opaque customer number such as `client-42`):
 * without surrounding spaces, in lower case. Applied at receipt and by the erasure, so
 * `Client-Zed ` and `client-zed` are one complainant with one key.
 */
export const canonicalComplainantId = (id: string): string => id.trim().toLowerCase();

/** Brand of {@link Instant}. */
export interface InstantBrand {
  readonly Instant: unique symbol;
}
/**
 * An ISO-8601 date-time with an offset or `Z` (e.g. `2021-06-25T09:30:00+02:00`) that names a
 * real moment: a day that exists (not `2023-02-29`, not `2024-04-31`), hours 00–23, minutes
 * and seconds 00–59, an offset of at most 23:59.
 */
export const Instant = t.brand(t.string, (s): s is t.Branded<string, InstantBrand> => isRealInstant(s), 'Instant');
/** An ISO-8601 instant string. */
export type Instant = t.TypeOf<typeof Instant>;

/**
 * The years a business time (a receipt, an action's `at`) and the decision clock may fall
 * in, UTC: 1900–9997. Before 1900 a date is a typo (`0024` for `2024`), and business-day
 * counting has no Gregorian holidays before 1583. After 9997 a deadline — up to 366
 * business days, about a year and a half, later — would no longer fit in a four-digit
 * year. Refusing such times on entry is what keeps every stored event readable.
 */
export const BUSINESS_YEARS = Object.freeze({ first: 1900, last: 9997 });

const FIRST_BUSINESS_MS = Date.UTC(BUSINESS_YEARS.first, 0, 1);
const BUSINESS_LIMIT_MS = Date.UTC(BUSINESS_YEARS.last + 1, 0, 1);

/** True when epoch milliseconds fall in {@link BUSINESS_YEARS} (false for NaN). */
export const isBusinessTimeMs = (ms: number): boolean => ms >= FIRST_BUSINESS_MS && ms < BUSINESS_LIMIT_MS;

/**
 * An {@link Instant} in {@link BUSINESS_YEARS}: what commands accept as `receivedAt` and `at`.
 * Events keep the wider {@link Instant}, so whatever was stored stays readable.
 */
export const BusinessInstant = t.refinement(Instant, (s) => isBusinessTimeMs(parseInstantMs(s)), `Instant(years ${BUSINESS_YEARS.first}–${BUSINESS_YEARS.last})`);

/** Brand of {@link CalendarDate}. */
export interface CalendarDateBrand {
  readonly CalendarDate: unique symbol;
}
const isRealDate = (s: string): boolean => {
  const m = CALENDAR_DATE_RE.exec(s);
  return m !== null && isRealDay(Number(m[1]), Number(m[2]), Number(m[3]));
};
/** A calendar date `YYYY-MM-DD` (a day in the policy's time zone, no time of day), any year 0000–9999. */
export const CalendarDate = t.brand(t.string, (s): s is t.Branded<string, CalendarDateBrand> => isRealDate(s), 'CalendarDate');
/** A `YYYY-MM-DD` calendar date string. */
export type CalendarDate = t.TypeOf<typeof CalendarDate>;

// Limits keep an oversized input (a 10 MB complaint text) out of the event store with a
// clear error instead of storing it.

/** Short labels: names, categories, products (1–200 characters, not blank). */
export const ShortText = t.refinement(t.string, (s) => s.length <= 200 && s.trim().length > 0, 'ShortText(1..200 chars)');
/** Free text written by people: descriptions, facts, decisions (≤ 20,000 characters). */
export const LongText = t.refinement(t.string, (s) => s.length <= 20_000 && s.trim().length > 0, 'LongText(1..20000 chars)');

/** A whole number of days ≥ 1 (policy durations). */
/**
 * A code from a list (e.g. the policy's reported problems): lower-case letters and digits in
 * words joined by `_`, at most 64 characters (`billing_error`, `late_delivery`).
 */
export const Code = t.refinement(t.string, (s) => s.length <= 64 && /^[a-z0-9]+(?:_[a-z0-9]+)*$/.test(s), 'Code(snake_case, ≤ 64 chars)');

/** Whole years 1–100 (a retention period). */
export const PositiveYears = t.refinement(t.number, (n) => Number.isInteger(n) && n >= 1 && n <= 100, 'PositiveYears(1..100)');

export const PositiveDays = t.refinement(t.number, (n) => Number.isInteger(n) && n >= 1 && n <= 366, 'PositiveDays(1..366)');
/** A whole number of days ≥ 0. */
export const NonNegativeDays = t.refinement(t.number, (n) => Number.isInteger(n) && n >= 0 && n <= 366, 'NonNegativeDays(0..366)');

/** An array of at most `max` items: keeps inputs bounded. */
export const boundedArray = <C extends t.Mixed>(item: C, max: number, name = `Array<${item.name}>(max ${max})`) =>
  t.refinement(t.array(item), (xs) => xs.length <= max, name);

/** A non-empty array of at most `max` items. */
export const nonEmptyBoundedArray = <C extends t.Mixed>(item: C, max: number, name = `NonEmptyArray<${item.name}>(1..${max})`) =>
  t.refinement(t.array(item), (xs) => xs.length >= 1 && xs.length <= max, name);

/** Milliseconds since the epoch of an {@link Instant} (`Date.parse`'s, see instantMs.ts). */
export const instantMs = (i: Instant): number => parseInstantMs(i);

// The last Date's time and text: a command asks for the instant of one clock reading several
// times (the decision, its events, the envelope), and `toISOString` builds a new string each
// time. A pure memo: the same milliseconds always give the same text.
let lastMs = Number.NaN;
let lastInstant = '';

/** The canonical UTC form of a JS Date as an {@link Instant}. */
export const toInstant = (d: Date): Instant => {
  const ms = d.getTime();
  // An invalid Date (NaN) never equals the memo: toISOString throws its RangeError as before.
  if (ms !== lastMs) {
    lastInstant = isoOfMs(ms);
    lastMs = ms;
  }
  return lastInstant as Instant;
};
