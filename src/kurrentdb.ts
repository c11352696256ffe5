/**
 * `@lukea/complaints/kurrentdb` — the production event store on KurrentDB through
 * `@kurrent/kurrentdb-client` 1.x (gRPC, reads through its native bridge), the successor of
 * `@eventstore/db-client`. A separate entry point, as `@lukea/complaints/eventstoredb` is, so
 * that a service loads only the client it installed (both are optional peer dependencies).
 *
 * Switching from the in-memory store, or from `EventStoreDBEventStore`, is one constructor:
 * ```ts
 * import { ComplaintService } from '@lukea/complaints';
 * import { KurrentDBEventStore } from '@lukea/complaints/kurrentdb';
 *
 * const store = KurrentDBEventStore.fromConnectionString('kurrentdb://localhost:2113?tls=false');
 * const complaints = new ComplaintService({ store });
 * // … and on shutdown:
 * await store.close();
 * ```
 *
 * Streams, events and metadata are exactly those of the EventStoreDB adapter: one stream per
 * complaint, `complaint-<uuid>`, JSON events with the library's envelope as metadata, so a
 * service can switch client without touching its data. See docs/kurrentdb.md.
 * @packageDocumentation
 */

/**
 * The `EventStore` port on KurrentDB: appends with the expected revision (the client's
 * `streamState`) one to one, `ConcurrencyConflict` on WrongExpectedVersion, missing streams
 * read as empty, `$all` reads filtered on the server, catch-up subscriptions, transient
 * failures retried. Build it with `KurrentDBEventStore.fromConnectionString(...)` (the store
 * owns and disposes of the client) or `new KurrentDBEventStore(client)` (you own the client).
 */
export { KurrentDBEventStore } from './eventstore/kurrentdb/kurrentDBEventStore';

/** Options of {@link KurrentDBEventStore}: retry policy, server name in messages, checkpoint interval. */
export type { KurrentDBEventStoreOptions } from './eventstore/kurrentdb/kurrentDBEventStore';

/** Options shared by the EventStoreDB and KurrentDB stores (the type behind {@link KurrentDBEventStoreOptions}). */
export type { GrpcEventStoreOptions } from './eventstore/grpc/grpcEventStore';

/**
 * A connection string without its `user:password@` part, as the store names the server in
 * its error messages.
 * @example redactConnectionString('kurrentdb://admin:changeit@db:2113?tls=false') // 'kurrentdb://db:2113?tls=false'
 */
export { redactConnectionString } from './eventstore/connectionStrings';

/**
 * The client class of `@kurrent/kurrentdb-client`, re-exported so that a caller who builds
 * and owns its client (`KurrentDBClient.connectionString(...)`) uses the same copy of the
 * package as the store — the store recognises the client's errors by class.
 */
export { KurrentDBClient } from './eventstore/kurrentdb/kurrentDBClient';

/** How transient failures (node unavailable, deadline exceeded, leader change) are retried: attempts and backoff. */
export type { RetryPolicy } from './eventstore/grpc/retry';

/** The default {@link RetryPolicy}: 5 attempts, 100 ms doubling up to 2 s (about 1.5 s of waiting in all). */
export { DEFAULT_RETRY_POLICY } from './eventstore/grpc/retry';
