/**
 * parseInstantMs is Date.parse: computed by hand on the instant forms the engine writes, it
 * must give Date.parse's milliseconds (or NaN) for every string, valid or not.
 */
import fc from 'fast-check';
import { isoOfMs, parseInstantMs } from '../../src/domain/instantMs';
import { instantMs } from '../../src/domain/primitives';

const same = (s: string): void => {
  const expected = Date.parse(s);
  expect([s, parseInstantMs(s)]).toEqual([s, expected]);
};

const pad = (n: number, width: number): string => String(n).padStart(width, '0');
/** An instant in one of the fast forms, with each field drawn past its range too. */
const shaped = fc
  .record({
    year: fc.integer({ min: 0, max: 9999 }),
    month: fc.integer({ min: 0, max: 19 }),
    day: fc.integer({ min: 0, max: 39 }),
    hour: fc.integer({ min: 0, max: 29 }),
    minute: fc.integer({ min: 0, max: 69 }),
    second: fc.integer({ min: 0, max: 69 }),
    milli: fc.option(fc.integer({ min: 0, max: 999 })),
    zone: fc.option(fc.record({ sign: fc.constantFrom('+', '-'), hours: fc.integer({ min: 0, max: 29 }), minutes: fc.integer({ min: 0, max: 69 }) })),
  })
  .map(
    ({ year, month, day, hour, minute, second, milli, zone }) =>
      `${pad(year, 4)}-${pad(month, 2)}-${pad(day, 2)}T${pad(hour, 2)}:${pad(minute, 2)}:${pad(second, 2)}` +
      (milli === null ? '' : `.${pad(milli, 3)}`) +
      (zone === null ? 'Z' : `${zone.sign}${pad(zone.hours, 2)}:${pad(zone.minutes, 2)}`),
  );

/** One character of `s` replaced, inserted or removed: the near-misses of the fast forms. */
const changed = fc
  .tuple(shaped, fc.nat(), fc.constantFrom('0', '9', 'Z', 'z', 'T', 't', ':', '.', '-', '+', ' ', 'a', '\u0660', '', '00'), fc.constantFrom('replace', 'insert'))
  .map(([s, i, c, how]) => {
    const at = i % (s.length + 1);
    return how === 'replace' ? s.slice(0, at) + c + s.slice(at + 1) : s.slice(0, at) + c + s.slice(at);
  });

describe('parseInstantMs gives Date.parse’s answer for every string', () => {
  it.each([
    '2022-01-10T16:00:00.000Z',
    '2022-01-10T16:00:00Z',
    '2022-01-10T16:00:00+01:00',
    '2022-01-10T16:00:00.123-05:30',
    '0000-01-01T00:00:00.000Z',
    '0000-02-29T12:00:00Z',
    '0024-02-29T09:00:00Z',
    '1969-12-31T23:59:59.999Z',
    '1900-02-29T00:00:00Z',
    '2000-02-29T23:59:59.999+14:00',
    '9999-12-31T23:59:59.999Z',
    '2023-02-29T10:00:00Z',
    '2024-04-31T10:00:00Z',
    '2024-04-01T24:00:00Z',
    '2024-04-01T24:00:00.000Z',
    '2024-04-01T23:60:00Z',
    '2024-04-01T10:00:00+24:00',
    '2024-04-01T10:00:00-00:00',
    '2024-04-01T10:00:00.1Z',
    '2024-04-01T10:00:00.1234Z',
    '2024-04-01T10:00Z',
    '2024-04-01T10:00:00',
    '2024-04-01',
    '+002024-04-01T10:00:00Z',
    '2024-04-01t10:00:00z',
    '',
    'not a date',
  ])('%s', (s) => same(s));

  it('on instants of every field value, in range or not, with or without milliseconds and offsets', () => {
    fc.assert(fc.property(shaped, same), { numRuns: 5000 });
  });

  it('on near-misses of those forms and on arbitrary strings', () => {
    fc.assert(fc.property(fc.oneof(changed, fc.string({ maxLength: 30 })), same), { numRuns: 5000 });
  });

  it('on toISOString of any date of years 0000–9999', () => {
    // 0000-01-01T00:00:00.000Z to 9999-12-31T23:59:59.999Z.
    const ms = fc.integer({ min: -62_167_219_200_000, max: 253_402_300_799_999 });
    fc.assert(fc.property(ms, (m) => expect(parseInstantMs(new Date(m).toISOString())).toBe(m)), { numRuns: 5000 });
  });

  it('instantMs (the domain’s) is the same function', () => {
    fc.assert(fc.property(fc.oneof(shaped, changed), (s) => expect(instantMs(s as never)).toBe(Date.parse(s))), { numRuns: 1000 });
  });
});

describe('isoOfMs is toISOString: the instant the service stamps on every event', () => {
  const sameIso = (ms: number): void => {
    let expected: string;
    try {
      expected = new Date(ms).toISOString();
    } catch {
      expect(() => isoOfMs(ms)).toThrow(RangeError);
      return;
    }
    expect([ms, isoOfMs(ms)]).toEqual([ms, expected]);
  };

  it('writes every millisecond of the years 0000–9999 as toISOString does', () => {
    fc.assert(fc.property(fc.integer({ min: -62_167_219_200_000, max: 253_402_300_799_999 }), (ms) => sameIso(ms)), { numRuns: 20_000 });
  });

  it('agrees across the whole Date range, six-digit and negative years included', () => {
    fc.assert(fc.property(fc.integer({ min: -8_640_000_000_000_000, max: 8_640_000_000_000_000 }), (ms) => sameIso(ms)), { numRuns: 5_000 });
  });

  it('agrees at the edges: year boundaries, leap days, the first and last millisecond of a day', () => {
    for (const ms of [
      -62_167_219_200_001, -62_167_219_200_000, 253_402_300_799_999, 253_402_300_800_000, 0, -1, 1, 951_782_400_000, 951_868_799_999,
      -2_203_891_200_000, 4_107_542_399_999, 8_640_000_000_000_000, -8_640_000_000_000_000,
    ])
      sameIso(ms);
  });

  it('throws toISOString RangeError for NaN and values outside the Date range', () => {
    for (const ms of [Number.NaN, 8_640_000_000_000_001, Infinity]) expect(() => isoOfMs(ms)).toThrow(RangeError);
  });

  it('writes fractional milliseconds as the Date they make does (truncated towards zero)', () => {
    fc.assert(fc.property(fc.double({ min: -1e13, max: 1e13, noNaN: true }), (ms) => sameIso(ms)), { numRuns: 2_000 });
  });
});
