import { TaggedError } from '../taggedError';
import type { ActualRevision, ExpectedRevision } from './port';

/** The stream was not at the revision the caller expected. */
export interface ConcurrencyConflict {
  readonly _tag: 'ConcurrencyConflict';
  readonly streamName: string;
  readonly expected: ExpectedRevision;
  readonly actual: ActualRevision;
}

/**
 * Why a server did not answer, as far as the transport tells: a code a user interface can
 * word in its own language (the command line does, in French), where the transport's own
 * text is English and full of protocol details.
 */
export type UnavailableReason = 'connection-refused' | 'host-not-found' | 'timed-out' | 'connection-reset' | 'tls' | 'not-leader' | 'busy' | 'other';

/** The store could not be reached or did not answer in time (worth retrying). */
export interface StoreUnavailable {
  readonly _tag: 'StoreUnavailable';
  /** One sentence, in English, with the transport's detail. */
  readonly message: string;
  /** The server as the adapter names it, without credentials (e.g. `EventStoreDB at esdb://db:2113?tls=false`). */
  readonly server?: string;
  /** The server's address without credentials (e.g. `esdb://db:2113?tls=false`), when the adapter was given one. */
  readonly endpoint?: string;
  /** Attempts made before giving up, when the call was retried. */
  readonly attempts?: number;
  /** Why, as far as the transport tells. */
  readonly reason?: UnavailableReason;
  /** The transport's own words (e.g. the gRPC status and its details), for logs and debugging. */
  readonly detail?: string;
}

/** The store refused the request for a reason that retrying will not change. */
export interface StoreFailure {
  readonly _tag: 'StoreFailure';
  readonly message: string;
}

/** The caller handed the store something it cannot store (bad id, not JSON, bad name, too large). */
export interface InvalidAppend {
  readonly _tag: 'InvalidAppend';
  readonly streamName: string;
  readonly message: string;
  /** Set when the batch is larger than the store's maximum append size. */
  readonly tooLarge?: AppendTooLarge;
}

/** The size of a batch refused for being over the store's maximum append size. */
export interface AppendTooLarge {
  /** The batch's size, counted as EventStoreDB counts it (see `appendSizeOf`). */
  readonly bytes: number;
  /** The store's limit. */
  readonly maxAppendSize: number;
}

/**
 * The stream was deleted on the server (EventStoreDB: tombstoned, or soft-deleted and
 * appended to with `'stream_exists'`). Retrying will not change it: a tombstoned stream can
 * never be read or written again under its name.
 */
export interface StreamDeleted {
  readonly _tag: 'StreamDeleted';
  readonly streamName: string;
}

/**
 * The server refused the credentials, or the user's rights do not cover the operation
 * (EventStoreDB ACLs: reading `$all`, for instance, needs admin rights or a grant).
 */
export interface AccessDenied {
  readonly _tag: 'AccessDenied';
  /** What was refused, e.g. `"reading $all"` or `"appending to complaint-…"`. */
  readonly operation: string;
  /** What to do about it. */
  readonly message: string;
}

/** Every way an event store call can fail. */
export type StoreError = ConcurrencyConflict | StoreUnavailable | StoreFailure | InvalidAppend | StreamDeleted | AccessDenied;

const describeRevision = (r: ExpectedRevision | ActualRevision): string =>
  typeof r === 'bigint' ? `revision ${r}` : r;

/** A one-sentence description of a store error. */
export const describeStoreError = (e: StoreError): string => {
  switch (e._tag) {
    case 'ConcurrencyConflict':
      return `Stream ${e.streamName} was expected at ${describeRevision(e.expected)} but is at ${describeRevision(e.actual)}; re-read it and decide again.`;
    case 'StoreUnavailable':
      return `The event store is unavailable: ${e.message}`;
    case 'StoreFailure':
      return `The event store refused the request: ${e.message}`;
    case 'InvalidAppend':
      return `Cannot append to ${e.streamName}: ${e.message}`;
    case 'StreamDeleted':
      return `Stream ${e.streamName} has been deleted in the event store (tombstoned, or soft-deleted); retrying will not help: a tombstoned stream can never be read or written again, so restore its history from an audit export and find out who deleted it.`;
    case 'AccessDenied':
      return `The event store denied ${e.operation}: ${e.message}`;
  }
};

/** The Error every {@link EventStore} method rejects with; `error` holds the tagged cause, `_tag` its tag. */
export class EventStoreError extends TaggedError<StoreError> {
  override readonly name = 'EventStoreError';
  constructor(error: StoreError, options?: { cause?: unknown }) {
    super(error, describeStoreError(error), options);
  }
}

/** True when `e` is an {@link EventStoreError} carrying a {@link ConcurrencyConflict}. */
export const isConcurrencyConflict = (e: unknown): e is EventStoreError & { error: ConcurrencyConflict } =>
  storeErrorOf(e)?._tag === 'ConcurrencyConflict';

const STORE_ERROR_TAGS: ReadonlySet<string> = new Set(['ConcurrencyConflict', 'StoreUnavailable', 'StoreFailure', 'InvalidAppend', 'StreamDeleted', 'AccessDenied']);

/**
 * The tagged store error carried by `e`, if `e` is an {@link EventStoreError}. Structural
 * rather than `instanceof`, so an error raised by an adapter loaded from another bundle
 * (the `@lukea/complaints/eventstoredb` entry) or another copy of the package is recognised.
 */
export const storeErrorOf = (e: unknown): StoreError | undefined => {
  if (e instanceof EventStoreError) return e.error;
  if (typeof e !== 'object' || e === null || !('error' in e)) return undefined;
  const inner: unknown = e.error;
  return typeof inner === 'object' && inner !== null && '_tag' in inner && typeof inner._tag === 'string' && STORE_ERROR_TAGS.has(inner._tag)
    ? (inner as StoreError)
    : undefined;
};
