/**
 * A reference model of Lukéa's complaint policy for model-based tests, written from the
 * policy and docs/domain-rules.md, independently of src/domain (no decide, no evolve, no
 * deadline helpers): a status machine, calendar-day deadlines in Europe/Paris, recorded
 * misses, the role table and the command-id bookkeeping of the service.
 *
 * `step` answers what the service must do with one command: the event types it appends (in
 * order) or the typed refusal, and the model after it.
 */
import type { ComplaintCommandInput, ComplaintCommandType } from '../../src/domain/commands';
import type { ActorRole } from '../../src/domain/vocabulary';

export type RefStatus = 'received' | 'acknowledged' | 'delayed' | 'answered' | 'internal-appeal' | 'mediator-referral' | 'closed' | 'requalified';
type Kind = 'acknowledgement' | 'answer' | 'urgency_target' | 'internal_appeal_decision';

/** What the model knows of a received complaint. Dates are `YYYY-MM-DD` in Europe/Paris. */
export interface RefComplaint {
  readonly status: RefStatus;
  readonly form: 'written' | 'verbal';
  readonly receivedAtMs: number;
  readonly ackDue: string | null;
  readonly acknowledged: boolean;
  readonly originalAnswerDue: string;
  readonly answerDue: string;
  /** Delay notices recorded. */
  readonly delays: number;
  readonly urgency: string;
  readonly urgencyTargetDue: string | null;
  readonly category: string;
  readonly product: string;
  readonly answered: boolean;
  readonly appeal: { readonly decided: boolean; readonly targetDue: string } | null;
  readonly mediation: { readonly concluded: boolean } | null;
  /** Recorded misses as `kind@due`. */
  readonly missed: readonly string[];
  readonly contacts: number;
  readonly lastActivityMs: number;
  readonly closeReason: string | null;
}

/** A command id the service handled successfully, and what it appended. */
export interface RefHandled {
  readonly type: ComplaintCommandType;
  readonly eventTypes: readonly string[];
  readonly lastRevision: number;
  readonly statusAfter: RefStatus;
}

/** The whole model of one complaint stream. */
export interface RefModel {
  readonly complaint: RefComplaint | null;
  /** Event types of the stream, in order (index = revision). */
  readonly events: readonly string[];
  readonly handled: ReadonlyMap<string, RefHandled>;
}

/** What the service answers. */
export type Outcome =
  | { readonly kind: 'ok'; readonly eventTypes: readonly string[] }
  | { readonly kind: 'error'; readonly tag: string; readonly rule?: string; readonly status?: string };

export const emptyModel = (): RefModel => ({ complaint: null, events: [], handled: new Map() });

// ---------------------------------------------------------------- the policy, restated

const WRITERS: readonly ActorRole[] = ['agent', 'supervisor', 'direction', 'system'];
/** Who may issue what (docs/rules/authorisation-and-time.md). Auditors issue nothing. */
export const ALLOWED: Record<ComplaintCommandType, readonly ActorRole[]> = {
  ReceiveComplaint: WRITERS,
  RequalifyComplaint: ['supervisor', 'direction'],
  AssignComplaint: WRITERS,
  AcknowledgeComplaint: WRITERS,
  DelayAnswer: WRITERS,
  AnswerComplaint: WRITERS,
  OpenInternalAppeal: WRITERS,
  DecideInternalAppeal: ['direction'],
  ReferToMediator: WRITERS,
  ConcludeMediation: WRITERS,
  CloseComplaint: WRITERS,
  RecordDeadlineMissed: ['system', 'supervisor', 'direction'],
  LogClientContact: WRITERS,
  ReassessUrgency: WRITERS,
  RecategoriseComplaint: WRITERS,
};

const WRITTEN_CHANNELS = new Set(['web', 'email', 'postal_mail']);
const ACK_DAYS = 7;
const ANSWER_DAYS = 15;
const MAX_DELAYS = 10;
const APPEAL_DECISION_DAYS = 15;
const URGENCY_DAYS: Record<string, number | undefined> = { critical: 2, high: 7 };

