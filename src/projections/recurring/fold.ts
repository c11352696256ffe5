/**
 * How each complaint event changes the recurring-issues model: the fold and the list of
 * event types it changes the model for.
 * @packageDocumentation
 */
import type { StoredComplaintEvent } from '../../stream/decodeStream';
import { COMPLAINT_STREAM_PREFIX } from '../../stream/streams';
import { toEpochDay } from '../../domain/policy/calendarDays';
import { localDate } from '../../domain/policy/deadlines';
import type { ComplaintEventType } from '../../domain/events';
import { CHANNELS } from '../../domain/vocabulary';
import { type IssueRecord, NONE, type RecurringIssuesModel, addRecord, intern, writable } from './model';

/**
 * The event types {@link applyRecurringIssues} changes the model for; the model keeps
 * nothing of the others (assignments, acknowledgements, delays, deadlines, contacts…).
 */
export const RECURRING_ISSUES_EVENT_TYPES: readonly ComplaintEventType[] = [
  'ComplaintReceived',
  'ComplaintRequalified',
  'ComplaintRecategorised',
  'ComplaintAnswered',
  'ComplaintInternalAppealOpened',
  'ComplaintReferredToMediator',
  'ComplaintClosed',
];

/** Folds one event in (mutating the model; see {@link Projection}). */
export const applyRecurringIssues = (m: RecurringIssuesModel, e: StoredComplaintEvent): RecurringIssuesModel => {
  const ev = e.event;
  if (ev.type === 'ComplaintReceived') {
    const d = ev.data;
    if (m.records.has(d.complaintId)) return m;
    const receivedMs = Date.parse(d.receivedAt);
    const linked = d.linkedComplaintId === undefined ? undefined : m.records.get(d.linkedComplaintId);
    const record: IssueRecord = {
      complaintId: d.complaintId,
      receivedMs,
      receivedDay: toEpochDay(localDate(d.receivedAt, d.timeZone)),
      channel: CHANNELS.indexOf(d.channel),
      category: intern(m.categories, d.category),
      product: intern(m.products, d.product),
      rootCause: NONE,
      reportedProblem: intern(m.reportedProblems, d.reportedProblem),
      complainant: intern(m.complainants, d.complainant.id),
      linkedToClosed: linked !== undefined && !Number.isNaN(linked.closedMs) && linked.closedMs <= receivedMs,
      appealed: false,
      mediated: false,
      requalified: false,
      closedMs: Number.NaN,
      ix: m.list.length,
    };
    addRecord(m, record);
    return m;
  }
  const found = m.records.get(e.streamName.slice(COMPLAINT_STREAM_PREFIX.length));
  if (found === undefined) return m;
  switch (ev.type) {
    case 'ComplaintRequalified':
    case 'ComplaintRecategorised':
    case 'ComplaintAnswered':
    case 'ComplaintInternalAppealOpened':
    case 'ComplaintReferredToMediator':
    case 'ComplaintClosed':
      break;
    default:
      // Events the model does not keep: nothing to change.
      return m;
  }
  const r = writable(m, found);
  switch (ev.type) {
    case 'ComplaintRequalified':
      r.requalified = true;
      break;
    case 'ComplaintRecategorised':
      r.category = intern(m.categories, ev.data.category);
      r.product = intern(m.products, ev.data.product);
      break;
    case 'ComplaintAnswered':
      r.rootCause = intern(m.rootCauses, ev.data.rootCause);
      break;
    case 'ComplaintInternalAppealOpened':
      r.appealed = true;
      break;
    case 'ComplaintReferredToMediator':
      r.mediated = true;
      break;
    case 'ComplaintClosed':
      r.closedMs = Date.parse(ev.data.closedAt);
      break;
    default:
      break;
  }
  return m;
};
