/**
 * SLA queries are asked about an instant that exists: an impossible one (`2022-02-30`,
 * `T24:00`, an invalid Date) is a RangeError naming it, never an answer for another day.
 */
import { breachesIn, compliance, dueWithin, overdueNow, slaProjection } from '../../src/projections/sla';

const model = slaProjection().initial();

describe('SLA queries refuse instants that do not exist', () => {
  it.each(['2022-02-30T00:00:00Z', '2023-02-29T10:00:00Z', '2022-02-01T24:00:00Z', '2022-02-30', 'yesterday', new Date(Number.NaN)])('%s', (at) => {
    expect(() => overdueNow(model, at)).toThrow(RangeError);
    expect(() => dueWithin(model, at)).toThrow(RangeError);
    expect(() => breachesIn(model, at, '2022-03-01T00:00:00Z')).toThrow(/Invalid instant/);
    expect(() => compliance(model, { from: '2022-01-01T00:00:00Z', to: at })).toThrow(RangeError);
  });

  it('real instants, dates and Dates are answered', () => {
    for (const at of ['2024-02-29T10:00:00+01:00', '2022-02-28', new Date('2022-02-28T00:00:00Z')]) expect(overdueNow(model, at)).toEqual([]);
  });
});
