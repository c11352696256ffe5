/**
 * Projection checkpoints kept in the event store itself — in production, in EventStoreDB:
 * one stream per projection, `projection-checkpoint-<name>`, outside the `complaint`
 * category so projections never read it as complaint events.
 *
 * A save writes a snapshot (see checkpointFormat.ts): the model JSON gzipped and cut into
 * chunk events that each fit the node's maximum append size, then a manifest naming them.
 * A load reads the last manifest and its chunks, and checks them (sizes, SHA-256) before
 * decoding; chunks of a save that died half way are never named by a manifest, so position
 * and model never disagree. Checkpoints of format 1 (one event holding the model, earlier
 * releases) still load.
 *
 * Every append expects the exact revision this store last read or wrote, so two runners
 * saving the same projection never interleave their chunks: the one that finds the stream
 * moved under it is fenced (`CheckpointFenced`) and saves no more until it loads again.
 * Events carry the writer's id, so this store recognises its own writes whose answer was
 * lost and carries on. After each snapshot, the stream's `$tb` (truncate before) is moved to
 * its first event: older snapshots stop being readable and the node reclaims them when it
 * scavenges.
 */
import * as E from 'fp-ts/lib/Either.js';
import { v4 as uuidv4 } from 'uuid';
import { type DecodeIssue, describeDecodeError } from '../domain/decoding';
import { EVENTSTOREDB_MAX_APPEND_SIZE, eventSizeOf } from '../eventstore/appendSize';
import { storeErrorOf } from '../eventstore/errors';
import type { ActualRevision, EventStore, EventToAppend, JsonObject, JsonValue, RecordedEvent } from '../eventstore/port';
import { CheckpointError, type CheckpointFenced } from './checkpointErrors';
import { CHECKPOINT_CHUNK, CHECKPOINT_FORMAT, CHECKPOINT_RESET, CHECKPOINT_SAVED, type Manifest, decodeCheckpointEvent, positionToJson } from './checkpointFormat';
import type { Checkpoint, CheckpointStore } from './checkpointStore';
import type { ProjectionCodec } from './projection';
import { pack, slices, unpack } from './snapshotPayload';

export { CHECKPOINT_CHUNK, CHECKPOINT_RESET, CHECKPOINT_SAVED } from './checkpointFormat';

/**
 * Turns a projection's model into JSON and back (identity for JSON-friendly models), for the
 * projections that do not carry their own codec (`Projection.encode` / `decode`, which the
 * runner hands to the store and which win over this one).
 */
export interface ModelCodec {
  /** The model of projection `projectionName` as JSON, to store in its checkpoint stream. */
  encode(projectionName: string, model: unknown): JsonValue;
  /** The model of projection `projectionName` back from its stored JSON; may throw on JSON it does not recognise. */
  decode(projectionName: string, json: JsonValue): unknown;
}

/** Options of {@link EventStoreCheckpointStore}. */
export interface EventStoreCheckpointStoreOptions {
  /** Stream name prefix (default `projection-checkpoint-`). */
  readonly streamPrefix?: string;
  /**
   * Model serialisation for projections without a codec of their own (default: the model is
   * stored as JSON as it is). A codec passed to `save` / `load` — the runner passes the
   * projection's — is used instead.
   */
  readonly codec?: ModelCodec;
  /**
   * The node's maximum append size, in bytes as the node counts them (see `appendSizeOf`);
   * every chunk and manifest is sized to fit. Default {@link EVENTSTOREDB_MAX_APPEND_SIZE}
   * (1 MiB, EventStoreDB's and KurrentDB's default). At least 1 KiB.
   */
  readonly maxAppendSize?: number;
  /** zlib compression level of the model JSON, 0 (none) to 9 (smallest). Default 6. */
  readonly compressionLevel?: number;
  /**
   * This store's name in the events it writes (`metadata.writer`), by which it recognises
   * its own writes and names the other runner when fenced. Default: a random UUID per store.
   * Give each process its own.
   */
  readonly writerId?: string;
}

