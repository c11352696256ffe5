/**
 * Calendar-date arithmetic on "epoch days" (days since 1970-01-01 in the proleptic
 * Gregorian calendar). A deadline is a day, not an instant: counting whole days on
 * integers keeps time zones and DST out of the arithmetic entirely, and is far cheaper
 * than going through `Date` on the projections' hot path.
 */
import type { CalendarDate } from '../primitives';
import { BoundedCache } from './boundedCache';

/** Milliseconds in a day of 24 hours (UTC days; local days may be 23 or 25 hours). */
export const MS_PER_DAY = 86_400_000;

// Days from 0000-03-01 to 1970-01-01: the civil algorithms below count from a March-based
// year so that the leap day is the last day of the year.
const EPOCH_SHIFT = 719_468;
const DAYS_PER_ERA = 146_097; // 400 Gregorian years

/** The epoch day of a Gregorian year/month (1–12)/day. Valid for any year. */
export const epochDayOf = (year: number, month: number, day: number): number => {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yearOfEra = y - era * 400;
  const dayOfYear = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const dayOfEra = yearOfEra * 365 + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100) + dayOfYear;
  return era * DAYS_PER_ERA + dayOfEra - EPOCH_SHIFT;
};

/** A calendar day as numbers (month 1–12). */
export interface CivilDay {
  readonly year: number;
  readonly month: number;
  readonly day: number;
}

/** The Gregorian year/month/day of an epoch day (inverse of {@link epochDayOf}). */
export const civilOf = (epochDay: number): CivilDay => {
  const z = epochDay + EPOCH_SHIFT;
  const era = Math.floor(z / DAYS_PER_ERA);
  const dayOfEra = z - era * DAYS_PER_ERA;
  const yearOfEra = Math.floor((dayOfEra - Math.floor(dayOfEra / 1460) + Math.floor(dayOfEra / 36_524) - Math.floor(dayOfEra / 146_096)) / 365);
  const dayOfYear = dayOfEra - (365 * yearOfEra + Math.floor(yearOfEra / 4) - Math.floor(yearOfEra / 100));
  const mp = Math.floor((5 * dayOfYear + 2) / 153);
  const day = dayOfYear - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yearOfEra + era * 400 + (month <= 2 ? 1 : 0), month, day };
};

/** ISO weekday of an epoch day: 1 = Monday … 7 = Sunday (1970-01-01 was a Thursday). */
export const isoWeekdayOf = (epochDay: number): number => (((epochDay + 3) % 7) + 7) % 7 + 1;

/** The epoch day of a `YYYY-MM-DD` date (the codec has already checked its shape). */
export const toEpochDay = (date: CalendarDate): number =>
  epochDayOf(Number(date.slice(0, 4)), Number(date.slice(5, 7)), Number(date.slice(8, 10)));

const pad2 = (n: number): string => (n < 10 ? `0${n}` : String(n));

// Formatting is the costly half of localDate(); the days a projection sees repeat a lot.
const formatted = new BoundedCache<number, CalendarDate>(20_000);

/**
 * The `YYYY-MM-DD` date of an epoch day. Throws a RangeError outside years 0000–9999,
 * which a {@link CalendarDate} cannot spell (a programming error, not a business case).
 */
export const fromEpochDay = (epochDay: number): CalendarDate => {
  const hit = formatted.get(epochDay);
  if (hit !== undefined) return hit;
  const { year, month, day } = civilOf(epochDay);
  if (!(year >= 0 && year <= 9999)) throw new RangeError(`Date out of range: year ${year} (epoch day ${epochDay}) is outside 0000–9999`);
  // The codec guarantees the shape; building it by hand avoids re-validating on the hot path.
  return formatted.set(epochDay, `${String(year).padStart(4, '0')}-${pad2(month)}-${pad2(day)}` as CalendarDate);
};
