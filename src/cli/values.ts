/**
 * Parsing option values (instants, dates, horizons) and printing instants for people:
 * in Europe/Paris, with the offset (`2022-01-18 00:00 +01:00`).
 */
import { toEpochDay } from '../domain/policy/calendarDays';
import { startOfLocalDayMs } from '../domain/policy/zoneOffsets';
import { CalendarDate, Instant } from '../index';
import { CliError, EXIT } from './errors';
import type { Messages } from './messages';

/** The zone every time is printed in (the policy's). */
export const DISPLAY_ZONE = 'Europe/Paris';

// The library's own codecs: a day that does not exist (2022-02-30) or a time such as 24:00
// is refused, never rolled over into the next day.
const isCalendarDate = (s: string): s is CalendarDate => CalendarDate.is(s);

/** The first instant of a local date in {@link DISPLAY_ZONE} (any year 0000–9999). */
export const startOfLocalDay = (date: CalendarDate): Date => new Date(startOfLocalDayMs(DISPLAY_ZONE, toEpochDay(date)));

/**
 * An instant given on the command line: ISO 8601 with a zone (`2022-02-01T00:00:00+01:00`,
 * `…Z`), or a date (`2022-02-01`, the start of that day in Europe/Paris).
 */
export const parseInstant = (value: string, option: string, m: Messages): Date => {
  const v = value.trim();
  if (isCalendarDate(v)) return startOfLocalDay(v);
  // `t` and `z` are accepted in lower case on the command line.
  const instant = v.toUpperCase();
  if (!Instant.is(instant)) throw new CliError(m.errors.badInstant(value, option), EXIT.usage);
  return new Date(instant);
};

/** A local calendar date (`YYYY-MM-DD`). */
export const parseDate = (value: string, option: string, m: Messages): CalendarDate => {
  const v = value.trim();
  if (!isCalendarDate(v)) throw new CliError(m.errors.badDate(value, option), EXIT.usage);
  return v;
};

/** An export's head hash (`--head`): 64 hexadecimal characters, in any case. */
export const parseHead = (value: string, m: Messages): string => {
  const head = value.trim().toLowerCase();
  if (!/^[0-9a-f]{64}$/.test(head)) throw new CliError(m.errors.badHead(value), EXIT.usage);
  return head;
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
