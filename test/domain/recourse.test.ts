import { defaultPolicy } from '../../src/domain/policy/policy';
import { LATER_COMMANDS, agent, auditor, cmd, direction, given, history, only, sampleOf, supervisor, system, type Step } from './spec';

const RECEIVED: Step = { command: cmd.receive(), now: '2022-01-10T16:05:00+01:00' };
const ACKED: Step = { command: cmd.acknowledge(), now: '2022-01-11T10:00:00+01:00' };
const ANSWERED: Step = { command: cmd.answer(), now: '2022-01-20T10:00:00+01:00' };
const APPEALED: Step = { command: cmd.appeal(), now: '2022-01-24T10:00:00+01:00' };
const DECIDED: Step = { command: cmd.decideAppeal(), now: '2022-02-01T10:00:00+01:00', actor: direction };
const REFERRED: Step = { command: cmd.refer(), now: '2022-02-10T10:00:00+01:00' };
const CONCLUDED: Step = { command: cmd.conclude(), now: '2022-04-01T10:00:00+02:00' };

describe('internal appeal (policy: "un premier recours (interne) qui est de contacter la direction")', () => {
  it('a complainant unsatisfied with the answer turns to the direction, with a 15-day internal decision target', () => {
    const then = given(...history(RECEIVED, ACKED, ANSWERED)).when(cmd.appeal(), { now: '2022-01-24T10:00:00+01:00' });
    expect(then.events()).toEqual([
      {
        type: 'ComplaintInternalAppealOpened',
        data: expect.objectContaining({ grounds: 'unsatisfied_with_answer', decisionTargetDue: '2022-02-08' }),
      },
    ]);
    expect(then.state().status).toBe('internal-appeal');
  });

  it('an appeal for an unsatisfying answer needs an answer first', () => {
    expect(given(...history(RECEIVED, ACKED)).when(cmd.appeal(), { now: '2022-01-12T10:00:00+01:00' }).error()).toMatchObject({
      rule: 'appeal-requires-answer',
      status: 'acknowledged',
      command: 'OpenInternalAppeal',
    });
  });

  it('a complainant still without news once the 15 days have passed may turn to the direction', () => {
    const events = given(...history(RECEIVED, ACKED))
      .when(cmd.appeal({ grounds: 'no_news_after_deadline' }), { now: '2022-01-26T09:00:00+01:00' })
      .events();
    expect(events.map((e) => e.type)).toEqual(['ComplaintDeadlineMissed', 'ComplaintInternalAppealOpened']);
    expect(only(events, 'ComplaintDeadlineMissed').data).toMatchObject({ deadline: 'answer', dueDate: '2022-01-25' });
  });

  it('without news but before the answer deadline, there is no appeal yet', () => {
    const error = given(...history(RECEIVED, ACKED))
      .when(cmd.appeal({ grounds: 'no_news_after_deadline' }), { now: '2022-01-25T18:00:00+01:00' })
      .error();
    expect(error).toMatchObject({ rule: 'answer-deadline-not-passed', status: 'acknowledged' });
  });

  it('a delay notice that moved the deadline is news: the appeal for lack of news waits for the new date', () => {
    const delayed = history(RECEIVED, ACKED, { command: cmd.delay(), now: '2022-01-20T10:00:00+01:00' });
    const early = given(...delayed).when(cmd.appeal({ grounds: 'no_news_after_deadline' }), { now: '2022-01-27T10:00:00+01:00' });
    expect(early.error()).toMatchObject({ rule: 'answer-deadline-not-passed', status: 'delayed' });
    const late = given(...delayed).when(cmd.appeal({ grounds: 'no_news_after_deadline' }), { now: '2022-02-05T10:00:00+01:00' });
    expect(late.events().map((e) => e.type)).toEqual(['ComplaintDeadlineMissed', 'ComplaintInternalAppealOpened']);
  });

  it.each([agent, supervisor, system, auditor])('only the direction decides an internal appeal, not the $role role', (actor) => {
    const error = given(...history(RECEIVED, ACKED, ANSWERED, APPEALED)).when(cmd.decideAppeal(), { now: '2022-02-01T10:00:00+01:00', actor }).error();
    expect(error).toEqual({
      _tag: 'NotAuthorised',
      command: 'DecideInternalAppeal',
      status: 'internal-appeal',
      role: actor.role,
      allowedRoles: ['direction'],
    });
  });

  it('the direction’s decision is recorded with who decided and whether the internal target was met', () => {
    const then = given(...history(RECEIVED, ACKED, ANSWERED, APPEALED)).when(cmd.decideAppeal(), { now: '2022-02-01T10:00:00+01:00', actor: direction });
    expect(only(then.events(), 'ComplaintInternalAppealDecided').data).toMatchObject({ decidedBy: 'dir-dominique', outcome: 'rejected', onTarget: true });
  });

  it('a decision after the internal target records the missed target', () => {
    const events = given(...history(RECEIVED, ACKED, ANSWERED, APPEALED))
      .when(cmd.decideAppeal(), { now: '2022-02-10T10:00:00+01:00', actor: direction })
      .events();
    expect(events.map((e) => e.type)).toEqual(['ComplaintDeadlineMissed', 'ComplaintInternalAppealDecided']);
    expect(only(events, 'ComplaintDeadlineMissed').data.deadline).toBe('internal_appeal_decision');
  });

  it('an appeal is decided once', () => {
    expect(
      given(...history(RECEIVED, ACKED, ANSWERED, APPEALED, DECIDED)).when(cmd.decideAppeal(), { now: '2022-02-02T10:00:00+01:00', actor: direction }).error(),
    ).toMatchObject({ rule: 'appeal-already-decided' });
  });
});

