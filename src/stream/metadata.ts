/**
 * The metadata envelope: what the caller says about a command, and what every stored event
 * carries (domain.md §6: actor, command id, correlation and causation ids, policy version,
 * schema version, recorded-at).
 */
import * as t from 'io-ts';
import { Instant, ShortText, Uuid } from '../domain/primitives';
import { Actor } from '../domain/vocabulary';

/**
 * What the caller passes with a command. `commandId` makes the command idempotent: a retry
 * with the same id never appends twice. `correlationId` ties together everything caused by
 * one user request (defaults to the command id); `causationId` names what caused this
 * command (a previous event or command id; defaults to the command id).
 */
export const CommandMetadata = t.intersection(
  // The actor is stored on every event: unknown keys in it are stripped like the others.
  [t.exact(t.type({ commandId: Uuid, actor: t.exact(Actor) })), t.exact(t.partial({ correlationId: ShortText, causationId: ShortText }))],
  'CommandMetadata',
);
/** Command metadata. */
export type CommandMetadata = t.TypeOf<typeof CommandMetadata>;
/** Command metadata as callers write it (plain strings). */
export type CommandMetadataInput = t.OutputOf<typeof CommandMetadata>;

/** The envelope stored as every event's metadata. */
export const EventMetadata = t.type(
  {
    actor: Actor,
    commandId: Uuid,
    commandType: ShortText,
    correlationId: ShortText,
    causationId: ShortText,
    policyVersion: ShortText,
    schemaVersion: t.number,
    recordedAt: Instant,
  },
  'EventMetadata',
);
/** Event metadata. */
export type EventMetadata = t.TypeOf<typeof EventMetadata>;
