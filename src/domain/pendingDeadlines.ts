/**
 * Which deadlines a complaint still has to meet, derived from its state. The decider uses it
 * to record misses; the SLA projection and the deadline watcher use the same definition.
 */
import type { CalendarDate } from './primitives';
import type { Complaint } from './state';
import type { DeadlineKind } from './vocabulary';

/** A deadline the complaint must still meet. */
export interface PendingDeadline {
  readonly deadline: DeadlineKind;
  readonly due: CalendarDate;
}

const BEFORE_ANSWER = new Set(['received', 'acknowledged', 'delayed']);

/**
 * The deadlines still running: the acknowledgement of a written complaint not yet
 * acknowledged, the answer (at its current, possibly delayed date) and the urgency target
 * while there is no answer, and the direction's decision while an appeal is open. A
 * complaint appealed for lack of news owes its (missed) answer until the direction decides.
 * Closed and requalified complaints have none: their clocks stopped.
 */
export const pendingDeadlines = (c: Complaint): PendingDeadline[] => {
  const out: PendingDeadline[] = [];
  // An appeal for lack of news stands in for the answer once the direction decides it.
  const appealOpen = c.status === 'internal-appeal' && c.appeal !== undefined && c.appeal.decidedAt === undefined;
  const beforeAnswer = BEFORE_ANSWER.has(c.status) || (appealOpen && c.answer.at === undefined);
  if (beforeAnswer) {
    if (c.acknowledgement.due !== null && c.acknowledgement.at === undefined)
      out.push({ deadline: 'acknowledgement', due: c.acknowledgement.due });
    out.push({ deadline: 'answer', due: c.answer.due });
    if (c.urgencyTargetDue !== null) out.push({ deadline: 'urgency_target', due: c.urgencyTargetDue });
  }
  if (appealOpen && c.appeal) out.push({ deadline: 'internal_appeal_decision', due: c.appeal.decisionTargetDue });
  return out;
};
