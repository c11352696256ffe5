/**
 * Loading a complaint from a store — the one way the service, audit replay, export and the
 * command line read a complaint stream (Emmett calls it `aggregateStream`): check the id,
 * read the stream (whole, or from a revision), map store failures to their tagged errors,
 * then decode (upcasting old schemas) and fold.
 */
import * as E from 'fp-ts/lib/Either.js';
import { decodeComplaintId } from '../domain/decode';
import type { DecodeError } from '../domain/decoding';
import { evolve } from '../domain/evolve';
import { type ComplaintState, initialState } from '../domain/state';
import { type StoreError, storeErrorOf } from '../eventstore/errors';
import type { EventStore, RecordedEvent } from '../eventstore/port';
import { type StoredComplaintEvent, decodeStream, truncatedHistory } from './decodeStream';
import type { CorruptedEvent } from './errors';
import { complaintStreamName } from './streams';
import { UpcasterRegistry } from './upcasting';

/** Where to read a complaint stream from, and how to upcast old schemas. */
export interface LoadOptions {
  /** First revision to read (inclusive). Default: the start of the stream. */
  readonly fromRevision?: bigint;
  /** Upcasters for events stored under older schema versions. Default: the library's registry. */
  readonly upcasters?: UpcasterRegistry;
}

/** A complaint stream as read: raw events, decoded events, the state they fold to, the last revision. */
export interface LoadedComplaint {
  readonly streamName: string;
  /** The stored events as the store returned them (what an export copies). */
  readonly recorded: readonly RecordedEvent[];
  /** The same events decoded, with their envelopes. */
  readonly events: StoredComplaintEvent[];
  /** The fold of `events` (over `initialState`, or over the state given to {@link loadComplaint}). */
  readonly state: ComplaintState;
  /** The revision of the stream's last event read, or `'no_stream'` when nothing was read. */
  readonly revision: bigint | 'no_stream';
}

/** Why a complaint could not be loaded. */
export type LoadError = DecodeError | StoreError | CorruptedEvent;

/** A store failure as its tagged error (anything unexpected as `StoreFailure`). */
export const toStoreError = (e: unknown): StoreError =>
  storeErrorOf(e) ?? { _tag: 'StoreFailure', message: e instanceof Error ? e.message : String(e) };

/** Reads a stream, answering a tagged store error instead of throwing. */
export const readStreamSafely = async (store: EventStore, streamName: string, fromRevision?: bigint): Promise<E.Either<StoreError, RecordedEvent[]>> => {
  try {
    return E.right(await store.readStream(streamName, fromRevision === undefined ? {} : { fromRevision }));
  } catch (e) {
    return E.left(toStoreError(e));
  }
};

/**
 * The stream name of a complaint id, or the `DecodeError` naming what is wrong with the id.
 * An id in any case names one stream: `complaint-<lower-case uuid>`.
 */
export const complaintStreamOf = (complaintId: unknown): E.Either<DecodeError, string> => {
  const id = decodeComplaintId(complaintId);
  return E.isLeft(id) ? id : E.right(complaintStreamName(id.right));
};

/**
 * Decodes and folds events already read from `streamName` (see {@link loadComplaint}); `state`
 * is the state before the first of them.
 */
export const foldRecorded = (
  streamName: string,
  recorded: readonly RecordedEvent[],
  upcasters: UpcasterRegistry,
  state: ComplaintState = initialState,
): E.Either<CorruptedEvent, LoadedComplaint> => {
  const decoded = decodeStream(recorded, upcasters);
  if (E.isLeft(decoded)) return decoded;
  let folded = state;
  for (const e of decoded.right) folded = evolve(folded, e.event);
  const last = recorded[recorded.length - 1];
  return E.right({ streamName, recorded, events: decoded.right, state: folded, revision: last === undefined ? 'no_stream' : last.revision });
};

/**
 * Reads and folds a complaint's stream. An empty or missing stream loads as `initialState`
 * with revision `'no_stream'` (callers decide whether that is an error). A bad id answers a
 * `DecodeError`, a store failure its tagged error, and a stored event that does not decode
 * or does not fit its place a `CorruptedEvent` naming stream, revision and path.
 */
export const loadComplaint = async (store: EventStore, complaintId: unknown, options: LoadOptions = {}): Promise<E.Either<LoadError, LoadedComplaint>> => {
  const streamName = complaintStreamOf(complaintId);
  if (E.isLeft(streamName)) return streamName;
  return loadStream(store, streamName.right, options);
};

/**
 * {@link loadComplaint} for a stream name the caller has already checked. Read from the start,
 * the history must start at revision 0 (a server may hide older events: see
 * `truncatedHistory`).
 */
export const loadStream = async (store: EventStore, streamName: string, options: LoadOptions = {}): Promise<E.Either<StoreError | CorruptedEvent, LoadedComplaint>> => {
  const recorded = await readStreamSafely(store, streamName, options.fromRevision);
  if (E.isLeft(recorded)) return recorded;
  if (options.fromRevision === undefined) {
    const truncated = truncatedHistory(recorded.right);
    if (truncated !== undefined) return truncated;
  }
  return foldRecorded(streamName, recorded.right, options.upcasters ?? defaultUpcasters);
};

const defaultUpcasters = new UpcasterRegistry();
