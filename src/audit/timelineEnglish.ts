/**
 * The English wording of the audit timeline. Another language is another
 * {@link TimelineWording}; the layout in `timeline.ts` does not change.
 */
import type { ComplaintEvent } from '../domain/events';
import type { ComplaintStatus } from '../domain/state';
import type { Actor, DeadlineKind } from '../domain/vocabulary';

/** Everything the timeline says in words. */
export interface TimelineWording {
  /** The header line. */
  readonly title: (complaintId: string, timeZone: string) => string;
  /** What happened, in one sentence. */
  readonly event: (event: ComplaintEvent) => string;
  /** Who acted: the actor's id and role. */
  readonly actor: (actor: Actor) => string;
  /** When the event was recorded (already formatted in the timeline's zone). */
  readonly recorded: (when: string) => string;
  /** The status after the event. */
  readonly status: (status: ComplaintStatus) => string;
  /** A deadline the event set (`due` null when the deadline is waived). */
  readonly deadlineSet: (kind: DeadlineKind, due: string | null) => string;
  /** A deadline the event moved, e.g. by a delay. */
  readonly deadlineMoved: (kind: DeadlineKind, from: string | null, to: string | null) => string;
  /** A deadline recorded as missed. */
  readonly deadlineMissed: (kind: DeadlineKind, due: string) => string;
  /** What the timeline says when there is no event. */
  readonly empty: string;
}

const words = (s: string): string => s.replace(/_/g, ' ');
const clip = (s: string, max = 90): string => {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
};
const timely = (onTime: boolean): string => (onTime ? 'on time' : 'late');

const DEADLINES: { readonly [K in DeadlineKind]: string } = {
  acknowledgement: 'acknowledgement',
  answer: 'answer',
  urgency_target: 'urgency target',
  internal_appeal_decision: 'internal appeal decision',
};

const describe = (e: ComplaintEvent): string => {
  switch (e.type) {
    case 'ComplaintReceived':
      return `Complaint received by ${words(e.data.channel)} (${e.data.form}, ${e.data.urgency} urgency): "${clip(e.data.subject, 60)}"`;
    case 'ComplaintRequalified':
      return `Requalified as ${words(e.data.requalifiedAs)}: ${clip(e.data.reason)}`;
    case 'ComplaintAssigned':
      return `Assigned to ${e.data.assignee.name}`;
    case 'ComplaintAcknowledged':
      return `Acknowledgement emailed ${timely(e.data.onTime)}; contact ${e.data.contactPerson.name}, answer expected ${e.data.expectedAnswerDate}`;
    case 'ComplaintAnswerDelayed':
      return `Answer postponed${e.data.lateNotice ? ' (notice sent late)' : ''}: ${clip(e.data.reason)}`;
    case 'ComplaintAnswered':
      return `Answered by ${words(e.data.channel)} ${timely(e.data.onTime)}: ${clip(e.data.decision)}`;
    case 'ComplaintInternalAppealOpened':
      return `Internal appeal to the direction (${words(e.data.grounds)}): ${clip(e.data.statement)}`;
    case 'ComplaintInternalAppealDecided':
      return `Internal appeal ${words(e.data.outcome)} by ${e.data.decidedBy}${e.data.onTarget ? '' : ' (after its target)'}: ${clip(e.data.decision)}`;
    case 'ComplaintReferredToMediator':
      return `Referred to the mediator (${e.data.mediator.name}, ${e.data.mediator.address.city})`;
    case 'ComplaintMediationConcluded':
      return `Mediation concluded (${words(e.data.outcome)}): ${clip(e.data.summary)}`;
    case 'ComplaintClosed':
      return `Closed (${words(e.data.reason)})`;
    case 'ComplaintDeadlineMissed':
      return `Missed deadline recorded`;
    case 'ComplaintClientContacted':
      return `${e.data.direction === 'inbound' ? 'Inbound' : 'Outbound'} ${words(e.data.channel)} contact: ${clip(e.data.summary)}`;
    case 'ComplaintUrgencyReassessed':
      return `Urgency reassessed from ${e.data.previousUrgency} to ${e.data.urgency}: ${clip(e.data.reason)}`;
    case 'ComplaintRecategorised':
      return `Recategorised from ${e.data.previousCategory} / ${e.data.previousProduct} to ${e.data.category} / ${e.data.product}`;
  }
};

/** English wording. */
export const englishWording: TimelineWording = {
  title: (id, zone) => `Complaint ${id} (times in ${zone})`,
  event: describe,
  actor: (a) => `by ${a.id} (${a.role})`,
  recorded: (when) => `recorded ${when}`,
  status: (s) => `status: ${words(s).replace(/-/g, ' ')}`,
  deadlineSet: (k, due) => (due === null ? `no ${DEADLINES[k]}` : `${DEADLINES[k]} due ${due}`),
  deadlineMoved: (k, from, to) => `${DEADLINES[k]} deadline moved from ${from ?? 'none'} to ${to ?? 'none'}`,
  deadlineMissed: (k, due) => `MISSED: ${DEADLINES[k]} deadline of ${due}`,
  empty: 'No events.',
};
