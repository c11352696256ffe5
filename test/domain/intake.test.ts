import { pendingDeadlines } from '../../src/domain/pendingDeadlines';
import { defaultPolicy, type Policy } from '../../src/domain/policy/policy';
import { OTHER_ID, ID, agent, at, cmd, given, history, only, LATER_COMMANDS, sampleOf, supervisor, direction } from './spec';

const received = () => history({ command: cmd.receive(), now: '2022-01-10T16:05:00+01:00' });

describe('what is a complaint (domain §1–3)', () => {
  it('a complaint received by email is written, owes an acknowledgement in 7 days and an answer in 15', () => {
    const [e] = given().when(cmd.receive(), { now: '2022-01-10T16:05:00+01:00' }).events();
    expect(e).toMatchObject({
      type: 'ComplaintReceived',
      data: {
        form: 'written',
        urgency: 'normal',
        policyVersion: '2021-06-25',
        timeZone: 'Europe/Paris',
        deadlines: { acknowledgementDue: '2022-01-17', answerDue: '2022-01-25', urgencyTargetDue: null },
      },
    });
  });

  it.each([
    ['web', 'written'],
    ['email', 'written'],
    ['postal_mail', 'written'],
    ['phone', 'verbal'],
    ['in_person', 'verbal'],
  ] as const)('a complaint received via %s is %s', (channel, form) => {
    const e = only(given().when(cmd.receive({ channel }), { now: '2022-01-10T16:05:00+01:00' }).events(), 'ComplaintReceived');
    expect(e.data.form).toBe(form);
    expect(e.data.deadlines.acknowledgementDue).toBe(form === 'written' ? '2022-01-17' : null);
  });

  it('deadlines count from when the complaint reached Lukéa, not from when it was recorded', () => {
    const letter = cmd.receive({ channel: 'postal_mail', receivedAt: at('2022-01-10T09:00:00+01:00') });
    const e = only(given().when(letter, { now: '2022-01-12T15:00:00+01:00' }).events(), 'ComplaintReceived');
    expect(e.data.receivedAt).toBe('2022-01-10T09:00:00+01:00');
    expect(e.data.deadlines.answerDue).toBe('2022-01-25');
  });

  it('a complaint may not be dated after now', () => {
    const error = given().when(cmd.receive({ receivedAt: at('2022-01-11T09:00:00+01:00') }), { now: '2022-01-10T16:05:00+01:00' }).error();
    expect(error).toMatchObject({ _tag: 'RuleViolation', rule: 'time-in-future', command: 'ReceiveComplaint', status: 'none' });
  });

  it('a critical complaint carries the policy’s shorter internal target, never past the 15 days', () => {
    const e = only(given().when(cmd.receive({ urgency: 'critical' }), { now: '2022-01-10T16:05:00+01:00' }).events(), 'ComplaintReceived');
    expect(e.data.deadlines.urgencyTargetDue).toBe('2022-01-12');
  });

  it('a partner may complain as a client may', () => {
    const partner = cmd.receive({ complainant: { id: 'partner-7', kind: 'partner', name: 'Atelier Durand' } });
    expect(given().when(partner, { now: '2022-01-10T16:05:00+01:00' }).state().complainant.kind).toBe('partner');
  });

  it('a complaint id is received once', () => {
    expect(given(...received()).when(cmd.receive(), { now: '2022-01-11T10:00:00+01:00' }).error()).toMatchObject({
      _tag: 'ComplaintAlreadyExists',
      status: 'received',
    });
  });

  it('a later dissatisfaction is a new complaint that links to the earlier one, never to itself', () => {
    const linked = given().when(cmd.receive({ linkedComplaintId: OTHER_ID as never }), { now: '2022-01-10T16:05:00+01:00' }).state();
    expect(linked.linkedComplaintId).toBe(OTHER_ID);
    expect(given().when(cmd.receive({ linkedComplaintId: ID as never }), { now: '2022-01-10T16:05:00+01:00' }).error()).toMatchObject({
      rule: 'linked-to-itself',
    });
  });

  it('a command on a complaint that was never received is refused naming the command', () => {
    expect(given().when(cmd.answer(), { now: '2022-01-10T16:05:00+01:00' }).error()).toEqual({
      _tag: 'ComplaintNotFound',
      command: 'AnswerComplaint',
      status: 'none',
      complaintId: ID,
    });
  });

  it('the complaint keeps the dates of the policy it was received under, whatever the current policy', () => {
    const stricter: Policy = { ...defaultPolicy, version: '2030-01-01', answerDays: 10, acknowledgementDays: 3 };
    const state = given(...received()).when(cmd.contact(), { now: '2022-01-11T10:00:00+01:00', policy: stricter }).state();
    expect(state.policyVersion).toBe('2021-06-25');
    expect(state.answer.due).toBe('2022-01-25');
    expect(state.acknowledgement.due).toBe('2022-01-17');
  });
});

describe('requalification of contacts that are not complaints (domain §1)', () => {
  it.each(['information_request', 'service_request', 'improvement_suggestion'] as const)(
    'a contact requalified as %s ends its stream and stops its clocks',
    (requalifiedAs) => {
      const state = given(...received()).when(cmd.requalify({ requalifiedAs }), { now: '2022-01-11T10:00:00+01:00', actor: supervisor }).state();
      expect(state.status).toBe('requalified');
      expect(state.requalification?.as).toBe(requalifiedAs);
      expect(pendingDeadlines(state)).toEqual([]);
    },
  );

  it('nothing happens to a requalified contact any more', () => {
    const events = history(
      { command: cmd.receive(), now: '2022-01-10T16:05:00+01:00' },
      { command: cmd.requalify(), now: '2022-01-11T10:00:00+01:00', actor: direction },
    );
    const after = given(...events);
    for (const type of LATER_COMMANDS) {
      const error = after.when(sampleOf(type), { now: '2022-01-30T10:00:00+01:00', actor: direction }).error();
      expect(error).toMatchObject({ status: 'requalified', command: type });
    }
  });

  it('an answered complaint was handled as a complaint and cannot be requalified', () => {
    const answered = history(
      { command: cmd.receive(), now: '2022-01-10T16:05:00+01:00' },
      { command: cmd.answer(), now: '2022-01-14T10:00:00+01:00' },
    );
    expect(given(...answered).when(cmd.requalify(), { now: '2022-01-15T10:00:00+01:00', actor: supervisor }).error()).toMatchObject({
      _tag: 'InvalidTransition',
      status: 'answered',
      command: 'RequalifyComplaint',
    });
  });

  it('requalifying stops every clock, so only a supervisor or the direction may do it', () => {
    expect(given(...received()).when(cmd.requalify(), { now: '2022-01-11T10:00:00+01:00', actor: agent }).error()).toMatchObject({
      _tag: 'NotAuthorised',
      role: 'agent',
      allowedRoles: ['supervisor', 'direction'],
    });
  });
});

