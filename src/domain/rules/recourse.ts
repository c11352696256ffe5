/**
 * Recourse ("En cas de désaccord") and closing: internal appeal to the direction, the
 * direction's decision, referral to the mediator, the mediation's outcome, closing.
 */
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import type { CommandOf } from '../commands';
import type { ComplaintEvent } from '../events';
import { internalAppealDecisionDue, isOnTime, isOverdue } from '../policy/deadlines';
import type { Complaint } from '../state';
import type { CloseReason } from '../vocabulary';
import { type DecisionContext, type Decision, actionTime, chain, requireStatus, violation } from './context';
import { missIfLate } from './misses';

/**
 * "Si le client n'est pas satisfait de la réponse qui lui a été transmise ou si après les 15
 * jours prévus il est toujours sans nouvelle du service …, le client dispose d'un premier
 * recours (interne) qui est de contacter la direction de Lukéa." Unsatisfied: after the
 * answer. No news: once the answer deadline (moved by any valid delay notice) has passed.
 */
export const openInternalAppeal = (cmd: CommandOf<'OpenInternalAppeal'>, c: Complaint, ctx: DecisionContext): Decision => {
  const unsatisfied = cmd.grounds === 'unsatisfied_with_answer';
  const beforeAnswer = ['received', 'acknowledged', 'delayed'] as const;
  if (unsatisfied && (beforeAnswer as readonly string[]).includes(c.status))
    return violation(cmd.type, c.status, 'appeal-requires-answer', 'a complaint can be appealed as unsatisfying only once it has been answered; without news after the deadline, use the grounds no_news_after_deadline.');
  return pipe(
    requireStatus(cmd.type, c, unsatisfied ? ['answered'] : beforeAnswer),
    chain(() => actionTime(cmd, c, ctx, { lifecycle: true })),
    chain((at) => {
      if (!unsatisfied && !isOverdue(c.answer.due, at, c.timeZone))
        return violation(
          cmd.type,
          c.status,
          'answer-deadline-not-passed',
          `the answer is due by the end of ${c.answer.due}${c.answer.delays.length > 0 ? ' (moved by a delay notice)' : ''}; an appeal for lack of news is possible only after that.`,
        );
      const events: ComplaintEvent[] = [
        ...(unsatisfied ? [] : missIfLate(c, 'answer', c.answer.due, at)),
        {
          type: 'ComplaintInternalAppealOpened',
          data: {
            openedAt: at,
            grounds: cmd.grounds,
            statement: cmd.statement,
            channel: cmd.channel,
            decisionTargetDue: internalAppealDecisionDue(at, ctx.policy),
          },
        },
      ];
      return E.right(events);
    }),
  );
};

/** The direction decides the internal appeal (the role check is in `authorise`). */
export const decideInternalAppeal = (cmd: CommandOf<'DecideInternalAppeal'>, c: Complaint, ctx: DecisionContext): Decision =>
  pipe(
    requireStatus(cmd.type, c, ['internal-appeal']),
    chain(() =>
      c.appeal?.decidedAt !== undefined
        ? violation(cmd.type, c.status, 'appeal-already-decided', `the direction already decided this appeal at ${c.appeal.decidedAt}.`)
        : actionTime(cmd, c, ctx, { lifecycle: true }),
    ),
    E.map((at): ComplaintEvent[] => {
      const due = c.appeal?.decisionTargetDue ?? null;
      return [
        ...missIfLate(c, 'internal_appeal_decision', due, at),
        {
          type: 'ComplaintInternalAppealDecided',
          data: {
            decidedAt: at,
            decidedBy: ctx.actor.id,
            outcome: cmd.outcome,
            decision: cmd.decision,
            correctiveMeasures: cmd.correctiveMeasures ?? [],
            onTarget: due === null || isOnTime(due, at, c.timeZone),
          },
        },
      ];
    }),
  );

/**
 * "En cas de désaccord avec notre décision, le client dispose d'un second recours (externe)
 * en s'adressant au Médiateur": only after the direction's decision; the mediator's name and
 * address come from the policy and are recorded on the referral.
 */
export const referToMediator = (cmd: CommandOf<'ReferToMediator'>, c: Complaint, ctx: DecisionContext): Decision =>
  pipe(
    requireStatus(cmd.type, c, ['internal-appeal']),
    chain(() =>
      c.appeal?.decidedAt === undefined
        ? violation(cmd.type, c.status, 'appeal-not-decided', 'the mediator is the second recourse: the direction must decide the internal appeal first.')
        : actionTime(cmd, c, ctx, { lifecycle: true }),
    ),
    E.map((at) => [
      {
        type: 'ComplaintReferredToMediator',
        data: { referredAt: at, mediator: ctx.policy.mediator, ...(cmd.reference === undefined ? {} : { reference: cmd.reference }) },
      },
    ]),
  );

/** The mediation's outcome is recorded once, when known. */
export const concludeMediation = (cmd: CommandOf<'ConcludeMediation'>, c: Complaint, ctx: DecisionContext): Decision =>
  pipe(
    requireStatus(cmd.type, c, ['mediator-referral']),
    chain(() =>
      c.mediation?.concludedAt !== undefined
        ? violation(cmd.type, c.status, 'mediation-already-concluded', `the mediation was already concluded at ${c.mediation.concludedAt}.`)
        : actionTime(cmd, c, ctx, { lifecycle: true }),
    ),
    E.map((at) => [{ type: 'ComplaintMediationConcluded', data: { concludedAt: at, outcome: cmd.outcome, summary: cmd.summary } }]),
  );

const naturalEnd = (c: Complaint): E.Either<string, CloseReason> => {
  switch (c.status) {
    case 'answered':
      return E.right('resolved');
    case 'internal-appeal':
      return c.appeal?.decidedAt !== undefined ? E.right('appeal_decided') : E.left('the direction has not decided the internal appeal yet');
    case 'mediator-referral':
      return c.mediation?.concludedAt !== undefined ? E.right('mediation_concluded') : E.left('the mediation has not concluded yet');
    default:
      return E.left('the complaint has no definitive answer yet');
  }
};

/**
 * Closing is final ("a later dissatisfaction is a new complaint that links to the earlier
 * one"). A complaint closes at its natural end (answered, appeal decided, mediation
 * concluded), or earlier when the complainant withdraws it.
 */
export const close = (cmd: CommandOf<'CloseComplaint'>, c: Complaint, ctx: DecisionContext): Decision =>
  pipe(
    requireStatus(cmd.type, c, ['received', 'acknowledged', 'delayed', 'answered', 'internal-appeal', 'mediator-referral']),
    chain(() =>
      pipe(
        cmd.withdrawnByComplainant === true ? E.right<string, CloseReason>('withdrawn_by_complainant') : naturalEnd(c),
        E.orElseW((pending) =>
          violation(cmd.type, c.status, 'close-while-pending', `${pending}; close it then, or set withdrawnByComplainant if the complainant withdrew it.`),
        ),
      ),
    ),
    chain((reason) =>
      pipe(
        actionTime(cmd, c, ctx, { lifecycle: true }),
        E.map((at): ComplaintEvent[] => [
          { type: 'ComplaintClosed', data: { closedAt: at, reason, ...(cmd.note === undefined ? {} : { note: cmd.note }) } },
        ]),
      ),
    ),
  );
