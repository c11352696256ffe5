/**
 * The business time of an event: when the thing it records happened (the letter was
 * received, the email was sent), as opposed to when it was recorded (`metadata.recordedAt`).
 */
import type { ComplaintEvent } from '../domain/events';
import type { Instant } from '../domain/primitives';

/** When the fact an event records happened, read from the event's own data. */
export const occurredAt = (event: ComplaintEvent): Instant => {
  switch (event.type) {
    case 'ComplaintReceived':
      return event.data.receivedAt;
    case 'ComplaintRequalified':
      return event.data.requalifiedAt;
    case 'ComplaintAssigned':
      return event.data.assignedAt;
    case 'ComplaintAcknowledged':
      return event.data.acknowledgedAt;
    case 'ComplaintAnswerDelayed':
      return event.data.notifiedAt;
    case 'ComplaintAnswered':
      return event.data.answeredAt;
    case 'ComplaintInternalAppealOpened':
      return event.data.openedAt;
    case 'ComplaintInternalAppealDecided':
      return event.data.decidedAt;
    case 'ComplaintReferredToMediator':
      return event.data.referredAt;
    case 'ComplaintMediationConcluded':
      return event.data.concludedAt;
    case 'ComplaintClosed':
      return event.data.closedAt;
    case 'ComplaintDeadlineMissed':
      return event.data.detectedAt;
    case 'ComplaintClientContacted':
      return event.data.contactedAt;
    case 'ComplaintUrgencyReassessed':
      return event.data.reassessedAt;
    case 'ComplaintRecategorised':
      return event.data.recategorisedAt;
  }
};
