import { EventStoreDBClient, binaryEvent } from '@eventstore/db-client';
import { EventStoreError } from '../../src/eventstore/errors';
import { EventStoreDBEventStore, redactConnectionString } from '../../src/eventstore/eventstoredb/eventStoreDBEventStore';
import type { Position, RecordedEvent } from '../../src/eventstore/port';
import { FakeEventStoreDBServer } from './fakeEventStoreDBServer';
import { ADAPTERS, FAST_RETRY, aStream, anEvent, eventually, storeOn, take, type GrpcStore } from './esdbTestKit';

const before = (a: Position, b: Position): boolean => a.commit < b.commit || (a.commit === b.commit && a.prepare < b.prepare);

describe('redactConnectionString', () => {
  it.each([
    ['esdb://admin:changeit@db:2113?tls=false', 'esdb://db:2113?tls=false'],
    ['esdb+discover://user:p%40ss@a:2113,b:2113', 'esdb+discover://a:2113,b:2113'],
    ['esdb://localhost:2113', 'esdb://localhost:2113'],
  ])('%s → %s', (input, output) => {
    expect(redactConnectionString(input)).toBe(output);
  });
});

describe.each(ADAPTERS)('$name over the fake server', (adapter) => {
  let server: FakeEventStoreDBServer;
  let store: GrpcStore;

  beforeAll(async () => {
    server = await FakeEventStoreDBServer.start();
    store = adapter.open(server);
  });

  afterAll(async () => {
    await store.close();
    await server.close();
  });

  it('a subscription without a filter shows EventStoreDB’s system events; a filtered one never does', async () => {
    const unfiltered = store.subscribeToAll();
    const [first] = await take(unfiltered, 1);
    await unfiltered.unsubscribe();
    expect(first?.type.startsWith('$')).toBe(true);

    const filtered = store.subscribeToAll({ filter: { eventTypePrefixes: ['$', 'Complaint'] } });
    const stream = aStream();
    await store.appendToStream(stream, [anEvent('ComplaintReceived')]);
    const [only] = await take(filtered, 1);
    await filtered.unsubscribe();
    expect(only?.streamName).toBe(stream);
  });

  it('a slow consumer of a long catch-up gets every event once, checkpoints never ahead of an undelivered event', async () => {
    // Enough matching events to fill the subscription's buffer (512) twice over, so the server
    // stream is paused and resumed while checkpoints from the skipped stream arrive in between;
    // batches of 250 keep the number of round trips (the slow part under load) small.
    const rounds = 4;
    const keepPerRound = 250;
    const expected = rounds * keepPerRound;
    const prefix = `slow${Date.now()}`;
    const start = (await store.appendToStream(aStream('mark'), [anEvent()])).position;
    for (let i = 0; i < rounds; i += 1) {
      await store.appendToStream(`${prefix}-keep`, Array.from({ length: keepPerRound }, () => anEvent()));
      await store.appendToStream(`${prefix}-skip`, Array.from({ length: 150 }, () => anEvent()));
    }
    const timeline: ({ event: RecordedEvent } | { checkpoint: Position })[] = [];
    let caughtUp = 0;
    const subscription = store.subscribeToAll({
      fromPosition: start,
      filter: { streamNamePrefixes: [`${prefix}-keep`] },
      onCheckpoint: (checkpoint) => timeline.push({ checkpoint }),
      onCaughtUp: () => (caughtUp += 1),
    });
    const iterator = subscription[Symbol.asyncIterator]();
    for (let delivered = 1; delivered <= expected; delivered += 1) {
      const next = await iterator.next();
      if (next.done === true) throw new Error(`ended after ${delivered - 1} of ${expected} events`);
      timeline.push({ event: next.value });
      if (delivered % 100 === 0) await new Promise((resolve) => setTimeout(resolve, 5)); // a slow consumer
    }
    // Nothing more matches: the next step waits for a live event, while the catch-up ends.
    // Should the iteration end or fail first, say so instead of timing out on caughtUp.
    let settled: { readonly outcome: IteratorResult<RecordedEvent> | Error } | undefined;
    const pending = iterator.next().then(
      (outcome) => (settled = { outcome }),
      (error: unknown) => (settled = { outcome: error instanceof Error ? error : new Error(String(error)) }),
    );
    await eventually(() => caughtUp === 1 || settled !== undefined, 'onCaughtUp after the catch-up');
    expect(settled).toBeUndefined();
    await subscription.unsubscribe();
    await pending;
    expect(settled).toEqual({ outcome: { done: true, value: undefined } });

    const events = timeline.flatMap((t) => ('event' in t ? [t.event] : []));
    expect(events).toHaveLength(expected);
    expect(new Set(events.map((e) => e.id)).size).toBe(expected);
    expect(events.every((e) => e.streamName === `${prefix}-keep`)).toBe(true);
    expect(timeline.some((t) => 'checkpoint' in t)).toBe(true);
    // Walking back from the end: every checkpoint lies before the earliest event delivered after it.
    let earliestLater: Position | undefined;
    const aheadOfAnEvent: Position[] = [];
    for (const entry of [...timeline].reverse()) {
      if ('event' in entry) earliestLater = entry.event.position;
      else if (earliestLater !== undefined && !before(entry.checkpoint, earliestLater)) aheadOfAnEvent.push(entry.checkpoint);
    }
    expect(aheadOfAnEvent).toEqual([]);
    expect(caughtUp).toBe(1);
  }, 60_000);

  it('reports onCaughtUp once when the node says CaughtUp again after falling behind, with no gap and no duplicate', async () => {
    const stream = aStream('behind');
    await store.appendToStream(stream, [anEvent(), anEvent()]);
    let caughtUp = 0;
    const subscription = store.subscribeToAll({ filter: { streamNamePrefixes: [stream] }, onCaughtUp: () => (caughtUp += 1) });
    const first = await take(subscription, 2);
    const next = take(subscription, 1); // onCaughtUp fires when the consumer asks past the stored events
    await eventually(() => caughtUp === 1 && server.liveSubscriptions > 0, 'onCaughtUp');
    expect(server.fallBehind()).toBeGreaterThan(0);
    await store.appendToStream(stream, [anEvent()]);
    const [live] = await next;
    await subscription.unsubscribe();

    expect([...first, live].map((e) => e?.revision)).toEqual([0n, 1n, 2n]);
    expect(caughtUp).toBe(1);
  });

  it('resumes from a filtered checkpoint at { commit, prepare: 0 } with the next matching event, once', async () => {
    const prefix = `cp0-${Date.now()}`;
    const start = (await store.appendToStream(aStream('mark'), [anEvent()])).position;
    for (let i = 0; i < 3; i += 1) await store.appendToStream(aStream('noise'), Array.from({ length: 20 }, () => anEvent()));
    const checkpoints: Position[] = [];
    const first = store.subscribeToAll({ fromPosition: start, filter: { streamNamePrefixes: [prefix] }, onCheckpoint: (p) => checkpoints.push(p) });
    const pending = take(first, 1).catch(() => []);
    await eventually(() => checkpoints.some((p) => p.prepare === 0n), 'a checkpoint at prepare 0');
    await first.unsubscribe();
    await pending;
    const checkpoint = checkpoints.filter((p) => p.prepare === 0n).pop();
    if (checkpoint === undefined) throw new Error('no checkpoint');
    const matching = aStream(prefix);
    await store.appendToStream(matching, [anEvent(), anEvent()]);

    const resumed = store.subscribeToAll({ fromPosition: checkpoint, filter: { streamNamePrefixes: [prefix] } });
    const events = await take(resumed, 2);
    await resumed.unsubscribe();

    expect(events.map((e) => [e.streamName, e.revision])).toEqual([
      [matching, 0n],
      [matching, 1n],
    ]);
  });

  it('a subscription refused at first is retried', async () => {
    const stream = aStream('retried');
    await store.appendToStream(stream, [anEvent()]);
    server.failNext('subscribe', 2);

    const subscription = store.subscribeToAll({ filter: { streamNamePrefixes: [stream] } });
    const [event] = await take(subscription, 1);
    await subscription.unsubscribe();

    expect(event?.streamName).toBe(stream);
  });

  it('a subscription the server refuses for good ends with StoreFailure and the server’s message', async () => {
    server.failNext('subscribe', 1, { code: 'internal' });
    const subscription = store.subscribeToAll({ filter: { streamNamePrefixes: ['nothing-'] } });

    await expect(take(subscription, 1)).rejects.toMatchObject({
      error: { _tag: 'StoreFailure', message: expect.stringContaining('Exception was thrown by handler') },
    });
  });

  it('an event another application wrote (binary data, metadata that is not JSON) reads with base64 data and {} metadata', async () => {
    const writer = EventStoreDBClient.connectionString(server.connectionString());
    const stream = aStream('foreign');
    const data = Uint8Array.from([0, 159, 146, 150, 255]);
    await writer.appendToStream(stream, binaryEvent({ type: 'Foreign', data, metadata: Buffer.from('not json {', 'utf8') }));
    await writer.dispose();

    const [read] = await store.readStream(stream);
    const [viaAll] = await store.readAll({ filter: { streamNamePrefixes: [stream] } });
    for (const event of [read, viaAll]) {
      expect(event?.type).toBe('Foreign');
      expect(event?.data).toBe(Buffer.from(data).toString('base64'));
      expect(event?.metadata).toStrictEqual({});
    }
  });

  it('a callback that throws ends the iteration with its error', async () => {
    const stream = aStream();
    await store.appendToStream(stream, [anEvent()]);
    const subscription = store.subscribeToAll({
      filter: { streamNamePrefixes: [stream] },
      onCaughtUp: () => {
        throw new Error('projection broke');
      },
    });

    await expect(take(subscription, 2)).rejects.toThrow('projection broke');
  });

  it('rejects calls after close', async () => {
    const closing = adapter.open(server);
    await closing.close();
    await closing.close();

    await expect(closing.readStream(aStream())).rejects.toBeInstanceOf(EventStoreError);
    await expect(take(closing.subscribeToAll(), 1)).rejects.toBeInstanceOf(EventStoreError);
  });

  it('reports invalid subscription options on the first step, as a StoreFailure', async () => {
    const subscription = store.subscribeToAll({ filter: { streamNamePrefixes: [] } });

    await expect(take(subscription, 1)).rejects.toMatchObject({ error: { _tag: 'StoreFailure' } });
  });
});

