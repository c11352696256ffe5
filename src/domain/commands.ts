/**
 * Command codecs (domain.md §6). A command is what a caller asks for; the decider turns it
 * into events or a typed refusal. Every command names its complaint; `at` (optional) is the
 * business time the action happened (an email sent this morning and recorded now), and
 * defaults to the decision's `now`.
 */
import * as t from 'io-ts';
import { Complainant, Person } from './events';
import { BusinessInstant, CalendarDate, Code, LongText, ShortText, Uuid, boundedArray, nonEmptyBoundedArray } from './primitives';
import {
  AppealGrounds,
  AppealOutcome,
  Channel,
  ContactDirection,
  DeadlineKind,
  MediationOutcome,
  RequalifiedAs,
  Urgency,
} from './vocabulary';

const command = <T extends string, R extends t.Props, O extends t.Props>(type: T, req: R, opt: O) =>
  t.intersection(
    [
      t.exact(t.type({ type: t.literal(type), complaintId: Uuid, ...req })),
      t.exact(t.partial({ at: BusinessInstant, ...opt })),
    ],
    type,
  );

/**
 * Record a complaint that reached Lukéa at `receivedAt` through `channel`; `reportedProblem`
 * (optional) is the problem the complainant reports, a code of the policy's list.
 */
export const ReceiveComplaint = command(
  'ReceiveComplaint',
  {
    receivedAt: BusinessInstant,
    channel: Channel,
    complainant: Complainant,
    category: ShortText,
    product: ShortText,
    subject: ShortText,
    description: LongText,
  },
  { urgency: Urgency, linkedComplaintId: Uuid, externalReference: ShortText, reportedProblem: Code },
);

/** The contact is not a complaint: an information request, a service request or a suggestion. */
export const RequalifyComplaint = command('RequalifyComplaint', { requalifiedAs: RequalifiedAs, reason: LongText }, {});

/** Give the complaint to someone to handle. */
export const AssignComplaint = command('AssignComplaint', { assignee: Person }, {});

/** Record the acknowledgement email of a written complaint. */
export const AcknowledgeComplaint = command(
  'AcknowledgeComplaint',
  { contactPerson: Person, handlingSteps: LongText, expectedAnswerDate: CalendarDate },
  {},
);

/** Record the explanatory email that postpones the answer to `newAnswerDue`. */
export const DelayAnswer = command('DelayAnswer', { reason: LongText, newAnswerDue: CalendarDate }, {});

/** Record the definitive answer. */
export const AnswerComplaint = command(
  'AnswerComplaint',
  {
    channel: Channel,
    facts: LongText,
    decision: LongText,
    correctiveMeasures: nonEmptyBoundedArray(LongText, 50),
    rootCause: ShortText,
  },
  {},
);

/** The complainant turns to the direction. */
export const OpenInternalAppeal = command(
  'OpenInternalAppeal',
  { grounds: AppealGrounds, statement: LongText, channel: Channel },
  {},
);

/** Record the direction's decision on the internal appeal (direction role only). */
export const DecideInternalAppeal = command(
  'DecideInternalAppeal',
  { outcome: AppealOutcome, decision: LongText },
  { correctiveMeasures: boundedArray(LongText, 50) },
);

/** The complainant turns to the mediator after the direction's decision. */
export const ReferToMediator = command('ReferToMediator', {}, { reference: ShortText });

/** Record the mediation's outcome. */
export const ConcludeMediation = command('ConcludeMediation', { outcome: MediationOutcome, summary: LongText }, {});

/** Close the complaint (final). `withdrawnByComplainant` closes it before its natural end. */
export const CloseComplaint = command('CloseComplaint', {}, { note: LongText, withdrawnByComplainant: t.boolean });

/** Record that a deadline passed (the deadline watcher's command). */
export const RecordDeadlineMissed = command('RecordDeadlineMissed', { deadline: DeadlineKind }, {});

/** Record a contact with the complainant. */
export const LogClientContact = command(
  'LogClientContact',
  { direction: ContactDirection, channel: Channel, summary: LongText },
  {},
);

/** Change the complaint's urgency. */
export const ReassessUrgency = command('ReassessUrgency', { urgency: Urgency, reason: LongText }, {});

/** Change the complaint's category and product. */
export const RecategoriseComplaint = command(
  'RecategoriseComplaint',
  { category: ShortText, product: ShortText, reason: LongText },
  {},
);

/** Codec of every command type, by name. */
export const commandCodecs = {
  ReceiveComplaint,
  RequalifyComplaint,
  AssignComplaint,
  AcknowledgeComplaint,
  DelayAnswer,
  AnswerComplaint,
  OpenInternalAppeal,
  DecideInternalAppeal,
  ReferToMediator,
  ConcludeMediation,
  CloseComplaint,
  RecordDeadlineMissed,
  LogClientContact,
  ReassessUrgency,
  RecategoriseComplaint,
} as const;

/** The name of a command type. */
export type ComplaintCommandType = keyof typeof commandCodecs;

/** Every command type, in the order of domain.md §6. */
export const COMPLAINT_COMMAND_TYPES = Object.keys(commandCodecs) as readonly ComplaintCommandType[];

/** Any complaint command, discriminated by `type`. */
export type ComplaintCommand = { [K in ComplaintCommandType]: t.TypeOf<(typeof commandCodecs)[K]> }[ComplaintCommandType];

/**
 * A command as callers write it: plain strings where the decoded command has branded ids,
 * instants and dates. The service decodes (and so checks) it before anything else.
 */
export type ComplaintCommandInput = {
  [K in ComplaintCommandType]: t.OutputOf<(typeof commandCodecs)[K]>;
}[ComplaintCommandType];

/** The command of a given type. */
export type CommandOf<K extends ComplaintCommandType> = Extract<ComplaintCommand, { type: K }>;

/** True when `type` names a command type. */
export const isComplaintCommandType = (type: string): type is ComplaintCommandType =>
  Object.prototype.hasOwnProperty.call(commandCodecs, type);