describe('mediator (policy: "un second recours (externe) en s’adressant au Médiateur")', () => {
  it('the mediator is reached only after the direction’s decision', () => {
    expect(given(...history(RECEIVED, ACKED, ANSWERED, APPEALED)).when(cmd.refer(), { now: '2022-02-01T10:00:00+01:00' }).error()).toMatchObject({
      rule: 'appeal-not-decided',
      status: 'internal-appeal',
    });
    expect(given(...history(RECEIVED, ACKED, ANSWERED)).when(cmd.refer(), { now: '2022-02-01T10:00:00+01:00' }).error()).toMatchObject({
      _tag: 'InvalidTransition',
      status: 'answered',
    });
  });

  it('the referral records the policy’s mediator: 161 Cours Tolstoï, 69100 Villeurbanne', () => {
    const then = given(...history(RECEIVED, ACKED, ANSWERED, APPEALED, DECIDED)).when(cmd.refer(), { now: '2022-02-10T10:00:00+01:00' });
    expect(only(then.events(), 'ComplaintReferredToMediator').data.mediator).toEqual(defaultPolicy.mediator);
    expect(defaultPolicy.mediator.address).toMatchObject({ street: '161 Cours Tolstoï', postalCode: '69100', city: 'Villeurbanne' });
    expect(then.state().status).toBe('mediator-referral');
  });

  it('the mediation’s outcome is recorded once, when known', () => {
    const state = given(...history(RECEIVED, ACKED, ANSWERED, APPEALED, DECIDED, REFERRED)).when(cmd.conclude(), { now: '2022-04-01T10:00:00+02:00' }).state();
    expect(state.mediation).toMatchObject({ outcome: 'settlement' });
    const again = given(...history(RECEIVED, ACKED, ANSWERED, APPEALED, DECIDED, REFERRED, CONCLUDED)).when(cmd.conclude(), {
      now: '2022-04-02T10:00:00+02:00',
    });
    expect(again.error()).toMatchObject({ rule: 'mediation-already-concluded' });
  });
});

describe('closing (domain §5: "Closing is final")', () => {
  it.each([
    ['answered', [RECEIVED, ACKED, ANSWERED], 'resolved'],
    ['appeal decided', [RECEIVED, ACKED, ANSWERED, APPEALED, DECIDED], 'appeal_decided'],
    ['mediation concluded', [RECEIVED, ACKED, ANSWERED, APPEALED, DECIDED, REFERRED, CONCLUDED], 'mediation_concluded'],
  ] as const)('a complaint closes at its natural end (%s)', (_label, steps, reason) => {
    const state = given(...history(...steps)).when(cmd.close(), { now: '2022-05-01T10:00:00+02:00' }).state();
    expect(state).toMatchObject({ status: 'closed', closeReason: reason });
  });

  it.each([
    ['received', [RECEIVED]],
    ['appeal pending', [RECEIVED, ACKED, ANSWERED, APPEALED]],
    ['mediation pending', [RECEIVED, ACKED, ANSWERED, APPEALED, DECIDED, REFERRED]],
  ] as const)('a complaint does not close while something is pending (%s) unless the complainant withdraws it', (_l, steps) => {
    expect(given(...history(...steps)).when(cmd.close(), { now: '2022-05-01T10:00:00+02:00' }).error()).toMatchObject({ rule: 'close-while-pending' });
    expect(given(...history(...steps)).when(cmd.close({ withdrawnByComplainant: true }), { now: '2022-05-01T10:00:00+02:00' }).state().closeReason).toBe(
      'withdrawn_by_complainant',
    );
  });

  it('nothing happens to a closed complaint any more: every command is refused naming the closed status', () => {
    const closed = given(...history(RECEIVED, ACKED, ANSWERED, { command: cmd.close(), now: '2022-01-21T10:00:00+01:00' }));
    for (const type of LATER_COMMANDS) {
      const error = closed.when(sampleOf(type), { now: '2022-06-01T10:00:00+02:00', actor: direction }).error();
      expect(error).toMatchObject({ status: 'closed', command: type });
    }
  });
});
