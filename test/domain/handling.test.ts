import * as E from 'fp-ts/Either';
import { decodeCommand } from '../../src/domain/decode';
import { describeComplaintError } from '../../src/domain/errors';
import { defaultPolicy, parsePolicy } from '../../src/domain/policy/policy';
import { type Step, at, cmd, given, history, only } from './spec';

// Received Monday 10 January 2022, 16:00 Paris: acknowledgement due by the end of Monday
// 17 January, answer by the end of Tuesday 25 January.
const RECEIVED = { command: cmd.receive(), now: '2022-01-10T16:05:00+01:00' } as const;
const received = () => history(RECEIVED);

describe('acknowledgement of written complaints (policy: "dans un délai maximum d’une semaine")', () => {
  it('a written complaint acknowledged within the week is acknowledged on time', () => {
    const then = given(...received()).when(cmd.acknowledge(), { now: '2022-01-17T20:00:00+01:00' });
    expect(then.events()).toEqual([
      {
        type: 'ComplaintAcknowledged',
        data: expect.objectContaining({ acknowledgedAt: '2022-01-17T19:00:00.000Z', sentBy: 'email', onTime: true }),
      },
    ]);
    expect(then.state().status).toBe('acknowledged');
  });

  it('an acknowledgement after the week is late and records the missed deadline', () => {
    const events = given(...received()).when(cmd.acknowledge(), { now: '2022-01-18T09:00:00+01:00' }).events();
    expect(events.map((e) => e.type)).toEqual(['ComplaintDeadlineMissed', 'ComplaintAcknowledged']);
    expect(only(events, 'ComplaintDeadlineMissed').data).toMatchObject({ deadline: 'acknowledgement', dueDate: '2022-01-17' });
    expect(only(events, 'ComplaintAcknowledged').data.onTime).toBe(false);
  });

  it('the acknowledgement names a contact person, the handling steps and the expected answer date', () => {
    const { contactPerson: _c, handlingSteps: _h, ...rest } = cmd.acknowledge();
    const decoded = decodeCommand(rest);
    expect(E.isLeft(decoded) && decoded.left.issues.map((i) => i.path)).toEqual(['contactPerson', 'handlingSteps']);
  });

  it('the expected answer date announced may not be after the answer deadline (that needs a delay notice)', () => {
    const error = given(...received())
      .when(cmd.acknowledge({ expectedAnswerDate: '2022-01-26' as never }), { now: '2022-01-12T10:00:00+01:00' })
      .error();
    expect(error).toMatchObject({ _tag: 'RuleViolation', rule: 'expected-answer-date-out-of-window', status: 'received' });
  });

  it('a verbal complaint gets no acknowledgement: its handling is explained to the client directly', () => {
    const phone = history({ command: cmd.receive({ channel: 'phone' }), now: '2022-01-10T16:05:00+01:00' });
    expect(given(...phone).when(cmd.acknowledge(), { now: '2022-01-11T10:00:00+01:00' }).error()).toMatchObject({
      rule: 'acknowledgement-not-expected',
      status: 'received',
      command: 'AcknowledgeComplaint',
    });
  });

  it('a complaint is acknowledged once', () => {
    const acked = history(RECEIVED, { command: cmd.acknowledge(), now: '2022-01-11T10:00:00+01:00' });
    expect(given(...acked).when(cmd.acknowledge(), { now: '2022-01-12T10:00:00+01:00' }).error()).toMatchObject({
      rule: 'already-acknowledged',
      status: 'acknowledged',
    });
  });

  it('a definitive answer given within the acknowledgement window stands in for the acknowledgement', () => {
    const then = given(...received()).when(cmd.answer(), { now: '2022-01-14T10:00:00+01:00' });
    expect(then.events().map((e) => e.type)).toEqual(['ComplaintAnswered']);
    expect(only(then.events(), 'ComplaintAnswered').data.acknowledgementWaived).toBe(true);
    expect(then.state().acknowledgement.waived).toBe(true);
  });

  it('an answer after the acknowledgement window, with no acknowledgement sent, records the missed acknowledgement', () => {
    const events = given(...received()).when(cmd.answer(), { now: '2022-01-20T10:00:00+01:00' }).events();
    expect(events.map((e) => e.type)).toEqual(['ComplaintDeadlineMissed', 'ComplaintAnswered']);
    expect(only(events, 'ComplaintAnswered').data).toMatchObject({ onTime: true, acknowledgementWaived: false });
  });
});

