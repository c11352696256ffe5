import { QueryError } from '../../src/projections/queryError';
import type { ComplaintEvent } from '../../src/domain/events';
import type { JsonValue } from '../../src/eventstore/port';
import type { CalendarDate, Uuid } from '../../src/domain/primitives';
import {
  type RecurringIssuesModel,
  cloneRecurringIssues,
  decodeRecurringIssues,
  encodeRecurringIssues,
  countsByPeriod,
  dateRange,
  pareto,
  periodStart,
  recourseRates,
  recurringIssuesProjection,
  repeatComplainants,
  requalifiedCounts,
  spikes,
} from '../../src/projections/recurring';
import { type Step, at, cmd, direction, history, supervisor } from '../domain/spec';
import { asStored, complaintUuid } from './fixtures';

const project = (complaints: readonly (readonly [string, readonly ComplaintEvent[]])[]): RecurringIssuesModel => {
  const p = recurringIssuesProjection();
  let m = p.initial();
  for (const [id, events] of complaints) for (const e of asStored(id, events)) m = p.apply(m, e);
  return m;
};

let next = 100;
const receive = (when: string, over: Parameters<typeof cmd.receive>[0] = {}, ...later: Step[]): [string, ComplaintEvent[]] => [
  complaintUuid(next++),
  history({ command: cmd.receive({ receivedAt: at(when), ...over }), now: when }, ...later),
];
const person = (id: string) => ({ complainant: { id, kind: 'client' as const, name: `Client ${id}` } });
const d = (s: string): CalendarDate => s as CalendarDate;

