import fc from 'fast-check';
import {
  addDays,
  dueDate,
  dueInstant,
  internalAppealDecisionDue,
  isOnTime,
  isOverdue,
  localDate,
  receiptDeadlines,
} from '../../../src/domain/policy/deadlines';
import { defaultPolicy } from '../../../src/domain/policy/policy';
import type { DayCounting, Policy } from '../../../src/domain/policy/policy';
import type { CalendarDate, Instant } from '../../../src/domain/primitives';

const PARIS = 'Europe/Paris';
const at = (s: string): Instant => s as Instant;
const day = (s: string): CalendarDate => s as CalendarDate;
const business: Policy = { ...defaultPolicy, dayCounting: 'business' };
const iso = (d: Date): string => d.toISOString();

/** Local wall-clock reading of an instant, from Intl: an oracle independent of the code under test. */
const wallClock = (() => {
  const formats = new Map<string, Intl.DateTimeFormat>();
  return (ms: number, timeZone: string): string => {
    let f = formats.get(timeZone);
    if (f === undefined) {
      f = new Intl.DateTimeFormat('en-CA', {
        timeZone,
        hourCycle: 'h23',
        year: 'numeric',
        month: '2-digit',
        day: '2-digit',
        hour: '2-digit',
        minute: '2-digit',
        second: '2-digit',
      });
      formats.set(timeZone, f);
    }
    const p = Object.fromEntries(f.formatToParts(new Date(ms)).map((x) => [x.type, x.value]));
    return `${p['year']}-${p['month']}-${p['day']} ${p['hour']}:${p['minute']}:${p['second']}`;
  };
})();
const plusDays = (date: string, n: number): string => new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

describe('"dans un délai maximum d’une semaine": acknowledging a written complaint', () => {
  it('a written complaint received on Monday is due for acknowledgement by the end of the following Monday', () => {
    const deadlines = receiptDeadlines(at('2022-01-10T16:00:00+01:00'), 'written', 'normal', defaultPolicy);
    expect(deadlines.acknowledgementDue).toBe('2022-01-17');
    expect(iso(dueInstant(day('2022-01-17'), PARIS))).toBe('2022-01-17T23:00:00.000Z');
  });

  it('an acknowledgement at 23:59:59 Paris time on the due day is on time, at midnight it is late', () => {
    expect(isOnTime(day('2022-01-17'), at('2022-01-17T23:59:59.999+01:00'), PARIS)).toBe(true);
    expect(isOnTime(day('2022-01-17'), at('2022-01-18T00:00:00+01:00'), PARIS)).toBe(false);
    expect(isOverdue(day('2022-01-17'), at('2022-01-17T23:59:59.999+01:00'), PARIS)).toBe(false);
    expect(isOverdue(day('2022-01-17'), new Date('2022-01-17T23:00:00Z'), PARIS)).toBe(true);
  });

  it('a verbal complaint has no acknowledgement deadline', () => {
    expect(receiptDeadlines(at('2022-01-10T16:00:00+01:00'), 'verbal', 'normal', defaultPolicy).acknowledgementDue).toBeNull();
  });

  it('the hour of receipt does not matter: the first and the last instant of a day give the same due date', () => {
    expect(dueDate(at('2022-01-10T00:00:00+01:00'), 7, defaultPolicy)).toBe('2022-01-17');
    expect(dueDate(at('2022-01-10T23:59:59.999+01:00'), 7, defaultPolicy)).toBe('2022-01-17');
  });

  it('a receipt at 23:30 UTC is already the next day in Paris and counts from that day', () => {
    expect(localDate(at('2022-01-10T23:30:00Z'), PARIS)).toBe('2022-01-11');
    expect(dueDate(at('2022-01-10T23:30:00Z'), 7, defaultPolicy)).toBe('2022-01-18');
    // In summer Paris is UTC+2: 22:30 UTC is already 00:30 the next day, 21:59 UTC is not.
    expect(localDate(at('2022-06-13T22:30:00Z'), PARIS)).toBe('2022-06-14');
    expect(localDate(at('2022-06-13T21:59:59Z'), PARIS)).toBe('2022-06-13');
  });
});

