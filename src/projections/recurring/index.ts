/**
 * The recurring-issues projection: what complaints are about, over time, to find the
 * procedures to fix. Counts per period (ISO week or month of the local receipt date) by
 * category, product, reported problem, root cause or channel; Pareto of causes; spikes;
 * repeat complainants (also per reported problem);
 * internal-appeal and mediator-referral rates per category. Requalified contacts (not
 * complaints) are kept out of every count and counted apart ({@link requalifiedCounts}).
 *
 * Categories and products are the complaint's *current* ones (after any recategorisation);
 * the root cause is the one given with the definitive answer (unanswered complaints have
 * none and are left out of root-cause counts); the reported problem is the one recorded at
 * receipt — every complaint has one (`unknown` when none was recorded), so counts by it
 * include the complaints still open.
 *
 * Files: `model.ts` (records, string tables, copies), `fold.ts` (events → model),
 * `periods.ts` (date ranges, weeks and months), `select.ts` (which complaints count, under
 * which key), `counts.ts`, `spikes.ts`, `repeatComplainants.ts`, `recourse.ts` (the
 * queries), `codec.ts` (checkpoint JSON) and `projection.ts` (all of it as a `Projection`).
 * @packageDocumentation
 */
export { cloneRecurringIssues } from './model';
export type { IssueRecord, RecurringIssuesModel, StringTable } from './model';
export { applyRecurringIssues } from './fold';
export { dateRange, periodStart } from './periods';
export type { DateRange, IssuePeriod } from './periods';
export type { IssueDimension } from './select';
export { countsByPeriod, pareto, requalifiedCounts } from './counts';
export type { ParetoRow, PeriodCount } from './counts';
export { spikes } from './spikes';
export type { Spike, SpikeOptions } from './spikes';
export { repeatComplainants } from './repeatComplainants';
export type { RepeatComplainant } from './repeatComplainants';
export { recourseRates } from './recourse';
export type { RecourseRate } from './recourse';
export { decodeRecurringIssues, encodeRecurringIssues } from './codec';
export { recurringIssuesProjection } from './projection';