describe('definitive answer (policy: "une réponse définitive … dans les 15 jours")', () => {
  it('an answer by the end of the 15th day is on time', () => {
    const answered = only(
      given(...received()).when(cmd.answer(), { now: '2022-01-25T23:59:00+01:00' }).events(),
      'ComplaintAnswered',
    );
    expect(answered.data.onTime).toBe(true);
  });

  it('an answer after the 15th day is late and records the missed answer deadline', () => {
    const acked = history(RECEIVED, { command: cmd.acknowledge(), now: '2022-01-11T10:00:00+01:00' });
    const events = given(...acked).when(cmd.answer(), { now: '2022-01-26T00:00:30+01:00' }).events();
    expect(events.map((e) => e.type)).toEqual(['ComplaintDeadlineMissed', 'ComplaintAnswered']);
    expect(only(events, 'ComplaintDeadlineMissed').data).toMatchObject({ deadline: 'answer', dueDate: '2022-01-25' });
    expect(only(events, 'ComplaintAnswered').data.onTime).toBe(false);
  });

  it('the answer records the facts found, the decision and at least one corrective measure', () => {
    const decoded = decodeCommand({ ...cmd.answer(), correctiveMeasures: [] });
    expect(E.isLeft(decoded) && decoded.left.issues[0]?.path).toBe('correctiveMeasures');
    const state = given(...received()).when(cmd.answer(), { now: '2022-01-14T10:00:00+01:00' }).state();
    expect(state.answer).toMatchObject({
      facts: cmd.answer().facts,
      decision: cmd.answer().decision,
      correctiveMeasures: cmd.answer().correctiveMeasures,
      rootCause: 'billing-batch-rerun',
    });
  });

  it('a complaint is answered once', () => {
    const answered = history(RECEIVED, { command: cmd.answer(), now: '2022-01-14T10:00:00+01:00' });
    expect(given(...answered).when(cmd.answer(), { now: '2022-01-15T10:00:00+01:00' }).error()).toMatchObject({
      _tag: 'InvalidTransition',
      status: 'answered',
      command: 'AnswerComplaint',
    });
  });

  it('a verbal complaint owes the same 15-day answer', () => {
    const phone = history({ command: cmd.receive({ channel: 'phone' }), now: '2022-01-10T16:05:00+01:00' });
    const events = given(...phone).when(cmd.answer({ channel: 'phone' }), { now: '2022-01-26T09:00:00+01:00' }).events();
    expect(events.map((e) => e.type)).toEqual(['ComplaintDeadlineMissed', 'ComplaintAnswered']);
  });

  it('steps are recorded in the order they happened', () => {
    const acked = history(RECEIVED, { command: cmd.acknowledge(), now: '2022-01-12T10:00:00+01:00' });
    const error = given(...acked).when(cmd.answer({ at: at('2022-01-11T10:00:00+01:00') }), { now: '2022-01-13T10:00:00+01:00' }).error();
    expect(error).toMatchObject({ rule: 'time-before-last-activity' });
  });

  it('an action may be dated earlier than it is recorded, but not in the future', () => {
    const then = given(...received()).when(cmd.answer({ at: at('2022-01-14T10:00:00+01:00') }), { now: '2022-01-17T10:00:00+01:00' });
    expect(only(then.events(), 'ComplaintAnswered').data.answeredAt).toBe('2022-01-14T10:00:00+01:00');
    const future = given(...received()).when(cmd.answer({ at: at('2022-01-18T10:00:00+01:00') }), { now: '2022-01-17T10:00:00+01:00' });
    expect(future.error()).toMatchObject({ rule: 'time-in-future' });
  });
});

