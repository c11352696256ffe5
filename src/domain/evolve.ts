/**
 * evolve: folds one event into the state. Total and pure: it trusts events (they were
 * decided and decoded), and an event that makes no sense for the state leaves it unchanged
 * rather than inventing data.
 */
import type { ComplaintEvent } from './events';
import type { Instant } from './primitives';
import { type Complaint, type ComplaintState, initialState, isReceived } from './state';

/** A complaint's state while an event is applied to it: its fields are reassigned in place. */
type Draft = { -readonly [K in keyof Complaint]: Complaint[K] };

// Lifecycle steps (acknowledge, delay, answer, appeal, …) move `lastActivityAt`, so later
// steps cannot be dated before them; side facts (contacts, assignment, detected misses)
// do not, so recording yesterday's phone call after today's acknowledgement stays possible.
const stepped = (c: Draft, at: Instant): true => {
  if (Date.parse(at) > Date.parse(c.lastActivityAt)) c.lastActivityAt = at;
  c.eventCount += 1;
  return true;
};
const noted = (c: Draft): true => {
  c.eventCount += 1;
  return true;
};

/**
 * Applies an event other than the receipt to a received complaint by reassigning its
 * top-level fields; nested values (acknowledgement, answer, lists, …) are replaced by new
 * ones, never changed, so a draft may share them with the state it was copied from. Fields
 * are assigned in the order the state has always had its keys (new ones appended).
 * Answers false when the event changes nothing (then `c` is untouched).
 */
const applyTo = (c: Draft, event: ComplaintEvent): boolean => {
  switch (event.type) {
    case 'ComplaintReceived':
      return false;
    case 'ComplaintRequalified': {
      const d = event.data;
      c.status = 'requalified';
      c.requalification = { at: d.requalifiedAt, as: d.requalifiedAs, reason: d.reason };
      return stepped(c, d.requalifiedAt);
    }
    case 'ComplaintAssigned':
      c.assignee = event.data.assignee;
      return noted(c);
    case 'ComplaintAcknowledged': {
      const d = event.data;
      c.status = c.status === 'received' ? 'acknowledged' : c.status;
      c.acknowledgement = {
        ...c.acknowledgement,
        at: d.acknowledgedAt,
        onTime: d.onTime,
        contactPerson: d.contactPerson,
        expectedAnswerDate: d.expectedAnswerDate,
      };
      return stepped(c, d.acknowledgedAt);
    }
    case 'ComplaintAnswerDelayed': {
      const d = event.data;
      c.status = 'delayed';
      c.answer = {
        ...c.answer,
        due: d.newAnswerDue,
        delays: [
          ...c.answer.delays,
          {
            notifiedAt: d.notifiedAt,
            reason: d.reason,
            previousAnswerDue: d.previousAnswerDue,
            newAnswerDue: d.newAnswerDue,
            lateNotice: d.lateNotice,
          },
        ],
      };
      return stepped(c, d.notifiedAt);
    }
    case 'ComplaintAnswered': {
      const d = event.data;
      c.status = 'answered';
      c.acknowledgement = d.acknowledgementWaived ? { ...c.acknowledgement, waived: true } : c.acknowledgement;
      c.answer = {
        ...c.answer,
        at: d.answeredAt,
        onTime: d.onTime,
        channel: d.channel,
        facts: d.facts,
        decision: d.decision,
        correctiveMeasures: d.correctiveMeasures,
        rootCause: d.rootCause,
      };
      return stepped(c, d.answeredAt);
    }
    case 'ComplaintInternalAppealOpened': {
      const d = event.data;
      c.status = 'internal-appeal';
      c.appeal = { openedAt: d.openedAt, grounds: d.grounds, statement: d.statement, decisionTargetDue: d.decisionTargetDue };
      return stepped(c, d.openedAt);
    }
    case 'ComplaintInternalAppealDecided': {
      const d = event.data;
      if (!c.appeal) return false;
      c.appeal = {
        ...c.appeal,
        decidedAt: d.decidedAt,
        decidedBy: d.decidedBy,
        outcome: d.outcome,
        decision: d.decision,
        onTarget: d.onTarget,
      };
      return stepped(c, d.decidedAt);
    }
    case 'ComplaintReferredToMediator': {
      const d = event.data;
      c.status = 'mediator-referral';
      c.mediation = { referredAt: d.referredAt, mediator: d.mediator, ...(d.reference === undefined ? {} : { reference: d.reference }) };
      return stepped(c, d.referredAt);
    }
    case 'ComplaintMediationConcluded': {
      const d = event.data;
      if (!c.mediation) return false;
      c.mediation = { ...c.mediation, concludedAt: d.concludedAt, outcome: d.outcome, summary: d.summary };
      return stepped(c, d.concludedAt);
    }
    case 'ComplaintClosed':
      c.status = 'closed';
      c.closedAt = event.data.closedAt;
      c.closeReason = event.data.reason;
      return stepped(c, event.data.closedAt);
    case 'ComplaintDeadlineMissed':
      c.missedDeadlines = [...c.missedDeadlines, event.data];
      return noted(c);
    case 'ComplaintClientContacted':
      c.contacts += 1;
      return noted(c);
    case 'ComplaintUrgencyReassessed':
      c.urgency = event.data.urgency;
      c.urgencyTargetDue = event.data.urgencyTargetDue;
      return noted(c);
    case 'ComplaintRecategorised':
      c.category = event.data.category;
      c.product = event.data.product;
      return noted(c);
  }
};

