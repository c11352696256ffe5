/**
 * Handling a complaint: acknowledgement, delay notices and the definitive answer.
 */
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import type { CommandOf } from '../commands';
import type { ComplaintEvent } from '../events';
import { isOnTime, localDate } from '../policy/deadlines';
import type { Complaint } from '../state';
import { type DecisionContext, type Decision, actionTime, chain, requireStatus, violation } from './context';
import { missIfLate } from './misses';

/**
 * "En cas de réclamation écrite, Lukéa accuse réception par mail … dans un délai maximum
 * d'une semaine, en indiquant le nom d'une personne-ressource, le déroulement et le délai de
 * réponse prévu." / "En cas de réclamation verbale, aucun accusé de réception n'est envoyé."
 * The expected answer date must fall between today and the answer deadline: announcing a
 * later date is a delay, which needs its own explanatory email.
 */
export const acknowledge = (cmd: CommandOf<'AcknowledgeComplaint'>, c: Complaint, ctx: DecisionContext): Decision =>
  pipe(
    requireStatus(cmd.type, c, ['received', 'acknowledged', 'delayed']),
    chain(() => {
      if (c.form === 'verbal' || c.acknowledgement.due === null)
        return violation(cmd.type, c.status, 'acknowledgement-not-expected', 'a verbal complaint gets no acknowledgement: its handling and deadline are explained to the client directly.');
      if (c.acknowledgement.at !== undefined)
        return violation(cmd.type, c.status, 'already-acknowledged', `the complaint was already acknowledged at ${c.acknowledgement.at}.`);
      return actionTime(cmd, c, ctx, { lifecycle: true });
    }),
    chain((at) => {
      const today = localDate(at, c.timeZone);
      if (cmd.expectedAnswerDate < today || cmd.expectedAnswerDate > c.answer.due)
        return violation(
          cmd.type,
          c.status,
          'expected-answer-date-out-of-window',
          `the expected answer date ${cmd.expectedAnswerDate} must be between ${today} and the answer deadline ${c.answer.due}; to announce a later date, send a delay notice (DelayAnswer).`,
        );
      const due = c.acknowledgement.due;
      const events: ComplaintEvent[] = [
        ...missIfLate(c, 'acknowledgement', due, at),
        {
          type: 'ComplaintAcknowledged',
          data: {
            acknowledgedAt: at,
            sentBy: 'email',
            contactPerson: cmd.contactPerson,
            handlingSteps: cmd.handlingSteps,
            expectedAnswerDate: cmd.expectedAnswerDate,
            onTime: due !== null && isOnTime(due, at, c.timeZone),
          },
        },
      ];
      return E.right(events);
    }),
  );

/**
 * "Si cela ne lui est pas possible, le non-respect de ce délai sera motivé au client dans un
 * mail explicatif avec précision du nouveau délai": a reason and a later date, which becomes
 * the deadline. A notice sent once the deadline has passed is accepted but records the miss:
 * it does not undo the breach. A complaint gets at most `maxDelayNotices` notices (10 by
 * default): each one is kept in every later state, and the policy means them as exceptions.
 */
export const delay = (cmd: CommandOf<'DelayAnswer'>, c: Complaint, ctx: DecisionContext): Decision =>
  pipe(
    requireStatus(cmd.type, c, ['received', 'acknowledged', 'delayed']),
    chain(() => actionTime(cmd, c, ctx, { lifecycle: true })),
    chain((at) => {
      const current = c.answer.due;
      if (cmd.newAnswerDue <= current)
        return violation(cmd.type, c.status, 'delay-date-not-later', `the new answer date ${cmd.newAnswerDue} must be after the current deadline ${current}.`);
      const today = localDate(at, c.timeZone);
      if (cmd.newAnswerDue < today)
        return violation(cmd.type, c.status, 'delay-date-in-past', `the new answer date ${cmd.newAnswerDue} is before the notice's own date ${today}.`);
      if (c.answer.delays.length >= ctx.policy.maxDelayNotices)
        return violation(
          cmd.type,
          c.status,
          'delay-limit-reached',
          `the answer was already postponed ${c.answer.delays.length} times, the most policy ${ctx.policy.version} allows (maxDelayNotices); answer the complaint, or escalate it.`,
        );
      const missed = missIfLate(c, 'answer', current, at);
      const events: ComplaintEvent[] = [
        ...missed,
        {
          type: 'ComplaintAnswerDelayed',
          data: {
            notifiedAt: at,
            sentBy: 'email',
            reason: cmd.reason,
            previousAnswerDue: current,
            newAnswerDue: cmd.newAnswerDue,
            lateNotice: !isOnTime(current, at, c.timeZone),
          },
        },
      ];
      return E.right(events);
    }),
  );

/**
 * "Lukéa garantit une réponse définitive … dans les 15 jours (après avoir examiné les faits,
 * et défini les mesures correctives)". A written complaint answered within its
 * acknowledgement window needs no separate acknowledgement ("à moins qu'une réponse sur le
 * fond ne soit donnée dans ce même mail"). A late answer records the deadlines it missed.
 */
export const answer = (cmd: CommandOf<'AnswerComplaint'>, c: Complaint, ctx: DecisionContext): Decision =>
  pipe(
    requireStatus(cmd.type, c, ['received', 'acknowledged', 'delayed']),
    chain(() => actionTime(cmd, c, ctx, { lifecycle: true })),
    E.map((at): ComplaintEvent[] => {
      const ackDue = c.acknowledgement.at === undefined ? c.acknowledgement.due : null;
      const waived = ackDue !== null && isOnTime(ackDue, at, c.timeZone);
      return [
        ...(waived ? [] : missIfLate(c, 'acknowledgement', ackDue, at)),
        ...missIfLate(c, 'urgency_target', c.urgencyTargetDue, at),
        ...missIfLate(c, 'answer', c.answer.due, at),
        {
          type: 'ComplaintAnswered',
          data: {
            answeredAt: at,
            channel: cmd.channel,
            facts: cmd.facts,
            decision: cmd.decision,
            correctiveMeasures: cmd.correctiveMeasures,
            rootCause: cmd.rootCause,
            onTime: isOnTime(c.answer.due, at, c.timeZone),
            acknowledgementWaived: waived,
          },
        },
      ];
    }),
  );