describe('"une réponse définitive … dans les 15 jours": the answer', () => {
  it('a complaint received on Monday 10 January 2022 is due for an answer by the end of Tuesday 25 January', () => {
    expect(receiptDeadlines(at('2022-01-10T16:00:00+01:00'), 'verbal', 'low', defaultPolicy).answerDue).toBe('2022-01-25');
  });

  it('a critical complaint gets the 2-day internal target, a high one 7 days, a normal one none', () => {
    const received = at('2022-01-10T16:00:00+01:00');
    expect(receiptDeadlines(received, 'written', 'critical', defaultPolicy).urgencyTargetDue).toBe('2022-01-12');
    expect(receiptDeadlines(received, 'written', 'high', defaultPolicy).urgencyTargetDue).toBe('2022-01-17');
    expect(receiptDeadlines(received, 'written', 'normal', defaultPolicy).urgencyTargetDue).toBeNull();
  });

  it('the direction’s decision on an internal appeal is due 15 days after the appeal was opened', () => {
    expect(internalAppealDecisionDue(at('2022-02-01T10:00:00Z'), defaultPolicy)).toBe('2022-02-16');
  });
});

describe('daylight-saving changes never move a deadline (Europe/Paris)', () => {
  it('a deadline falls due at local midnight: 23:00Z in winter, 22:00Z in summer', () => {
    expect(iso(dueInstant(day('2022-03-26'), PARIS))).toBe('2022-03-26T23:00:00.000Z');
    expect(iso(dueInstant(day('2022-03-27'), PARIS))).toBe('2022-03-27T22:00:00.000Z');
    expect(iso(dueInstant(day('2022-10-29'), PARIS))).toBe('2022-10-29T22:00:00.000Z');
    expect(iso(dueInstant(day('2022-10-30'), PARIS))).toBe('2022-10-30T23:00:00.000Z');
  });

  it('receipts just before and just after the March change (27 March 2022, 02:00 → 03:00) count from the same day', () => {
    expect(dueDate(at('2022-03-27T01:59:59+01:00'), 7, defaultPolicy)).toBe('2022-04-03');
    expect(dueDate(at('2022-03-27T03:00:00+02:00'), 7, defaultPolicy)).toBe('2022-04-03');
    expect(dueDate(at('2022-03-26T23:59:59+01:00'), 7, defaultPolicy)).toBe('2022-04-02');
  });

  it('receipts in the repeated hour of the October change (30 October 2022, 03:00 → 02:00) count from the same day', () => {
    expect(dueDate(at('2022-10-30T02:30:00+02:00'), 7, defaultPolicy)).toBe('2022-11-06');
    expect(dueDate(at('2022-10-30T02:30:00+01:00'), 7, defaultPolicy)).toBe('2022-11-06');
    expect(dueDate(at('2022-10-29T23:59:59+02:00'), 7, defaultPolicy)).toBe('2022-11-05');
  });

  it('a week received in winter and due in summer ends at 22:00Z; one received in summer and due in winter at 23:00Z', () => {
    const spring = dueDate(at('2022-03-24T10:00:00+01:00'), 7, defaultPolicy);
    expect([spring, iso(dueInstant(spring, PARIS))]).toEqual(['2022-03-31', '2022-03-31T22:00:00.000Z']);
    const autumn = dueDate(at('2022-10-27T10:00:00+02:00'), 7, defaultPolicy);
    expect([autumn, iso(dueInstant(autumn, PARIS))]).toEqual(['2022-11-03', '2022-11-03T23:00:00.000Z']);
  });

  it('a zone whose clocks skip midnight (Santiago, 11 September 2022) falls due at the first instant of the next day', () => {
    expect(iso(dueInstant(day('2022-09-10'), 'America/Santiago'))).toBe('2022-09-11T04:00:00.000Z');
    expect(wallClock(Date.parse('2022-09-11T04:00:00Z'), 'America/Santiago')).toBe('2022-09-11 01:00:00');
  });
});

