/**
 * Projections: read models folded from the global log of complaint events.
 * @packageDocumentation
 */
import type * as E from 'fp-ts/lib/Either.js';
import type { DecodeError } from '../domain/decoding';
import type { ComplaintEventType } from '../domain/events';
import type { JsonValue } from '../eventstore/port';
import type { StoredComplaintEvent } from '../stream/decodeStream';

/**
 * A projection's model as JSON and back, for a durable checkpoint store. `decode` answers a
 * `DecodeError` naming what is wrong and where (a JSON path) for JSON that `encode` did not
 * write, and never throws.
 */
export interface ProjectionCodec<M> {
  /** The model as JSON (a fresh value; the model is not changed). */
  encode(model: M): JsonValue;
  /** The model back from {@link ProjectionCodec.encode}'s JSON, or what is wrong with it and where. */
  decode(json: JsonValue): E.Either<DecodeError, M>;
}

/**
 * A projection: a named, versioned fold `(model, event) → model` over complaint events.
 *
 * **Ownership.** For speed, `apply` MAY mutate `model` in place and return it (the runner
 * never keeps a reference to an older model), so `apply` must be given a model nobody else
 * reads concurrently. `clone` returns an independent copy — later changes to either model
 * never show in the other —: the runner saves clones to its checkpoint store so that later
 * mutations never alter a saved checkpoint. (The built-in projections share unchanged
 * records between a model and its copies and copy a record only when it changes, so a
 * clone costs about a list of the records, not a deep copy.)
 *
 * **Its own codec.** A projection that gives `encode` and `decode` (both, or neither) carries
 * its checkpoint codec: the runner hands it to the checkpoint store, so a durable store needs
 * no codec of its own (see `EventStoreCheckpointStore`).
 *
 * **The events it handles.** A projection that lists `eventTypes` declares that `apply`
 * leaves the model as it is for every other complaint event type: the runner then does not
 * fold those events, but still decodes them — a corrupt event is reported whatever its type —
 * and counts them as processed.
 *
 * Bump `version` whenever `apply` changes meaning: a checkpoint of another version is
 * discarded and the projection is rebuilt from the start of the log.
 */
export interface Projection<M> {
  /** The model as JSON for a durable checkpoint store (give `decode` with it). */
  encode?(model: M): JsonValue;
  /** The model back from `encode`'s JSON, or a `DecodeError` naming what is wrong and where; never throws. */
  decode?(json: JsonValue): E.Either<DecodeError, M>;
  /** Stable name, the key of its checkpoint. */
  readonly name: string;
  /** Version of the fold; a checkpoint of another version is ignored. */
  readonly version: number;
  /** The complaint event types `apply` can change the model for (absent: every type). */
  readonly eventTypes?: readonly ComplaintEventType[];
  /** The model before any event. A fresh value on every call. */
  initial(): M;
  /**
   * Folds one event in (may mutate `model`; returns the model to keep). The event is
   * read-only: its `event` and `metadata` are frozen, and from the in-memory store the runner
   * hands the same frozen object to every read, whose `createdAt` answers a fresh `Date`.
   */
  apply(model: M, event: StoredComplaintEvent): M;
  /** An independent copy of `model`: later changes to either never show in the other (used for checkpoints). */
  clone(model: M): M;
}

/** The codec a projection carries, when it gives both halves (called on the projection, so methods keep their `this`). */
export const codecOf = <M>(projection: Projection<M>): ProjectionCodec<M> | undefined => {
  if (projection.encode === undefined || projection.decode === undefined) return undefined;
  const p = projection as Projection<M> & ProjectionCodec<M>;
  return { encode: (model) => p.encode(model), decode: (json) => p.decode(json) };
};
