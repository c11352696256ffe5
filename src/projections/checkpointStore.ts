/**
 * Where projection runners keep their checkpoint: the global-log position processed so far
 * together with the model folded up to it, saved as one value so they never disagree.
 */
import type { Position } from '../eventstore/port';
import type { ProjectionCodec } from './projection';

/** A projection's saved state: position, projection version and model, saved together. */
export interface Checkpoint<M> {
  /** Last global-log position folded into `model` (null: nothing read yet). */
  readonly position: Position | null;
  /** The projection version that produced `model`. */
  readonly version: number;
  /** The model as of `position`. */
  readonly model: M;
  /** Number of complaint events folded into `model`. */
  readonly eventsProcessed: number;
}

/**
 * The checkpoint store port. `save` must be atomic: a later `load` sees all of it or none.
 * The runner passes the projection's own codec (see `Projection`), when it has one, to
 * `save` and `load`: a store that keeps models as JSON uses it; a store that keeps the
 * model objects themselves (in memory) may ignore it.
 */
export interface CheckpointStore {
  /** Saves the checkpoint of projection `name`, replacing the previous one. */
  save<M>(name: string, checkpoint: Checkpoint<M>, codec?: ProjectionCodec<M>): Promise<void>;
  /** The last checkpoint saved for `name`, or undefined. */
  load<M>(name: string, codec?: ProjectionCodec<M>): Promise<Checkpoint<M> | undefined>;
  /** Forgets the checkpoint of `name`. */
  delete(name: string): Promise<void>;
}

/**
 * A {@link CheckpointStore} in memory: each save replaces one map entry in a single
 * assignment, so it is atomic. The caller must hand over a model it will not mutate
 * afterwards (the runner saves clones). It keeps model objects, so it needs no codec.
 */
export class InMemoryCheckpointStore implements CheckpointStore {
  private readonly byName = new Map<string, Checkpoint<unknown>>();

  /** {@inheritDoc CheckpointStore.save} */
  async save<M>(name: string, checkpoint: Checkpoint<M>): Promise<void> {
    this.byName.set(name, Object.freeze({ ...checkpoint }));
  }

  /** {@inheritDoc CheckpointStore.load} */
  async load<M>(name: string): Promise<Checkpoint<M> | undefined> {
    // The store only ever holds what `save<M>` was given under `name`.
    return this.byName.get(name) as Checkpoint<M> | undefined;
  }

  /** {@inheritDoc CheckpointStore.delete} */
  async delete(name: string): Promise<void> {
    this.byName.delete(name);
  }
}
