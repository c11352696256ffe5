import { fold } from '../../src/domain/evolve';
import { pendingDeadlines } from '../../src/domain/pendingDeadlines';
import { cmd, direction, history } from './spec';

describe('the policy’s story, end to end', () => {
  it('a written complaint is acknowledged, delayed, answered, appealed, decided by the direction, referred to the mediator and closed', () => {
    const steps = [
      { command: cmd.receive({ channel: 'postal_mail', receivedAt: '2022-01-10T09:00:00+01:00' as never }), now: '2022-01-11T14:00:00+01:00' },
      { command: cmd.assign(), now: '2022-01-11T14:05:00+01:00' },
      { command: cmd.acknowledge(), now: '2022-01-13T10:00:00+01:00' },
      { command: cmd.delay(), now: '2022-01-24T10:00:00+01:00' },
      { command: cmd.answer(), now: '2022-02-03T10:00:00+01:00' },
      { command: cmd.appeal(), now: '2022-02-07T10:00:00+01:00' },
      { command: cmd.decideAppeal(), now: '2022-02-15T10:00:00+01:00', actor: direction },
      { command: cmd.refer(), now: '2022-02-20T10:00:00+01:00' },
      { command: cmd.conclude(), now: '2022-04-12T10:00:00+02:00' },
      { command: cmd.close(), now: '2022-04-12T11:00:00+02:00' },
    ];
    const statuses = steps.map((_, i) => fold(history(...steps.slice(0, i + 1))).status);
    expect(statuses).toEqual([
      'received',
      'received',
      'acknowledged',
      'delayed',
      'answered',
      'internal-appeal',
      'internal-appeal',
      'mediator-referral',
      'mediator-referral',
      'closed',
    ]);
    const final = fold(history(...steps));
    expect(final).toMatchObject({
      status: 'closed',
      closeReason: 'mediation_concluded',
      acknowledgement: { due: '2022-01-17', onTime: true, waived: false },
      answer: { originalDue: '2022-01-25', due: '2022-02-04', onTime: true },
      appeal: { decisionTargetDue: '2022-02-22', onTarget: true, outcome: 'rejected' },
      mediation: { outcome: 'settlement' },
      missedDeadlines: [],
      eventCount: 10,
    });
    expect(final.status !== 'none' && pendingDeadlines(final)).toEqual([]);
  });
});
