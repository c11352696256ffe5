/**
 * Every call into `@eventstore/db-client`, translated into the port's language, so that the
 * rest of the adapter never sees the client's types and a switch to
 * `@kurrent/kurrentdb-client` (same gRPC paths, `expectedRevision` renamed `streamState`)
 * touches this file only.
 * @packageDocumentation
 */
import {
  ANY,
  AccessDeniedError,
  BACKWARDS,
  CancelledError,
  DeadlineExceededError,
  END,
  EventStoreDBClient,
  FORWARDS,
  MaxAppendSizeExceededError,
  NO_STREAM,
  NotLeaderError,
  START,
  STREAM_EXISTS,
  StreamDeletedError,
  StreamNotFoundError,
  TimeoutError,
  UnavailableError,
  UnknownError,
  WrongExpectedVersionError,
  convertToCommandError,
  eventTypeFilter,
  excludeSystemEvents,
  isCommandError,
  jsonEvent,
  streamNameFilter,
  type AllStreamResolvedEvent,
  type AllStreamSubscription,
  type AppendExpectedRevision,
  type EventData,
  type JSONType,
  type Filter,
  type ResolvedEvent,
} from '@eventstore/db-client';
import type { UnavailableReason } from './errors';
import type {
  ActualRevision,
  EventToAppend,
  ExpectedRevision,
  JsonObject,
  JsonValue,
  Position,
  RecordedEvent,
} from './port';

/** The client class of `@eventstore/db-client`, for callers who build and own their client. */
export { EventStoreDBClient };

/** Creates a client from a connection string (`esdb://host:2113?tls=false`); throws on a malformed one. */
export const connect = (connectionString: string): EventStoreDBClient =>
  EventStoreDBClient.connectionString(connectionString);

/** Cancels the client's open calls. */
export const disposeClient = (client: EventStoreDBClient): Promise<void> => client.dispose();

/** How a failed client call should be handled. */
export type ClientFailure =
  | { readonly kind: 'wrong_expected_version'; readonly actual: ActualRevision }
  | { readonly kind: 'stream_not_found' }
  /** The stream is tombstoned (or soft-deleted, for a `stream_exists` append). */
  | { readonly kind: 'stream_deleted'; readonly streamName: string | undefined }
  /** Wrong credentials (`unauthenticated`), or the user's rights (ACL) do not allow the operation. */
  | { readonly kind: 'access_denied'; readonly unauthenticated: boolean; readonly message: string }
  /**
   * Worth retrying: unavailable, not ready or too busy, deadline exceeded or timed out by
   * the server (write timeout), not leader, cancelled.
   */
  | { readonly kind: 'transient'; readonly message: string; readonly reason: UnavailableReason }
  | { readonly kind: 'failure'; readonly message: string };

const messageOf = (e: unknown): string => {
  if (!(e instanceof Error)) return String(e);
  // Errors the client builds from a BatchAppend answer may carry no message at all.
  if (e.message !== '') return e.message;
  return 'type' in e && typeof e.type === 'string' ? e.type : e.name;
};

/**
 * A node that is not ready or too busy answers a batch of BatchAppend with `Empty` details
 * and this message ("Server Is Not Ready", "Server Is Busy"); client 6.x turns it into an
 * UnknownError "Could not recognize …". On the classic Append path it is UNAVAILABLE.
 */
const NOT_HANDLED = /Server Is (Not Ready|Busy|Too Busy)/i;

// What the transport's English text says, by the codes and words Node and grpc-js put in it.
const REASONS: readonly (readonly [RegExp, UnavailableReason])[] = [
  [/ECONNREFUSED/, 'connection-refused'],
  [/ENOTFOUND|EAI_AGAIN|getaddrinfo/, 'host-not-found'],
  [/ECONNRESET|EPIPE|socket hang up/i, 'connection-reset'],
  [/certificate|\bSSL\b|\bTLS\b|handshake|wrong version number/i, 'tls'],
  [/ETIMEDOUT|DEADLINE_EXCEEDED|deadline exceeded|timed out|timeout/i, 'timed-out'],
];

const reasonOf = (e: unknown): UnavailableReason => {
  if (e instanceof NotLeaderError) return 'not-leader';
  if (e instanceof DeadlineExceededError || e instanceof TimeoutError) return 'timed-out';
  const message = messageOf(e);
  return REASONS.find(([pattern]) => pattern.test(message))?.[1] ?? 'other';
};

