/**
 * Receiving a complaint and requalifying a contact that was not one.
 */
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import type { CommandOf } from '../commands';
import { receiptDeadlines } from '../policy/deadlines';
import { UNKNOWN_PROBLEM, formOf } from '../policy/policy';
import { instantMs, toInstant } from '../primitives';
import type { Complaint, ComplaintState } from '../state';
import { type DecisionContext, type Decision, actionTime, chain, requireStatus, violation } from './context';

/**
 * "Toute expression d'insatisfaction … transmis par oral ou écrit": any channel, any
 * complainant (client or partner). Deadlines run from `receivedAt` (when it reached Lukéa,
 * possibly before it was recorded) and are computed now, under the current policy, and
 * stored on the event so replays years later give the same dates.
 */
export const receive = (cmd: CommandOf<'ReceiveComplaint'>, state: ComplaintState, ctx: DecisionContext): Decision => {
  if (state.status !== 'none')
    return E.left({ _tag: 'ComplaintAlreadyExists', command: cmd.type, status: state.status, complaintId: cmd.complaintId });
  if (instantMs(cmd.receivedAt) > ctx.now.getTime())
    return violation(cmd.type, 'none', 'time-in-future', `receivedAt ${cmd.receivedAt} is after now (${toInstant(ctx.now)}).`);
  if (cmd.linkedComplaintId === cmd.complaintId)
    return violation(cmd.type, 'none', 'linked-to-itself', 'a complaint cannot link to itself; link it to the earlier, closed complaint.');
  // "Identifier les problèmes récurrents": the problem as reported, from the policy's own list.
  const reportedProblem = cmd.reportedProblem ?? UNKNOWN_PROBLEM;
  if (reportedProblem !== UNKNOWN_PROBLEM && !ctx.policy.reportedProblems.includes(reportedProblem))
    return violation(
      cmd.type,
      'none',
      'unknown-reported-problem',
      `reportedProblem "${reportedProblem}" is not in the list of policy ${ctx.policy.version} (${ctx.policy.reportedProblems.join(', ')}); use one of them, or "${UNKNOWN_PROBLEM}".`,
    );
  const form = formOf(ctx.policy, cmd.channel);
  const urgency = cmd.urgency ?? 'normal';
  return E.right([
    {
      type: 'ComplaintReceived',
      data: {
        complaintId: cmd.complaintId,
        receivedAt: cmd.receivedAt,
        channel: cmd.channel,
        form,
        complainant: cmd.complainant,
        category: cmd.category,
        product: cmd.product,
        urgency,
        subject: cmd.subject,
        description: cmd.description,
        reportedProblem,
        policyVersion: ctx.policy.version,
        timeZone: ctx.policy.timeZone,
        deadlines: receiptDeadlines(cmd.receivedAt, form, urgency, ctx.policy),
        ...(cmd.linkedComplaintId === undefined ? {} : { linkedComplaintId: cmd.linkedComplaintId }),
        ...(cmd.externalReference === undefined ? {} : { externalReference: cmd.externalReference }),
      },
    },
  ]);
};

/**
 * "Une réclamation doit être distinguée des autres formes de contact": a contact judged to be
 * an information request, a service request or a suggestion ends here; its clocks stop.
 * Only before the answer: an answered complaint was handled as one.
 */
export const requalify = (cmd: CommandOf<'RequalifyComplaint'>, c: Complaint, ctx: DecisionContext): Decision =>
  pipe(
    requireStatus(cmd.type, c, ['received', 'acknowledged', 'delayed']),
    chain(() => actionTime(cmd, c, ctx, { lifecycle: true })),
    E.map((at) => [{ type: 'ComplaintRequalified', data: { requalifiedAt: at, requalifiedAs: cmd.requalifiedAs, reason: cmd.reason } }]),
  );
