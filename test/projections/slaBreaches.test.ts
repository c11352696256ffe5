import type { StoredComplaintEvent } from '../../src/stream/decodeStream';
import type { ComplaintEvent } from '../../src/domain/events';
import {
  type SlaModel,
  breachesIn,
  compliance,
  deadlinesOf,
  dueWithin,
  overdueNow,
  slaProjection,
} from '../../src/projections/sla';
import { at, cmd, direction, history, supervisor } from '../domain/spec';
import { asStored, complaintUuid } from './fixtures';

const project = (...complaints: (readonly [string, readonly ComplaintEvent[]])[]): SlaModel => {
  const p = slaProjection();
  let m = p.initial();
  const stored: StoredComplaintEvent[] = complaints.flatMap(([id, events]) => asStored(id, events));
  for (const e of stored) m = p.apply(m, e);
  return m;
};

const A = complaintUuid(1);
const B = complaintUuid(2);
const C = complaintUuid(3);

// Written (email) complaint received Monday 10 January 2022, 16:00 in Paris:
// acknowledgement due Monday 17th, answer due Tuesday 25th (end of day: 23:00Z).
const received = history({ command: cmd.receive(), now: '2022-01-10T16:00:00+01:00' });

describe('SLA projection: deadlines and their status', () => {
  it('shows pending deadlines, then missed ones once their day has ended in Paris', () => {
    const m = project([A, received]);
    expect(deadlinesOf(m, A, '2022-01-12T10:00:00Z').map((d) => [d.deadline, d.due, d.status])).toEqual([
      ['acknowledgement', '2022-01-17', 'pending'],
      ['answer', '2022-01-25', 'pending'],
    ]);
    expect(overdueNow(m, '2022-01-17T22:59:59.999Z')).toEqual([]);
    expect(overdueNow(m, '2022-01-17T23:00:00Z')).toEqual([
      { complaintId: A, deadline: 'acknowledgement', due: '2022-01-17', dueAt: new Date('2022-01-17T23:00:00Z'), missRecorded: false },
    ]);
    expect(deadlinesOf(m, A, '2022-01-18T00:00:00Z')[0]?.status).toBe('missed');
  });

  it('query rows are plain data: exactly the five documented fields, own and enumerable, JSON-stable', () => {
    const m = project([A, received]);
    const [row] = overdueNow(m, '2022-01-18T00:00:00Z');
    expect(Object.keys(row ?? {})).toEqual(['complaintId', 'deadline', 'due', 'dueAt', 'missRecorded']);
    expect({ ...row }).toStrictEqual({ complaintId: A, deadline: 'acknowledgement', due: '2022-01-17', dueAt: new Date('2022-01-17T23:00:00Z'), missRecorded: false });
    expect(JSON.parse(JSON.stringify(row))).toEqual({ complaintId: A, deadline: 'acknowledgement', due: '2022-01-17', dueAt: '2022-01-17T23:00:00.000Z', missRecorded: false });
  });

  it('warns of deadlines due within the horizon (2 days by default), not of overdue ones', () => {
    const m = project([A, received]);
    expect(dueWithin(m, '2022-01-15T10:00:00Z').map((d) => d.deadline)).toEqual(['acknowledgement']);
    expect(dueWithin(m, '2022-01-14T10:00:00Z')).toEqual([]);
    expect(dueWithin(m, '2022-01-14T10:00:00Z', 3).map((d) => d.deadline)).toEqual(['acknowledgement']);
    expect(dueWithin(m, '2022-01-23T10:00:00Z').map((d) => d.deadline)).toEqual(['answer']);
  });

  it('derives due instants across the spring DST change from the zone (22:00Z in summer)', () => {
    // Received Sunday 20 March 2022; acknowledgement due Sunday 27 March, the night clocks go forward.
    const m = project([A, history({ command: cmd.receive({ receivedAt: at('2022-03-20T10:00:00+01:00') }), now: '2022-03-20T10:00:00+01:00' })]);
    const [ack] = deadlinesOf(m, A, '2022-03-21T00:00:00Z');
    expect(ack?.due).toBe('2022-03-27');
    expect(ack?.dueAt).toEqual(new Date('2022-03-27T22:00:00Z'));
    expect(overdueNow(m, '2022-03-27T21:59:59Z')).toEqual([]);
    expect(overdueNow(m, '2022-03-27T22:00:00Z').map((d) => d.deadline)).toEqual(['acknowledgement']);
  });

  it('moves the answer deadline with a delay, and reports a late delay notice as a breach', () => {
    const onTimeDelay = history(
      { command: cmd.receive(), now: '2022-01-10T16:00:00+01:00' },
      { command: cmd.acknowledge(), now: '2022-01-11T10:00:00+01:00' },
      { command: cmd.delay(), now: '2022-01-20T10:00:00+01:00' },
    );
    const lateDelay = history(
      { command: cmd.receive(), now: '2022-01-10T16:00:00+01:00' },
      { command: cmd.acknowledge(), now: '2022-01-11T10:00:00+01:00' },
      { command: cmd.delay(), now: '2022-01-27T10:00:00+01:00' },
    );
    const m = project([A, onTimeDelay], [B, lateDelay]);
    expect(deadlinesOf(m, A, '2022-01-26T12:00:00Z').map((d) => [d.deadline, d.due, d.status])).toEqual([
      ['acknowledgement', '2022-01-17', 'met'],
      ['answer', '2022-02-04', 'pending'],
    ]);
    expect(overdueNow(m, '2022-01-28T12:00:00Z')).toEqual([]);
    expect(breachesIn(m, '2022-01-01T00:00:00Z', '2022-02-01T00:00:00Z')).toEqual([
      { complaintId: B, deadline: 'late_delay_notice', due: '2022-01-25', dueAt: new Date('2022-01-25T23:00:00Z'), doneAt: new Date('2022-01-27T09:00:00Z') },
    ]);
    expect(overdueNow(m, '2022-02-05T00:00:00Z').map((d) => [d.complaintId, d.deadline, d.due])).toEqual([
      [A, 'answer', '2022-02-04'],
      [B, 'answer', '2022-02-04'],
    ]);
  });

  it('counts an acknowledgement stood in for by an early answer as waived', () => {
    const m = project([A, history({ command: cmd.receive(), now: '2022-01-10T16:00:00+01:00' }, { command: cmd.answer(), now: '2022-01-12T10:00:00+01:00' })]);
    expect(deadlinesOf(m, A, '2022-03-01T00:00:00Z').map((d) => [d.deadline, d.status])).toEqual([
      ['acknowledgement', 'waived'],
      ['answer', 'met'],
    ]);
    expect(overdueNow(m, '2022-03-01T00:00:00Z')).toEqual([]);
    const [row] = compliance(m, { from: '2022-01-01T00:00:00Z', to: '2022-02-01T00:00:00Z', now: '2022-03-01T00:00:00Z' });
    expect(row?.acknowledgements).toEqual({ onTime: 0, late: 0, waived: 1, pending: 0, share: null });
    expect(row?.answers.share).toBe(1);
  });

  it('gives requalified contacts no deadlines and counts them apart', () => {
    const requalified = history({ command: cmd.receive(), now: '2022-01-10T16:00:00+01:00' }, { command: cmd.requalify(), now: '2022-01-11T10:00:00+01:00', actor: supervisor });
    const m = project([A, requalified], [B, received]);
    expect(deadlinesOf(m, A, '2022-02-01T00:00:00Z')).toEqual([]);
    expect(overdueNow(m, '2022-02-01T00:00:00Z').map((d) => d.complaintId)).toEqual([B, B]);
    const [row] = compliance(m, { from: '2022-01-01T00:00:00Z', to: '2022-02-01T00:00:00Z' });
    expect(row).toMatchObject({ group: 'all', complaints: 1, requalified: 1, stillOpen: 1 });
  });

  it('lists breaches of a period: late acknowledgement, late answer, overdue appeal decision', () => {
    const late = history(
      { command: cmd.receive(), now: '2022-01-10T16:00:00+01:00' },
      { command: cmd.acknowledge(), now: '2022-01-19T10:00:00+01:00' },
      { command: cmd.answer(), now: '2022-01-27T10:00:00+01:00' },
      { command: cmd.appeal(), now: '2022-01-28T10:00:00+01:00' },
    );
    const m = project([A, late]);
    expect(breachesIn(m, '2022-01-01T00:00:00Z', '2022-03-01T00:00:00Z').map((b) => [b.deadline, b.due, b.doneAt?.toISOString()])).toEqual([
      ['acknowledgement', '2022-01-17', '2022-01-19T09:00:00.000Z'],
      ['answer', '2022-01-25', '2022-01-27T09:00:00.000Z'],
      ['internal_appeal_decision', '2022-02-12', undefined],
    ]);
    expect(breachesIn(m, '2022-01-20T00:00:00Z', '2022-01-26T00:00:00Z').map((b) => b.deadline)).toEqual(['answer']);
    expect(overdueNow(m, '2022-02-20T00:00:00Z').map((d) => d.deadline)).toEqual(['internal_appeal_decision']);
  });
});

