/**
 * Facts recorded along the way: assignment, client contacts, urgency, category, and the
 * deadline watcher's misses.
 */
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import type { CommandOf } from '../commands';
import { dueDate, isOverdue } from '../policy/deadlines';
import { type Complaint, isMissRecorded } from '../state';
import { pendingDeadlines } from '../pendingDeadlines';
import { toInstant } from '../primitives';
import { type DecisionContext, type Decision, actionTime, chain, requireStatus, violation } from './context';

const OPEN = ['received', 'acknowledged', 'delayed', 'answered', 'internal-appeal', 'mediator-referral'] as const;

/** Give the complaint to someone; any open complaint. */
export const assign = (cmd: CommandOf<'AssignComplaint'>, c: Complaint, ctx: DecisionContext): Decision =>
  pipe(
    requireStatus(cmd.type, c, OPEN),
    chain(() => actionTime(cmd, c, ctx, { lifecycle: false })),
    E.map((at) => [{ type: 'ComplaintAssigned', data: { assignedAt: at, assignee: cmd.assignee } }]),
  );

/** "Il n'existe pas de réclamation simplement technique. Une réclamation a toujours un aspect relationnel." */
export const logContact = (cmd: CommandOf<'LogClientContact'>, c: Complaint, ctx: DecisionContext): Decision =>
  pipe(
    requireStatus(cmd.type, c, OPEN),
    chain(() => actionTime(cmd, c, ctx, { lifecycle: false })),
    E.map((at) => [
      { type: 'ComplaintClientContacted', data: { contactedAt: at, direction: cmd.direction, channel: cmd.channel, summary: cmd.summary } },
    ]),
  );

/**
 * "Traiter selon l'urgence": the urgency can change while the answer is pending; its internal
 * target is recomputed from receipt under the complaint's policy (never past the answer days).
 */
export const reassessUrgency = (cmd: CommandOf<'ReassessUrgency'>, c: Complaint, ctx: DecisionContext): Decision =>
  pipe(
    requireStatus(cmd.type, c, ['received', 'acknowledged', 'delayed', 'internal-appeal']),
    chain(() =>
      cmd.urgency === c.urgency
        ? violation(cmd.type, c.status, 'urgency-unchanged', `the urgency is already ${c.urgency}.`)
        : actionTime(cmd, c, ctx, { lifecycle: false }),
    ),
    E.map((at) => {
      const target = ctx.policy.urgencyTargets[cmd.urgency];
      return [
        {
          type: 'ComplaintUrgencyReassessed',
          data: {
            reassessedAt: at,
            urgency: cmd.urgency,
            previousUrgency: c.urgency,
            reason: cmd.reason,
            urgencyTargetDue: target === undefined ? null : dueDate(c.receivedAt, target, ctx.policy),
          },
        },
      ];
    }),
  );

/** Category and product feed the recurring-issue analytics; a wrong one is corrected, not rewritten. */
export const recategorise = (cmd: CommandOf<'RecategoriseComplaint'>, c: Complaint, ctx: DecisionContext): Decision =>
  pipe(
    requireStatus(cmd.type, c, OPEN),
    chain(() =>
      cmd.category === c.category && cmd.product === c.product
        ? violation(cmd.type, c.status, 'category-unchanged', `the complaint is already in category ${c.category}, product ${c.product}.`)
        : actionTime(cmd, c, ctx, { lifecycle: false }),
    ),
    E.map((at) => [
      {
        type: 'ComplaintRecategorised',
        data: {
          recategorisedAt: at,
          category: cmd.category,
          product: cmd.product,
          previousCategory: c.category,
          previousProduct: c.product,
          reason: cmd.reason,
        },
      },
    ]),
  );

/**
 * "S'assurer que toutes les réclamations sont traitées … dans le délai imparti": a deadline
 * that is still pending and has passed is recorded as missed, once per due date. Detected
 * now (the command's `at` is ignored: a miss is a finding, not a back-dated fact).
 */
export const recordDeadlineMissed = (cmd: CommandOf<'RecordDeadlineMissed'>, c: Complaint, ctx: DecisionContext): Decision =>
  pipe(
    requireStatus(cmd.type, c, OPEN),
    chain(() => {
      const pending = pendingDeadlines(c).find((p) => p.deadline === cmd.deadline);
      if (pending === undefined)
        return violation(cmd.type, c.status, 'deadline-not-applicable', `the complaint has no pending ${cmd.deadline} deadline.`);
      const now = toInstant(ctx.now);
      if (isMissRecorded(c, cmd.deadline, pending.due))
        return violation(cmd.type, c.status, 'deadline-already-recorded', `the miss of the ${cmd.deadline} deadline of ${pending.due} is already recorded.`);
      if (!isOverdue(pending.due, now, c.timeZone))
        return violation(cmd.type, c.status, 'deadline-not-missed', `the ${cmd.deadline} deadline runs to the end of ${pending.due}.`);
      return E.right([{ type: 'ComplaintDeadlineMissed', data: { deadline: cmd.deadline, dueDate: pending.due, detectedAt: now } }]);
    }),
  );
