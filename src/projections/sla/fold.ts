/**
 * How each complaint event changes the SLA model: the fold `(model, event) → model` and the
 * list of event types it changes the model for.
 * @packageDocumentation
 */
import type { StoredComplaintEvent } from '../../stream/decodeStream';
import { localDate } from '../../domain/policy/deadlines';
import type { ComplaintEventType } from '../../domain/events';
import { CHANNELS, URGENCIES } from '../../domain/vocabulary';
import { type SlaModel, addRecord, dayOf, intern, reindex, writable } from './model';
import {
  AFTER_APPEAL,
  ANSWERED,
  APPEAL_OPEN,
  BEFORE_ANSWER,
  CLOSED,
  KINDS,
  MISS_SHIFT,
  NONE,
  REQUALIFIED,
  SLA_FLAGS,
  type SlaRecord,
  pendingDays,
  setFlag,
  setStage,
  stageOf,
} from './record';

const ms = (iso: string): number => Date.parse(iso);

/**
 * The event types {@link applySla} changes the model for. The others (client contacts,
 * recategorisations, mediation conclusions) leave it as it is, so a runner need not decode them.
 */
export const SLA_EVENT_TYPES: readonly ComplaintEventType[] = [
  'ComplaintReceived',
  'ComplaintRequalified',
  'ComplaintAssigned',
  'ComplaintAcknowledged',
  'ComplaintAnswerDelayed',
  'ComplaintAnswered',
  'ComplaintInternalAppealOpened',
  'ComplaintInternalAppealDecided',
  'ComplaintReferredToMediator',
  'ComplaintClosed',
  'ComplaintDeadlineMissed',
  'ComplaintUrgencyReassessed',
];

/** Folds one event into the model (mutating it; see `Projection`). */
export const applySla = (m: SlaModel, e: StoredComplaintEvent): SlaModel => {
  const ev = e.event;
  if (ev.type === 'ComplaintReceived') {
    const d = ev.data;
    if (m.records.has(d.complaintId)) return m;
    const zone = intern(m.zones, d.timeZone);
    const receivedMs = ms(d.receivedAt);
    const r: SlaRecord = {
      complaintId: d.complaintId,
      zone,
      channel: CHANNELS.indexOf(d.channel),
      urgency: URGENCIES.indexOf(d.urgency),
      assignee: NONE,
      flags: BEFORE_ANSWER,
      receivedMs,
      receivedDay: dayOf(localDate(d.receivedAt, d.timeZone)),
      ackDue: d.deadlines.acknowledgementDue === null ? NONE : dayOf(d.deadlines.acknowledgementDue),
      ackMs: Number.NaN,
      answerDue: dayOf(d.deadlines.answerDue),
      answerMs: Number.NaN,
      urgencyDue: d.deadlines.urgencyTargetDue === null ? NONE : dayOf(d.deadlines.urgencyTargetDue),
      appealDue: NONE,
      appealMs: Number.NaN,
      stopMs: Number.NaN,
      lateNotices: undefined,
      ix: m.list.length,
    };
    addRecord(m, r);
    return m;
  }
  const id = e.streamName.slice('complaint-'.length);
  const found = m.records.get(id);
  if (found === undefined || stageOf(found) === REQUALIFIED) return m;
  switch (ev.type) {
    // Events the model does not keep: nothing to change.
    case 'ComplaintClientContacted':
    case 'ComplaintRecategorised':
    case 'ComplaintMediationConcluded':
      return m;
    default:
      break;
  }
  const r = writable(m, found);
  switch (ev.type) {
    case 'ComplaintRequalified':
      setStage(r, REQUALIFIED);
      r.stopMs = ms(ev.data.requalifiedAt);
      break;
    case 'ComplaintAssigned':
      r.assignee = intern(m.assignees, ev.data.assignee.id);
      return m;
    case 'ComplaintAcknowledged':
      r.ackMs = ms(ev.data.acknowledgedAt);
      setFlag(r, SLA_FLAGS.ackOnTime, ev.data.onTime);
      break;
    case 'ComplaintAnswerDelayed':
      r.answerDue = dayOf(ev.data.newAnswerDue);
      if (ev.data.lateNotice) (r.lateNotices ??= []).push(ms(ev.data.notifiedAt), dayOf(ev.data.previousAnswerDue));
      break;
    case 'ComplaintAnswered':
      r.answerMs = ms(ev.data.answeredAt);
      setFlag(r, SLA_FLAGS.answerOnTime, ev.data.onTime);
      if (ev.data.acknowledgementWaived) setFlag(r, SLA_FLAGS.ackWaived, true);
      if (stageOf(r) === BEFORE_ANSWER) setStage(r, ANSWERED);
      break;
    case 'ComplaintInternalAppealOpened':
      setStage(r, APPEAL_OPEN);
      r.appealDue = dayOf(ev.data.decisionTargetDue);
      r.appealMs = Number.NaN;
      break;
    case 'ComplaintInternalAppealDecided':
      r.appealMs = ms(ev.data.decidedAt);
      setFlag(r, SLA_FLAGS.appealOnTarget, ev.data.onTarget);
      if (Number.isNaN(r.answerMs)) r.stopMs = r.appealMs;
      setStage(r, AFTER_APPEAL);
      break;
    case 'ComplaintReferredToMediator':
      setStage(r, AFTER_APPEAL);
      break;
    case 'ComplaintClosed':
      setStage(r, CLOSED);
      if (Number.isNaN(r.stopMs)) r.stopMs = ms(ev.data.closedAt);
      break;
    case 'ComplaintDeadlineMissed': {
      const k = KINDS.indexOf(ev.data.deadline);
      if (k >= 0 && pendingDays(r)[k] === dayOf(ev.data.dueDate)) setFlag(r, 1 << (MISS_SHIFT + k), true);
      return m;
    }
    case 'ComplaintUrgencyReassessed':
      r.urgency = URGENCIES.indexOf(ev.data.urgency);
      r.urgencyDue = ev.data.urgencyTargetDue === null ? NONE : dayOf(ev.data.urgencyTargetDue);
      break;
    default:
      return m;
  }
  reindex(m, r);
  return m;
};