const DEFAULT_PREFIX = 'projection-checkpoint-';
const MIN_APPEND_SIZE = 1024;
/** Loads retried when a newer save trims the snapshot being read. */
const LOAD_ATTEMPTS = 3;
/** Rounds of "the stream moved: were those our own writes?" before giving up. */
const ADOPT_ATTEMPTS = 3;

const jsonCodec: ModelCodec = { encode: (_n, model) => model as JsonValue, decode: (_n, json) => json };

/** What this store knows of a checkpoint stream. */
interface StreamState {
  /** The revision this store last read or wrote (undefined: not read yet). */
  revision: bigint | 'no_stream' | undefined;
  /** Set once another runner took the stream over; cleared by `load` and `delete`. */
  fenced: CheckpointFenced | undefined;
}

/** Why a load could not produce a checkpoint. */
type LoadFailure =
  | { readonly truncated: true }
  | { readonly truncated: false; readonly revision: bigint; readonly reason: string; readonly issues?: readonly DecodeIssue[] };

/** Why a model did not decode: a sentence fragment, and the issues when the decoder named them. */
interface ModelRefusal {
  readonly reason: string;
  readonly issues?: readonly DecodeIssue[];
}

const base64Length = (bytes: number): number => 4 * Math.ceil(bytes / 3);

/**
 * A {@link CheckpointStore} over any {@link EventStore} (EventStoreDB in production) that
 * scales with the model: chunked, compressed snapshots under the node's append limit,
 * fenced appends, old snapshots trimmed. One instance per process; fencing is between
 * instances (runners of different processes), each with its own writer id.
 */
export class EventStoreCheckpointStore implements CheckpointStore {
  /** The id this store writes into `metadata.writer` of its events. */
  readonly writerId: string;
  private readonly prefix: string;
  private readonly codec: ModelCodec;
  private readonly maxAppendSize: number;
  private readonly level: number;
  private readonly states = new Map<string, StreamState>();

  /**
   * @param store - where the checkpoint streams live.
   * @param options - stream prefix, model codec, append limit, compression, writer id.
   * @throws RangeError when `maxAppendSize` is below 1 KiB or `compressionLevel` is not 0–9.
   */
  constructor(
    private readonly store: EventStore,
    options: EventStoreCheckpointStoreOptions = {},
  ) {
    this.prefix = options.streamPrefix ?? DEFAULT_PREFIX;
    this.codec = options.codec ?? jsonCodec;
    this.maxAppendSize = options.maxAppendSize ?? EVENTSTOREDB_MAX_APPEND_SIZE;
    if (!(Number.isSafeInteger(this.maxAppendSize) && this.maxAppendSize >= MIN_APPEND_SIZE)) {
      throw new RangeError(`maxAppendSize ${this.maxAppendSize} must be a whole number of bytes >= ${MIN_APPEND_SIZE}.`);
    }
    this.level = options.compressionLevel ?? 6;
    if (!(Number.isInteger(this.level) && this.level >= 0 && this.level <= 9)) throw new RangeError(`compressionLevel ${this.level} must be a whole number from 0 to 9.`);
    this.writerId = options.writerId ?? uuidv4();
  }

  /** The stream holding the checkpoints of projection `name`. */
  streamName(name: string): string {
    return `${this.prefix}${name}`;
  }