describe('delay notice (policy: "motivé au client dans un mail explicatif avec précision du nouveau délai")', () => {
  it('a delay notice with a reason and a later date moves the answer deadline', () => {
    const then = given(...received()).when(cmd.delay(), { now: '2022-01-20T10:00:00+01:00' });
    expect(then.events()).toEqual([
      {
        type: 'ComplaintAnswerDelayed',
        data: expect.objectContaining({ sentBy: 'email', previousAnswerDue: '2022-01-25', newAnswerDue: '2022-02-04', lateNotice: false }),
      },
    ]);
    expect(then.state()).toMatchObject({ status: 'delayed', answer: { due: '2022-02-04', originalDue: '2022-01-25' } });
  });

  it('an answer by the new date is on time', () => {
    const delayed = history(RECEIVED, { command: cmd.delay(), now: '2022-01-20T10:00:00+01:00' });
    const events = given(...delayed).when(cmd.answer(), { now: '2022-02-03T10:00:00+01:00' }).events();
    expect(only(events, 'ComplaintAnswered').data.onTime).toBe(true);
  });

  it('the new date must be after the current deadline', () => {
    const error = given(...received()).when(cmd.delay({ newAnswerDue: '2022-01-25' as never }), { now: '2022-01-20T10:00:00+01:00' }).error();
    expect(error).toMatchObject({ rule: 'delay-date-not-later', status: 'received', command: 'DelayAnswer' });
  });

  it('a delay notice needs a reason', () => {
    const { reason: _r, ...noReason } = cmd.delay();
    const decoded = decodeCommand(noReason);
    expect(E.isLeft(decoded) && decoded.left.issues.map((i) => i.path)).toEqual(['reason']);
    const blank = decodeCommand({ ...cmd.delay(), reason: '   ' });
    expect(E.isLeft(blank) && blank.left.issues.map((i) => i.path)).toEqual(['reason']);
  });

  it('a delay notice sent after the deadline passed does not erase the breach', () => {
    const late = given(...received()).when(cmd.delay(), { now: '2022-01-27T10:00:00+01:00' });
    expect(late.events().map((e) => e.type)).toEqual(['ComplaintDeadlineMissed', 'ComplaintAnswerDelayed']);
    expect(only(late.events(), 'ComplaintAnswerDelayed').data.lateNotice).toBe(true);
    const answeredLater = history(
      RECEIVED,
      { command: cmd.acknowledge(), now: '2022-01-12T10:00:00+01:00' },
      { command: cmd.delay(), now: '2022-01-27T10:00:00+01:00' },
      { command: cmd.answer(), now: '2022-02-01T10:00:00+01:00' },
    );
    expect(given(...answeredLater).state.status).toBe('answered');
    const s = given(...answeredLater).state;
    expect(s.status !== 'none' && s.missedDeadlines).toEqual([
      { deadline: 'answer', dueDate: '2022-01-25', detectedAt: '2022-01-27T09:00:00.000Z' },
    ]);
  });

  it('several delay notices each move the deadline further', () => {
    const twice = history(
      RECEIVED,
      { command: cmd.delay(), now: '2022-01-20T10:00:00+01:00' },
      { command: cmd.delay({ newAnswerDue: '2022-02-11' as never }), now: '2022-02-01T10:00:00+01:00' },
    );
    const s = given(...twice).state;
    expect(s.status !== 'none' && [s.answer.due, s.answer.delays.length]).toEqual(['2022-02-11', 2]);
  });

  it('a complaint gets at most maxDelayNotices delay notices (10 by default), then the answer is due (delay-limit-reached)', () => {
    const notices = Array.from({ length: 10 }, (_, i): Step => ({
      command: cmd.delay({ newAnswerDue: `2022-02-${String(i + 1).padStart(2, '0')}` as never }),
      now: '2022-01-20T10:00:00+01:00',
    }));
    const ten = history(RECEIVED, ...notices);
    const e = given(...ten).when(cmd.delay({ newAnswerDue: '2022-03-01' as never }), { now: '2022-01-21T10:00:00+01:00' }).error();
    expect(e).toMatchObject({ _tag: 'RuleViolation', rule: 'delay-limit-reached' });
    expect(describeComplaintError(e)).toMatch(/postponed 10 times/);
    // The complaint can still be answered.
    expect(given(...ten).when(cmd.answer(), { now: '2022-01-21T10:00:00+01:00' }).events().map((x) => x.type)).toContain('ComplaintAnswered');
  });

  it('a policy may allow fewer (or more) delay notices', () => {
    const policy = parsePolicy({ ...defaultPolicy, version: 'one-delay', maxDelayNotices: 1 });
    if (E.isLeft(policy)) throw new Error('policy refused');
    const once = history({ ...RECEIVED, policy: policy.right }, { command: cmd.delay(), now: '2022-01-20T10:00:00+01:00', policy: policy.right });
    const e = given(...once).when(cmd.delay({ newAnswerDue: '2022-02-11' as never }), { now: '2022-01-21T10:00:00+01:00', policy: policy.right }).error();
    expect(e).toMatchObject({ rule: 'delay-limit-reached' });
  });
});
