/**
 * The stores' event-id check answers exactly as the `uuid` package's `validate`, on uuids of
 * every version, near-misses (one character changed, either case, dashes moved) and
 * arbitrary strings and values.
 */
import fc from 'fast-check';
import { validate } from 'uuid';
import { isUuid } from '../../src/eventstore/uuidCheck';

const hexOrNot = fc.constantFrom(...'0123456789abcdefABCDEFgG-_ xXſKé0');
const nearUuid = fc
  .tuple(fc.uuid({ version: [1, 2, 3, 4, 5, 6, 7, 8] }), fc.nat(35), hexOrNot, fc.boolean())
  .map(([u, at, c, upper]) => {
    const s = `${u.slice(0, at)}${c}${u.slice(at + 1)}`;
    return upper ? s.toUpperCase() : s;
  });
const anyVersion = fc
  .tuple(fc.uuid(), fc.constantFrom(...'0123456789abcdefF'), fc.constantFrom(...'0123456789abcdefF'))
  .map(([u, v, w]) => `${u.slice(0, 14)}${v}${u.slice(15, 19)}${w}${u.slice(20)}`);

describe('isUuid (event ids in the stores)', () => {
  it('answers as uuid’s validate on uuids of every version and variant, near-misses and arbitrary input', () => {
    fc.assert(
      fc.property(fc.oneof(fc.uuid(), nearUuid, anyVersion, fc.string({ maxLength: 40 }), fc.anything()), (s) => {
        expect(isUuid(s)).toBe(validate(s as string));
      }),
      { numRuns: 5000 },
    );
  });

  it.each(['00000000-0000-0000-0000-000000000000', 'FFFFFFFF-FFFF-FFFF-FFFF-FFFFFFFFFFFF', 'ffffffff-ffff-ffff-ffff-ffffffffffff', '00000000-0000-0000-0000-000000000001', '8873684d-99a6-0246-a66c-333ccd032c23', '8873684d-99a6-9246-a66c-333ccd032c23', '8873684d-99a6-5246-c66c-333ccd032c23', '8873684d-99a6-5246-a66c-333ccd032c2'])(
    '%s: as validate says',
    (s) => {
      expect(isUuid(s)).toBe(validate(s));
    },
  );
});
