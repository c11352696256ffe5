/**
 * Every call into `@kurrent/kurrentdb-client` (1.x), translated into the port's language:
 * the adapter's {@link GrpcDriver} for this client. Appends and subscriptions go over gRPC
 * from JavaScript, as with `@eventstore/db-client`; stream and `$all` reads go through the
 * client's native bridge (`@kurrent/bridge`, the Rust client), which opens its own gRPC
 * connection, filters `$all` reads on the server and reports failures by error name.
 * @packageDocumentation
 */
import {
  AppendRecordSizeExceededError,
  BACKWARDS,
  END,
  FORWARDS,
  KurrentDBClient,
  START,
  StreamDeletedError,
  StreamTombstonedError,
  UnknownError,
  WrongExpectedVersionError,
  eventTypeFilter,
  excludeSystemEvents,
  jsonEvent,
  streamNameFilter,
  type AllStreamSubscription,
  type EventData,
  type Filter,
  type JSONType,
} from '@kurrent/kurrentdb-client';
// The error classes by name, for the classification written once for both clients.
import * as kurrentClient from '@kurrent/kurrentdb-client';
import type {
  AllRead,
  CheckpointSettings,
  ClientAppendResult,
  ClientFailure,
  GrpcDriver,
  RawSubscription,
  RawSubscriptionHandlers,
  ServerFilter,
  StreamRead,
} from '../grpc/grpcDriver';
import { appendJsonEvents, collectEvents, messageOf, wireAllSubscription, type ClientAppending } from '../grpc/grpcClientCommon';
import { classifyWith, deletedStreamName } from '../grpc/classifyFailure';
import type { EventToAppend, ExpectedRevision, Position, RecordedEvent } from '../port';

/** The client class of `@kurrent/kurrentdb-client`, for callers who build and own their client. */
export { KurrentDBClient };

/**
 * The same connection string with a `kurrentdb` scheme: the client accepts `esdb://` but
 * prints a deprecation warning for it, and the library writes nothing to the console.
 */