  /**
   * {@inheritDoc CheckpointStore.save}
   *
   * Appends the snapshot's chunks and then its manifest, each at the exact revision
   * expected, then moves the stream's `$tb` to the snapshot's first event.
   * @throws CheckpointError `CheckpointFenced` when another runner wrote to the stream since
   * this store last read or wrote it (then, and for every later save until `load` or
   * `delete`, nothing is written).
   * @throws EventStoreError from the event store (the snapshot is then incomplete and ignored
   * by loads).
   */
  async save<M>(name: string, checkpoint: Checkpoint<M>, codec?: ProjectionCodec<M>): Promise<void> {
    const stream = this.streamName(name);
    const state = this.stateOf(name);
    if (state.fenced !== undefined) throw new CheckpointError(state.fenced);
    const json = codec === undefined ? this.codec.encode(name, checkpoint.model) : codec.encode(checkpoint.model);
    const payload = await pack(json, this.level);
    if (state.fenced !== undefined) throw new CheckpointError(state.fenced);
    let expected = state.revision ?? (await this.headRevision(stream));
    const snapshot = uuidv4();
    const metadata: JsonObject = { projection: name, writer: this.writerId };
    const manifestOf = (chunks: JsonValue, inline: string | undefined): EventToAppend => ({
      id: uuidv4(),
      type: CHECKPOINT_SAVED,
      data: {
        format: CHECKPOINT_FORMAT,
        snapshot,
        position: positionToJson(checkpoint.position),
        version: checkpoint.version,
        eventsProcessed: checkpoint.eventsProcessed,
        encoding: 'gzip',
        modelBytes: payload.modelBytes,
        bytes: payload.compressed.length,
        sha256: payload.sha256,
        chunks,
        ...(inline === undefined ? {} : { inline }),
      },
      metadata,
    });
    let manifest: EventToAppend;
    let first: bigint | undefined;
    if (eventSizeOf(manifestOf(null, '')) + base64Length(payload.compressed.length) <= this.maxAppendSize) {
      manifest = manifestOf(null, payload.compressed.toString('base64'));
    } else {
      const parts = slices(payload.compressed, this.sliceBytes(name, snapshot, metadata));
      for (const [index, bytes] of parts.entries()) {
        expected = await this.appendOne(name, { id: uuidv4(), type: CHECKPOINT_CHUNK, data: { snapshot, index, bytes }, metadata }, expected);
        first ??= expected;
      }
      manifest = manifestOf({ first: String(first), count: parts.length }, undefined);
    }
    const written = await this.appendOne(name, manifest, expected);
    await this.store.setStreamMetadata(stream, { truncateBefore: first ?? written });
  }

  /**
   * {@inheritDoc CheckpointStore.load}
   *
   * Also takes the stream over for this store: later saves expect the revision read here.
   * @throws CheckpointError `CheckpointUnreadable` when the last checkpoint in the stream
   * cannot be read back (a foreign event, a corrupt or missing chunk, a model the codec
   * refuses — with the decoder's `issues`, paths and all, when it is the projection's own
   * codec); the message says how to rebuild.
   */
  async load<M>(name: string, codec?: ProjectionCodec<M>): Promise<Checkpoint<M> | undefined> {
    const stream = this.streamName(name);
    for (let attempt = 1; ; attempt++) {
      const [head] = await this.store.readStream(stream, { direction: 'backwards', maxCount: 1 });
      const read = head === undefined ? E.right(undefined) : await this.readFrom(name, head, codec);
      if (E.isRight(read)) {
        this.states.set(name, { revision: head?.revision ?? 'no_stream', fenced: undefined });
        // The codec rebuilt what `save<M>` encoded for this projection name.
        return read.right as Checkpoint<M> | undefined;
      }
      const failure = read.left;
      if (failure.truncated && attempt < LOAD_ATTEMPTS) continue;
      throw new CheckpointError({
        _tag: 'CheckpointUnreadable',
        projection: name,
        streamName: stream,
        revision: failure.truncated ? (head?.revision ?? 0n) : failure.revision,
        reason: failure.truncated ? `its chunks kept disappearing while being read (${LOAD_ATTEMPTS} attempts): is another runner saving it very often?` : failure.reason,
        ...(!failure.truncated && failure.issues !== undefined ? { issues: failure.issues } : {}),
      });
    }
  }