/** Classifies anything a client call threw or emitted. */
export const classifyFailure = (error: unknown): ClientFailure => {
  // Raw gRPC errors (e.g. from a stream) become the client's typed errors first.
  const e = error instanceof Error && !isCommandError(error) ? convertToCommandError(error) : error;
  if (e instanceof WrongExpectedVersionError) return { kind: 'wrong_expected_version', actual: e.actualVersion };
  if (e instanceof StreamNotFoundError) return { kind: 'stream_not_found' };
  if (e instanceof StreamDeletedError) return { kind: 'stream_deleted', streamName: typeof e.streamName === 'string' && e.streamName !== '' ? e.streamName : undefined };
  // gRPC UNAUTHENTICATED (16): the node did not accept the credentials; otherwise the ACL said no.
  if (e instanceof AccessDeniedError) return { kind: 'access_denied', unauthenticated: e.code === 16, message: messageOf(e) };
  if (e instanceof MaxAppendSizeExceededError) {
    return {
      kind: 'failure',
      message: `the batch is larger than the server's maximum append size (${e.maxAppendSize} bytes, counted as data + metadata + 2 × the type's length of each event); append fewer or smaller events at a time`,
    };
  }
  if (e instanceof UnknownError && NOT_HANDLED.test(messageOf(e))) {
    return { kind: 'transient', message: `the server did not take the write (${messageOf(e).replace(/^Could not recognize /, '')})`, reason: 'busy' };
  }
  if (
    e instanceof UnavailableError ||
    e instanceof DeadlineExceededError ||
    e instanceof NotLeaderError ||
    e instanceof CancelledError ||
    e instanceof TimeoutError
  ) {
    return { kind: 'transient', message: messageOf(e), reason: reasonOf(e) };
  }
  return { kind: 'failure', message: messageOf(e) };
};

const toClientRevision = (r: ExpectedRevision): AppendExpectedRevision => {
  switch (r) {
    case 'any':
      return ANY;
    case 'no_stream':
      return NO_STREAM;
    case 'stream_exists':
      return STREAM_EXISTS;
    default:
      return r;
  }
};

const toEventData = (e: EventToAppend): EventData =>
  jsonEvent({
    id: e.id,
    type: e.type,
    // The client serialises data with JSON.stringify, so every JsonValue (null and numbers too) round-trips.
    data: e.data as JSONType,
    metadata: e.metadata,
  });

/** The answer to an append. `position` is absent when the server sent none. */
export interface ClientAppendResult {
  readonly nextExpectedRevision: bigint;
  readonly position: Position | undefined;
}

/**
 * Appends JSON events with the given expected revision. A WrongExpectedVersion answer is
 * thrown (as the client's error, see {@link classifyFailure}) whatever the client's
 * `throwOnAppendFailure` setting.
 */
export const appendEvents = async (
  client: EventStoreDBClient,
  streamName: string,
  events: readonly EventToAppend[],
  expectedRevision: ExpectedRevision,
): Promise<ClientAppendResult> => {
  const result = await client.appendToStream(streamName, events.map(toEventData), {
    expectedRevision: toClientRevision(expectedRevision),
  });
  if (!result.success) {
    // A client built with throwOnAppendFailure=false reports the conflict instead of throwing.
    const actual = result.nextExpectedRevision < 0n ? 'no_stream' : result.nextExpectedRevision;
    throw new WrongExpectedVersionError(undefined, { streamName, current: actual, expected: toClientRevision(expectedRevision) });
  }
  return { nextExpectedRevision: result.nextExpectedRevision, position: result.position };
};

const isJsonObject = (v: unknown): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

const UNKNOWN_POSITION: Position = { commit: -1n, prepare: -1n };

type ClientRecordedEvent = NonNullable<ResolvedEvent['event']>;

/**
 * Maps a recorded event to the port. JSON data is parsed by the client; data that is not
 * JSON (written by another application) surfaces as a base64 string; metadata that is not a
 * JSON object as `{}`. Servers before 22.6 send no position on stream reads:
 * `{ commit: -1n, prepare: -1n }` then.
 */
