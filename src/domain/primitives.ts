/**
 * Branded primitive codecs shared by policy, commands and events. Branding prevents mixing
 * an instant with a calendar date, or a complaint id with a free string.
 */
import * as t from 'io-ts';

const UUID_RE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
// An instant: date, time and an explicit offset or Z, so it names one moment everywhere.
const ISO_INSTANT_RE = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/;
const CALENDAR_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** Brand of {@link Uuid}. */
export interface UuidBrand {
  readonly Uuid: unique symbol;
}
/** A UUID (any version), as a string. */
export const Uuid = t.brand(t.string, (s): s is t.Branded<string, UuidBrand> => UUID_RE.test(s), 'Uuid');
/** A UUID string. */
export type Uuid = t.TypeOf<typeof Uuid>;

/** Brand of {@link Instant}. */
export interface InstantBrand {
  readonly Instant: unique symbol;
}
/** An ISO-8601 date-time with an offset or `Z` (e.g. `2021-06-25T09:30:00+02:00`). */
export const Instant = t.brand(
  t.string,
  (s): s is t.Branded<string, InstantBrand> => ISO_INSTANT_RE.test(s) && !Number.isNaN(Date.parse(s)),
  'Instant',
);
/** An ISO-8601 instant string. */
export type Instant = t.TypeOf<typeof Instant>;

/** Brand of {@link CalendarDate}. */
export interface CalendarDateBrand {
  readonly CalendarDate: unique symbol;
}
const isRealDate = (s: string): boolean => {
  const m = CALENDAR_DATE_RE.exec(s);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
};
/** A calendar date `YYYY-MM-DD` (a day in the policy's time zone, no time of day). */
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

/** Milliseconds since the epoch of an {@link Instant}. */
export const instantMs = (i: Instant): number => Date.parse(i);

/** The canonical UTC form of a JS Date as an {@link Instant}. */
export const toInstant = (d: Date): Instant => d.toISOString() as Instant;
