import fc from 'fast-check';
import { easterSunday, frenchPublicHolidays, isFrenchPublicHoliday } from '../../../src/domain/policy/frenchHolidays';
import type { CalendarDate } from '../../../src/domain/primitives';

const day = (s: string): CalendarDate => s as CalendarDate;
/** Weekday from the platform's Date, independently of the code under test: 0 = Sunday. */
const weekday = (date: string): number => new Date(`${date}T00:00:00Z`).getUTCDay();
const plusDays = (date: string, n: number): string => new Date(Date.parse(`${date}T00:00:00Z`) + n * 86_400_000).toISOString().slice(0, 10);

/** Gauss's Easter algorithm with its two exceptions: an oracle independent of the implementation. */
const gaussEaster = (y: number): string => {
  const [a, b, c, k] = [y % 19, y % 4, y % 7, Math.floor(y / 100)];
  const p = Math.floor((13 + 8 * k) / 25);
  const q = Math.floor(k / 4);
  const m = (15 - p + k - q) % 30;
  const n = (4 + k - q) % 7;
  const d = (19 * a + m) % 30;
  const e = (2 * b + 4 * c + 6 * d + n) % 7;
  let month = 3;
  let dayOfMonth = 22 + d + e;
  if (dayOfMonth > 31) [month, dayOfMonth] = [4, d + e - 9];
  if (d === 29 && e === 6) [month, dayOfMonth] = [4, 19];
  if (d === 28 && e === 6 && (11 * m + 11) % 30 < 19) [month, dayOfMonth] = [4, 18];
  return `${String(y).padStart(4, '0')}-${String(month).padStart(2, '0')}-${String(dayOfMonth).padStart(2, '0')}`;
};

const year = fc.integer({ min: 1583, max: 9999 });

describe('Easter Sunday (Gregorian computus)', () => {
  it.each([
    [1583, '1583-04-10'],
    [1818, '1818-03-22'],
    [1943, '1943-04-25'],
    [2000, '2000-04-23'],
    [2008, '2008-03-23'],
    [2019, '2019-04-21'],
    [2021, '2021-04-04'],
    [2024, '2024-03-31'],
    [2025, '2025-04-20'],
    [2038, '2038-04-25'],
    [2285, '2285-03-22'],
  ])('falls in %i on %s', (y, expected) => {
    expect(easterSunday(y)).toBe(expected);
  });

  it('agrees with Gauss’s algorithm for every year 1583–9999', () => {
    const disagreements: number[] = [];
    for (let y = 1583; y <= 9999; y++) if (easterSunday(y) !== gaussEaster(y)) disagreements.push(y);
    expect(disagreements).toEqual([]);
  });

  it('is always a Sunday between 22 March and 25 April', () => {
    fc.assert(
      fc.property(year, (y) => {
        const easter = easterSunday(y);
        const monthDay = easter.slice(5);
        return weekday(easter) === 0 && monthDay >= '03-22' && monthDay <= '04-25' && easter.startsWith(String(y));
      }),
    );
  });

  it.each([[1582], [10_000], [2024.5]])('refuses the year %d with a RangeError', (y) => {
    expect(() => easterSunday(y)).toThrow(RangeError);
  });
});

describe('French public holidays', () => {
  it('lists the 11 metropolitan holidays of 2021', () => {
    expect(frenchPublicHolidays(2021)).toEqual([
      { date: '2021-01-01', name: "Jour de l'an" },
      { date: '2021-04-05', name: 'Lundi de Pâques' },
      { date: '2021-05-01', name: 'Fête du Travail' },
      { date: '2021-05-08', name: 'Victoire 1945' },
      { date: '2021-05-13', name: 'Ascension' },
      { date: '2021-05-24', name: 'Lundi de Pentecôte' },
      { date: '2021-07-14', name: 'Fête nationale' },
      { date: '2021-08-15', name: 'Assomption' },
      { date: '2021-11-01', name: 'Toussaint' },
      { date: '2021-11-11', name: 'Armistice 1918' },
      { date: '2021-12-25', name: 'Noël' },
    ]);
  });

  it('lists the 11 metropolitan holidays of 2024 (Easter on 31 March)', () => {
    expect(frenchPublicHolidays(2024).map((h) => h.date)).toEqual([
      '2024-01-01',
      '2024-04-01',
      '2024-05-01',
      '2024-05-08',
      '2024-05-09',
      '2024-05-20',
      '2024-07-14',
      '2024-08-15',
      '2024-11-01',
      '2024-11-11',
      '2024-12-25',
    ]);
  });

  it('lists both holidays when Ascension falls on 1 May (2008)', () => {
    const may1 = frenchPublicHolidays(2008).filter((h) => h.date === '2008-05-01');
    expect(may1.map((h) => h.name)).toEqual(['Fête du Travail', 'Ascension']);
    expect(frenchPublicHolidays(2008)).toHaveLength(11);
  });

  it('returns a frozen list, the same one on each call', () => {
    expect(Object.isFrozen(frenchPublicHolidays(2030))).toBe(true);
    expect(frenchPublicHolidays(2030)).toBe(frenchPublicHolidays(2030));
  });

  it('puts Easter Monday, Ascension and Whit Monday at Easter + 1, + 39 and + 50 days', () => {
    fc.assert(
      fc.property(year, (y) => {
        const easter = easterSunday(y);
        const byName = new Map(frenchPublicHolidays(y).map((h) => [h.name, h.date]));
        return (
          byName.get('Lundi de Pâques') === plusDays(easter, 1) &&
          byName.get('Ascension') === plusDays(easter, 39) &&
          byName.get('Lundi de Pentecôte') === plusDays(easter, 50)
        );
      }),
    );
  });

  it('has Ascension on a Thursday and Easter Monday and Whit Monday on Mondays', () => {
    fc.assert(
      fc.property(year, (y) => {
        const byName = new Map(frenchPublicHolidays(y).map((h) => [h.name, h.date]));
        return (
          weekday(byName.get('Ascension') ?? '') === 4 &&
          weekday(byName.get('Lundi de Pâques') ?? '') === 1 &&
          weekday(byName.get('Lundi de Pentecôte') ?? '') === 1
        );
      }),
    );
  });

  it('recognises exactly the listed dates as holidays', () => {
    fc.assert(
      fc.property(year, fc.integer({ min: 0, max: 364 }), (y, offset) => {
        const date = plusDays(`${y}-01-01`, offset);
        const listed = frenchPublicHolidays(Number(date.slice(0, 4))).some((h) => h.date === date);
        return isFrenchPublicHoliday(day(date)) === listed;
      }),
    );
  });

  it.each([
    ['2024-07-14', true],
    ['2024-05-09', true],
    ['2024-05-10', false],
    ['2025-04-21', true],
    ['2025-04-20', false],
    ['2025-12-26', false],
  ])('%s is a holiday: %s', (date, expected) => {
    expect(isFrenchPublicHoliday(day(date))).toBe(expected);
  });
});
