/**
 * Event codecs: the published contract of `complaint-<id>` streams (domain.md §6).
 * Event types are past tense and stable forever; a change of shape gets a new schema
 * version and an upcaster. Types are derived from the codecs, never written twice.
 */
import * as t from 'io-ts';
import { Mediator } from './policy/policy';
import { CalendarDate, Code, Instant, LongText, ShortText, Uuid, boundedArray, nonEmptyBoundedArray } from './primitives';
import {
  AppealGrounds,
  AppealOutcome,
  Channel,
  CloseReason,
  ComplainantKind,
  ComplaintForm,
  ContactDirection,
  DeadlineKind,
  MediationOutcome,
  RequalifiedAs,
  Urgency,
} from './vocabulary';

const optional = <P extends t.Props>(props: P) => t.exact(t.partial(props));
const required = <P extends t.Props>(props: P) => t.exact(t.type(props));
const withOptional = <R extends t.Props, O extends t.Props>(req: R, opt: O, name: string) =>
  t.intersection([required(req), optional(opt)], name);

/** The person or partner who complains. Name and contact details are personal data. */
export const Complainant = withOptional(
  { id: ShortText, kind: ComplainantKind, name: ShortText },
  { email: ShortText, phone: ShortText, postalAddress: LongText },
  'Complainant',
);
/** A complainant. */
export type Complainant = t.TypeOf<typeof Complainant>;

/** A named person, e.g. the acknowledgement's "personne-ressource" or an assignee. */
export const Person = withOptional({ id: ShortText, name: ShortText }, { email: ShortText, phone: ShortText }, 'Person');
/** A person. */
export type Person = t.TypeOf<typeof Person>;

/** The deadlines computed at receipt under the complaint's policy version. */
export const ReceiptDeadlines = required({
  acknowledgementDue: t.union([CalendarDate, t.null]),
  answerDue: CalendarDate,
  urgencyTargetDue: t.union([CalendarDate, t.null]),
});
/** Deadlines computed at receipt. */
export type ReceiptDeadlines = t.TypeOf<typeof ReceiptDeadlines>;

const event = <T extends string, D extends t.Mixed>(type: T, data: D) =>
  t.type({ type: t.literal(type), data }, type);

/** A complaint reached Lukéa; records the policy version and the deadlines computed then. */
export const ComplaintReceived = event(
  'ComplaintReceived',
  withOptional(
    {
      complaintId: Uuid,
      receivedAt: Instant,
      channel: Channel,
      form: ComplaintForm,
      complainant: Complainant,
      category: ShortText,
      product: ShortText,
      urgency: Urgency,
      subject: ShortText,
      description: LongText,
      /** The problem the complainant reports, a code of the policy's list, or `unknown` (schema 3). */
      reportedProblem: Code,
      policyVersion: ShortText,
      timeZone: ShortText,
      deadlines: ReceiptDeadlines,
    },
    { linkedComplaintId: Uuid, externalReference: ShortText },
    'ComplaintReceivedData',
  ),
);

/** The contact was not a complaint (information/service request, suggestion): its clocks stop. */
export const ComplaintRequalified = event(
  'ComplaintRequalified',
  required({ requalifiedAt: Instant, requalifiedAs: RequalifiedAs, reason: LongText }),
);

/** The complaint was given to someone to handle. */
export const ComplaintAssigned = event('ComplaintAssigned', required({ assignedAt: Instant, assignee: Person }));

/** The written complaint's acknowledgement was emailed, naming a contact, the handling steps and the expected answer date. */
export const ComplaintAcknowledged = event(
  'ComplaintAcknowledged',
  required({
    acknowledgedAt: Instant,
    sentBy: t.literal('email'),
    contactPerson: Person,
    handlingSteps: LongText,
    expectedAnswerDate: CalendarDate,
    onTime: t.boolean,
  }),
);

/** An explanatory email postponed the answer, with a reason and a new date. */
export const ComplaintAnswerDelayed = event(
  'ComplaintAnswerDelayed',
  required({
    notifiedAt: Instant,
    sentBy: t.literal('email'),
    reason: LongText,
    previousAnswerDue: CalendarDate,
    newAnswerDue: CalendarDate,
    lateNotice: t.boolean,
  }),
);

/** The definitive answer: facts found, decision, corrective measures, root cause. */
export const ComplaintAnswered = event(
  'ComplaintAnswered',
  required({
    answeredAt: Instant,
    channel: Channel,
    facts: LongText,
    decision: LongText,
    correctiveMeasures: nonEmptyBoundedArray(LongText, 50),
    rootCause: ShortText,
    onTime: t.boolean,
    acknowledgementWaived: t.boolean,
  }),
);

