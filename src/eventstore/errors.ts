import type { ActualRevision, ExpectedRevision } from './port';

/** The stream was not at the revision the caller expected. */
export interface ConcurrencyConflict {
  readonly _tag: 'ConcurrencyConflict';
  readonly streamName: string;
  readonly expected: ExpectedRevision;
  readonly actual: ActualRevision;
}

/** The store could not be reached or did not answer in time (worth retrying). */
export interface StoreUnavailable {
  readonly _tag: 'StoreUnavailable';
  readonly message: string;
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

/** Every way an event store call can fail. */
export type StoreError = ConcurrencyConflict | StoreUnavailable | StoreFailure | InvalidAppend;

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
  }
};

/** The Error every {@link EventStore} method rejects with; `error` holds the tagged cause. */
export class EventStoreError extends Error {
  override readonly name = 'EventStoreError';
  constructor(readonly error: StoreError, options?: { cause?: unknown }) {
    super(describeStoreError(error), options);
  }
}

/** True when `e` is an {@link EventStoreError} carrying a {@link ConcurrencyConflict}. */
export const isConcurrencyConflict = (e: unknown): e is EventStoreError & { error: ConcurrencyConflict } =>
  storeErrorOf(e)?._tag === 'ConcurrencyConflict';

const STORE_ERROR_TAGS: ReadonlySet<string> = new Set(['ConcurrencyConflict', 'StoreUnavailable', 'StoreFailure', 'InvalidAppend']);

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