  /**
   * {@inheritDoc CheckpointStore.delete}
   *
   * Appends a reset marker and truncates the stream before it; also takes the stream over
   * for this store (a rebuild wins against a runner still saving the old model).
   */
  async delete(name: string): Promise<void> {
    const stream = this.streamName(name);
    for (let attempt = 1; ; attempt++) {
      const [head] = await this.store.readStream(stream, { direction: 'backwards', maxCount: 1 });
      if (head === undefined || head.type === CHECKPOINT_RESET) {
        this.states.set(name, { revision: head?.revision ?? 'no_stream', fenced: undefined });
        return;
      }
      try {
        const reset = { id: uuidv4(), type: CHECKPOINT_RESET, data: {}, metadata: { projection: name, writer: this.writerId } };
        const { nextExpectedRevision } = await this.store.appendToStream(stream, [reset], { expectedRevision: head.revision });
        this.states.set(name, { revision: nextExpectedRevision, fenced: undefined });
        await this.store.setStreamMetadata(stream, { truncateBefore: nextExpectedRevision });
        return;
      } catch (e) {
        if (storeErrorOf(e)?._tag !== 'ConcurrencyConflict' || attempt >= ADOPT_ATTEMPTS) throw e;
      }
    }
  }

  private stateOf(name: string): StreamState {
    let state = this.states.get(name);
    if (state === undefined) {
      state = { revision: undefined, fenced: undefined };
      this.states.set(name, state);
    }
    return state;
  }

  private async headRevision(stream: string): Promise<bigint | 'no_stream'> {
    const [head] = await this.store.readStream(stream, { direction: 'backwards', maxCount: 1 });
    return head?.revision ?? 'no_stream';
  }

  /** Raw bytes per chunk so that a chunk event, base64 and all, fits the append limit. */
  private sliceBytes(name: string, snapshot: string, metadata: JsonObject): number {
    const empty = eventSizeOf({ id: snapshot, type: CHECKPOINT_CHUNK, data: { snapshot, index: Number.MAX_SAFE_INTEGER, bytes: '' }, metadata });
    const slice = Math.floor((this.maxAppendSize - empty) / 4) * 3;
    if (slice < 256) throw new RangeError(`projection name ${JSON.stringify(name)} leaves no room for checkpoint chunks under maxAppendSize ${this.maxAppendSize}; use a shorter name.`);
    return slice;
  }

  /** Appends one event at `expected`; answers its revision. Fences on another writer's events. */
  private async appendOne(name: string, event: EventToAppend, expected: bigint | 'no_stream'): Promise<bigint> {
    const stream = this.streamName(name);
    const state = this.stateOf(name);
    for (let attempt = 1; ; attempt++) {
      try {
        const { nextExpectedRevision } = await this.store.appendToStream(stream, [event], { expectedRevision: expected });
        state.revision = nextExpectedRevision;
        return nextExpectedRevision;
      } catch (e) {
        const error = storeErrorOf(e);
        if (error?._tag !== 'ConcurrencyConflict') throw e;
        const own = attempt < ADOPT_ATTEMPTS && (await this.onlyOwnWrites(stream, expected, error.actual));
        if (!own) {
          state.fenced = { _tag: 'CheckpointFenced', projection: name, streamName: stream, expected, actual: error.actual, otherWriter: await this.lastWriter(stream) };
          throw new CheckpointError(state.fenced);
        }
        // Our own events, written by a save whose answer was lost: carry on after them.
        expected = error.actual;
        state.revision = expected;
      }
    }
  }

  /** True when every event after `expected` up to `actual` is readable and was written by this store. */
  private async onlyOwnWrites(stream: string, expected: bigint | 'no_stream', actual: ActualRevision): Promise<boolean> {
    const from = expected === 'no_stream' ? 0n : expected + 1n;
    if (actual === 'no_stream' || actual < from) return false;
    const count = actual - from + 1n;
    if (count > 10_000n) return false;
    const events = await this.store.readStream(stream, { fromRevision: from, maxCount: Number(count) });
    return events.length === Number(count) && events[0]?.revision === from && events.every((e) => e.metadata.writer === this.writerId);
  }

  private async lastWriter(stream: string): Promise<string | undefined> {
    try {
      const [head] = await this.store.readStream(stream, { direction: 'backwards', maxCount: 1 });
      const writer = head?.metadata.writer;
      return typeof writer === 'string' ? writer : undefined;
    } catch {
      return undefined; // only names the other runner in the message
    }
  }

