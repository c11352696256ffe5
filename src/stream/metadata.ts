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

const lowerHex = (digits: number, name: string): t.RefinementC<t.StringC> => {
  const pattern = new RegExp(`^[0-9a-f]{${digits}}$`);
  return t.refinement(t.string, (s) => pattern.test(s), name);
};

/** An OpenTelemetry trace id: 32 lower-case hex digits. */
export const TraceId = lowerHex(32, 'TraceId(32 lower-case hex digits)');
/** An OpenTelemetry span id: 16 lower-case hex digits. */
export const SpanId = lowerHex(16, 'SpanId(16 lower-case hex digits)');

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

/**
 * The trace context an event's metadata may also carry: `$traceId` and `$spanId` (KurrentDB's
 * own keys) of the span that appended it, present when the service ran under a sampled
 * OpenTelemetry span (see docs/observability.md). Part of the published contract, but not
 * checked when events are read — telemetry never makes an event unreadable: `traceContextOf`
 * reads them, and ignores values of another shape.
 */
export const TraceContextFields = t.partial({ $traceId: TraceId, $spanId: SpanId }, 'TraceContextFields');
/** Event metadata. */
export type EventMetadata = t.TypeOf<typeof EventMetadata>;
