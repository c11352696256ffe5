import * as fc from 'fast-check';
import type { ComplaintCommand } from '../../src/domain/commands';
import { decide } from '../../src/domain/decide';
import { evolve } from '../../src/domain/evolve';
import { localDate } from '../../src/domain/policy/deadlines';
import { defaultPolicy } from '../../src/domain/policy/policy';
import type { Instant } from '../../src/domain/primitives';
import { type ComplaintState, initialState, COMPLAINT_STATUSES } from '../../src/domain/state';
import type { Actor } from '../../src/domain/vocabulary';
import { LATER_COMMANDS, agent, auditor, cmd, direction, sampleOf, supervisor, system } from './spec';

const actors: Actor[] = [agent, supervisor, direction, system, auditor];
const START = Date.parse('2022-03-20T08:00:00+01:00'); // a week before the spring DST change

const arbStep = fc.record({
  type: fc.constantFrom(...LATER_COMMANDS),
  actor: fc.constantFrom(...actors),
  advanceMinutes: fc.integer({ min: 0, max: 6 * 24 * 60 }),
  backdateMinutes: fc.option(fc.integer({ min: 0, max: 3 * 24 * 60 }), { nil: undefined }),
  variant: fc.nat(3),
});

const variantOf = (type: (typeof LATER_COMMANDS)[number], v: number): ComplaintCommand => {
  if (type === 'OpenInternalAppeal' && v % 2 === 1) return cmd.appeal({ grounds: 'no_news_after_deadline' });
  if (type === 'CloseComplaint' && v % 2 === 1) return cmd.close();
  if (type === 'RecordDeadlineMissed') return cmd.missed((['acknowledgement', 'answer', 'urgency_target', 'internal_appeal_decision'] as const)[v] ?? 'answer');
  if (type === 'ReassessUrgency') return cmd.urgency({ urgency: (['low', 'normal', 'high', 'critical'] as const)[v] ?? 'high' });
  if (type === 'DelayAnswer') return cmd.delay({ newAnswerDue: (['2022-04-05', '2022-04-20', '2022-05-10', '2022-03-30'] as const)[v] as never });
  if (type === 'AcknowledgeComplaint') return cmd.acknowledge({ expectedAnswerDate: (['2022-04-04', '2022-03-30', '2022-05-01', '2022-03-25'] as const)[v] as never });
  return sampleOf(type);
};

const invariantsHold = (s: ComplaintState): void => {
  if (s.status === 'none') return;
  expect(COMPLAINT_STATUSES).toContain(s.status);
  const receiptDay = localDate(s.receivedAt, s.timeZone);
  expect(s.acknowledgement.due === null).toBe(s.form === 'verbal');
  for (const d of [s.acknowledgement.due, s.answer.originalDue, s.answer.due, s.urgencyTargetDue]) if (d !== null) expect(d >= receiptDay).toBe(true);
  expect(s.answer.due >= s.answer.originalDue).toBe(true);
  if (s.urgencyTargetDue !== null) expect(s.urgencyTargetDue <= s.answer.originalDue).toBe(true);
  if (s.status === 'answered') expect(s.answer.at).toBeDefined();
  if (s.acknowledgement.waived) expect(s.acknowledgement.at).toBeUndefined();
  if (s.status === 'mediator-referral') expect(s.appeal?.decidedAt).toBeDefined();
  if (s.appeal?.decidedAt !== undefined) expect(s.appeal.decidedBy).toBe(direction.id);
  const misses = s.missedDeadlines.map((m) => `${m.deadline}@${m.dueDate}`);
  expect(new Set(misses).size).toBe(misses.length);
  expect(Date.parse(s.lastActivityAt) >= Date.parse(s.receivedAt)).toBe(true);
};

describe('decider properties', () => {
  it('random command sequences never make decide throw, and folding what it emits never breaks an invariant', () => {
    fc.assert(
      fc.property(fc.constantFrom('email', 'phone', 'postal_mail'), fc.constantFrom('low', 'normal', 'critical'), fc.array(arbStep, { maxLength: 25 }), (channel, urgency, steps) => {
        let now = START;
        let state: ComplaintState = initialState;
        const received = decide(cmd.receive({ channel, urgency, receivedAt: new Date(START - 3_600_000).toISOString() as Instant }), state, {
          now: new Date(now),
          policy: defaultPolicy,
          actor: agent,
        });
        if (received._tag === 'Left') throw new Error('receive refused');
        for (const e of received.right) state = evolve(state, e);
        let count = received.right.length;
        for (const step of steps) {
          now += step.advanceMinutes * 60_000;
          const base = variantOf(step.type, step.variant);
          const command = step.backdateMinutes === undefined ? base : { ...base, at: new Date(now - step.backdateMinutes * 60_000).toISOString() as Instant };
          const wasFinal = state.status === 'closed' || state.status === 'requalified';
          const result = decide(command, state, { now: new Date(now), policy: defaultPolicy, actor: step.actor });
          if (wasFinal) expect(result._tag).toBe('Left');
          if (result._tag === 'Right') {
            for (const e of result.right) state = evolve(state, e);
            count += result.right.length;
          }
          invariantsHold(state);
          expect(state.status !== 'none' && state.eventCount).toBe(count);
        }
      }),
      { numRuns: 300 },
    );
  });
});