describe('EventStoreDBEventStore: a read the server refuses for good', () => {
  it('is a StoreFailure, not retried', async () => {
    const server = await FakeEventStoreDBServer.start();
    const store = storeOn(server);
    server.failNext('read', 1, { code: 'internal' });
    const reads = server.calls.read;

    await expect(store.readStream(aStream())).rejects.toMatchObject({ error: { _tag: 'StoreFailure' } });
    expect(server.calls.read - reads).toBe(1);
    await store.close();
    await server.close();
  });
});

describe.each(ADAPTERS)('$name on servers that say less', (adapter) => {
  it('reports caught up from the head read at start when the server sends no CaughtUp (before 23.10)', async () => {
    const old = await FakeEventStoreDBServer.start({ caughtUp: false });
    const store = adapter.open(old);
    const stream = aStream();
    await store.appendToStream(stream, [anEvent(), anEvent()]);
    let caughtUp = 0;
    const subscription = store.subscribeToAll({ filter: { streamNamePrefixes: [stream] }, onCaughtUp: () => (caughtUp += 1) });

    const events = await take(subscription, 2);
    const live = take(subscription, 1); // onCaughtUp fires when the consumer asks past the stored events
    await eventually(() => caughtUp === 1, 'onCaughtUp');
    await store.appendToStream(stream, [anEvent()]);
    await live;

    expect(events).toHaveLength(2);
    expect(caughtUp).toBe(1);
    await store.close();
    await old.close();
  });

  it('finds the position of a repeated batch the server answered without one', async () => {
    const terse = await FakeEventStoreDBServer.start({ idempotentPosition: false });
    const store = adapter.open(terse);
    const stream = aStream();
    const batch = [anEvent(), anEvent()];
    const original = await store.appendToStream(stream, batch, { expectedRevision: 'no_stream' });

    expect(await store.appendToStream(stream, batch, { expectedRevision: 'no_stream' })).toEqual(original);
    await store.close();
    await terse.close();
  });
});

describe('a client the caller owns', () => {
  it('is used as is and left open by close()', async () => {
    const server = await FakeEventStoreDBServer.start();
    const client = EventStoreDBClient.connectionString(server.connectionString());
    const store = new EventStoreDBEventStore(client, { retry: FAST_RETRY });
    const stream = aStream();
    await store.appendToStream(stream, [anEvent()]);
    await store.close();

    const events = [];
    for await (const e of client.readStream(stream)) events.push(e);
    expect(events).toHaveLength(1);
    await client.dispose();
    await server.close();
  });
});
