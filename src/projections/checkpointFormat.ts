/**
 * What a checkpoint stream holds, and how each event decodes — every decoder answers an
 * `Either` (a sentence on the left) rather than throwing.
 *
 * Format 2 (this release): a snapshot is `count` chunk events (`ProjectionCheckpointChunk`,
 * each a slice of the gzipped model JSON in base64, small enough for the node's maximum
 * append size) followed by one manifest (`ProjectionCheckpointSaved`, `format: 2`) naming
 * the snapshot, its first chunk's revision, the sizes and the SHA-256 of the compressed
 * bytes. A model small enough travels inline in the manifest, with no chunks. Chunks that no
 * manifest names (a save that died half way) are ignored.
 *
 * Format 1 (earlier releases): one `ProjectionCheckpointSaved` event holding the model JSON
 * itself; still read.
 * @packageDocumentation
 */
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import { decodeWith, describeDecodeError } from '../domain/decoding';
import type { JsonValue, Position, RecordedEvent } from '../eventstore/port';

/** Event type of a saved checkpoint: the manifest of a snapshot (format 2) or the whole checkpoint (format 1). */
export const CHECKPOINT_SAVED = 'ProjectionCheckpointSaved';
/** Event type of one chunk of a snapshot (format 2). */
export const CHECKPOINT_CHUNK = 'ProjectionCheckpointChunk';
/** Event type of a forgotten checkpoint (after `delete`, e.g. before a rebuild). */
export const CHECKPOINT_RESET = 'ProjectionCheckpointReset';

/** The checkpoint format this release writes. */
export const CHECKPOINT_FORMAT = 2;

const Decimal = t.refinement(t.string, (s) => /^(0|[1-9]\d*)$/.test(s), 'decimal integer string');
const Count = t.refinement(t.number, (n) => Number.isSafeInteger(n) && n >= 0, 'whole number >= 0');
const PositionJson = t.union([t.null, t.type({ commit: Decimal, prepare: Decimal })], 'position or null');

const Header = {
  position: PositionJson,
  version: t.number,
  eventsProcessed: Count,
};

const ManifestV2 = t.intersection([
  t.type({
    format: t.literal(2),
    snapshot: t.string,
    ...Header,
    encoding: t.literal('gzip'),
    modelBytes: Count,
    bytes: Count,
    sha256: t.refinement(t.string, (s) => /^[0-9a-f]{64}$/.test(s), 'SHA-256 in hex'),
    chunks: t.union([t.null, t.type({ first: Decimal, count: Count })]),
  }),
  t.partial({ inline: t.string }),
]);

const LegacyV1 = t.type({ ...Header, model: t.unknown });

const ChunkData = t.type({ snapshot: t.string, index: Count, bytes: t.string });

/** Where a format-2 snapshot's compressed model is. */
export type SnapshotParts =
  | { readonly inline: string }
  | { readonly first: bigint; readonly count: number };

/** A format-2 manifest, decoded. */
export interface Manifest {
  readonly format: 2;
  readonly revision: bigint;
  readonly snapshot: string;
  readonly position: Position | null;
  readonly version: number;
  readonly eventsProcessed: number;
  /** Size of the model JSON (UTF-8), before compression. */
  readonly modelBytes: number;
  /** Size of the compressed model. */
  readonly bytes: number;
  readonly sha256: string;
  readonly parts: SnapshotParts;
}

/** A format-1 checkpoint, decoded: the model JSON is in the event. */
export interface LegacyCheckpoint {
  readonly format: 1;
  readonly revision: bigint;
  readonly position: Position | null;
  readonly version: number;
  readonly eventsProcessed: number;
  readonly model: JsonValue;
}

/** One event of a checkpoint stream, classified. */
export type CheckpointEvent =
  | Manifest
  | LegacyCheckpoint
  | { readonly format: 'chunk'; readonly revision: bigint; readonly snapshot: string; readonly index: number; readonly bytes: string }
  | { readonly format: 'reset'; readonly revision: bigint };

const toPosition = (p: t.TypeOf<typeof PositionJson>): Position | null => (p === null ? null : { commit: BigInt(p.commit), prepare: BigInt(p.prepare) });

/** The JSON form of a position (bigints as decimal strings). */
export const positionToJson = (p: Position | null): JsonValue => (p === null ? null : { commit: p.commit.toString(), prepare: p.prepare.toString() });

const issues = <A>(result: E.Either<Parameters<typeof describeDecodeError>[0], A>): E.Either<string, A> => E.mapLeft(describeDecodeError)(result);

const decodeManifest = decodeWith(ManifestV2, 'checkpoint manifest');
const decodeLegacy = decodeWith(LegacyV1, 'format-1 checkpoint');
const decodeChunk = decodeWith(ChunkData, 'checkpoint chunk');

const isObject = (v: JsonValue): v is { [key: string]: JsonValue } => typeof v === 'object' && v !== null && !Array.isArray(v);

/** Classifies and decodes one event of a checkpoint stream; a sentence on the left when it is not a checkpoint event. */
export const decodeCheckpointEvent = (event: RecordedEvent): E.Either<string, CheckpointEvent> => {
  const { revision, data } = event;
  switch (event.type) {
    case CHECKPOINT_RESET:
      return E.right({ format: 'reset', revision });
    case CHECKPOINT_CHUNK:
      return E.map((c: t.TypeOf<typeof ChunkData>) => ({ format: 'chunk' as const, revision, ...c }))(issues(decodeChunk(data)));
    case CHECKPOINT_SAVED: {
      if (isObject(data) && data.format === undefined) {
        if (!('model' in data)) return E.left('a format-1 checkpoint without a model');
        return E.map((l: t.TypeOf<typeof LegacyV1>) => ({
          format: 1 as const,
          revision,
          position: toPosition(l.position),
          version: l.version,
          eventsProcessed: l.eventsProcessed,
          model: data.model ?? null,
        }))(issues(decodeLegacy(data)));
      }
      if (isObject(data) && typeof data.format === 'number' && data.format > CHECKPOINT_FORMAT) {
        return E.left(`it is in checkpoint format ${data.format}, written by a newer release of @lukea/complaints than this one (format ${CHECKPOINT_FORMAT})`);
      }
      return E.chain((m: t.TypeOf<typeof ManifestV2>): E.Either<string, Manifest> => {
        const parts: SnapshotParts | undefined =
          m.chunks === null ? (m.inline === undefined ? undefined : { inline: m.inline }) : m.inline === undefined ? { first: BigInt(m.chunks.first), count: m.chunks.count } : undefined;
        if (parts === undefined) return E.left('a checkpoint manifest must hold either the model inline or its chunks, and not both');
        return E.right({
          format: 2,
          revision,
          snapshot: m.snapshot,
          position: toPosition(m.position),
          version: m.version,
          eventsProcessed: m.eventsProcessed,
          modelBytes: m.modelBytes,
          bytes: m.bytes,
          sha256: m.sha256,
          parts,
        });
      })(issues(decodeManifest(data)));
    }
    default:
      return E.left(`it is a ${event.type} event, not a projection checkpoint (another application writes to this stream?)`);
  }
};