describe('business days: Saturdays, Sundays and French public holidays are not counted', () => {
  it('a complaint received on Friday skips the weekend: its week ends on the Tuesday after next', () => {
    expect(dueDate(at('2022-01-07T10:00:00+01:00'), 7, business)).toBe('2022-01-18');
  });

  it('a complaint received on Saturday counts Monday as its first day', () => {
    expect(dueDate(at('2022-01-08T10:00:00+01:00'), 1, business)).toBe('2022-01-10');
    expect(dueDate(at('2022-01-08T10:00:00+01:00'), 7, business)).toBe('2022-01-18');
  });

  it('Easter Monday is skipped (received Thursday 14 April 2022)', () => {
    expect(dueDate(at('2022-04-14T10:00:00+02:00'), 7, business)).toBe('2022-04-26');
    expect(dueDate(at('2022-04-14T10:00:00+02:00'), 7, defaultPolicy)).toBe('2022-04-21');
  });

  it('Ascension and Whit Monday are skipped (received Monday 23 May 2022)', () => {
    expect(dueDate(at('2022-05-23T10:00:00+02:00'), 7, business)).toBe('2022-06-02');
    expect(dueDate(at('2022-05-23T10:00:00+02:00'), 15, business)).toBe('2022-06-15');
  });

  it('14 July is skipped (received Wednesday 13 July 2022)', () => {
    expect(addDays(day('2022-07-13'), 1, 'business')).toBe('2022-07-15');
    expect(dueDate(at('2022-07-13T10:00:00+02:00'), 7, business)).toBe('2022-07-25');
  });

  it('1 May, 8 May and Ascension in one fortnight are all skipped (received Tuesday 30 April 2024)', () => {
    expect(dueDate(at('2024-04-30T10:00:00+02:00'), 7, business)).toBe('2024-05-14');
  });

  it('zero days is the day itself, in both modes', () => {
    expect(addDays(day('2022-01-08'), 0, 'business')).toBe('2022-01-08');
    expect(addDays(day('2022-01-08'), 0, 'calendar')).toBe('2022-01-08');
  });

  it('calendar days cross months, leap days and years', () => {
    expect(addDays(day('2024-02-25'), 7, 'calendar')).toBe('2024-03-03');
    expect(addDays(day('2023-12-20'), 15, 'calendar')).toBe('2024-01-04');
  });
});

describe('programming errors are RangeErrors', () => {
  it('refuses a negative or fractional number of days', () => {
    expect(() => addDays(day('2022-01-08'), -1, 'calendar')).toThrow(RangeError);
    expect(() => addDays(day('2022-01-08'), 1.5, 'business')).toThrow(RangeError);
  });

  it('refuses an unknown time zone and an invalid date', () => {
    expect(() => localDate(at('2022-01-10T10:00:00Z'), 'Mars/Olympus')).toThrow(RangeError);
    expect(() => localDate(new Date(Number.NaN), PARIS)).toThrow(RangeError);
  });

  it('hands out a new Date on each call, so a caller mutating one cannot corrupt the cache', () => {
    const first = dueInstant(day('2022-01-17'), PARIS);
    first.setTime(0);
    expect(iso(dueInstant(day('2022-01-17'), PARIS))).toBe('2022-01-17T23:00:00.000Z');
  });
});

// --- properties ---------------------------------------------------------------------------

const ZONES = ['Europe/Paris', 'America/New_York', 'Australia/Lord_Howe', 'Asia/Kathmandu', 'America/Santiago', 'Pacific/Chatham', 'UTC'];
const instantMs = fc.integer({ min: Date.UTC(2000, 0, 1), max: Date.UTC(2099, 11, 31) });
const anInstant = instantMs.map((ms) => at(new Date(ms).toISOString()));
const counting = fc.constantFrom<DayCounting>('calendar', 'business');
const days = fc.integer({ min: 0, max: 366 });
const aDate = fc.integer({ min: 0, max: 36_000 }).map((n) => day(plusDays('2000-01-01', n)));