describe('SLA projection: urgency targets, appeals and the autumn DST change', () => {
  it('judges the urgency target against the answer, and follows a reassessment', () => {
    // Critical: target 2 days after receipt (12 January); answered on the 13th: target missed, answer met.
    const critical = history(
      { command: cmd.receive({ urgency: 'critical' }), now: '2022-01-10T16:00:00+01:00' },
      { command: cmd.answer(), now: '2022-01-13T10:00:00+01:00' },
    );
    // Normal, then reassessed high (7 days: 17 January), still open on the 18th.
    const reassessed = history(
      { command: cmd.receive(), now: '2022-01-10T16:00:00+01:00' },
      { command: cmd.urgency({ urgency: 'high' }), now: '2022-01-11T10:00:00+01:00' },
    );
    const m = project([A, critical], [B, reassessed]);
    expect(deadlinesOf(m, A, '2022-02-01T00:00:00Z').map((d) => [d.deadline, d.due, d.status])).toEqual([
      ['acknowledgement', '2022-01-17', 'waived'],
      ['answer', '2022-01-25', 'met'],
      ['urgency_target', '2022-01-12', 'missed'],
    ]);
    expect(overdueNow(m, '2022-01-18T00:00:00Z').map((d) => [d.complaintId, d.deadline])).toEqual([
      [B, 'acknowledgement'],
      [B, 'urgency_target'],
    ]);
  });

  it('tracks the internal-appeal decision target until the direction decides', () => {
    const steps = [
      { command: cmd.receive(), now: '2022-01-10T16:00:00+01:00' },
      { command: cmd.answer(), now: '2022-01-12T10:00:00+01:00' },
      { command: cmd.appeal(), now: '2022-01-20T10:00:00+01:00' },
    ];
    const m = project([A, history(...steps)]);
    expect(dueWithin(m, '2022-02-03T10:00:00Z').map((d) => [d.deadline, d.due])).toEqual([['internal_appeal_decision', '2022-02-04']]);
    const decided = project([A, history(...steps, { command: cmd.decideAppeal(), now: '2022-01-25T10:00:00+01:00', actor: direction })]);
    expect(overdueNow(decided, '2022-03-01T00:00:00Z')).toEqual([]);
    expect(deadlinesOf(decided, A, '2022-03-01T00:00:00Z').map((d) => [d.deadline, d.status])).toEqual([
      ['acknowledgement', 'waived'],
      ['answer', 'met'],
      ['internal_appeal_decision', 'met'],
    ]);
  });

  it('falls due at 23:00Z after the autumn change (back to UTC+1)', () => {
    // Received Sunday 23 October 2022; acknowledgement due Sunday 30 October, the night clocks go back.
    const m = project([A, history({ command: cmd.receive({ receivedAt: at('2022-10-23T10:00:00+02:00') }), now: '2022-10-23T10:00:00+02:00' })]);
    expect(deadlinesOf(m, A, '2022-10-24T00:00:00Z')[0]?.dueAt).toEqual(new Date('2022-10-30T23:00:00Z'));
    expect(overdueNow(m, '2022-10-30T22:59:59Z')).toEqual([]);
    expect(overdueNow(m, '2022-10-30T23:00:00Z').map((d) => d.due)).toEqual(['2022-10-30']);
  });
});

