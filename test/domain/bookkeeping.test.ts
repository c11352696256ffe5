import { describeComplaintError } from '../../src/domain/errors';
import { LATER_COMMANDS, auditor, cmd, direction, given, history, only, sampleOf, system, type Step } from './spec';

const RECEIVED: Step = { command: cmd.receive(), now: '2022-01-10T16:05:00+01:00' };

describe('assignment, contacts, urgency and category', () => {
  it('a complaint is assigned to someone to handle', () => {
    expect(given(...history(RECEIVED)).when(cmd.assign(), { now: '2022-01-10T17:00:00+01:00' }).state().assignee).toEqual({ id: 'agent-ana', name: 'Ana Lopez' });
  });

  it('every contact with the complainant is recorded ("une réclamation a toujours un aspect relationnel")', () => {
    const then = given(...history(RECEIVED)).when(cmd.contact(), { now: '2022-01-11T10:00:00+01:00' });
    expect(only(then.events(), 'ComplaintClientContacted').data).toMatchObject({ direction: 'outbound', channel: 'phone' });
    expect(then.state().contacts).toBe(1);
  });

  it('a contact that happened before the last step can still be recorded', () => {
    const acked = history(RECEIVED, { command: cmd.acknowledge(), now: '2022-01-12T10:00:00+01:00' });
    const then = given(...acked).when(cmd.contact({ at: '2022-01-11T15:00:00+01:00' as never }), { now: '2022-01-12T11:00:00+01:00' });
    expect(then.state().contacts).toBe(1);
  });

  it('raising the urgency recomputes the internal target from receipt ("traiter selon l’urgence")', () => {
    const then = given(...history(RECEIVED)).when(cmd.urgency({ urgency: 'critical' }), { now: '2022-01-11T10:00:00+01:00' });
    expect(only(then.events(), 'ComplaintUrgencyReassessed').data).toMatchObject({ previousUrgency: 'normal', urgency: 'critical', urgencyTargetDue: '2022-01-12' });
    expect(then.state().urgencyTargetDue).toBe('2022-01-12');
  });

  it('an urgency without an internal target clears it', () => {
    const critical = history({ command: cmd.receive({ urgency: 'critical' }), now: '2022-01-10T16:05:00+01:00' });
    expect(given(...critical).when(cmd.urgency({ urgency: 'low' }), { now: '2022-01-11T10:00:00+01:00' }).state().urgencyTargetDue).toBeNull();
  });

  it('reassessing to the same urgency is refused', () => {
    expect(given(...history(RECEIVED)).when(cmd.urgency({ urgency: 'normal' }), { now: '2022-01-11T10:00:00+01:00' }).error()).toMatchObject({
      rule: 'urgency-unchanged',
    });
  });

  it('a complaint is recategorised, keeping the previous category in the trail', () => {
    const then = given(...history(RECEIVED)).when(cmd.recategorise(), { now: '2022-01-11T10:00:00+01:00' });
    expect(only(then.events(), 'ComplaintRecategorised').data).toMatchObject({ previousCategory: 'billing', category: 'payments' });
    expect(then.state()).toMatchObject({ category: 'payments', product: 'direct-debit' });
    const same = given(...history(RECEIVED)).when(cmd.recategorise({ category: 'billing', product: 'electricity-contract' }), { now: '2022-01-11T10:00:00+01:00' });
    expect(same.error()).toMatchObject({ rule: 'category-unchanged' });
  });
});

describe('deadline misses ("s’assurer que toutes les réclamations sont traitées … dans le délai imparti")', () => {
  it('a passed deadline is recorded as missed by the watcher', () => {
    const events = given(...history(RECEIVED)).when(cmd.missed('acknowledgement'), { now: '2022-01-18T00:00:01+01:00', actor: system }).events();
    expect(events).toEqual([
      { type: 'ComplaintDeadlineMissed', data: { deadline: 'acknowledgement', dueDate: '2022-01-17', detectedAt: '2022-01-17T23:00:01.000Z' } },
    ]);
  });

  it('a deadline that has not passed yet is not missed', () => {
    expect(given(...history(RECEIVED)).when(cmd.missed('acknowledgement'), { now: '2022-01-17T23:59:59+01:00', actor: system }).error()).toMatchObject({
      rule: 'deadline-not-missed',
    });
  });

  it('each missed deadline is recorded once', () => {
    const missed = history(RECEIVED, { command: cmd.missed('answer'), now: '2022-01-26T08:00:00+01:00', actor: system });
    expect(given(...missed).when(cmd.missed('answer'), { now: '2022-01-26T09:00:00+01:00', actor: system }).error()).toMatchObject({
      rule: 'deadline-already-recorded',
    });
  });

  it('a verbal complaint has no acknowledgement deadline to miss', () => {
    const phone = history({ command: cmd.receive({ channel: 'phone' }), now: '2022-01-10T16:05:00+01:00' });
    expect(given(...phone).when(cmd.missed('acknowledgement'), { now: '2022-02-01T10:00:00+01:00', actor: system }).error()).toMatchObject({
      rule: 'deadline-not-applicable',
    });
  });

  it('a moved answer deadline is missed at its new date', () => {
    const delayed = history(RECEIVED, { command: cmd.delay(), now: '2022-01-20T10:00:00+01:00' });
    expect(given(...delayed).when(cmd.missed('answer'), { now: '2022-01-27T10:00:00+01:00', actor: system }).error()).toMatchObject({ rule: 'deadline-not-missed' });
    expect(only(given(...delayed).when(cmd.missed('answer'), { now: '2022-02-05T10:00:00+01:00', actor: system }).events(), 'ComplaintDeadlineMissed').data.dueDate).toBe(
      '2022-02-04',
    );
  });
});

describe('authorisation', () => {
  it('auditors only read: every command is refused for the auditor role', () => {
    const received = given(...history(RECEIVED));
    for (const type of LATER_COMMANDS) {
      const error = received.when(sampleOf(type), { now: '2022-01-11T10:00:00+01:00', actor: auditor }).error();
      expect(error).toMatchObject({ _tag: 'NotAuthorised', role: 'auditor', command: type });
    }
    expect(given().when(cmd.receive(), { now: '2022-01-11T10:00:00+01:00', actor: auditor }).error()).toMatchObject({ _tag: 'NotAuthorised' });
  });

  it('refusals are sentences naming the command and the status', () => {
    const error = given(...history(RECEIVED)).when(cmd.refer(), { now: '2022-01-11T10:00:00+01:00', actor: direction }).error();
    expect(describeComplaintError(error)).toBe('ReferToMediator refused: the complaint is received; allowed only when internal-appeal.');
  });
});
