/**
 * Projections: read models folded from the global log of complaint events.
 * @packageDocumentation
 */
import type { StoredComplaintEvent } from '../stream/decodeStream';

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
 * Bump `version` whenever `apply` changes meaning: a checkpoint of another version is
 * discarded and the projection is rebuilt from the start of the log.
 */
export interface Projection<M> {
  /** Stable name, the key of its checkpoint. */
  readonly name: string;
  /** Version of the fold; a checkpoint of another version is ignored. */
  readonly version: number;
  /** The model before any event. A fresh value on every call. */
  initial(): M;
  /** Folds one event in (may mutate `model`; returns the model to keep). */
  apply(model: M, event: StoredComplaintEvent): M;
  /** An independent copy of `model`: later changes to either never show in the other (used for checkpoints). */
  clone(model: M): M;
}