/** The complainant turned to the direction (first, internal recourse). */
export const ComplaintInternalAppealOpened = event(
  'ComplaintInternalAppealOpened',
  required({
    openedAt: Instant,
    grounds: AppealGrounds,
    statement: LongText,
    channel: Channel,
    decisionTargetDue: CalendarDate,
  }),
);

/** The direction decided the internal appeal. */
export const ComplaintInternalAppealDecided = event(
  'ComplaintInternalAppealDecided',
  required({
    decidedAt: Instant,
    decidedBy: ShortText,
    outcome: AppealOutcome,
    decision: LongText,
    correctiveMeasures: boundedArray(LongText, 50),
    onTarget: t.boolean,
  }),
);

/** The complainant turned to the external mediator (second recourse). */
export const ComplaintReferredToMediator = event(
  'ComplaintReferredToMediator',
  withOptional({ referredAt: Instant, mediator: Mediator }, { reference: ShortText }, 'ComplaintReferredToMediatorData'),
);

/** The mediation's outcome became known. */
export const ComplaintMediationConcluded = event(
  'ComplaintMediationConcluded',
  required({ concludedAt: Instant, outcome: MediationOutcome, summary: LongText }),
);

/** The complaint was closed; closing is final. */
export const ComplaintClosed = event(
  'ComplaintClosed',
  withOptional({ closedAt: Instant, reason: CloseReason }, { note: LongText }, 'ComplaintClosedData'),
);

/** A deadline passed without the action it required; recorded once per deadline and due date. */
export const ComplaintDeadlineMissed = event(
  'ComplaintDeadlineMissed',
  required({ deadline: DeadlineKind, dueDate: CalendarDate, detectedAt: Instant }),
);

/** Someone spoke or wrote with the complainant ("une réclamation a toujours un aspect relationnel"). */
export const ComplaintClientContacted = event(
  'ComplaintClientContacted',
  required({ contactedAt: Instant, direction: ContactDirection, channel: Channel, summary: LongText }),
);

/** The complaint's urgency changed; its internal target was recomputed from receipt. */
export const ComplaintUrgencyReassessed = event(
  'ComplaintUrgencyReassessed',
  required({
    reassessedAt: Instant,
    urgency: Urgency,
    previousUrgency: Urgency,
    reason: LongText,
    urgencyTargetDue: t.union([CalendarDate, t.null]),
  }),
);

/** The complaint's category or product changed. */
export const ComplaintRecategorised = event(
  'ComplaintRecategorised',
  required({
    recategorisedAt: Instant,
    category: ShortText,
    product: ShortText,
    previousCategory: ShortText,
    previousProduct: ShortText,
    reason: LongText,
  }),
);

/** Codec of every event type, by name: decoding dispatches on `type` instead of trying a 15-way union. */
export const eventCodecs = {
  ComplaintReceived,
  ComplaintRequalified,
  ComplaintAssigned,
  ComplaintAcknowledged,
  ComplaintAnswerDelayed,
  ComplaintAnswered,
  ComplaintInternalAppealOpened,
  ComplaintInternalAppealDecided,
  ComplaintReferredToMediator,
  ComplaintMediationConcluded,
  ComplaintClosed,
  ComplaintDeadlineMissed,
  ComplaintClientContacted,
  ComplaintUrgencyReassessed,
  ComplaintRecategorised,
} as const;

/** The name of a complaint event type. */
export type ComplaintEventType = keyof typeof eventCodecs;

/** Every complaint event type, in the order of domain.md §6. */
export const COMPLAINT_EVENT_TYPES = Object.keys(eventCodecs) as readonly ComplaintEventType[];

/** Any complaint event, discriminated by `type`. */
export type ComplaintEvent = { [K in ComplaintEventType]: t.TypeOf<(typeof eventCodecs)[K]> }[ComplaintEventType];

/** The event of a given type. */
export type EventOf<K extends ComplaintEventType> = Extract<ComplaintEvent, { type: K }>;

/** The data of the event of a given type. */
export type EventData<K extends ComplaintEventType> = EventOf<K>['data'];

/** True when `type` names a complaint event type. */
export const isComplaintEventType = (type: string): type is ComplaintEventType =>
  Object.prototype.hasOwnProperty.call(eventCodecs, type);
