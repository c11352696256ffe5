/**
 * The decider's refusals: a tagged union, each naming the complaint's current status and the
 * refused command, with a human sentence built from the tag. Nothing in domain/ throws for a
 * business reason.
 */
import type { ComplaintCommandType } from './commands';
import type { ComplaintStatus } from './state';
import type { ActorRole } from './vocabulary';

/** Status as seen by a refusal: `'none'` when the complaint was never received. */
export type StatusOrNone = ComplaintStatus | 'none';

/** The command needs a complaint that was never received. */
export interface ComplaintNotFound {
  readonly _tag: 'ComplaintNotFound';
  readonly command: ComplaintCommandType;
  readonly status: 'none';
  readonly complaintId: string;
}

/** `ReceiveComplaint` for an id that already exists. */
export interface ComplaintAlreadyExists {
  readonly _tag: 'ComplaintAlreadyExists';
  readonly command: 'ReceiveComplaint';
  readonly status: ComplaintStatus;
  readonly complaintId: string;
}

/** The command is not allowed in the complaint's current status. */
export interface InvalidTransition {
  readonly _tag: 'InvalidTransition';
  readonly command: ComplaintCommandType;
  readonly status: ComplaintStatus;
  readonly allowedFrom: readonly ComplaintStatus[];
}

/** The actor's role may not issue this command. */
export interface NotAuthorised {
  readonly _tag: 'NotAuthorised';
  readonly command: ComplaintCommandType;
  readonly status: StatusOrNone;
  readonly role: ActorRole;
  readonly allowedRoles: readonly ActorRole[];
}

/** Codes of the policy rules a command can break (beyond its status). */
export type RuleCode =
  | 'acknowledgement-not-expected'
  | 'already-acknowledged'
  | 'expected-answer-date-out-of-window'
  | 'delay-date-not-later'
  | 'delay-date-in-past'
  | 'delay-limit-reached'
  | 'answer-deadline-not-passed'
  | 'appeal-requires-answer'
  | 'appeal-already-decided'
  | 'appeal-not-decided'
  | 'mediation-already-concluded'
  | 'close-while-pending'
  | 'deadline-not-applicable'
  | 'deadline-not-missed'
  | 'deadline-already-recorded'
  | 'urgency-unchanged'
  | 'category-unchanged'
  | 'time-in-future'
  | 'time-before-receipt'
  | 'time-before-last-activity'
  | 'time-out-of-range'
  | 'linked-to-itself'
  | 'unknown-reported-problem';

/** The command breaks a rule of the policy; `detail` says which and how to fix it. */
export interface RuleViolation {
  readonly _tag: 'RuleViolation';
  readonly command: ComplaintCommandType;
  readonly status: StatusOrNone;
  readonly rule: RuleCode;
  readonly detail: string;
}

/** Every refusal of the decider. */
export type ComplaintError = ComplaintNotFound | ComplaintAlreadyExists | InvalidTransition | NotAuthorised | RuleViolation;

/** A one-sentence, human description of a refusal naming the status and the command. */
export const describeComplaintError = (e: ComplaintError): string => {
  switch (e._tag) {
    case 'ComplaintNotFound':
      return `${e.command} refused: complaint ${e.complaintId} was never received.`;
    case 'ComplaintAlreadyExists':
      return `${e.command} refused: complaint ${e.complaintId} already exists (status ${e.status}).`;
    case 'InvalidTransition':
      return `${e.command} refused: the complaint is ${e.status}; allowed only when ${e.allowedFrom.join(', ') || 'never'}.`;
    case 'NotAuthorised':
      return `${e.command} refused (status ${e.status}): role ${e.role} may not do this; allowed roles: ${e.allowedRoles.join(', ') || 'none'}.`;
    case 'RuleViolation':
      return `${e.command} refused (status ${e.status}): ${e.detail}`;
  }
};
