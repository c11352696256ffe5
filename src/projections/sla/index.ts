/**
 * The SLA projection: for every complaint, its deadlines (acknowledgement, answer — moved
 * by delays —, urgency target, internal-appeal decision) and whether each was met, missed,
 * waived or is still pending; an index of pending deadlines ordered by due instant; and the
 * time-aware queries built on them. Every query takes `now` (or a period) as an argument.
 *
 * Definitions (the same as the decider's, see `pendingDeadlines`):
 * - A deadline on date D falls due at `dueInstant(D, zone)`, the first instant of the next
 *   local day; it is **overdue** at `now` iff `now ≥ dueInstant` and still pending.
 * - Acknowledgement, answer and appeal decision are **met** or **missed** as the events
 *   recorded (`onTime`, `onTarget`); the urgency target is met iff the answer came before
 *   its due instant. An acknowledgement stood in for by an on-time answer is **waived**.
 * - A deadline whose clock stopped without its act (complaint closed, appeal decided
 *   without an answer) is **missed** if it had fallen due by then, otherwise **void**
 *   (not counted). Requalified contacts have no deadlines at all and are counted apart.
 * - A delay notice sent after the answer date it postponed is a breach of that date
 *   (kind `'late_delay_notice'`); the answer is then judged against the new date.
 *
 * Files: `record.ts` (one complaint, packed), `model.ts` (records, tables, due-time index),
 * `fold.ts` (events → model), `status.ts` (deadline status), `dueOrder.ts` and
 * `dueQueries.ts` (overdue / due-soon polls), `breaches.ts`, `compliance.ts`, `codec.ts`
 * (checkpoint JSON) and `projection.ts` (all of it as a `Projection`).
 * @packageDocumentation
 */
export { SLA_FLAGS, SLA_STAGES } from './record';
export type { SlaRecord } from './record';
export { cloneSla } from './model';
export type { SlaModel } from './model';
export { applySla } from './fold';
export { deadlinesOf } from './status';
export type { DeadlineStatus, SlaDeadline } from './status';
export type { DueDeadline } from './dueOrder';
export { dueWithin, overdueNow } from './dueQueries';
export { breachesIn } from './breaches';
export type { Breach } from './breaches';
export { compliance } from './compliance';
export type { ComplianceOptions, ComplianceRow, DurationStats, OnTimeShare } from './compliance';
export { decodeSla, encodeSla } from './codec';
export type { SlaModelJson } from './codec';
export { slaProjection } from './projection';
