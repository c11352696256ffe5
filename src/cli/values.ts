/**
 * Parsing option values (instants, dates, horizons) and printing instants for people:
 * in Europe/Paris, with the offset (`2022-01-18 00:00 +01:00`).
 */
import { dueInstant } from '../domain/policy/deadlines';
import { fromEpochDay, toEpochDay } from '../domain/policy/calendarDays';
import type { CalendarDate } from '../domain/primitives';
import { CliError, EXIT } from './errors';
import type { Messages } from './messages';

/** The zone every time is printed in (the policy's). */
export const DISPLAY_ZONE = 'Europe/Paris';

const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;

const isCalendarDate = (s: string): s is CalendarDate => {
  const m = DATE.exec(s);
  if (m === null) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.toISOString().slice(0, 10) === s;
};

/** The first instant of a local date in {@link DISPLAY_ZONE}. */
export const startOfLocalDay = (date: CalendarDate): Date => dueInstant(fromEpochDay(toEpochDay(date) - 1), DISPLAY_ZONE);

/**
 * An instant given on the command line: ISO 8601 with a zone (`2022-02-01T00:00:00+01:00`,
 * `…Z`), or a date (`2022-02-01`, the start of that day in Europe/Paris).
 */
export const parseInstant = (value: string, option: string, m: Messages): Date => {
  const v = value.trim();
  if (isCalendarDate(v)) return startOfLocalDay(v);
  const d = new Date(v);
  if (!INSTANT.test(v) || Number.isNaN(d.getTime())) throw new CliError(m.errors.badInstant(value, option), EXIT.usage);
  return d;
};

/** A local calendar date (`YYYY-MM-DD`). */
export const parseDate = (value: string, option: string, m: Messages): CalendarDate => {
  const v = value.trim();
  if (!isCalendarDate(v)) throw new CliError(m.errors.badDate(value, option), EXIT.usage);
  return v;
};

/** A horizon in days: `2d` or `2`. */
export const parseHorizon = (value: string, m: Messages): number => {
  const match = /^(\d{1,4})d?$/i.exec(value.trim());
  if (match === null) throw new CliError(m.errors.badHorizon(value), EXIT.usage);
  return Number(match[1]);
};

/** One of `choices`. */
export const parseChoice = <C extends string>(value: string, option: string, choices: readonly C[], m: Messages): C => {
  const found = choices.find((c) => c === value);
  if (found === undefined) throw new CliError(m.errors.badChoice(value, option, choices), EXIT.usage);
  return found;
};

const formatter = new Intl.DateTimeFormat('en-GB', {
  timeZone: DISPLAY_ZONE,
  year: 'numeric',
  month: '2-digit',
  day: '2-digit',
  hour: '2-digit',
  minute: '2-digit',
  hourCycle: 'h23',
  timeZoneName: 'longOffset',
});

/** `2022-01-18 00:00 +01:00`: an instant in Europe/Paris with its offset. */
export const showInstant = (instant: Date | string): string => {
  const parts = Object.fromEntries(formatter.formatToParts(typeof instant === 'string' ? new Date(instant) : instant).map((p) => [p.type, p.value]));
  const offset = (parts.timeZoneName ?? 'GMT').replace('GMT', '') || '+00:00';
  return `${parts.year ?? ''}-${parts.month ?? ''}-${parts.day ?? ''} ${parts.hour ?? ''}:${parts.minute ?? ''} ${offset}`;
};
