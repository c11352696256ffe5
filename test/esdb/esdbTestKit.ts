/**
 * Small helpers shared by the EventStoreDB adapter tests: events with fresh ids, a store on
 * a fake server with tiny retry delays, and a way to collect what a subscription delivers.
 */
import { v4 as uuid } from 'uuid';
import { EventStoreDBEventStore, type EventStoreDBEventStoreOptions } from '../../src/eventstore/eventStoreDBEventStore';
import type { AllSubscription, EventToAppend, JsonValue, RecordedEvent } from '../../src/eventstore/port';
import type { FakeEventStoreDBServer } from './fakeEventStoreDBServer';

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
