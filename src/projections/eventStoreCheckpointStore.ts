/**
 * Projection checkpoints kept in the event store itself — in production, in EventStoreDB:
 * one stream per projection, `projection-checkpoint-<name>`, each save one event holding the
 * position, the projection version, the count and the model. A single-event append is
 * atomic, so position and model never disagree; a restarted runner loads the last event and
 * resumes after its position. The streams are outside the `complaint` category, so
 * projections never read them as complaint events.
 */
import { v4 as uuidv4 } from 'uuid';
import { EventStoreError } from '../eventstore/errors';
import type { EventStore, JsonValue, Position } from '../eventstore/port';
import type { Checkpoint, CheckpointStore } from './checkpointStore';

/** Turns a projection's model into JSON and back (identity for JSON-friendly models). */
export interface ModelCodec {
  /** The model of projection `projectionName` as JSON, to store in its checkpoint stream. */
  encode(projectionName: string, model: unknown): JsonValue;
  /** The model of projection `projectionName` back from its stored JSON. */
  decode(projectionName: string, json: JsonValue): unknown;
}

/** Options of {@link EventStoreCheckpointStore}. */
export interface EventStoreCheckpointStoreOptions {
  /** Stream name prefix (default `projection-checkpoint-`). */
  readonly streamPrefix?: string;
  /** Model serialisation (default: the model is stored as JSON as it is). */
  readonly codec?: ModelCodec;
}

/** Event type of a saved checkpoint. */
export const CHECKPOINT_SAVED = 'ProjectionCheckpointSaved';
/** Event type of a forgotten checkpoint (after `delete`, e.g. before a rebuild). */
export const CHECKPOINT_RESET = 'ProjectionCheckpointReset';

const jsonCodec: ModelCodec = { encode: (_n, model) => model as JsonValue, decode: (_n, json) => json };

const isObject = (v: JsonValue | undefined): v is { [key: string]: JsonValue } => typeof v === 'object' && v !== null && !Array.isArray(v);

const positionFromJson = (v: JsonValue | undefined): Position | null | undefined => {
  if (v === null) return null;
  if (!isObject(v) || typeof v.commit !== 'string' || typeof v.prepare !== 'string') return undefined;
  return { commit: BigInt(v.commit), prepare: BigInt(v.prepare) };
};

/** A {@link CheckpointStore} over any {@link EventStore} (EventStoreDB in production). */
export class EventStoreCheckpointStore implements CheckpointStore {
  private readonly prefix: string;
  private readonly codec: ModelCodec;

  constructor(
    private readonly store: EventStore,
    options: EventStoreCheckpointStoreOptions = {},
  ) {
    this.prefix = options.streamPrefix ?? 'projection-checkpoint-';
    this.codec = options.codec ?? jsonCodec;
  }

  /** The stream holding the checkpoints of projection `name`. */
  streamName(name: string): string {
    return `${this.prefix}${name}`;
  }

  /** {@inheritDoc CheckpointStore.save} */
  async save<M>(name: string, checkpoint: Checkpoint<M>): Promise<void> {
    const position = checkpoint.position === null ? null : { commit: checkpoint.position.commit.toString(), prepare: checkpoint.position.prepare.toString() };
    await this.store.appendToStream(this.streamName(name), [
      {
        id: uuidv4(),
        type: CHECKPOINT_SAVED,
        data: { position, version: checkpoint.version, eventsProcessed: checkpoint.eventsProcessed, model: this.codec.encode(name, checkpoint.model) },
        metadata: { projection: name },
      },
    ]);
  }

  /** {@inheritDoc CheckpointStore.load} */
  async load<M>(name: string): Promise<Checkpoint<M> | undefined> {
    const [last] = await this.store.readStream(this.streamName(name), { direction: 'backwards', maxCount: 1 });
    if (last === undefined || last.type === CHECKPOINT_RESET) return undefined;
    const data = last.data;
    const position = isObject(data) ? positionFromJson(data.position) : undefined;
    if (!isObject(data) || last.type !== CHECKPOINT_SAVED || position === undefined || typeof data.version !== 'number' || typeof data.eventsProcessed !== 'number' || !('model' in data))
      throw new EventStoreError({
        _tag: 'StoreFailure',
        message: `checkpoint ${last.streamName}@${last.revision} (${last.type}) is not a projection checkpoint; delete it or use another stream prefix`,
      });
    // The codec rebuilds what `save<M>` encoded for this projection name.
    const model = this.codec.decode(name, data.model ?? null) as M;
    return { position, version: data.version, eventsProcessed: data.eventsProcessed, model };
  }

  /** {@inheritDoc CheckpointStore.delete} */
  async delete(name: string): Promise<void> {
    const [last] = await this.store.readStream(this.streamName(name), { direction: 'backwards', maxCount: 1 });
    if (last === undefined || last.type === CHECKPOINT_RESET) return;
    await this.store.appendToStream(this.streamName(name), [{ id: uuidv4(), type: CHECKPOINT_RESET, data: {}, metadata: { projection: name } }]);
  }
}