describe('properties', () => {
  it('localDate agrees with the Intl calendar in every zone', () => {
    fc.assert(
      fc.property(instantMs, fc.constantFrom(...ZONES), (ms, zone) => localDate(new Date(ms), zone) === wallClock(ms, zone).slice(0, 10)),
      { numRuns: 2_000 },
    );
  });

  it('a due date is never before the local date of receipt, and after it when days ≥ 1', () => {
    fc.assert(
      fc.property(anInstant, days, counting, (received, n, mode) => {
        const receivedOn = localDate(received, PARIS);
        const due = dueDate(received, n, { timeZone: PARIS, dayCounting: mode });
        return due >= receivedOn && (n === 0 || due > receivedOn) && dueInstant(due, PARIS).getTime() > Date.parse(received);
      }),
    );
  });

  it('crossing a DST change never moves a due date: same local time in winter or summer, due N local days later at local midnight', () => {
    // Local wall-clock times around the March and October changes, away from 02:00–03:00.
    const localReceipt = fc.record({
      year: fc.integer({ min: 2000, max: 2099 }),
      month: fc.constantFrom(3, 10),
      dayOfMonth: fc.integer({ min: 10, max: 31 }),
      hour: fc.constantFrom(0, 1, 4, 9, 12, 17, 22, 23),
      minute: fc.integer({ min: 0, max: 59 }),
    });
    fc.assert(
      fc.property(localReceipt, fc.integer({ min: 1, max: 40 }), ({ year, month, dayOfMonth, hour, minute }, n) => {
        const wall = Date.UTC(year, month - 1, dayOfMonth, hour, minute);
        // Paris is UTC+1 or UTC+2: the instant showing this wall-clock time is one of two.
        const ms = [wall - 3_600_000, wall - 7_200_000].find((c) => wallClock(c, PARIS) === wallClock(wall, 'UTC'));
        if (ms === undefined) return false;
        const receivedOn = wallClock(wall, 'UTC').slice(0, 10);
        const due = dueDate(at(new Date(ms).toISOString()), n, defaultPolicy);
        const falls = dueInstant(due, PARIS).getTime();
        return (
          due === plusDays(receivedOn, n) &&
          wallClock(falls, PARIS) === `${plusDays(due, 1)} 00:00:00` &&
          wallClock(falls - 1, PARIS) === `${due} 23:59:59`
        );
      }),
      { numRuns: 1_000 },
    );
  });

  it('dueInstant is the first instant of the next local day in every zone', () => {
    fc.assert(
      fc.property(aDate, fc.constantFrom(...ZONES), (date, zone) => {
        const falls = dueInstant(date, zone).getTime();
        return localDate(new Date(falls), zone) === plusDays(date, 1) && localDate(new Date(falls - 1), zone) === date;
      }),
      { numRuns: 2_000 },
    );
  });

  it('a later receipt never gives an earlier due date', () => {
    fc.assert(
      fc.property(instantMs, instantMs, days, counting, (a, b, n, mode) => {
        const [early, late] = a <= b ? [a, b] : [b, a];
        const policy = { timeZone: PARIS, dayCounting: mode };
        return dueDate(at(new Date(early).toISOString()), n, policy) <= dueDate(at(new Date(late).toISOString()), n, policy);
      }),
    );
  });

  it('counting business days never gives an earlier date than counting calendar days', () => {
    fc.assert(fc.property(aDate, days, (date, n) => addDays(date, n, 'business') >= addDays(date, n, 'calendar')));
  });

  it('a business-day due date is a business day (for days ≥ 1)', () => {
    fc.assert(
      fc.property(aDate, fc.integer({ min: 1, max: 366 }), (date, n) => {
        const due = addDays(date, n, 'business');
        const weekday = new Date(`${due}T00:00:00Z`).getUTCDay();
        return weekday !== 0 && weekday !== 6 && !['01-01', '05-01', '05-08', '07-14', '08-15', '11-01', '11-11', '12-25'].includes(due.slice(5));
      }),
    );
  });

  it('isOnTime(d, t) holds exactly when t < dueInstant(d), and isOverdue is its negation', () => {
    fc.assert(
      fc.property(aDate, instantMs, fc.integer({ min: -2, max: 2 }), fc.boolean(), (date, ms, nudge, nearDue) => {
        // Half the runs probe the millisecond around the due instant itself.
        const t = nearDue ? dueInstant(date, PARIS).getTime() + nudge : ms;
        const asInstant = at(new Date(t).toISOString());
        const expected = t < dueInstant(date, PARIS).getTime();
        return (
          isOnTime(date, asInstant, PARIS) === expected &&
          isOnTime(date, new Date(t), PARIS) === expected &&
          isOverdue(date, asInstant, PARIS) === !expected
        );
      }),
    );
  });
});
