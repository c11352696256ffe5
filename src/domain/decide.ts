/**
 * decide: the pure decider. Given a decoded command, the complaint's state and the
 * decision context (now, policy, actor), it returns the events to append or a typed
 * refusal. It never throws for a business reason and reads no clock.
 */
import * as E from 'fp-ts/lib/Either.js';
import type { ComplaintCommand } from './commands';
import { type DecisionContext, type Decision, authorise, checkNow } from './rules/context';
import { assign, logContact, reassessUrgency, recategorise, recordDeadlineMissed } from './rules/bookkeeping';
import { acknowledge, answer, delay } from './rules/handling';
import { receive, requalify } from './rules/intake';
import { close, concludeMediation, decideInternalAppeal, openInternalAppeal, referToMediator } from './rules/recourse';
import type { ComplaintState } from './state';

/** Decides what a command does to a complaint. */
export const decide = (command: ComplaintCommand, state: ComplaintState, ctx: DecisionContext): Decision => {
  const auth = authorise(command.type, state.status, ctx.actor);
  if (E.isLeft(auth)) return auth;
  const clock = checkNow(command.type, state.status, ctx.now);
  if (E.isLeft(clock)) return clock;
  if (command.type === 'ReceiveComplaint') return receive(command, state, ctx);
  if (state.status === 'none')
    return E.left({ _tag: 'ComplaintNotFound', command: command.type, status: 'none', complaintId: command.complaintId });
  switch (command.type) {
    case 'RequalifyComplaint':
      return requalify(command, state, ctx);
    case 'AssignComplaint':
      return assign(command, state, ctx);
    case 'AcknowledgeComplaint':
      return acknowledge(command, state, ctx);
    case 'DelayAnswer':
      return delay(command, state, ctx);
    case 'AnswerComplaint':
      return answer(command, state, ctx);
    case 'OpenInternalAppeal':
      return openInternalAppeal(command, state, ctx);
    case 'DecideInternalAppeal':
      return decideInternalAppeal(command, state, ctx);
    case 'ReferToMediator':
      return referToMediator(command, state, ctx);
    case 'ConcludeMediation':
      return concludeMediation(command, state, ctx);
    case 'CloseComplaint':
      return close(command, state, ctx);
    case 'RecordDeadlineMissed':
      return recordDeadlineMissed(command, state, ctx);
    case 'LogClientContact':
      return logContact(command, state, ctx);
    case 'ReassessUrgency':
      return reassessUrgency(command, state, ctx);
    case 'RecategoriseComplaint':
      return recategorise(command, state, ctx);
  }
};

export type { DecisionContext, Decision };
