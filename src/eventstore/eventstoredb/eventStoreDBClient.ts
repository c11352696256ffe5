/**
 * Every call into `@eventstore/db-client`, translated into the port's language: the
 * adapter's {@link GrpcDriver} for this client (kurrentDBClient.ts is the same for
 * `@kurrent/kurrentdb-client`), so that the rest of the adapter never sees the client's types.
 * @packageDocumentation
 */
import {
  BACKWARDS,
  END,
  EventStoreDBClient,
  FORWARDS,
  START,
  WrongExpectedVersionError,
  eventTypeFilter,
  excludeSystemEvents,
  jsonEvent,
  streamNameFilter,
  type AllStreamSubscription,
  type EventData,
  type JSONType,
  type Filter,
} from '@eventstore/db-client';
// The error classes by name, for the classification written once for both clients.
import * as esdbClient from '@eventstore/db-client';
import type {
  AllRead,
  CheckpointSettings,
  ClientAppendResult,
  GrpcDriver,
  RawSubscription,
  RawSubscriptionHandlers,
  ServerFilter,
  StreamRead,
} from '../grpc/grpcDriver';
import { appendJsonEvents, collectEvents, wireAllSubscription, type ClientAppending } from '../grpc/grpcClientCommon';
import { classifyWith } from '../grpc/classifyFailure';
import type { EventToAppend, ExpectedRevision, Position, RecordedEvent } from '../port';

/** The client class of `@eventstore/db-client`, for callers who build and own their client. */
export { EventStoreDBClient };

/** Creates a client from a connection string (`esdb://host:2113?tls=false`); throws on a malformed one. */
export const connect = (connectionString: string): EventStoreDBClient =>
  EventStoreDBClient.connectionString(connectionString);

/** Cancels the client's open calls. */
export const disposeClient = (client: EventStoreDBClient): Promise<void> => client.dispose();

/** Classifies anything a client call threw or emitted (see {@link classifyWith}). */
export const classifyFailure = classifyWith(
  esdbClient,
  (e) => (e instanceof WrongExpectedVersionError ? { kind: 'wrong_expected_version', actual: e.actualVersion } : undefined),
);

/** How this client appends: JSON events, the expected revision as its `expectedRevision`. */
const appending = (client: EventStoreDBClient): ClientAppending<EventData> => ({
  // The client serialises data with JSON.stringify, so every JsonValue (null and numbers too) round-trips.
  jsonEvent: (e) => jsonEvent({ id: e.id, type: e.type, data: e.data as JSONType, metadata: e.metadata }),
  send: (streamName, events, expected) => client.appendToStream(streamName, events, { expectedRevision: expected }),
  conflict: (streamName, current, expected) => new WrongExpectedVersionError(undefined, { streamName, current, expected }),
});

/** Appends JSON events with the given expected revision (see {@link appendJsonEvents}). */
export const appendEvents = (
  client: EventStoreDBClient,
  streamName: string,
  events: readonly EventToAppend[],
  expectedRevision: ExpectedRevision,
): Promise<ClientAppendResult> => appendJsonEvents(appending(client), streamName, events, expectedRevision);

/** Reads a stream; a stream that does not exist reads as empty. */
export const readStreamEvents = async (
  client: EventStoreDBClient,
  streamName: string,
  options: StreamRead,
): Promise<RecordedEvent[]> => {
  try {
    return await collectEvents(
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
  options: AllRead,
): Promise<RecordedEvent[]> =>
  collectEvents(
    client.readAll({
      fromPosition: options.from === 'start' ? START : options.from === 'end' ? END : options.from,
      direction: options.direction === 'backwards' ? BACKWARDS : FORWARDS,
      maxCount: options.maxCount,
    }),
  );

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
  return wireAllSubscription(subscription, handlers);
};

/** The adapter's driver over an `@eventstore/db-client` client (6.x filters no reads on the server). */
export const eventStoreDBDriver = (client: EventStoreDBClient): GrpcDriver => ({
  append: (streamName, events, expected) => appendEvents(client, streamName, events, expected),
  readStream: (streamName, read) => readStreamEvents(client, streamName, read),
  readAll: (read) => readAllEvents(client, read),
  subscribeToAll: (from, filter, handlers, checkpoints) => subscribeToAllEvents(client, from, filter, handlers, checkpoints),
  classify: classifyFailure,
  dispose: () => disposeClient(client),
  filtersReads: false,
});