const BEFORE_ANSWER: readonly RefStatus[] = ['received', 'acknowledged', 'delayed'];
const OPEN: readonly RefStatus[] = [...BEFORE_ANSWER, 'answered', 'internal-appeal', 'mediator-referral'];

const parisFormat = new Intl.DateTimeFormat('en-CA', { timeZone: 'Europe/Paris', year: 'numeric', month: '2-digit', day: '2-digit' });
/** The calendar day in Paris of an instant. */
export const parisDate = (ms: number): string => parisFormat.format(new Date(ms));
/** `date` plus `days` calendar days. */
export const plusDays = (date: string, days: number): string => new Date(Date.parse(`${date}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
/** A deadline on `due` has passed at `ms` once that Paris day is over. */
const overdue = (due: string, ms: number): boolean => parisDate(ms) > due;

// ---------------------------------------------------------------- the step function

type Refusal = { readonly kind: 'error'; readonly tag: string; readonly rule?: string; readonly status?: string };
const invalid = (status: RefStatus): Refusal => ({ kind: 'error', tag: 'InvalidTransition', status });
const rule = (status: RefStatus | 'none', code: string): Refusal => ({ kind: 'error', tag: 'RuleViolation', rule: code, status });

interface Draft {
  c: RefComplaint;
  events: string[];
}

const miss = (d: Draft, kind: Kind, due: string | null, ms: number): void => {
  if (due === null || !overdue(due, ms) || d.c.missed.includes(`${kind}@${due}`)) return;
  d.c = { ...d.c, missed: [...d.c.missed, `${kind}@${due}`] };
  d.events.push('ComplaintDeadlineMissed');
};

/** A lifecycle step moves the last activity (steps are recorded in the order they happened). */
const stepAt = (d: Draft, ms: number, patch: Partial<RefComplaint>, event: string): void => {
  d.c = { ...d.c, ...patch, lastActivityMs: Math.max(d.c.lastActivityMs, ms) };
  d.events.push(event);
};
const noteOf = (d: Draft, patch: Partial<RefComplaint>, event: string): void => {
  d.c = { ...d.c, ...patch };
  d.events.push(event);
};

/** The business time of an action, or the refusal: not after now, not before receipt, lifecycle steps not before the last step. */
const timeOf = (c: RefComplaint, atMs: number | undefined, nowMs: number, lifecycle: boolean): number | Refusal => {
  const ms = atMs ?? nowMs;
  if (ms > nowMs) return rule(c.status, 'time-in-future');
  if (ms < c.receivedAtMs) return rule(c.status, 'time-before-receipt');
  if (lifecycle && ms < c.lastActivityMs) return rule(c.status, 'time-before-last-activity');
  return ms;
};

/** The deadlines still running, per the policy (closed and requalified complaints have none). */
export const pending = (c: RefComplaint): { kind: Kind; due: string }[] => {
  const appealOpen = c.status === 'internal-appeal' && c.appeal !== null && !c.appeal.decided;
  const out: { kind: Kind; due: string }[] = [];
  if (BEFORE_ANSWER.includes(c.status) || (appealOpen && !c.answered)) {
    if (c.ackDue !== null && !c.acknowledged) out.push({ kind: 'acknowledgement', due: c.ackDue });
    out.push({ kind: 'answer', due: c.answerDue });
    if (c.urgencyTargetDue !== null) out.push({ kind: 'urgency_target', due: c.urgencyTargetDue });
  }
  if (appealOpen && c.appeal !== null) out.push({ kind: 'internal_appeal_decision', due: c.appeal.targetDue });
  return out;
};

/** What the policy does with `cmd` issued by `role` at `nowMs`: events or refusal (the command id is not looked at). */
export const decideRef = (c: RefComplaint | null, cmd: ComplaintCommandInput, role: ActorRole, nowMs: number): { outcome: Outcome; complaint: RefComplaint | null } => {
  const refuse = (r: Refusal) => ({ outcome: r, complaint: c });
  if (!ALLOWED[cmd.type].includes(role)) return refuse({ kind: 'error', tag: 'NotAuthorised', status: c?.status ?? 'none' });
  if (cmd.type === 'ReceiveComplaint') {
    if (c !== null) return refuse({ kind: 'error', tag: 'ComplaintAlreadyExists', status: c.status });
    const receivedAtMs = Date.parse(cmd.receivedAt);
    if (receivedAtMs > nowMs) return refuse(rule('none', 'time-in-future'));
    const day = parisDate(receivedAtMs);
    const form = WRITTEN_CHANNELS.has(cmd.channel) ? 'written' : 'verbal';
    const urgency = cmd.urgency ?? 'normal';
    const target = URGENCY_DAYS[urgency];
    const complaint: RefComplaint = {
      status: 'received',
      form,
      receivedAtMs,
      ackDue: form === 'written' ? plusDays(day, ACK_DAYS) : null,
      acknowledged: false,
      originalAnswerDue: plusDays(day, ANSWER_DAYS),
      answerDue: plusDays(day, ANSWER_DAYS),
      delays: 0,
      urgency,
      urgencyTargetDue: target === undefined ? null : plusDays(day, target),
      category: cmd.category,
      product: cmd.product,
      answered: false,
      appeal: null,
      mediation: null,
      missed: [],
      contacts: 0,
      lastActivityMs: receivedAtMs,
      closeReason: null,
    };
    return { outcome: { kind: 'ok', eventTypes: ['ComplaintReceived'] }, complaint };
  }
  if (c === null) return refuse({ kind: 'error', tag: 'ComplaintNotFound', status: 'none' });
  const at = cmd.at === undefined ? undefined : Date.parse(cmd.at);
  const d: Draft = { c, events: [] };
  const done = () => ({ outcome: { kind: 'ok' as const, eventTypes: d.events }, complaint: d.c });
  const requireIn = (allowed: readonly RefStatus[]): Refusal | undefined => (allowed.includes(c.status) ? undefined : invalid(c.status));

  switch (cmd.type) {
    case 'RequalifyComplaint': {
      const bad = requireIn(BEFORE_ANSWER);
      if (bad) return refuse(bad);
      const ms = timeOf(c, at, nowMs, true);
      if (typeof ms !== 'number') return refuse(ms);
      stepAt(d, ms, { status: 'requalified' }, 'ComplaintRequalified');
      return done();
    }
    case 'AssignComplaint': {
      const bad = requireIn(OPEN);
      if (bad) return refuse(bad);
      const ms = timeOf(c, at, nowMs, false);
      if (typeof ms !== 'number') return refuse(ms);
      noteOf(d, {}, 'ComplaintAssigned');
      return done();
    }
    case 'AcknowledgeComplaint': {
      const bad = requireIn(BEFORE_ANSWER);
      if (bad) return refuse(bad);
      if (c.ackDue === null) return refuse(rule(c.status, 'acknowledgement-not-expected'));
      if (c.acknowledged) return refuse(rule(c.status, 'already-acknowledged'));
      const ms = timeOf(c, at, nowMs, true);
      if (typeof ms !== 'number') return refuse(ms);
      if (cmd.expectedAnswerDate < parisDate(ms) || cmd.expectedAnswerDate > c.answerDue) return refuse(rule(c.status, 'expected-answer-date-out-of-window'));
      miss(d, 'acknowledgement', c.ackDue, ms);
      stepAt(d, ms, { acknowledged: true, status: c.status === 'received' ? 'acknowledged' : c.status }, 'ComplaintAcknowledged');
      return done();
    }
    case 'DelayAnswer': {
      const bad = requireIn(BEFORE_ANSWER);
      if (bad) return refuse(bad);
      const ms = timeOf(c, at, nowMs, true);
      if (typeof ms !== 'number') return refuse(ms);
      if (cmd.newAnswerDue <= c.answerDue) return refuse(rule(c.status, 'delay-date-not-later'));
      if (cmd.newAnswerDue < parisDate(ms)) return refuse(rule(c.status, 'delay-date-in-past'));
      // At most ten notices per complaint (the default policy's maxDelayNotices).
      if (c.delays >= MAX_DELAYS) return refuse(rule(c.status, 'delay-limit-reached'));
      miss(d, 'answer', c.answerDue, ms);
      stepAt(d, ms, { status: 'delayed', answerDue: cmd.newAnswerDue, delays: c.delays + 1 }, 'ComplaintAnswerDelayed');
      return done();
    }
    case 'AnswerComplaint': {
      const bad = requireIn(BEFORE_ANSWER);
      if (bad) return refuse(bad);
      const ms = timeOf(c, at, nowMs, true);
      if (typeof ms !== 'number') return refuse(ms);
      // « à moins qu'une réponse sur le fond ne soit donnée dans ce même mail »: an answer within
      // the acknowledgement window stands in for the acknowledgement.
      const ackOwed = c.acknowledged ? null : c.ackDue;
      const waived = ackOwed !== null && !overdue(ackOwed, ms);
      if (!waived) miss(d, 'acknowledgement', ackOwed, ms);
      miss(d, 'urgency_target', c.urgencyTargetDue, ms);
      miss(d, 'answer', c.answerDue, ms);
      stepAt(d, ms, { status: 'answered', answered: true }, 'ComplaintAnswered');
      return done();
    }
    case 'OpenInternalAppeal': {
      const unsatisfied = cmd.grounds === 'unsatisfied_with_answer';
      if (unsatisfied && BEFORE_ANSWER.includes(c.status)) return refuse(rule(c.status, 'appeal-requires-answer'));
      const bad = requireIn(unsatisfied ? ['answered'] : BEFORE_ANSWER);
      if (bad) return refuse(bad);
      const ms = timeOf(c, at, nowMs, true);
      if (typeof ms !== 'number') return refuse(ms);
      if (!unsatisfied && !overdue(c.answerDue, ms)) return refuse(rule(c.status, 'answer-deadline-not-passed'));
      if (!unsatisfied) miss(d, 'answer', c.answerDue, ms);
      stepAt(d, ms, { status: 'internal-appeal', appeal: { decided: false, targetDue: plusDays(parisDate(ms), APPEAL_DECISION_DAYS) } }, 'ComplaintInternalAppealOpened');
      return done();
    }
    case 'DecideInternalAppeal': {
      const bad = requireIn(['internal-appeal']);
      if (bad) return refuse(bad);
      if (c.appeal?.decided === true) return refuse(rule(c.status, 'appeal-already-decided'));
      const ms = timeOf(c, at, nowMs, true);
      if (typeof ms !== 'number') return refuse(ms);
      const targetDue = c.appeal?.targetDue ?? null;
      miss(d, 'internal_appeal_decision', targetDue, ms);
      stepAt(d, ms, { appeal: { decided: true, targetDue: targetDue ?? '' } }, 'ComplaintInternalAppealDecided');
      return done();
    }
    case 'ReferToMediator': {
      const bad = requireIn(['internal-appeal']);
      if (bad) return refuse(bad);
      if (c.appeal?.decided !== true) return refuse(rule(c.status, 'appeal-not-decided'));
      const ms = timeOf(c, at, nowMs, true);
      if (typeof ms !== 'number') return refuse(ms);
      stepAt(d, ms, { status: 'mediator-referral', mediation: { concluded: false } }, 'ComplaintReferredToMediator');
      return done();
    }
    case 'ConcludeMediation': {
      const bad = requireIn(['mediator-referral']);
      if (bad) return refuse(bad);
      if (c.mediation?.concluded === true) return refuse(rule(c.status, 'mediation-already-concluded'));
      const ms = timeOf(c, at, nowMs, true);
      if (typeof ms !== 'number') return refuse(ms);
      stepAt(d, ms, { mediation: { concluded: true } }, 'ComplaintMediationConcluded');
      return done();
    }
    case 'CloseComplaint': {
      const bad = requireIn(OPEN);
      if (bad) return refuse(bad);
      let reason: string | null = null;
      if (cmd.withdrawnByComplainant === true) reason = 'withdrawn_by_complainant';
      else if (c.status === 'answered') reason = 'resolved';
      else if (c.status === 'internal-appeal' && c.appeal?.decided === true) reason = 'appeal_decided';
      else if (c.status === 'mediator-referral' && c.mediation?.concluded === true) reason = 'mediation_concluded';
      if (reason === null) return refuse(rule(c.status, 'close-while-pending'));
      const ms = timeOf(c, at, nowMs, true);
      if (typeof ms !== 'number') return refuse(ms);
      stepAt(d, ms, { status: 'closed', closeReason: reason }, 'ComplaintClosed');
      return done();
    }
    case 'RecordDeadlineMissed': {
      const bad = requireIn(OPEN);
      if (bad) return refuse(bad);
      // A miss is a finding made now: the command's `at` is not used.
      const p = pending(c).find((x) => x.kind === cmd.deadline);
      if (p === undefined) return refuse(rule(c.status, 'deadline-not-applicable'));
      if (c.missed.includes(`${p.kind}@${p.due}`)) return refuse(rule(c.status, 'deadline-already-recorded'));
      if (!overdue(p.due, nowMs)) return refuse(rule(c.status, 'deadline-not-missed'));
      noteOf(d, { missed: [...c.missed, `${p.kind}@${p.due}`] }, 'ComplaintDeadlineMissed');
      return done();
    }
    case 'LogClientContact': {
      const bad = requireIn(OPEN);
      if (bad) return refuse(bad);
      const ms = timeOf(c, at, nowMs, false);
      if (typeof ms !== 'number') return refuse(ms);
      noteOf(d, { contacts: c.contacts + 1 }, 'ComplaintClientContacted');
      return done();
    }
    case 'ReassessUrgency': {
      const bad = requireIn([...BEFORE_ANSWER, 'internal-appeal']);
      if (bad) return refuse(bad);
      if (cmd.urgency === c.urgency) return refuse(rule(c.status, 'urgency-unchanged'));
      const ms = timeOf(c, at, nowMs, false);
      if (typeof ms !== 'number') return refuse(ms);
      const target = URGENCY_DAYS[cmd.urgency];
      noteOf(d, { urgency: cmd.urgency, urgencyTargetDue: target === undefined ? null : plusDays(parisDate(c.receivedAtMs), target) }, 'ComplaintUrgencyReassessed');
      return done();
    }
    case 'RecategoriseComplaint': {
      const bad = requireIn(OPEN);
      if (bad) return refuse(bad);
      if (cmd.category === c.category && cmd.product === c.product) return refuse(rule(c.status, 'category-unchanged'));
      const ms = timeOf(c, at, nowMs, false);
      if (typeof ms !== 'number') return refuse(ms);
      noteOf(d, { category: cmd.category, product: cmd.product }, 'ComplaintRecategorised');
      return done();
    }
  }
};

/**
 * One command through the service, as the model sees it: a command id already handled
 * answers its original outcome (or CommandIdReused under another type) and appends nothing;
 * otherwise the policy decides, and an accepted command's events are appended.
 */
export const step = (
  m: RefModel,
  cmd: ComplaintCommandInput,
  commandId: string,
  role: ActorRole,
  nowMs: number,
): { model: RefModel; outcome: Outcome; duplicate: boolean; lastRevision?: number; statusAfter?: RefStatus } => {
  const before = m.handled.get(commandId);
  if (before !== undefined) {
    if (before.type !== cmd.type) return { model: m, outcome: { kind: 'error', tag: 'CommandIdReused' }, duplicate: false };
    return { model: m, outcome: { kind: 'ok', eventTypes: before.eventTypes }, duplicate: true, lastRevision: before.lastRevision, statusAfter: before.statusAfter };
  }
  const { outcome, complaint } = decideRef(m.complaint, cmd, role, nowMs);
  if (outcome.kind === 'error' || complaint === null) return { model: m, outcome, duplicate: false };
  const events = [...m.events, ...outcome.eventTypes];
  const handledEntry: RefHandled = { type: cmd.type, eventTypes: outcome.eventTypes, lastRevision: events.length - 1, statusAfter: complaint.status };
  const handled = new Map(m.handled);
  handled.set(commandId, handledEntry);
  return { model: { complaint, events, handled }, outcome, duplicate: false, lastRevision: handledEntry.lastRevision, statusAfter: complaint.status };
};
