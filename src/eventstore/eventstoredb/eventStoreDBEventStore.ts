/**
 * The production {@link EventStore}: EventStoreDB through `@eventstore/db-client`.
 * @packageDocumentation
 */
import { connect, eventStoreDBDriver, type EventStoreDBClient } from './eventStoreDBClient';
import { GrpcEventStore, connectOrFail, type GrpcEventStoreOptions } from '../grpc/grpcEventStore';
import type { EventStore } from '../port';

export { redactConnectionString } from '../connectionStrings';

/** Options of {@link EventStoreDBEventStore}: retry policy, server name in messages, checkpoint interval, logger, telemetry. */
export type EventStoreDBEventStoreOptions = GrpcEventStoreOptions;

/**
 * {@link EventStore} on EventStoreDB (20.10 and later; 22.6+ for event positions on stream
 * reads). Streams, revisions and `$all` positions are EventStoreDB's own.
 *
 * - **Appends** send `jsonEvent`s with the caller's ids (lower-cased), type, data and
 *   metadata, and the expected revision one to one. A WrongExpectedVersion answer becomes a
 *   `ConcurrencyConflict` carrying the expected and the actual revision.
 * - **Retries**: a transient failure is retried with bounded exponential backoff. A retried
 *   append re-sends the same event ids with the same expected revision, so an append whose
 *   answer was lost is not written twice: EventStoreDB answers a repeated batch with the
 *   original success when the expected revision is exact (or `no_stream`). With `'any'` or
 *   `'stream_exists'` it recognises the batch only while the ids are still in its
 *   bounded cache of recent event ids ("best effort"), so append with an exact revision when
 *   a duplicate would matter. After the last attempt the call rejects with
 *   `StoreUnavailable` naming the server (never its credentials).
 * - **Reads**: a missing stream reads as empty. `readAll` reads `$all` from a position
 *   inclusive; filters are applied here while paging (client 6.x cannot filter reads on the
 *   server). Without a filter `$all` includes EventStoreDB's own `$`-typed system events.
 * - **Subscriptions** filter on the server, resume after a dropped connection from the last
 *   received position (no gap, no duplicate), and report `onCaughtUp` when EventStoreDB says
 *   so (23.10+) or when the last event stored at subscription time has been received.
 *   `'end'` is the end of `$all` when the store reads it, just after the call: wait for
 *   `onCaughtUp` before counting on an append to be seen as live.
 * - A deleted (tombstoned) stream rejects with `StreamDeleted`; refused credentials or
 *   rights with `AccessDenied` naming the right to grant. A node not ready or too busy, and
 *   a write timeout, are transient and retried.
 * - Other server refusals reject with `StoreFailure` carrying the server's message.
 *
 * Build it from a connection string ({@link EventStoreDBEventStore.fromConnectionString}: the
 * store owns the client and {@link EventStoreDBEventStore.close} disposes of it) or hand in
 * your own client (you own its lifetime; `close` only ends this store's subscriptions).
 * On KurrentDB 25+ with `@kurrent/kurrentdb-client`, use `KurrentDBEventStore` from
 * `@lukea/complaints/kurrentdb` instead: same behaviour.
 */
export class EventStoreDBEventStore extends GrpcEventStore implements EventStore {
  /**
   * A store over a client you created and will dispose of yourself.
   * @param client - from `EventStoreDBClient.connectionString(...)` (re-exported by this module).
   */
  constructor(client: EventStoreDBClient, options: EventStoreDBEventStoreOptions = {}) {
    super({ driver: eventStoreDBDriver(client), product: 'EventStoreDB' }, options);
  }

  /**
   * A store that connects with `connectionString` (e.g. `esdb://localhost:2113?tls=false`)
   * and owns the client: {@link EventStoreDBEventStore.close} disposes of it. Connecting is
   * lazy; an unreachable server shows on the first call as `StoreUnavailable`.
   *
   * `connectionString` may be `undefined` (typed so, to take `process.env.X` as it is): that is
   * refused with a sentence saying a connection string is needed, instead of a `TypeError`
   * from deep inside the client.
   * @throws EventStoreError `StoreFailure` when the connection string is missing, empty or malformed.
   */
  static fromConnectionString(connectionString: string | undefined, options: EventStoreDBEventStoreOptions = {}): EventStoreDBEventStore {
    const { client, redacted } = connectOrFail(connectionString, connect, {
      product: 'EventStoreDB',
      example: 'esdb://localhost:2113?tls=false',
      variable: 'EVENTSTORE_CONNECTION_STRING',
    });
    const store = new EventStoreDBEventStore(client, { serverName: `EventStoreDB at ${redacted}`, ...options });
    store.ownClient(redacted);
    return store;
  }
}
