/**
 * The recurring-issues projection: fold, copy, checkpoint codec and the event types it
 * handles, under one name and version.
 * @packageDocumentation
 */
import type { Projection } from '../projection';
import { decodeRecurringIssuesModel, encodeRecurringIssues } from './codec';
import { RECURRING_ISSUES_EVENT_TYPES, applyRecurringIssues } from './fold';
import { type RecurringIssuesModel, cloneRecurringIssues, emptyModel } from './model';

/**
 * The recurring-issues projection (name `'recurring-issues'`). `apply` mutates the model in
 * place; `encode` / `decode` are its checkpoint codec; events of other types than
 * `eventTypes` leave the model as it is.
 */
export const recurringIssuesProjection = (): Projection<RecurringIssuesModel> => ({
  name: 'recurring-issues',
  // 2: records carry the reported problem (checkpoints of version 1 are rebuilt).
  version: 2,
  eventTypes: RECURRING_ISSUES_EVENT_TYPES,
  initial: emptyModel,
  apply: applyRecurringIssues,
  clone: cloneRecurringIssues,
  encode: encodeRecurringIssues,
  decode: decodeRecurringIssuesModel,
});