  /** The checkpoint the stream holds, reading back from its last event `head`. */
  private async readFrom<M>(name: string, head: RecordedEvent, codec: ProjectionCodec<M> | undefined): Promise<E.Either<LoadFailure, Checkpoint<unknown> | undefined>> {
    const stream = this.streamName(name);
    let event: RecordedEvent | undefined = head;
    // Chunks after the last manifest belong to a save that did not finish: step over them.
    while (event !== undefined) {
      const decoded = decodeCheckpointEvent(event);
      if (E.isLeft(decoded)) return E.left({ truncated: false, revision: event.revision, reason: decoded.left });
      const found = decoded.right;
      switch (found.format) {
        case 'reset':
          return E.right(undefined);
        case 'chunk':
          event = found.revision === 0n ? undefined : (await this.store.readStream(stream, { direction: 'backwards', fromRevision: found.revision - 1n, maxCount: 1 }))[0];
          continue;
        case 1:
          return E.bimap(
            (refusal: ModelRefusal): LoadFailure => ({ truncated: false, revision: found.revision, ...refusal }),
            (model: unknown) => ({ position: found.position, version: found.version, eventsProcessed: found.eventsProcessed, model }),
          )(this.decodeModel(name, found.model, codec));
        case 2: {
          const json = await this.payloadOf(stream, found);
          if (E.isLeft(json)) return json;
          return E.bimap(
            (refusal: ModelRefusal): LoadFailure => ({ truncated: false, revision: found.revision, ...refusal }),
            (model: unknown) => ({ position: found.position, version: found.version, eventsProcessed: found.eventsProcessed, model }),
          )(this.decodeModel(name, json.right, codec));
        }
      }
    }
    return E.right(undefined);
  }

  /** The model JSON of a format-2 snapshot: its chunks read, checked and unpacked. */
  private async payloadOf(stream: string, manifest: Manifest): Promise<E.Either<LoadFailure, JsonValue>> {
    const unreadable = (reason: string): LoadFailure => ({ truncated: false, revision: manifest.revision, reason });
    const { parts } = manifest;
    let base64: string[];
    if ('inline' in parts) base64 = [parts.inline];
    else {
      const events = await this.store.readStream(stream, { fromRevision: parts.first, maxCount: parts.count });
      // Fewer chunks than named: a newer save truncated the stream while this one read it.
      if (events.length !== parts.count || (parts.count > 0 && events[0]?.revision !== parts.first)) return E.left({ truncated: true });
      base64 = [];
      for (const [i, e] of events.entries()) {
        const chunk = decodeCheckpointEvent(e);
        if (E.isLeft(chunk)) return E.left(unreadable(`chunk ${i} (revision ${e.revision}): ${chunk.left}`));
        const c = chunk.right;
        if (c.format !== 'chunk' || c.snapshot !== manifest.snapshot || c.index !== i || c.revision !== parts.first + BigInt(i)) {
          return E.left(unreadable(`revision ${e.revision} is not chunk ${i} of snapshot ${manifest.snapshot}`));
        }
        base64.push(c.bytes);
      }
    }
    return E.mapLeft(unreadable)(await unpack(base64, manifest));
  }

  /** The model of a checkpoint: the projection's own codec if given (an Either), else this store's (which may throw). */
  private decodeModel<M>(name: string, json: JsonValue, codec: ProjectionCodec<M> | undefined): E.Either<ModelRefusal, unknown> {
    if (codec !== undefined) {
      return E.mapLeft((e: Parameters<typeof describeDecodeError>[0]): ModelRefusal => ({ reason: `its model does not decode (${describeDecodeError(e)})`, issues: e.issues }))(codec.decode(json));
    }
    return E.tryCatch(
      () => this.codec.decode(name, json),
      (e): ModelRefusal => ({ reason: `the model codec refused its model (${e instanceof Error ? e.message : String(e)})` }),
    );
  }
}
