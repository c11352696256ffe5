/**
 * The library's own decide/evolve, shaped as Emmett expects (a command handler that
 * returns events or throws), with the same command decoding as the service, so Emmett's
 * `CommandHandler` runs exactly the same domain work. Shared by the in-memory comparison
 * (Emmett 0.42) and the EventStoreDB one (Emmett 0.20 in bench/emmett-esdb/).
 */
import * as E from 'fp-ts/lib/Either.js';
import { decodeCommandMetadata } from '../src/application/complaintService';
import { CURRENT_SCHEMA_VERSIONS } from '../src/stream/upcasting';
import { decodeCommand } from '../src/domain/decode';
import { decide } from '../src/domain/decide';
import { describeComplaintError } from '../src/domain/errors';
import type { ComplaintEvent } from '../src/domain/events';
import { evolve } from '../src/domain/evolve';
import { defaultPolicy } from '../src/domain/policy/policy';
import { toInstant } from '../src/domain/primitives';
import { type ComplaintState, initialState } from '../src/domain/state';
import type { Step } from './workload';

const decodeMetadata = decodeCommandMetadata;

/** An Emmett event: our event plus the same metadata envelope the service stores. */
export type EmmettComplaintEvent = ComplaintEvent & { readonly metadata?: Record<string, unknown> };

/** Emmett's evolve: ours, ignoring Emmett's read metadata. */
export const emmettEvolve = (state: ComplaintState, event: { type: string; data: unknown }): ComplaintState =>
  evolve(state, event as ComplaintEvent);

/** Emmett's initial state. */
export const emmettInitialState = (): ComplaintState => initialState;

/**
 * Decodes a step's command and metadata (as the service does) and answers the complaint id
 * and the Emmett handler: decide under the default policy at the step's time, throw on a
 * refusal, and return the events with the service's metadata envelope.
 */
export const emmettCommand = (step: Step): { id: string; handle: (state: ComplaintState) => EmmettComplaintEvent[] } => {
  const metadata = decodeMetadata(step.metadata);
  if (E.isLeft(metadata)) throw new Error('bad metadata');
  const command = decodeCommand(step.command);
  if (E.isLeft(command)) throw new Error('bad command');
  const c = command.right;
  const m = metadata.right;
  return {
    id: c.complaintId,
    handle: (state) => {
      const r = decide(c, state, { now: step.now, policy: defaultPolicy, actor: m.actor });
      if (E.isLeft(r)) throw new Error(describeComplaintError(r.left));
      const envelope = {
        actor: m.actor,
        commandId: m.commandId,
        commandType: c.type,
        correlationId: m.correlationId ?? m.commandId,
        causationId: m.causationId ?? m.commandId,
        policyVersion: state.status === 'none' ? defaultPolicy.version : state.policyVersion,
        recordedAt: toInstant(step.now),
      };
      return r.right.map((e) => ({ ...e, metadata: { ...envelope, schemaVersion: CURRENT_SCHEMA_VERSIONS[e.type] } }));
    },
  };
};
