/**
 * Small helpers shared by the EventStoreDB and KurrentDB adapter tests: events with fresh
 * ids, a store on a fake server with tiny retry delays (through either client), and a way to
 * collect what a subscription delivers.
 */
import { v4 as uuid } from 'uuid';
import './oneProtobufNamespace';
import { EventStoreDBEventStore, type EventStoreDBEventStoreOptions } from '../../src/eventstore/eventstoredb/eventStoreDBEventStore';
import { KurrentDBEventStore } from '../../src/eventstore/kurrentdb/kurrentDBEventStore';
import type { GrpcEventStoreOptions } from '../../src/eventstore/grpc/grpcEventStore';
import type { AllSubscription, EventToAppend, JsonValue, RecordedEvent } from '../../src/eventstore/port';
import type { FakeEventStoreDBServer } from './fakeEventStoreDBServer';
import { EventStoreError } from '../../src/eventstore/errors';

/** An event to append with a fresh id. */
export const anEvent = (type = 'ComplaintReceived', data: JsonValue = { n: 1 }): EventToAppend => ({
  id: uuid(),
  type,
  data,
  metadata: { correlationId: uuid() },
});

/** A stream name no other test uses. */
export const aStream = (prefix = 'complaint'): string => `${prefix}-${uuid()}`;

/** Retries in milliseconds, not seconds, so fault tests stay fast. */
export const FAST_RETRY = { maxAttempts: 4, baseDelayMs: 5, maxDelayMs: 20 } as const;

/** A store owning its client, connected to `server`. */
export const storeOn = (server: FakeEventStoreDBServer, options: EventStoreDBEventStoreOptions = {}): EventStoreDBEventStore =>
  EventStoreDBEventStore.fromConnectionString(server.connectionString(), { retry: FAST_RETRY, ...options });

/** `server`'s connection string with the `kurrentdb://` scheme. */
export const kurrentConnectionString = (server: FakeEventStoreDBServer, credentials?: string): string =>
  server.connectionString(credentials).replace(/^esdb:/, 'kurrentdb:');

/** A KurrentDB store (`@kurrent/kurrentdb-client`, reads through its native bridge) owning its client, connected to `server`. */
export const kurrentStoreOn = (server: FakeEventStoreDBServer, options: GrpcEventStoreOptions = {}): KurrentDBEventStore =>
  KurrentDBEventStore.fromConnectionString(kurrentConnectionString(server), { retry: FAST_RETRY, ...options });

/** A production store over the fake server, through one client library or the other. */
export type GrpcStore = EventStoreDBEventStore | KurrentDBEventStore;

/** One of the two adapters, as the suites that must hold for both see it. */
export interface Adapter {
  /** The store class and its client library, for test titles. */
  readonly name: string;
  /** The connection string scheme it is usually given. */
  readonly scheme: 'esdb' | 'kurrentdb';
  /** How its messages name the server. */
  readonly product: 'EventStoreDB' | 'KurrentDB';
  /** The environment variable its "no connection string" message suggests. */
  readonly variable: string;
  /**
   * Whether reads go through `@kurrent/bridge`, whose errors carry only their kind
   * ("UnavailableError"): no gRPC status, no socket error, so no reason can be told.
   */
  readonly readsThroughBridge: boolean;
  /** A store owning its client, connected to `server`, with fast retries. */
  readonly open: (server: FakeEventStoreDBServer, options?: GrpcEventStoreOptions) => GrpcStore;
  /** `server`'s connection string with this adapter's scheme, with `user:password` when given. */
  readonly connectionString: (server: FakeEventStoreDBServer, credentials?: string) => string;
  /** The store class's own `fromConnectionString`. */
  readonly fromConnectionString: (connectionString: string | undefined, options?: GrpcEventStoreOptions) => GrpcStore;
}

/** Both adapters, for suites that must hold for each (`describe.each(ADAPTERS)`). */
export const ADAPTERS: readonly Adapter[] = [
  {
    name: 'EventStoreDBEventStore (@eventstore/db-client)',
    scheme: 'esdb',
    product: 'EventStoreDB',
    variable: 'EVENTSTORE_CONNECTION_STRING',
    readsThroughBridge: false,
    open: storeOn,
    connectionString: (server, credentials) => server.connectionString(credentials),
    fromConnectionString: (cs, options) => EventStoreDBEventStore.fromConnectionString(cs, options),
  },
  {
    name: 'KurrentDBEventStore (@kurrent/kurrentdb-client)',
    scheme: 'kurrentdb',
    product: 'KurrentDB',
    variable: 'KURRENTDB_CONNECTION_STRING',
    readsThroughBridge: true,
    open: kurrentStoreOn,
    connectionString: kurrentConnectionString,
    fromConnectionString: (cs, options) => KurrentDBEventStore.fromConnectionString(cs, options),
  },
];

/**
 * Generous bound of every wait in these tests. The full suite runs its files in parallel on
 * few cores, so a delivery that takes milliseconds alone can take seconds there; a bound only
 * turns a hang into a readable failure, so it sits well above that and below Jest's 30 s.
 */
export const WAIT_MS = 20_000;

/** Iterates `subscription` until `count` events arrived (or `timeoutMs` passed), then leaves it open. */
export const take = async (subscription: AllSubscription, count: number, timeoutMs = WAIT_MS): Promise<RecordedEvent[]> => {
  const got: RecordedEvent[] = [];
  if (count === 0) return got;
  const iterator = subscription[Symbol.asyncIterator]();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), timeoutMs)));
  try {
    while (got.length < count) {
      const next = await Promise.race([iterator.next(), timeout]);
      if (next === 'timeout') throw new Error(`only ${got.length} of ${count} events arrived within ${timeoutMs} ms`);
      if (next.done === true) throw new Error(`the subscription ended after ${got.length} of ${count} events`);
      got.push(next.value);
    }
  } finally {
    clearTimeout(timer);
  }
  return got;
};

/** Resolves when `predicate` holds, polling every few ms; rejects naming `what` after `timeoutMs`. */
export const eventually = async (predicate: () => boolean, what = 'the condition', timeoutMs = WAIT_MS): Promise<void> => {
  const deadline = Date.now() + timeoutMs;
  while (!predicate()) {
    if (Date.now() > deadline) throw new Error(`${what} not reached within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
};

/** The `EventStoreError` a call rejects with (any other outcome fails the test). */
export const storeErrorOf = async (promise: Promise<unknown>): Promise<EventStoreError> => {
  try {
    await promise;
  } catch (e) {
    if (e instanceof EventStoreError) return e;
    throw e;
  }
  throw new Error('expected the call to fail');
};
