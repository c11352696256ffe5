/**
 * The complaint aggregate's state: everything the decider needs to enforce the policy,
 * and what `getComplaint` shows. Plain, immutable, JSON-friendly data.
 */
import type { Complainant, Person } from './events';
import type { Policy } from './policy/policy';
import type { CalendarDate, Instant } from './primitives';
import type {
  AppealGrounds,
  AppealOutcome,
  Channel,
  CloseReason,
  ComplaintForm,
  DeadlineKind,
  MediationOutcome,
  RequalifiedAs,
  Urgency,
} from './vocabulary';

/** The published lifecycle statuses (domain.md §5). */
export type ComplaintStatus =
  | 'received'
  | 'acknowledged'
  | 'delayed'
  | 'answered'
  | 'internal-appeal'
  | 'mediator-referral'
  | 'closed'
  | 'requalified';

/** Every status, in lifecycle order. */
export const COMPLAINT_STATUSES: readonly ComplaintStatus[] = [
  'received',
  'acknowledged',
  'delayed',
  'answered',
  'internal-appeal',
  'mediator-referral',
  'closed',
  'requalified',
];

/** Statuses after which nothing more happens to a complaint. */
export const FINAL_STATUSES: readonly ComplaintStatus[] = ['closed', 'requalified'];

/** A deadline that passed without its action, as recorded by `ComplaintDeadlineMissed`. */
export interface MissedDeadline {
  readonly deadline: DeadlineKind;
  readonly dueDate: CalendarDate;
  readonly detectedAt: Instant;
}

/** The acknowledgement of a written complaint. `due` is null for verbal complaints. */
export interface AcknowledgementState {
  readonly due: CalendarDate | null;
  readonly at?: Instant;
  readonly onTime?: boolean;
  /** A definitive answer given within the acknowledgement window stood in for it. */
  readonly waived: boolean;
  readonly contactPerson?: Person;
  readonly expectedAnswerDate?: CalendarDate;
}

/** A delay notice. */
export interface DelayState {
  readonly notifiedAt: Instant;
  readonly reason: string;
  readonly previousAnswerDue: CalendarDate;
  readonly newAnswerDue: CalendarDate;
  readonly lateNotice: boolean;
}

/** The definitive answer and its deadline. `due` moves with valid delays. */
export interface AnswerState {
  readonly originalDue: CalendarDate;
  readonly due: CalendarDate;
  readonly delays: readonly DelayState[];
  readonly at?: Instant;
  readonly onTime?: boolean;
  readonly channel?: Channel;
  readonly facts?: string;
  readonly decision?: string;
  readonly correctiveMeasures?: readonly string[];
  readonly rootCause?: string;
}

/** The internal appeal to the direction. */
export interface AppealState {
  readonly openedAt: Instant;
  readonly grounds: AppealGrounds;
  readonly statement: string;
  readonly decisionTargetDue: CalendarDate;
  readonly decidedAt?: Instant;
  readonly decidedBy?: string;
  readonly outcome?: AppealOutcome;
  readonly decision?: string;
  readonly onTarget?: boolean;
}

/** The referral to the mediator. */
export interface MediationState {
  readonly referredAt: Instant;
  readonly mediator: Policy['mediator'];
  readonly reference?: string;
  readonly concludedAt?: Instant;
  readonly outcome?: MediationOutcome;
  readonly summary?: string;
}

/** A complaint that has been received. */
export interface Complaint {
  readonly status: ComplaintStatus;
  readonly complaintId: string;
  readonly policyVersion: string;
  readonly timeZone: string;
  readonly receivedAt: Instant;
  readonly channel: Channel;
  readonly form: ComplaintForm;
  readonly complainant: Complainant;
  readonly category: string;
  readonly product: string;
  readonly urgency: Urgency;
  readonly subject: string;
  readonly description: string;
  /** The problem the complainant reported at receipt (a code of the policy's list), or `unknown`. */
  readonly reportedProblem: string;
  readonly linkedComplaintId?: string;
  readonly externalReference?: string;
  readonly assignee?: Person;
  readonly acknowledgement: AcknowledgementState;
  readonly answer: AnswerState;
  readonly urgencyTargetDue: CalendarDate | null;
  readonly appeal?: AppealState;
  readonly mediation?: MediationState;
  readonly missedDeadlines: readonly MissedDeadline[];
  readonly requalification?: { readonly at: Instant; readonly as: RequalifiedAs; readonly reason: string };
  readonly closedAt?: Instant;
  readonly closeReason?: CloseReason;
  readonly contacts: number;
  /** Business time of the latest event: later actions may not be dated before it. */
  readonly lastActivityAt: Instant;
  /** Number of events folded into this state. */
  readonly eventCount: number;
}

/** Before `ComplaintReceived`: nothing exists yet. */
export interface NoComplaint {
  readonly status: 'none';
}

/** The state of a complaint stream. */
export type ComplaintState = NoComplaint | Complaint;

/** The state of a stream with no events. */
export const initialState: ComplaintState = Object.freeze({ status: 'none' });

/** True once the complaint has been received. */
export const isReceived = (s: ComplaintState): s is Complaint => s.status !== 'none';

/** True when a miss of `deadline` on `dueDate` is already recorded. */
export const isMissRecorded = (c: Complaint, deadline: DeadlineKind, dueDate: CalendarDate): boolean =>
  c.missedDeadlines.some((m) => m.deadline === deadline && m.dueDate === dueDate);