describe('recurring issues', () => {
  const answered = (when: string, rootCause: string): Step => ({ command: cmd.answer({ rootCause }), now: when });
  const jan = [
    receive('2022-01-10T10:00:00+01:00', person('p1'), answered('2022-01-12T10:00:00+01:00', 'billing-batch-rerun')),
    receive('2022-01-11T10:00:00+01:00', person('p2'), answered('2022-01-13T10:00:00+01:00', 'billing-batch-rerun')),
    receive('2022-01-02T10:00:00+01:00', { ...person('p3'), category: 'metering', product: 'gas-contract', channel: 'phone' }, answered('2022-01-05T10:00:00+01:00', 'meter-misread')),
    receive('2022-01-20T10:00:00+01:00', person('p4'), { command: cmd.recategorise(), now: '2022-01-21T10:00:00+01:00' }),
    receive('2022-01-21T10:00:00+01:00', person('p5'), { command: cmd.requalify(), now: '2022-01-21T11:00:00+01:00', actor: supervisor }),
  ];
  const m = project(jan);

  it('counts complaints per month and ISO week by category, product, root cause and channel; requalified apart', () => {
    expect(countsByPeriod(m, { by: 'category', period: 'month' })).toEqual([
      { period: '2022-01', key: 'billing', count: 2 },
      { period: '2022-01', key: 'metering', count: 1 },
      { period: '2022-01', key: 'payments', count: 1 },
    ]);
    expect(countsByPeriod(m, { by: 'category', period: 'week' }).map((c) => [c.period, c.key, c.count])).toEqual([
      ['2021-W52', 'metering', 1], // Sunday 2 January 2022 belongs to ISO week 52 of 2021
      ['2022-W02', 'billing', 2],
      ['2022-W03', 'payments', 1],
    ]);
    expect(countsByPeriod(m, { by: 'rootCause', period: 'month' })).toEqual([
      { period: '2022-01', key: 'billing-batch-rerun', count: 2 },
      { period: '2022-01', key: 'meter-misread', count: 1 },
    ]);
    expect(countsByPeriod(m, { by: 'channel', period: 'month', range: { from: d('2022-01-03'), to: d('2022-02-01') } }).map((c) => [c.key, c.count])).toEqual([['email', 3]]);
    expect(countsByPeriod(m, { by: 'product', period: 'month' }).map((c) => c.key)).toEqual(['direct-debit', 'electricity-contract', 'gas-contract']);
    expect(requalifiedCounts(m, { period: 'month' })).toEqual([{ period: '2022-01', count: 1 }]);
  });

  it('ranks causes in a Pareto table with cumulative shares', () => {
    expect(pareto(m, { by: 'category' })).toEqual([
      { key: 'billing', count: 2, share: 0.5, cumulativeShare: 0.5 },
      { key: 'metering', count: 1, share: 0.25, cumulativeShare: 0.75 },
      { key: 'payments', count: 1, share: 0.25, cumulativeShare: 1 },
    ]);
  });

  it('flags a spike against the key’s own Poisson baseline, not a small count of a new key', () => {
    const months = ['2021-07', '2021-08', '2021-09', '2021-10', '2021-11', '2021-12'];
    const history6 = months.map((mo) => receive(`${mo}-15T10:00:00+01:00`));
    const burst = Array.from({ length: 6 }, (_, i) => receive(`2022-01-${String(10 + i)}T10:00:00+01:00`));
    const newKey = Array.from({ length: 3 }, (_, i) => receive(`2022-01-${String(10 + i)}T10:00:00+01:00`, { category: 'new-cause' }));
    const model = project([...history6, ...burst, ...newKey]);
    const found = spikes(model, { by: 'category', period: 'month', range: { from: d('2021-12-01'), to: d('2022-02-01') } });
    expect(found.map((s) => [s.period, s.key, s.count, s.baseline])).toEqual([['2022-01', 'billing', 6, 1]]);
    expect(found[0]?.pValue).toBeCloseTo(1 - Math.exp(-1) * (1 + 1 + 1 / 2 + 1 / 6 + 1 / 24 + 1 / 120), 10);
    // Four complaints of a new cause: P(X ≥ 4 | λ = 0.5) ≈ 0.0018 < 0.01.
    const four = project([...newKey, receive('2022-01-20T10:00:00+01:00', { category: 'new-cause' })]);
    expect(spikes(four, { by: 'category', period: 'month', range: { from: d('2022-01-01'), to: d('2022-02-01') } }).map((s) => s.count)).toEqual([4]);
  });

  it('finds repeat complainants within a window and complaints linked to a closed one', () => {
    const first = receive('2022-01-03T10:00:00+01:00', person('rep'), answered('2022-01-04T10:00:00+01:00', 'x'), {
      command: cmd.close(),
      now: '2022-01-05T10:00:00+01:00',
      actor: supervisor,
    });
    const linked = receive('2022-01-20T10:00:00+01:00', { ...person('rep'), linkedComplaintId: first[0] as Uuid });
    const muchLater = receive('2022-06-20T10:00:00+01:00', person('rep'));
    const once = receive('2022-01-20T10:00:00+01:00', person('once'));
    const model = project([first, linked, muchLater, once]);
    expect(repeatComplainants(model)).toEqual({
      complainants: [{ complainantId: 'rep', maxInWindow: 2, complaintIds: [first[0], linked[0], muchLater[0]] }],
      linkedToClosed: [linked[0]],
    });
    expect(repeatComplainants(model, { windowDays: 10 }).complainants).toEqual([]);
  });

  it('gives internal-appeal and mediator-referral rates per category', () => {
    const appealed = receive(
      '2022-01-03T10:00:00+01:00',
      {},
      answered('2022-01-04T10:00:00+01:00', 'x'),
      { command: cmd.appeal(), now: '2022-01-05T10:00:00+01:00' },
      { command: cmd.decideAppeal(), now: '2022-01-06T10:00:00+01:00', actor: direction },
      { command: cmd.refer(), now: '2022-01-07T10:00:00+01:00' },
    );
    const model = project([appealed, receive('2022-01-03T10:00:00+01:00'), receive('2022-01-03T10:00:00+01:00', { category: 'metering' })]);
    expect(recourseRates(model)).toEqual([
      { category: 'billing', complaints: 2, appealed: 1, appealRate: 0.5, referredToMediator: 1, mediatorRate: 0.5 },
      { category: 'metering', complaints: 1, appealed: 0, appealRate: 0, referredToMediator: 0, mediatorRate: 0 },
    ]);
    expect(cloneRecurringIssues(model)).toEqual(model);
    expect(decodeRecurringIssues(JSON.parse(JSON.stringify(encodeRecurringIssues(model))) as JsonValue)).toEqual(model);
    expect(() => decodeRecurringIssues({ format: 1, categories: [], products: [], rootCauses: [], complainants: [], records: [[1]] })).toThrow(TypeError);
  });

  it('gives the first day of a period label', () => {
    expect(periodStart('2022-01')).toBe('2022-01-01');
    expect(periodStart('2021-W52')).toBe('2021-12-27');
    expect(periodStart('2020-W53')).toBe('2020-12-28');
    expect(periodStart('nonsense')).toBeUndefined();
  });
});

describe('dateRange: a DateRange from two YYYY-MM-DD strings', () => {
  it('gives the branded range', () => {
    expect(dateRange('2022-03-01', '2022-04-01')).toEqual({ from: '2022-03-01', to: '2022-04-01' });
  });

  it.each([
    ['2022-02-30', '2022-04-01', 'Invalid date range: from: expected CalendarDate (YYYY-MM-DD), got "2022-02-30"'],
    ['2022-03-01', 'April', 'Invalid date range: to: expected CalendarDate (YYYY-MM-DD), got "April"'],
    ['2022-04-01', '2022-03-01', 'Invalid date range: to: expected a date after from (2022-04-01), got "2022-03-01"'],
    ['2022-03-01', '2022-03-01', 'Invalid date range: to: expected a date after from (2022-03-01), got "2022-03-01"'],
  ])('dateRange(%j, %j) is refused: %s', (from, to, message) => {
    expect(() => dateRange(from, to)).toThrow(QueryError);
    expect(() => dateRange(from, to)).toThrow(message);
  });
});
