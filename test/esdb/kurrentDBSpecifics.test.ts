/**
 * Where KurrentDBEventStore differs from EventStoreDBEventStore, because its client reads
 * through the native bridge (`@kurrent/bridge`): connection strings, the failures the bridge
 * reports as unavailable, and `createdAt` to the second; and how the client appends, as a
 * real node sees it. Everything else is checked on both adapters by the contract, fault,
 * deleted-stream, secure-node, specifics and model-based suites.
 */
import fc from 'fast-check';
import { DeadlineExceededError, jsonEvent } from '@kurrent/kurrentdb-client';
import { KurrentDBClient } from '../../src/kurrentdb';
import { KurrentDBEventStore } from '../../src/eventstore/kurrentdb/kurrentDBEventStore';
import { kurrentScheme, toWholeSecond } from '../../src/eventstore/kurrentdb/kurrentDBClient';
import type { RecordedEvent } from '../../src/eventstore/port';
import { FakeEventStoreDBServer } from './fakeEventStoreDBServer';
import { FAST_RETRY, aStream, anEvent, kurrentConnectionString, kurrentStoreOn, take } from './esdbTestKit';

let server: FakeEventStoreDBServer;
let store: KurrentDBEventStore;

beforeAll(async () => {
  server = await FakeEventStoreDBServer.start();
  store = kurrentStoreOn(server);
});

afterAll(async () => {
  await store.close();
  await server.close();
});

describe('connection strings', () => {
  it.each([
    ['esdb://localhost:2113?tls=false', 'kurrentdb://localhost:2113?tls=false'],
    ['esdb+discover://a:2113,b:2113', 'kurrentdb+discover://a:2113,b:2113'],
    ['ESDB://admin:changeit@db:2113', 'kurrentdb://admin:changeit@db:2113'],
    ['kurrentdb://db:2113', 'kurrentdb://db:2113'],
    ['kurrent+discover://db:2113', 'kurrent+discover://db:2113'],
  ])('the client is given %s as %s', (input, output) => {
    expect(kurrentScheme(input)).toBe(output);
  });

  it('an esdb:// string works and the store writes nothing to the console (the client would warn that esdb is deprecated)', async () => {
    const spies = (['log', 'info', 'warn', 'error', 'debug'] as const).map((level) => jest.spyOn(console, level).mockImplementation(() => undefined));
    try {
      const legacy = KurrentDBEventStore.fromConnectionString(server.connectionString(), { retry: FAST_RETRY });
      const stream = aStream();
      await legacy.appendToStream(stream, [anEvent()]);
      expect(await legacy.readStream(stream)).toHaveLength(1);
      await legacy.close();
      for (const spy of spies) expect(spy).not.toHaveBeenCalled();
    } finally {
      for (const spy of spies) spy.mockRestore();
    }
  });
});

describe('failures the bridge reports as unavailable', () => {
  it('a read the server fails with an exception (gRPC UNKNOWN) is retried, then ends as StoreUnavailable naming the server', async () => {
    server.failNext('read', FAST_RETRY.maxAttempts, { code: 'internal' });
    const reads = server.calls.read;

    await expect(store.readStream(aStream())).rejects.toMatchObject({
      error: { _tag: 'StoreUnavailable', message: expect.stringContaining(`KurrentDB at ${kurrentConnectionString(server)}`) },
    });
    expect(server.calls.read - reads).toBe(FAST_RETRY.maxAttempts);
  });

  it('…and succeeds when the server recovers within the attempts', async () => {
    const stream = aStream();
    await store.appendToStream(stream, [anEvent()]);
    server.failNext('read', FAST_RETRY.maxAttempts - 1, { code: 'internal' });

    expect(await store.readStream(stream)).toHaveLength(1);
  });
});

describe('createdAt', () => {
  it('is the same whole second whether the event is read or delivered by a subscription', async () => {
    const stream = aStream('seconds');
    await store.appendToStream(stream, [anEvent(), anEvent()]);
    const subscription = store.subscribeToAll({ filter: { streamNamePrefixes: [stream] } });
    const delivered = await take(subscription, 2);
    await subscription.unsubscribe();
    const read = await store.readStream(stream);

    expect(delivered.map((e) => e.createdAt)).toEqual(read.map((e) => e.createdAt));
    expect(read.every((e) => e.createdAt.getTime() % 1000 === 0)).toBe(true);
  });

  it('truncating to the second keeps the second and drops only the milliseconds (property)', () => {
    const event = (ms: number): RecordedEvent => ({
      id: '00000000-0000-4000-8000-000000000000',
      type: 'T',
      data: null,
      metadata: {},
      streamName: 's',
      revision: 0n,
      position: { commit: 0n, prepare: 0n },
      createdAt: new Date(ms),
    });
    fc.assert(
      fc.property(fc.integer({ min: -8.64e15, max: 8.64e15 }), (ms) => {
        const truncated = toWholeSecond(event(ms)).createdAt.getTime();
        expect(Math.abs(truncated % 1000)).toBe(0);
        expect(ms - truncated).toBeGreaterThanOrEqual(0);
        expect(ms - truncated).toBeLessThan(1000);
      }),
    );
  });
});

describe('a client the caller owns', () => {
  it('is used as is (conflicts recognised through the re-exported client class) and left open by close()', async () => {
    const client = KurrentDBClient.connectionString(kurrentConnectionString(server));
    const owned = new KurrentDBEventStore(client, { retry: FAST_RETRY });
    const stream = aStream();
    await owned.appendToStream(stream, [anEvent()]);
    await expect(owned.appendToStream(stream, [anEvent()], { expectedRevision: 'no_stream' })).rejects.toMatchObject({
      error: { _tag: 'ConcurrencyConflict', streamName: stream, expected: 'no_stream', actual: 0n },
    });
    await owned.close();

    const events = [];
    for await (const e of client.readStream(stream)) events.push(e);
    expect(events).toHaveLength(1);
    await client.dispose();
  });
});

describe('how the client appends', () => {
  it('through BatchAppend on a node that lists it, as on EventStoreDB 21.10+ and KurrentDB 25', async () => {
    const before = { batches: server.calls.batchAppend, appends: server.calls.append };
    await store.appendToStream(aStream(), [anEvent(), anEvent()]);
    expect(server.calls.batchAppend - before.batches).toBe(1);
    expect(server.calls.append - before.appends).toBe(0);
  });

  it('sends its deadline in the batch options (deadline_21_10_0): a batch whose deadline has passed is a Timeout, nothing written', async () => {
    const client = KurrentDBClient.connectionString(kurrentConnectionString(server));
    try {
      const stream = aStream();
      // 1 ms: gone by the time the node reads the options. Were the deadline dropped on the
      // way, the node would write the batch within its own write timeout.
      const failure = await client.appendToStream(stream, jsonEvent({ type: 'ComplaintReceived', data: { n: 1 } }), { deadline: 1 }).then(
        () => undefined,
        (e: unknown) => e,
      );
      expect(failure).toBeInstanceOf(DeadlineExceededError);
      expect(server.log.stream(stream)).toHaveLength(0);
      // A deadline in the future writes as usual on the same BatchAppend call.
      await client.appendToStream(stream, jsonEvent({ type: 'ComplaintReceived', data: { n: 2 } }), { deadline: 10_000 });
      expect(server.log.stream(stream)).toHaveLength(1);
    } finally {
      await client.dispose();
    }
  });
});
