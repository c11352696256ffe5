/**
 * The production {@link EventStore} on KurrentDB through `@kurrent/kurrentdb-client`.
 * @packageDocumentation
 */
import { connect, kurrentDBDriver, type KurrentDBClient } from './kurrentDBClient';
import { GrpcEventStore, connectOrFail, type GrpcEventStoreOptions } from '../grpc/grpcEventStore';
import type {
  AllSubscription,
  AppendResult,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamMetadata,
  SubscribeToAllOptions,
} from '../port';

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
export class KurrentDBEventStore implements EventStore {
  /** KurrentDB events are immutable: whoever folds them may keep the result (see {@link EventStore.readsMayChange}). */
  readonly readsMayChange = false;
  private readonly store: GrpcEventStore;

  /**
   * A store over a client you created and will dispose of yourself.
   * @param client - from `KurrentDBClient.connectionString(...)` (re-exported by this module).
   */
  constructor(client: KurrentDBClient, options: KurrentDBEventStoreOptions = {}) {
    this.store = new GrpcEventStore({ driver: kurrentDBDriver(client), product: 'KurrentDB' }, options);
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
    store.store.ownClient(redacted);
    return store;
  }

  /** Appends events to a stream in one gRPC batch, checking the expected revision (see {@link EventStore.appendToStream}). */
  appendToStream(
    streamName: string,
    events: readonly EventToAppend[],
    options?: { readonly expectedRevision?: ExpectedRevision },
  ): Promise<AppendResult> {
    return this.store.appendToStream(streamName, events, options);
  }

  /** Reads a stream forwards (see {@link EventStore.readStream}). */
  readStream(streamName: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return this.store.readStream(streamName, options);
  }

  /** Reads the global log from a position, filtered on the server (see {@link EventStore.readAll}). */
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.store.readAll(options);
  }

  /**
   * Sets `$maxCount` and `$tb` in the stream's metadata, keeping its other keys (see
   * {@link EventStore.setStreamMetadata}). On a secure node the user needs the metadata read
   * and write rights on the stream (`$mr`, `$mw`).
   */
  setStreamMetadata(streamName: string, metadata: StreamMetadata): Promise<void> {
    return this.store.setStreamMetadata(streamName, metadata);
  }

  /** The stream's `$maxCount` and `$tb` (see {@link EventStore.getStreamMetadata}). */
  getStreamMetadata(streamName: string): Promise<StreamMetadata> {
    return this.store.getStreamMetadata(streamName);
  }

  /** Subscribes to the global log, catch-up then live (see {@link EventStore.subscribeToAll}). */
  subscribeToAll(options?: SubscribeToAllOptions): AllSubscription {
    return this.store.subscribeToAll(options);
  }

  /**
   * Ends this store's subscriptions and, when the store created the client
   * ({@link KurrentDBEventStore.fromConnectionString}), disposes of it. Idempotent.
   */
  close(): Promise<void> {
    return this.store.close();
  }
}
