/**
 * The SLA projection: fold, copy, checkpoint codec and the event types it handles, under
 * one name and version.
 * @packageDocumentation
 */
import type { Projection } from '../projection';
import { decodeSlaModel, encodeSla } from './codec';
import { SLA_EVENT_TYPES, applySla } from './fold';
import { type SlaModel, cloneSla, emptyModel } from './model';

/**
 * The SLA projection (name `'sla-breaches'`). `apply` mutates the model in place; `encode` /
 * `decode` are its checkpoint codec; events of other types than `eventTypes` leave the model
 * as it is.
 */
export const slaProjection = (): Projection<SlaModel> => ({
  name: 'sla-breaches',
  version: 2,
  eventTypes: SLA_EVENT_TYPES,
  initial: emptyModel,
  apply: applySla,
  clone: cloneSla,
  encode: encodeSla,
  decode: decodeSlaModel,
});
