/**
 * Recurring problems as reported: the problem recorded at receipt counts every complaint,
 * answered or not, in the Pareto, the period counts, the spikes and the repeats — where the
 * root cause only knows the answered ones.
 */
import type { ComplaintEvent } from '../../src/domain/events';
import type { CalendarDate } from '../../src/domain/primitives';
import type { JsonValue } from '../../src/eventstore/port';
import {
  type RecurringIssuesModel,
  countsByPeriod,
  decodeRecurringIssues,
  encodeRecurringIssues,
  pareto,
  recurringIssuesProjection,
  repeatComplainants,
  spikes,
} from '../../src/projections/recurring';
import { type Step, at, cmd, history } from '../domain/spec';
import { asStored, complaintUuid } from './fixtures';

const project = (complaints: readonly (readonly [string, readonly ComplaintEvent[]])[]): RecurringIssuesModel => {
  const p = recurringIssuesProjection();
  let m = p.initial();
  for (const [id, events] of complaints) for (const e of asStored(id, events)) m = p.apply(m, e);
  return m;
};

let next = 500;
const receive = (when: string, who: string, reportedProblem: string | undefined, ...later: Step[]): [string, ComplaintEvent[]] => [
  complaintUuid(next++),
  history(
    { command: cmd.receive({ receivedAt: at(when), complainant: { id: who, kind: 'client', name: who }, ...(reportedProblem === undefined ? {} : { reportedProblem }) }), now: when },
    ...later,
  ),
];
const answered = (when: string, rootCause: string): Step => ({ command: cmd.answer({ rootCause }), now: when });
const d = (s: string): CalendarDate => s as CalendarDate;

describe('counts by reported problem', () => {
  const complaints = [
    receive('2022-01-10T10:00:00+01:00', 'p1', 'billing_error', answered('2022-01-12T10:00:00+01:00', 'batch-rerun')),
    receive('2022-01-11T10:00:00+01:00', 'p2', 'billing_error'),
    receive('2022-01-12T10:00:00+01:00', 'p1', 'billing_error'),
    receive('2022-01-13T10:00:00+01:00', 'p3', 'delay'),
    receive('2022-02-01T10:00:00+01:00', 'p1', 'delay'),
    receive('2022-02-02T10:00:00+01:00', 'p4', undefined),
  ];
  const m = project(complaints);

  it('the Pareto counts every complaint, answered or still open; none recorded counts as "unknown"', () => {
    expect(pareto(m, { by: 'reportedProblem' })).toEqual([
      { key: 'billing_error', count: 3, share: 0.5, cumulativeShare: 0.5 },
      { key: 'delay', count: 2, share: 2 / 6, cumulativeShare: 5 / 6 },
      { key: 'unknown', count: 1, share: 1 / 6, cumulativeShare: 1 },
    ]);
    expect(pareto(m, { by: 'rootCause' })).toEqual([{ key: 'batch-rerun', count: 1, share: 1, cumulativeShare: 1 }]);
    expect(countsByPeriod(m, { by: 'reportedProblem', period: 'month', range: { from: d('2022-02-01'), to: d('2022-03-01') } })).toEqual([
      { period: '2022-02', key: 'delay', count: 1 },
      { period: '2022-02', key: 'unknown', count: 1 },
    ]);
  });

  it('repeats by reported problem: the same person coming back about the same problem', () => {
    const same = repeatComplainants(m, { by: 'reportedProblem' });
    expect(same.complainants).toEqual([{ complainantId: 'p1', maxInWindow: 2, complaintIds: [complaints[0]?.[0], complaints[2]?.[0]], key: 'billing_error' }]);
    // Without `by`, p1's three complaints count together whatever their problem.
    expect(repeatComplainants(m).complainants).toEqual([{ complainantId: 'p1', maxInWindow: 3, complaintIds: [complaints[0]?.[0], complaints[2]?.[0], complaints[4]?.[0]] }]);
  });

  it('spikes by reported problem, against each problem’s own past', () => {
    const weekly = [
      ...[3, 10, 17, 24, 31].map((day) => receive(`2022-01-${String(day).padStart(2, '0')}T10:00:00+01:00`, `q${day}`, 'delay')),
      ...[1, 2, 3, 4, 5, 6].map((i) => receive(`2022-02-0${i}T10:00:00+01:00`, `r${i}`, 'service_not_delivered')),
    ];
    const found = spikes(project(weekly), { by: 'reportedProblem', period: 'month', window: 1, range: { from: d('2022-02-01'), to: d('2022-03-01') } });
    expect(found.map((s) => [s.period, s.key, s.count])).toEqual([['2022-02', 'service_not_delivered', 6]]);
  });

  it('the checkpoint JSON keeps the reported problems (format 2); a format-1 checkpoint reads them as "unknown"', () => {
    const json = encodeRecurringIssues(m);
    expect(json.format).toBe(2);
    expect(decodeRecurringIssues(JSON.parse(JSON.stringify(json)) as JsonValue)).toEqual(m);
    const formatOne = {
      ...json,
      format: 1,
      reportedProblems: undefined,
      records: (json.records as JsonValue[][]).map((row) => row.slice(0, -1)),
    } as unknown as JsonValue;
    const old = decodeRecurringIssues(JSON.parse(JSON.stringify(formatOne)) as JsonValue);
    expect(pareto(old, { by: 'reportedProblem' })).toEqual([{ key: 'unknown', count: 6, share: 1, cumulativeShare: 1 }]);
    expect(pareto(old, { by: 'category' })).toEqual(pareto(m, { by: 'category' }));
  });
});