/** Applies one event to a complaint's state. */
export const evolve = (state: ComplaintState, event: ComplaintEvent): ComplaintState => {
  if (event.type === 'ComplaintReceived') {
    if (isReceived(state)) return state;
    const d = event.data;
    return {
      status: 'received',
      complaintId: d.complaintId,
      policyVersion: d.policyVersion,
      timeZone: d.timeZone,
      receivedAt: d.receivedAt,
      channel: d.channel,
      form: d.form,
      complainant: d.complainant,
      category: d.category,
      product: d.product,
      urgency: d.urgency,
      subject: d.subject,
      description: d.description,
      reportedProblem: d.reportedProblem,
      ...(d.linkedComplaintId === undefined ? {} : { linkedComplaintId: d.linkedComplaintId }),
      ...(d.externalReference === undefined ? {} : { externalReference: d.externalReference }),
      acknowledgement: { due: d.deadlines.acknowledgementDue, waived: false },
      answer: { originalDue: d.deadlines.answerDue, due: d.deadlines.answerDue, delays: [] },
      urgencyTargetDue: d.deadlines.urgencyTargetDue,
      missedDeadlines: [],
      contacts: 0,
      lastActivityAt: d.receivedAt,
      eventCount: 1,
    };
  }
  if (!isReceived(state)) return state;
  // One shallow copy, then the event's fields: nested values are shared, never changed.
  const c: Draft = { ...state };
  return applyTo(c, event) ? c : state;
};

/**
 * Folds events into a state, from the initial state by default: the same state as applying
 * {@link evolve} event by event, but without a copy of the state per event — the first
 * event that changes the state makes a new one, which the following events update in place
 * (nobody else has seen it). `from` is never changed; the answer is a new object unless no
 * event changed anything.
 */
export const fold = (events: readonly ComplaintEvent[], from: ComplaintState = initialState): ComplaintState => {
  let state = from;
  let draft: Draft | undefined;
  for (const e of events) {
    if (draft !== undefined) applyTo(draft, e);
    else {
      const next = evolve(state, e);
      // A state evolve made just now is this fold's own: later events may update it in place.
      if (next !== state && isReceived(next)) draft = next;
      state = next;
    }
  }
  return draft ?? state;
};
