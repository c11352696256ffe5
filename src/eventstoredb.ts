/**
 * `@lukea/complaints/eventstoredb` — the production event store: EventStoreDB through
 * `@eventstore/db-client` (gRPC). A separate entry point, so that services using only the
 * embedded `InMemoryEventStore` never load gRPC, and services on `@kurrent/kurrentdb-client`
 * (`@lukea/complaints/kurrentdb`) never load this client: both are optional peer dependencies.
 *
 * Switching from the in-memory store is one constructor:
 * ```ts
 * import { ComplaintService } from '@lukea/complaints';
 * import { EventStoreDBEventStore } from '@lukea/complaints/eventstoredb';
 *
 * const store = EventStoreDBEventStore.fromConnectionString('esdb://localhost:2113?tls=false');
 * const complaints = new ComplaintService({ store });
 * // … and on shutdown:
 * await store.close();
 * ```
 *
 * Complaints are written to one stream per complaint, `complaint-<uuid>` (EventStoreDB's
 * `$ce-complaint` category stream links them all), as JSON events whose metadata is the
 * library's envelope. See docs/eventstoredb.md.
 * @packageDocumentation
 */

/**
 * The `EventStore` port on EventStoreDB: appends with the expected revision one to one,
 * `ConcurrencyConflict` on WrongExpectedVersion, missing streams read as empty, `$all` reads
 * and catch-up subscriptions with server-side filters, transient failures retried.
 * Build it with `EventStoreDBEventStore.fromConnectionString(...)` (the store owns and
 * disposes of the client) or `new EventStoreDBEventStore(client)` (you own the client).
 */
export { EventStoreDBEventStore } from './eventstore/eventstoredb/eventStoreDBEventStore';

/** Options of {@link EventStoreDBEventStore}: retry policy, server name in messages, checkpoint interval. */
export type { EventStoreDBEventStoreOptions } from './eventstore/eventstoredb/eventStoreDBEventStore';

/** Options shared by the EventStoreDB and KurrentDB stores (the type behind {@link EventStoreDBEventStoreOptions}). */
export type { GrpcEventStoreOptions } from './eventstore/grpc/grpcEventStore';

/**
 * A connection string without its `user:password@` part, as the store names the server in
 * its error messages.
 * @example redactConnectionString('esdb://admin:changeit@db:2113?tls=false') // 'esdb://db:2113?tls=false'
 */
export { redactConnectionString } from './eventstore/connectionStrings';

/**
 * The client class of `@eventstore/db-client`, re-exported so that a caller who builds and
 * owns its client (`EventStoreDBClient.connectionString(...)`) uses the same copy of the
 * package as the store.
 */
export { EventStoreDBClient } from './eventstore/eventstoredb/eventStoreDBClient';

/** How transient failures (node unavailable, deadline exceeded, leader change) are retried: attempts and backoff. */
export type { RetryPolicy } from './eventstore/grpc/retry';

/** The default {@link RetryPolicy}: 5 attempts, 100 ms doubling up to 2 s (about 1.5 s of waiting in all). */
export { DEFAULT_RETRY_POLICY } from './eventstore/grpc/retry';
