/**
 * evolve: folds one event into the state. Total and pure: it trusts events (they were
 * decided and decoded), and an event that makes no sense for the state leaves it unchanged
 * rather than inventing data.
 */
import type { ComplaintEvent } from './events';
import type { Instant } from './primitives';
import { type Complaint, type ComplaintState, initialState, isReceived } from './state';

// Lifecycle steps (acknowledge, delay, answer, appeal, …) move `lastActivityAt`, so later
// steps cannot be dated before them; side facts (contacts, assignment, detected misses)
// do not, so recording yesterday's phone call after today's acknowledgement stays possible.
const step = (c: Complaint, at: Instant, patch: Partial<Complaint>): Complaint => ({
  ...c,
  ...patch,
  lastActivityAt: Date.parse(at) > Date.parse(c.lastActivityAt) ? at : c.lastActivityAt,
  eventCount: c.eventCount + 1,
});
const note = (c: Complaint, patch: Partial<Complaint>): Complaint => ({ ...c, ...patch, eventCount: c.eventCount + 1 });

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
  const c = state;
  switch (event.type) {
    case 'ComplaintRequalified': {
      const d = event.data;
      return step(c, d.requalifiedAt, {
        status: 'requalified',
        requalification: { at: d.requalifiedAt, as: d.requalifiedAs, reason: d.reason },
      });
    }
    case 'ComplaintAssigned':
      return note(c, { assignee: event.data.assignee });
    case 'ComplaintAcknowledged': {
      const d = event.data;
      return step(c, d.acknowledgedAt, {
        status: c.status === 'received' ? 'acknowledged' : c.status,
        acknowledgement: {
          ...c.acknowledgement,
          at: d.acknowledgedAt,
          onTime: d.onTime,
          contactPerson: d.contactPerson,
          expectedAnswerDate: d.expectedAnswerDate,
        },
      });
    }
    case 'ComplaintAnswerDelayed': {
      const d = event.data;
      return step(c, d.notifiedAt, {
        status: 'delayed',
        answer: {
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
        },
      });
    }
    case 'ComplaintAnswered': {
      const d = event.data;
      return step(c, d.answeredAt, {
        status: 'answered',
        acknowledgement: d.acknowledgementWaived ? { ...c.acknowledgement, waived: true } : c.acknowledgement,
        answer: {
          ...c.answer,
          at: d.answeredAt,
          onTime: d.onTime,
          channel: d.channel,
          facts: d.facts,
          decision: d.decision,
          correctiveMeasures: d.correctiveMeasures,
          rootCause: d.rootCause,
        },
      });
    }
    case 'ComplaintInternalAppealOpened': {
      const d = event.data;
      return step(c, d.openedAt, {
        status: 'internal-appeal',
        appeal: { openedAt: d.openedAt, grounds: d.grounds, statement: d.statement, decisionTargetDue: d.decisionTargetDue },
      });
    }
    case 'ComplaintInternalAppealDecided': {
      const d = event.data;
      if (!c.appeal) return c;
      return step(c, d.decidedAt, {
        appeal: {
          ...c.appeal,
          decidedAt: d.decidedAt,
          decidedBy: d.decidedBy,
          outcome: d.outcome,
          decision: d.decision,
          onTarget: d.onTarget,
        },
      });
    }
    case 'ComplaintReferredToMediator': {
      const d = event.data;
      return step(c, d.referredAt, {
        status: 'mediator-referral',
        mediation: { referredAt: d.referredAt, mediator: d.mediator, ...(d.reference === undefined ? {} : { reference: d.reference }) },
      });
    }
    case 'ComplaintMediationConcluded': {
      const d = event.data;
      if (!c.mediation) return c;
      return step(c, d.concludedAt, {
        mediation: { ...c.mediation, concludedAt: d.concludedAt, outcome: d.outcome, summary: d.summary },
      });
    }
    case 'ComplaintClosed':
      return step(c, event.data.closedAt, { status: 'closed', closedAt: event.data.closedAt, closeReason: event.data.reason });
    case 'ComplaintDeadlineMissed':
      return note(c, { missedDeadlines: [...c.missedDeadlines, event.data] });
    case 'ComplaintClientContacted':
      return note(c, { contacts: c.contacts + 1 });
    case 'ComplaintUrgencyReassessed':
      return note(c, {
        urgency: event.data.urgency,
        urgencyTargetDue: event.data.urgencyTargetDue,
      });
    case 'ComplaintRecategorised':
      return note(c, { category: event.data.category, product: event.data.product });
  }
};

/** Folds events into a state, from the initial state by default. */
export const fold = (events: readonly ComplaintEvent[], from: ComplaintState = initialState): ComplaintState => {
  let state = from;
  for (const e of events) state = evolve(state, e);
  return state;
};