export const kurrentScheme = (connectionString: string): string => connectionString.replace(/^esdb(\+discover)?:\/\//i, 'kurrentdb$1://');

/** Creates a client from a connection string (`kurrentdb://host:2113?tls=false`, or `esdb://…`); throws on a malformed one. */
export const connect = (connectionString: string): KurrentDBClient => KurrentDBClient.connectionString(kurrentScheme(connectionString));

/** gRPC's ABORTED status code. */
const GRPC_ABORTED = 10;

/**
 * Classifies anything a client call threw or emitted, as the EventStoreDB driver does (see
 * {@link classifyWith}), with what this client adds: a tombstoned stream as the newer append
 * protocol (KurrentDB 25.1+) reports it, an event over the maximum record size, and a write
 * timeout on the classic Append path — ABORTED "Operation timed out" with no status details,
 * which this client (unlike 6.x) leaves an UnknownError. The bridge reports a node that
 * cannot be reached, a connection closed and a server-side exception (gRPC UNKNOWN /
 * INTERNAL) all as `UnavailableError`, so under this client those are retried.
 */
export const classifyFailure = classifyWith(
  kurrentClient,
  (e): ClientFailure | undefined => {
    if (e instanceof WrongExpectedVersionError) return { kind: 'wrong_expected_version', actual: e.actualState };
    if (e instanceof StreamTombstonedError) return { kind: 'stream_deleted', streamName: deletedStreamName(e.stream) };
    // Reads through the bridge do not know the stream's name: "unknown stream" stands for it.
    if (e instanceof StreamDeletedError && e.streamName === 'unknown stream') return { kind: 'stream_deleted', streamName: undefined };
    if (e instanceof AppendRecordSizeExceededError) {
      return { kind: 'failure', message: `event ${e.recordId} is larger than the server's maximum record size (${e.size} bytes, limit ${e.maxSize}); store less in one event` };
    }
    if (e instanceof UnknownError && e.code === GRPC_ABORTED) return { kind: 'transient', message: messageOf(e), reason: 'timed-out' };
    return undefined;
  },
);

/** How this client appends: JSON events, the expected revision as its `streamState`. */
const appending = (client: KurrentDBClient): ClientAppending<EventData> => ({
  // The client serialises data with JSON.stringify, so every JsonValue (null and numbers too) round-trips.
  jsonEvent: (e) => jsonEvent({ id: e.id, type: e.type, data: e.data as JSONType, metadata: e.metadata }),
  send: (streamName, events, expected) => client.appendToStream(streamName, events, { streamState: expected }),
  conflict: (streamName, current, expected) => new WrongExpectedVersionError(undefined, { streamName, current, expected }),
});

/** Appends JSON events with the given expected revision (see {@link appendJsonEvents}). */
export const appendEvents = (
  client: KurrentDBClient,
  streamName: string,
  events: readonly EventToAppend[],
  expectedRevision: ExpectedRevision,
): Promise<ClientAppendResult> => appendJsonEvents(appending(client), streamName, events, expectedRevision);

/**
 * An event with its `createdAt` truncated to the second. The bridge's Rust client keeps only
 * the whole seconds of the server's timestamp; events delivered by a subscription (grpc-js)
 * get the same treatment, so an event reads the same whichever way this store reads it.
 */
export const toWholeSecond = (event: RecordedEvent): RecordedEvent => {
  const ms = event.createdAt.getTime();
  return { ...event, createdAt: new Date(ms - (((ms % 1000) + 1000) % 1000)) };
};

/*
 * The bridge's Rust client ties the direction to 'start' and 'end': a read from 'start' goes
 * forwards and a read from 'end' backwards, whatever direction was asked. So a backwards read
 * from the start of a stream asks for revision 0 instead, and the two reads that can only
 * answer nothing (forwards from the end, backwards from before the start) are not sent.
 */

/** Reads a stream through the bridge; a stream that does not exist reads as empty. */
export const readStreamEvents = async (client: KurrentDBClient, streamName: string, read: StreamRead): Promise<RecordedEvent[]> => {
  if (read.direction === 'forwards' && read.fromRevision === 'end') return [];
  const fromRevision = read.fromRevision === 'start' ? (read.direction === 'backwards' ? 0n : START) : read.fromRevision === 'end' ? END : read.fromRevision;
  try {
    return await collectEvents(
      client.readStream(streamName, { direction: read.direction === 'backwards' ? BACKWARDS : FORWARDS, fromRevision, maxCount: read.maxCount }),
    );
  } catch (e) {
    // The bridge answers StreamNotFoundError on the first page, not when the read starts.
    if (classifyFailure(e).kind === 'stream_not_found') return [];
    throw e;
  }
};

/** How a subscription's filter checkpoints (reads need none of it). */
type CheckpointOptions = CheckpointSettings & {
  readonly checkpointReached: (subscription: AllStreamSubscription, position: Position) => Promise<void>;
};

/** The client filter for a server filter. */
const toClientFilter = (filter: ServerFilter, options: CheckpointOptions | Record<string, never> = {}): Filter => {
  switch (filter.on) {
    case 'stream_name':
      return streamNameFilter({ prefixes: [...filter.prefixes], ...options });
    case 'event_type':
      return eventTypeFilter({ prefixes: [...filter.prefixes], ...options });
    case 'exclude_system_events':
      return excludeSystemEvents(options);
  }
};

/** Reads one page of `$all` through the bridge, forwards from a position inclusive or backwards from the end; filtered on the server when asked. */
export const readAllEvents = async (client: KurrentDBClient, read: AllRead): Promise<RecordedEvent[]> => {
  if ((read.direction === 'forwards' && read.from === 'end') || (read.direction === 'backwards' && read.from === 'start')) return [];
  return collectEvents(
    client.readAll({
      fromPosition: read.from === 'start' ? START : read.from === 'end' ? END : read.from,
      direction: read.direction === 'backwards' ? BACKWARDS : FORWARDS,
      maxCount: read.maxCount,
      ...(read.filter === undefined ? {} : { filter: toClientFilter(read.filter) }),
    }),
  );
};

/** Subscribes to `$all` after `from` (exclusive), filtered on the server when `filter` is given. */
export const subscribeToAllEvents = (
  client: KurrentDBClient,
  from: 'start' | Position,
  filter: ServerFilter | undefined,
  handlers: RawSubscriptionHandlers,
  checkpoints: CheckpointSettings,
): RawSubscription => {
  const checkpointReached = (_s: AllStreamSubscription, p: Position): Promise<void> => handlers.onCheckpoint(p);
  const subscription = client.subscribeToAll({
    fromPosition: from === 'start' ? START : from,
    ...(filter === undefined ? {} : { filter: toClientFilter(filter, { checkpointReached, ...checkpoints }) }),
  });
  // Subscriptions are read by grpc-js, which keeps the milliseconds: drop them as the bridge does.
  return wireAllSubscription(subscription, { ...handlers, onEvent: (event) => handlers.onEvent(toWholeSecond(event)) });
};

/** The adapter's driver over a `@kurrent/kurrentdb-client` client (reads filtered on the server). */
export const kurrentDBDriver = (client: KurrentDBClient): GrpcDriver => ({
  append: (streamName, events, expected) => appendEvents(client, streamName, events, expected),
  readStream: (streamName, read) => readStreamEvents(client, streamName, read),
  readAll: (read) => readAllEvents(client, read),
  subscribeToAll: (from, filter, handlers, checkpoints) => subscribeToAllEvents(client, from, filter, handlers, checkpoints),
  classify: classifyFailure,
  dispose: () => client.dispose(),
  filtersReads: true,
});