export const toRecordedEvent = (e: ClientRecordedEvent): RecordedEvent => ({
  id: e.id,
  type: e.type,
  data: e.isJson ? (e.data as JsonValue) : Buffer.from(e.data).toString('base64'),
  metadata: isJsonObject(e.metadata) ? e.metadata : {},
  streamName: e.streamId,
  revision: e.revision,
  position: e.position ?? UNKNOWN_POSITION,
  createdAt: e.created,
});

const collect = async (read: AsyncIterable<ResolvedEvent | AllStreamResolvedEvent>): Promise<RecordedEvent[]> => {
  const events: RecordedEvent[] = [];
  for await (const resolved of read) if (resolved.event !== undefined) events.push(toRecordedEvent(resolved.event));
  return events;
};

/** Reads a stream; a stream that does not exist reads as empty. */
export const readStreamEvents = async (
  client: EventStoreDBClient,
  streamName: string,
  options: {
    readonly direction: 'forwards' | 'backwards';
    readonly fromRevision: 'start' | 'end' | bigint;
    readonly maxCount: number;
  },
): Promise<RecordedEvent[]> => {
  try {
    return await collect(
      client.readStream(streamName, {
        direction: options.direction === 'backwards' ? BACKWARDS : FORWARDS,
        fromRevision: options.fromRevision === 'start' ? START : options.fromRevision === 'end' ? END : options.fromRevision,
        maxCount: options.maxCount,
      }),
    );
  } catch (e) {
    // The client raises StreamNotFoundError while iterating, not when the read starts.
    if (classifyFailure(e).kind === 'stream_not_found') return [];
    throw e;
  }
};

/** Reads one page of `$all` (system events included), forwards from a position inclusive or backwards from the end. */
export const readAllEvents = (
  client: EventStoreDBClient,
  options: { readonly from: 'start' | 'end' | Position; readonly direction: 'forwards' | 'backwards'; readonly maxCount: number },
): Promise<RecordedEvent[]> =>
  collect(
    client.readAll({
      fromPosition: options.from === 'start' ? START : options.from === 'end' ? END : options.from,
      direction: options.direction === 'backwards' ? BACKWARDS : FORWARDS,
      maxCount: options.maxCount,
    }),
  );

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

const toClientFilter = (filter: ServerFilter, handlers: RawSubscriptionHandlers, checkpoints: CheckpointSettings): Filter => {
  const checkpointReached = (_s: AllStreamSubscription, p: Position): Promise<void> => handlers.onCheckpoint(p);
  const options = { checkpointReached, ...checkpoints };
  switch (filter.on) {
    case 'stream_name':
      return streamNameFilter({ prefixes: [...filter.prefixes], ...options });
    case 'event_type':
      return eventTypeFilter({ prefixes: [...filter.prefixes], ...options });
    case 'exclude_system_events':
      return excludeSystemEvents(options);
  }
};

/** How often a filtered subscription checkpoints: every `checkpointInterval` × `maxSearchWindow` considered events. */
export interface CheckpointSettings {
  readonly maxSearchWindow: number;
  readonly checkpointInterval: number;
}

/** Subscribes to `$all` after `from` (exclusive), filtered on the server when `filter` is given. */
export const subscribeToAllEvents = (
  client: EventStoreDBClient,
  from: 'start' | Position,
  filter: ServerFilter | undefined,
  handlers: RawSubscriptionHandlers,
  checkpoints: CheckpointSettings,
): RawSubscription => {
  const subscription = client.subscribeToAll({
    fromPosition: from === 'start' ? START : from,
    ...(filter === undefined ? {} : { filter: toClientFilter(filter, handlers, checkpoints) }),
  });
  subscription.on('confirmation', handlers.onConfirmed);
  subscription.on('caughtUp', handlers.onCaughtUp);
  subscription.on('data', (resolved: AllStreamResolvedEvent) => {
    if (resolved.event !== undefined) handlers.onEvent(toRecordedEvent(resolved.event));
  });
  subscription.on('error', handlers.onError);
  subscription.on('end', handlers.onEnd);
  return {
    buffered: () => subscription.readableLength,
    pause: () => void subscription.pause(),
    resume: () => void subscription.resume(),
    unsubscribe: () => subscription.unsubscribe(),
  };
};
