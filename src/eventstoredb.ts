/**
 * `@lukea/complaints/eventstoredb` — the production event store: EventStoreDB through
 * `@eventstore/db-client`. A separate entry point so that services using only the embedded
 * in-memory store never load gRPC.
 *
 * ```ts
 * import { ComplaintService } from '@lukea/complaints';
 * import { EventStoreDBEventStore } from '@lukea/complaints/eventstoredb';
 *
 * const store = EventStoreDBEventStore.fromConnectionString('esdb://localhost:2113?tls=false');
 * const complaints = new ComplaintService({ store });
 * ```
 * @packageDocumentation
 */
export { EventStoreDBEventStore, redactConnectionString } from './eventstore/eventStoreDBEventStore';
export type { EventStoreDBEventStoreOptions } from './eventstore/eventStoreDBEventStore';
export { EventStoreDBClient } from './eventstore/eventStoreDBClient';
export { DEFAULT_RETRY_POLICY } from './eventstore/eventStoreDBRetry';
export type { RetryPolicy } from './eventstore/eventStoreDBRetry';
