/**
 * What the EventStoreDB / KurrentDB adapter needs from a client library, in the port's
 * language: one driver per client (`@eventstore/db-client` in eventStoreDBClient.ts,
 * `@kurrent/kurrentdb-client` in kurrentDBClient.ts), so that retries, validation, paging,
 * subscriptions and error mapping are written once (grpcEventStore.ts) and neither client is
 * loaded by the other's entry point.
 * @packageDocumentation
 */
import type { UnavailableReason } from '../errors';
import type { ActualRevision, EventToAppend, ExpectedRevision, Position, RecordedEvent } from '../port';

/** How a failed client call should be handled. */
export type ClientFailure =
  | { readonly kind: 'wrong_expected_version'; readonly actual: ActualRevision }
  | { readonly kind: 'stream_not_found' }
  /** The stream is tombstoned (or soft-deleted, for a `stream_exists` append). */
  | { readonly kind: 'stream_deleted'; readonly streamName: string | undefined }
  /**
   * Wrong credentials (`unauthenticated`), or the user's rights (ACL) do not allow the
   * operation; `unauthenticated` is undefined when the client cannot tell which (the
   * KurrentDB client's bridge reports both as AccessDeniedError, without a status code).
   */
  | { readonly kind: 'access_denied'; readonly unauthenticated: boolean | undefined; readonly message: string }
  /**
   * Worth retrying: unavailable, not ready or too busy, deadline exceeded or timed out by
   * the server (write timeout), not leader, cancelled.
   */
  | { readonly kind: 'transient'; readonly message: string; readonly reason: UnavailableReason }
  | { readonly kind: 'failure'; readonly message: string };

/** The answer to an append. `position` is absent when the server sent none. */
export interface ClientAppendResult {
  readonly nextExpectedRevision: bigint;
  readonly position: Position | undefined;
}

/** A server-side `$all` filter: on stream names or event types, by prefixes; or "no system events". */
export type ServerFilter =
  | { readonly on: 'stream_name' | 'event_type'; readonly prefixes: readonly string[] }
  | { readonly on: 'exclude_system_events' };

/** What a raw `$all` subscription reports, in the order the server sent it. */
export interface RawSubscriptionHandlers {
  readonly onConfirmed: () => void;
  readonly onEvent: (event: RecordedEvent) => void;
  /** Awaited: the client reads no further message until it settles. */
  readonly onCheckpoint: (position: Position) => Promise<void>;
  /** Sent by servers 23.10 and later when the subscription goes live. */
  readonly onCaughtUp: () => void;
  readonly onError: (error: unknown) => void;
  readonly onEnd: () => void;
}

/** A running client subscription to `$all`. */
export interface RawSubscription {
  /** Events received from the network but not yet handed to `onEvent`. */
  readonly buffered: () => number;
  readonly pause: () => void;
  readonly resume: () => void;
  readonly unsubscribe: () => Promise<void>;
}

/** How often a filtered subscription checkpoints: every `checkpointInterval` × `maxSearchWindow` considered events. */
export interface CheckpointSettings {
  readonly maxSearchWindow: number;
  readonly checkpointInterval: number;
}

/** One stream read. */
export interface StreamRead {
  readonly direction: 'forwards' | 'backwards';
  readonly fromRevision: 'start' | 'end' | bigint;
  readonly maxCount: number;
}

/** One page of `$all`: forwards from a position inclusive, or backwards from the end. */
export interface AllRead {
  readonly from: 'start' | 'end' | Position;
  readonly direction: 'forwards' | 'backwards';
  readonly maxCount: number;
  /** Applied by the server; only passed to a driver whose `filtersReads` is true. */
  readonly filter?: ServerFilter;
}

/** Every call the adapter makes, bound to one client. */
export interface GrpcDriver {
  /**
   * Appends JSON events with the given expected revision. A WrongExpectedVersion answer is
   * thrown (classified by {@link GrpcDriver.classify}) whatever the client's settings.
   */
  readonly append: (streamName: string, events: readonly EventToAppend[], expected: ExpectedRevision) => Promise<ClientAppendResult>;
  /** Reads a stream; a stream that does not exist reads as empty. */
  readonly readStream: (streamName: string, read: StreamRead) => Promise<RecordedEvent[]>;
  /** Reads one page of `$all`, system events included unless a server filter leaves them out. */
  readonly readAll: (read: AllRead) => Promise<RecordedEvent[]>;
  /** Subscribes to `$all` after `from` (exclusive), filtered on the server when `filter` is given. */
  readonly subscribeToAll: (
    from: 'start' | Position,
    filter: ServerFilter | undefined,
    handlers: RawSubscriptionHandlers,
    checkpoints: CheckpointSettings,
  ) => RawSubscription;
  /** Classifies anything a call threw or a subscription emitted. */
  readonly classify: (error: unknown) => ClientFailure;
  /** Cancels the client's open calls. */
  readonly dispose: () => Promise<void>;
  /** Whether `readAll` can filter on the server (KurrentDB client 1.x); the adapter filters pages itself otherwise. */
  readonly filtersReads: boolean;
}
