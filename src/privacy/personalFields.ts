/**
 * Which fields of complaint events hold the complainant's personal data, and are therefore
 * encrypted with the complainant's key: their identity and contact details, and every free
 * text about their case (what they wrote, and what Lukéa wrote about them or to them).
 *
 * Left in plaintext, on purpose (docs/security.md): ids (complaint, complainant, external
 * and mediator references), dates and deadlines, statuses, channel, form, urgency, category,
 * product, root cause, outcomes and flags — what deadlines, audits and analytics run on —
 * and Lukéa staff (assignee, contact person, `decidedBy`), whose data an erasure request by
 * a complainant does not cover.
 *
 * The table is typed by event type, so a new event type does not compile until someone
 * decides which of its fields are personal.
 */
import type { ComplaintEventType } from '../domain/events';

/** What an erased personal field reads as, everywhere. Valid as `ShortText` and `LongText`. */
export const ERASED = '[erased]';

/**
 * A path in an event's `data`: property names joined by `.`; a trailing `[]` applies to
 * every item of an array (`correctiveMeasures[]`).
 */
export type PersonalFieldPath = string;

/** The personal fields of each complaint event type. */
export const PERSONAL_FIELDS: { readonly [K in ComplaintEventType]: readonly PersonalFieldPath[] } = {
  ComplaintReceived: ['complainant.name', 'complainant.email', 'complainant.phone', 'complainant.postalAddress', 'subject', 'description'],
  ComplaintRequalified: ['reason'],
  ComplaintAssigned: [],
  ComplaintAcknowledged: ['handlingSteps'],
  ComplaintAnswerDelayed: ['reason'],
  ComplaintAnswered: ['facts', 'decision', 'correctiveMeasures[]'],
  ComplaintInternalAppealOpened: ['statement'],
  ComplaintInternalAppealDecided: ['decision', 'correctiveMeasures[]'],
  ComplaintReferredToMediator: [],
  ComplaintMediationConcluded: ['summary'],
  ComplaintClosed: ['note'],
  ComplaintDeadlineMissed: [],
  ComplaintClientContacted: ['summary'],
  ComplaintUrgencyReassessed: ['reason'],
  ComplaintRecategorised: ['reason'],
};

/** The personal field paths of an event type (none for a type that is not a complaint event). */
export const personalFieldsOf = (eventType: string): readonly PersonalFieldPath[] =>
  Object.prototype.hasOwnProperty.call(PERSONAL_FIELDS, eventType) ? PERSONAL_FIELDS[eventType as ComplaintEventType] : [];
