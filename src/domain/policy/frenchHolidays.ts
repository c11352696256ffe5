/**
 * The French (metropolitan) public holidays, for the business-day counting mode of the
 * policy. Computed for any year, never read from a year table, so a deadline in 2087 is
 * counted the same way as one in 2021.
 */
import type { CalendarDate } from '../primitives';
import { BoundedCache } from './boundedCache';
import { civilOf, epochDayOf, fromEpochDay, toEpochDay } from './calendarDays';

/** The Gregorian computus is defined from 1583, the first full year of the reformed calendar. */
const FIRST_YEAR = 1583;
const LAST_YEAR = 9999;

const checkYear = (year: number): void => {
  if (!Number.isInteger(year) || year < FIRST_YEAR || year > LAST_YEAR)
    throw new RangeError(`French public holidays are computed for years ${FIRST_YEAR}–${LAST_YEAR}, got ${year}`);
};

/** Easter Sunday as (month, day), by the anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
const easterMonthDay = (year: number): { month: number; day: number } => {
  const golden = year % 19; // place in the 19-year Metonic cycle of lunar phases
  const century = Math.floor(year / 100);
  const yearOfCentury = year % 100;
  // Gregorian corrections: skipped leap years (solar) and the lunar-orbit drift (Metonic).
  const solar = Math.floor(century / 4);
  const centuryRest = century % 4;
  const lunarBias = Math.floor((century + 8) / 25);
  const lunar = Math.floor((century - lunarBias + 1) / 3);
  // Days from 21 March to the Paschal full moon, then to the following Sunday.
  const epact = (19 * golden + century - solar - lunar + 15) % 30;
  const toSunday = (32 + 2 * centuryRest + 2 * Math.floor(yearOfCentury / 4) - epact - (yearOfCentury % 4)) % 7;
  const lateFix = Math.floor((golden + 11 * epact + 22 * toSunday) / 451); // keeps Easter ≤ 25 April
  const n = epact + toSunday - 7 * lateFix + 114;
  return { month: Math.floor(n / 31), day: (n % 31) + 1 };
};

/**
 * Easter Sunday of a Gregorian `year` (1583–9999), computed with the anonymous Gregorian
 * algorithm. Throws a RangeError for other years (a programming error).
 *
 * @example easterSunday(2024) // '2024-03-31'
 */
export const easterSunday = (year: number): CalendarDate => {
  checkYear(year);
  const { month, day } = easterMonthDay(year);
  return fromEpochDay(epochDayOf(year, month, day));
};

/** A public holiday: its date and its French name. */
export interface PublicHoliday {
  readonly date: CalendarDate;
  readonly name: string;
}

interface YearHolidays {
  readonly list: ReadonlyArray<PublicHoliday>;
  readonly days: ReadonlySet<number>;
}

const holidaysOf = (year: number): YearHolidays => {
  const { month, day } = easterMonthDay(year);
  const easter = epochDayOf(year, month, day);
  const fixed = (m: number, d: number): number => epochDayOf(year, m, d);
  // The eleven holidays of the Code du travail (art. L3133-1) observed in metropolitan
  // France; Alsace-Moselle's two extra days are out of scope of Lukéa's policy.
  const days: ReadonlyArray<readonly [number, string]> = [
    [fixed(1, 1), "Jour de l'an"],
    [easter + 1, 'Lundi de Pâques'],
    [fixed(5, 1), 'Fête du Travail'],
    [fixed(5, 8), 'Victoire 1945'],
    [easter + 39, 'Ascension'],
    [easter + 50, 'Lundi de Pentecôte'],
    [fixed(7, 14), 'Fête nationale'],
    [fixed(8, 15), 'Assomption'],
    [fixed(11, 1), 'Toussaint'],
    [fixed(11, 11), 'Armistice 1918'],
    [fixed(12, 25), 'Noël'],
  ];
  // Ascension can fall on 1 or 8 May; sorting keeps the list in calendar order regardless.
  const sorted = [...days].sort((a, b) => a[0] - b[0]);
  return {
    list: Object.freeze(sorted.map(([day, name]) => Object.freeze({ date: fromEpochDay(day), name }))),
    days: new Set(sorted.map(([day]) => day)),
  };
};

// Business-day counting asks about every day it steps over: remember each year's set.
const byYear = new BoundedCache<number, YearHolidays>(1_000);

const yearHolidays = (year: number): YearHolidays => {
  const hit = byYear.get(year);
  if (hit !== undefined) return hit;
  checkYear(year);
  return byYear.set(year, holidaysOf(year));
};

/**
 * The 11 metropolitan French public holidays of `year` (1583–9999) in date order:
 * 1 January, Easter Monday, 1 May, 8 May, Ascension (Easter + 39), Whit Monday
 * (Easter + 50), 14 July, 15 August, 1 November, 11 November, 25 December. Two may fall on
 * the same date (Ascension on 1 or 8 May); both are listed. The result is frozen.
 */
export const frenchPublicHolidays = (year: number): ReadonlyArray<PublicHoliday> => yearHolidays(year).list;

/**
 * True when the epoch day (days since 1970-01-01) is a French public holiday. The integer
 * form used by business-day counting, which walks days as numbers.
 */
export const isFrenchPublicHolidayOnEpochDay = (epochDay: number): boolean =>
  yearHolidays(civilOf(epochDay).year).days.has(epochDay);

/**
 * True when `date` is one of the French public holidays of its year (memoised per year;
 * years outside 1583–9999 throw a RangeError).
 */
export const isFrenchPublicHoliday = (date: CalendarDate): boolean =>
  yearHolidays(Number(date.slice(0, 4))).days.has(toEpochDay(date));
