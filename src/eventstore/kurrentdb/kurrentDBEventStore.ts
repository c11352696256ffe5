/**
 * The production {@link EventStore} on KurrentDB through `@kurrent/kurrentdb-client`.
 * @packageDocumentation
 */
import { connect, kurrentDBDriver, type KurrentDBClient } from './kurrentDBClient';
import { GrpcEventStore, connectOrFail, type GrpcEventStoreOptions } from '../grpc/grpcEventStore';
import type { EventStore } from '../port';

/** Options of {@link KurrentDBEventStore}: retry policy, server name in messages, checkpoint interval, logger, telemetry. */
export type KurrentDBEventStoreOptions = GrpcEventStoreOptions;

/**
 * {@link EventStore} on KurrentDB (and EventStoreDB 20.10 and later) through
 * `@kurrent/kurrentdb-client` 1.x, the successor of `@eventstore/db-client`. It behaves as
 * `EventStoreDBEventStore` in every respect the port describes — same streams, events,
 * revisions and positions, same retries, conflicts, idempotent re-appends, subscriptions and
 * errors — with what the newer client changes:
 *
 * - **Connection strings** `kurrentdb://host:2113?tls=false` (also `kurrent://`, `kdb://`, and
 *   `esdb://`, taken as `kurrentdb://`).
 * - **Reads** go through the client's native bridge (`@kurrent/bridge`, prebuilt per
 *   platform), and `readAll` filters on the server: one dimension of the filter (stream-name
 *   prefixes first) is sent with each page, both are checked on what comes back.
 * - **Failures**: the bridge reports a server-side exception on a read (gRPC UNKNOWN or
 *   INTERNAL) as unavailable, so it is retried and ends as `StoreUnavailable` where the older
 *   client gave up at once with `StoreFailure`.
 *
 * Build it from a connection string ({@link KurrentDBEventStore.fromConnectionString}: the
 * store owns the client and {@link KurrentDBEventStore.close} disposes of it) or hand in your
 * own client (you own its lifetime; `close` only ends this store's subscriptions).
 */
export class KurrentDBEventStore extends GrpcEventStore implements EventStore {
  /**
   * A store over a client you created and will dispose of yourself.
   * @param client - from `KurrentDBClient.connectionString(...)` (re-exported by this module).
   */
  constructor(client: KurrentDBClient, options: KurrentDBEventStoreOptions = {}) {
    super({ driver: kurrentDBDriver(client), product: 'KurrentDB' }, options);
  }

  /**
   * A store that connects with `connectionString` (e.g. `kurrentdb://localhost:2113?tls=false`)
   * and owns the client: {@link KurrentDBEventStore.close} disposes of it. Connecting is lazy;
   * an unreachable server shows on the first call as `StoreUnavailable`.
   *
   * `connectionString` may be `undefined` (typed so, to take `process.env.X` as it is): that is
   * refused with a sentence saying a connection string is needed.
   * @throws EventStoreError `StoreFailure` when the connection string is missing, empty or malformed.
   */
  static fromConnectionString(connectionString: string | undefined, options: KurrentDBEventStoreOptions = {}): KurrentDBEventStore {
    const { client, redacted } = connectOrFail(connectionString, connect, {
      product: 'KurrentDB',
      example: 'kurrentdb://localhost:2113?tls=false',
      variable: 'KURRENTDB_CONNECTION_STRING',
    });
    const store = new KurrentDBEventStore(client, { serverName: `KurrentDB at ${redacted}`, ...options });
    store.ownClient(redacted);
    return store;
  }
}