describe('SLA projection: compliance', () => {
  const steps = (receivedAt: string, ackAt: string | null, answerAt: string | null, channel: 'email' | 'phone' = 'email') =>
    history(
      { command: cmd.receive({ receivedAt: at(receivedAt), channel }), now: receivedAt },
      ...(ackAt === null ? [] : [{ command: cmd.acknowledge(), now: ackAt }]),
      ...(answerAt === null ? [] : [{ command: cmd.answer(), now: answerAt }]),
    );

  it('groups by channel and month with on-time shares, FCA buckets and median / p90 times', () => {
    const m = project(
      [A, steps('2022-01-10T10:00:00+01:00', '2022-01-11T10:00:00+01:00', '2022-01-14T10:00:00+01:00')], // 4 days: within a week
      [B, steps('2022-01-10T10:00:00+01:00', '2022-01-19T10:00:00+01:00', '2022-01-30T10:00:00+01:00')], // ack late, 20 days: later
      [C, steps('2022-02-01T10:00:00+01:00', null, '2022-02-12T10:00:00+01:00', 'phone')], // verbal: no ack; 11 days
      [complaintUuid(4), steps('2022-02-20T10:00:00+01:00', null, null, 'phone')], // still open
    );
    const rows = compliance(m, { from: '2022-01-01T00:00:00Z', to: '2022-03-01T00:00:00Z', groupBy: 'channel', now: '2022-03-01T00:00:00Z' });
    expect(rows.map((r) => r.group)).toEqual(['email', 'phone']);
    const [email, phone] = rows;
    expect(email?.acknowledgements).toEqual({ onTime: 1, late: 1, waived: 0, pending: 0, share: 0.5 });
    expect(email?.answers).toEqual({ onTime: 1, late: 1, waived: 0, pending: 0, share: 0.5 });
    expect([email?.answeredWithinWeek, email?.answeredWithin15Days, email?.answeredLater, email?.stillOpen]).toEqual([1, 0, 1, 0]);
    expect(email?.timeToAcknowledge).toEqual({ count: 2, medianMs: 86_400_000, p90Ms: 9 * 86_400_000 });
    expect(phone?.acknowledgements.share).toBeNull();
    expect([phone?.answeredWithinWeek, phone?.answeredWithin15Days, phone?.answeredLater, phone?.stillOpen]).toEqual([0, 1, 0, 1]);
    expect(phone?.answers).toEqual({ onTime: 1, late: 0, waived: 0, pending: 1, share: 1 });

    const months = compliance(m, { from: '2022-01-01T00:00:00Z', to: '2022-03-01T00:00:00Z', groupBy: 'month', now: '2022-03-01T00:00:00Z' });
    expect(months.map((r) => [r.group, r.complaints])).toEqual([['2022-01', 2], ['2022-02', 2]]);
    // Judged at an earlier `now`, later acts have not happened yet.
    const early = compliance(m, { from: '2022-01-01T00:00:00Z', to: '2022-02-01T00:00:00Z', now: '2022-01-20T00:00:00Z' });
    expect(early[0]?.answers).toEqual({ onTime: 1, late: 0, waived: 0, pending: 1, share: 1 });
    expect(early[0]?.stillOpen).toBe(1);
  });

  it('groups by assignee and urgency', () => {
    const assigned = history(
      { command: cmd.receive(), now: '2022-01-10T16:00:00+01:00' },
      { command: cmd.assign({ assignee: { id: 'agent-bob', name: 'Bob' } }), now: '2022-01-11T10:00:00+01:00' },
      { command: cmd.urgency(), now: '2022-01-11T11:00:00+01:00' },
    );
    const m = project([A, assigned], [B, received]);
    expect(compliance(m, { from: '2022-01-01T00:00:00Z', to: '2022-02-01T00:00:00Z', groupBy: 'assignee' }).map((r) => r.group)).toEqual(['agent-bob', 'unassigned']);
    expect(compliance(m, { from: '2022-01-01T00:00:00Z', to: '2022-02-01T00:00:00Z', groupBy: 'urgency' }).map((r) => r.group)).toEqual(['critical', 'normal']);
  });
});
