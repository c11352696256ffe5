/**
 * What `@kurrent/kurrentdb-client` 1.3's native bridge (`@kurrent/bridge`, the Rust client)
 * asks the server for its reads, and whether the fake node answers those requests as
 * KurrentDB / EventStoreDB does. The bridge opens its own gRPC connection (it does not use
 * the client's grpc-js channel): on connecting it calls ServerFeatures.GetSupportedMethods,
 * then sends Streams.Read with string UUIDs, a `count`, and — on stream reads only —
 * `control_option.compatibility = 1`, which makes a server add FirstStreamPosition /
 * LastStreamPosition messages around the events; `$all` reads carry the filter (prefixes or a
 * regular expression, window `count`, checkpoint multiplier 1).
 *
 * The last property reads the same random logs through both adapters, the bridge on one side
 * and `@eventstore/db-client`'s grpc-js reads on the other: every answer must be identical.
 */
import { credentials } from '@grpc/grpc-js';
import fc from 'fast-check';
import { KurrentDBClient, START, FORWARDS, BACKWARDS, END, jsonEvent } from '@kurrent/kurrentdb-client';
import { StreamsClient } from '@eventstore/db-client/generated/streams_grpc_pb';
import { ReadReq, type ReadResp } from '@eventstore/db-client/generated/streams_pb';
import { Empty, StreamIdentifier } from '@eventstore/db-client/generated/shared_pb';
import type { EventFilter, ReadAllOptions, ReadStreamOptions, RecordedEvent } from '../../src/eventstore/port';
import { FakeEventStoreDBServer } from './fakeEventStoreDBServer';
import { aStream, anEvent, kurrentConnectionString, kurrentStoreOn, storeOn } from './esdbTestKit';

jest.setTimeout(60_000);

let server: FakeEventStoreDBServer;
const requests: ReadReq.Options[] = [];

beforeAll(async () => {
  server = await FakeEventStoreDBServer.start({ onRead: (options) => requests.push(options) });
});

afterAll(async () => {
  await server.close();
});

const drain = async <E>(read: AsyncIterable<E>): Promise<E[]> => {
  const out: E[] = [];
  for await (const e of read) out.push(e);
  return out;
};

/** The Read requests a step sent. */
const sentBy = async (step: () => Promise<unknown>): Promise<ReadReq.Options[]> => {
  const from = requests.length;
  await step();
  return requests.slice(from);
};

describe('what the bridge asks', () => {
  it('connects with a ServerFeatures call of its own, then reads a stream with string ids, a count and compatibility level 1', async () => {
    const seen: ReadReq.Options[] = [];
    const quiet = await FakeEventStoreDBServer.start({ onRead: (o) => seen.push(o) });
    const client = KurrentDBClient.connectionString(kurrentConnectionString(quiet));
    try {
      await drain(client.readStream('nothing-here', { fromRevision: START, direction: FORWARDS, maxCount: 7 }));
    } catch {
      // A missing stream: the answer does not matter here, the request does.
    }
    expect(quiet.calls.serverFeatures).toBe(1);
    expect(quiet.calls.append).toBe(0);
    expect(seen).toHaveLength(1);
    const [options] = seen;
    expect(options?.getUuidOption()?.hasString()).toBe(true);
    expect(options?.getControlOption()?.getCompatibility()).toBe(1);
    expect(options?.getCount()).toBe('7');
    expect(options?.hasNoFilter()).toBe(true);
    expect(options?.getReadDirection()).toBe(ReadReq.Options.ReadDirection.FORWARDS);
    await client.dispose();
    await quiet.close();
  });

  it('sends the store’s filter with a read of $all: stream-name prefixes, event-type prefixes, or a regex for “no system events”', async () => {
    const store = kurrentStoreOn(server);
    const filters: readonly EventFilter[] = [{ streamNamePrefixes: ['a-', 'b-'] }, { eventTypePrefixes: ['Complaint'] }, {}];
    const sent = [];
    for (const filter of filters) sent.push(...(await sentBy(() => store.readAll({ filter, maxCount: 10 }))));
    await store.close();

    const described = sent.map((o) => {
      const f = o.getFilter();
      const on = f?.hasStreamIdentifier() === true ? f.getStreamIdentifier() : f?.getEventType();
      return {
        on: f?.hasStreamIdentifier() === true ? 'stream' : 'type',
        prefixes: on?.getPrefixList(),
        regex: on?.getRegex(),
        window: f?.hasCount() === true ? 'count' : f?.getMax(),
        multiplier: f?.getCheckpointintervalmultiplier(),
        compatibility: o.getControlOption()?.getCompatibility() ?? 0,
      };
    });
    expect(described).toEqual([
      { on: 'stream', prefixes: ['a-', 'b-'], regex: '', window: 'count', multiplier: 1, compatibility: 0 },
      { on: 'type', prefixes: ['Complaint'], regex: '', window: 'count', multiplier: 1, compatibility: 0 },
      { on: 'type', prefixes: [], regex: '^[^$].*', window: 'count', multiplier: 1, compatibility: 0 },
    ]);
  });

  it('turns a read from the start into a forwards read and a read from the end into a backwards one, whatever the direction asked', async () => {
    const stream = aStream();
    const client = KurrentDBClient.connectionString(kurrentConnectionString(server));
    await client.appendToStream(stream, [jsonEvent({ type: 'A', data: {} }), jsonEvent({ type: 'B', data: {} })]);
    const backwardsFromStart = await sentBy(() => drain(client.readStream(stream, { fromRevision: START, direction: BACKWARDS })));
    const forwardsFromEnd = await sentBy(() => drain(client.readStream(stream, { fromRevision: END, direction: FORWARDS })));
    await client.dispose();

    // Why the adapter sends revision 0 for "backwards from the start" and skips "forwards from the end".
    expect(backwardsFromStart[0]?.getReadDirection()).toBe(ReadReq.Options.ReadDirection.FORWARDS);
    expect(forwardsFromEnd[0]?.getReadDirection()).toBe(ReadReq.Options.ReadDirection.BACKWARDS);
  });
});

describe('how the fake answers a compatibility-1 stream read (as the server’s ReadStream enumerators)', () => {
  let raw: StreamsClient;
  beforeAll(() => {
    raw = new StreamsClient(`127.0.0.1:${server.port}`, credentials.createInsecure());
  });
  afterAll(() => raw.close());

  const read = (stream: string, configure: (s: ReadReq.Options.StreamOptions) => void, backwards = false, count = 100): Promise<ReadResp[]> => {
    const streamOptions = new ReadReq.Options.StreamOptions().setStreamIdentifier(new StreamIdentifier().setStreamName(Uint8Array.from(Buffer.from(stream))));
    configure(streamOptions);
    const options = new ReadReq.Options()
      .setStream(streamOptions)
      .setResolveLinks(false)
      .setCount(String(count))
      .setNoFilter(new Empty())
      .setUuidOption(new ReadReq.Options.UUIDOption().setString(new Empty()))
      .setControlOption(new ReadReq.Options.ControlOption().setCompatibility(1))
      .setReadDirection(backwards ? ReadReq.Options.ReadDirection.BACKWARDS : ReadReq.Options.ReadDirection.FORWARDS);
    return new Promise((resolve, reject) => {
      const out: ReadResp[] = [];
      const call = raw.read(new ReadReq().setOptions(options));
      call.on('data', (m: ReadResp) => out.push(m));
      call.on('end', () => resolve(out));
      call.on('error', reject);
    });
  };
  const shape = (messages: readonly ReadResp[]): string[] =>
    messages.map((m) =>
      m.hasEvent() ? `event ${m.getEvent()?.getEvent()?.getStreamRevision()}`
      : m.hasLastStreamPosition() ? `last ${m.getLastStreamPosition()}`
      : m.hasFirstStreamPosition() ? `first ${m.getFirstStreamPosition()}`
      : m.hasStreamNotFound() ? 'not found'
      : 'other',
    );

  it('sends the last revision after the events, forwards and backwards, also when the count stops the read', async () => {
    const store = storeOn(server);
    const stream = aStream();
    await store.appendToStream(stream, [anEvent(), anEvent(), anEvent()]);
    await store.close();

    expect(shape(await read(stream, (s) => s.setStart(new Empty())))).toEqual(['event 0', 'event 1', 'event 2', 'last 2']);
    expect(shape(await read(stream, (s) => s.setRevision('1'), false, 1))).toEqual(['event 1', 'last 2']);
    expect(shape(await read(stream, (s) => s.setEnd(new Empty()), true))).toEqual(['event 2', 'event 1', 'event 0', 'last 2']);
  });

  it('sends the next revision first when a forwards read finds nothing from where it started; a missing stream is only StreamNotFound', async () => {
    const store = storeOn(server);
    const stream = aStream();
    await store.appendToStream(stream, [anEvent(), anEvent()]);
    await store.close();

    expect(shape(await read(stream, (s) => s.setRevision('9')))).toEqual(['first 2', 'last 1']);
    expect(shape(await read(stream, (s) => s.setRevision('2')))).toEqual(['last 1']);
    expect(shape(await read(aStream(), (s) => s.setStart(new Empty())))).toEqual(['not found']);
  });

  it('the bridge reads through those extra messages: the client returns exactly the events', async () => {
    const store = kurrentStoreOn(server);
    const stream = aStream();
    const events = [anEvent(), anEvent(), anEvent()];
    await store.appendToStream(stream, events);

    expect((await store.readStream(stream)).map((e) => e.id)).toEqual(events.map((e) => e.id));
    expect((await store.readStream(stream, { fromRevision: 9n })).map((e) => e.id)).toEqual([]);
    await store.close();
  });
});

/** The Rust client behind the bridge keeps whole seconds of the server's `created` ticks. */
const toSecond = (events: readonly RecordedEvent[]): RecordedEvent[] =>
  events.map((e) => ({ ...e, createdAt: new Date(Math.floor(e.createdAt.getTime() / 1000) * 1000) }));

describe('the bridge and the JavaScript client read the same answers', () => {
  const TYPES = ['ComplaintReceived', 'ComplaintClosed', 'Other'] as const;
  const revision = fc.oneof(fc.constant('start' as const), fc.constant('end' as const), fc.bigInt({ min: 0n, max: 7n }));
  const streamRead: fc.Arbitrary<ReadStreamOptions> = fc.record(
    { direction: fc.constantFrom('forwards' as const, 'backwards' as const), fromRevision: revision, maxCount: fc.nat(6) },
    { requiredKeys: [] },
  );

  it('every stream and $all read the port can ask gives identical events through both adapters, createdAt to the second (random logs)', async () => {
    const kurrent = kurrentStoreOn(server);
    const esdb = storeOn(server);
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.array(fc.array(fc.constantFrom(...TYPES), { maxLength: 6 }), { minLength: 1, maxLength: 4 }),
          fc.array(fc.tuple(fc.nat(3), streamRead), { minLength: 1, maxLength: 6 }),
          fc.record({
            start: fc.nat(30),
            maxCount: fc.integer({ min: 1, max: 40 }),
            filter: fc.constantFrom<'none' | 'streams' | 'types' | 'both' | 'empty'>('none', 'streams', 'types', 'both', 'empty'),
          }),
          async (streams, streamReads, allRead) => {
            const prefix = `same-${Math.random().toString(36).slice(2)}`;
            const names = streams.map((_, i) => `${prefix}-${i}`);
            const positions = [];
            for (const [i, types] of streams.entries()) {
              if (types.length === 0) continue;
              positions.push((await esdb.appendToStream(names[i] ?? prefix, types.map((t) => anEvent(t, { i })))).position);
            }
            for (const [which, options] of streamReads) {
              const name = names[which % names.length] ?? prefix;
              expect(await kurrent.readStream(name, options)).toEqual(toSecond(await esdb.readStream(name, options)));
            }
            const filters: Record<typeof allRead.filter, EventFilter | undefined> = {
              none: undefined,
              streams: { streamNamePrefixes: [`${prefix}-1`, `${prefix}-3`] },
              types: { eventTypePrefixes: ['Complaint'] },
              both: { streamNamePrefixes: [prefix], eventTypePrefixes: ['ComplaintClosed', 'Other'] },
              empty: {},
            };
            const filter = filters[allRead.filter];
            const from = positions[allRead.start % Math.max(1, positions.length)];
            const options: ReadAllOptions = {
              maxCount: allRead.maxCount,
              ...(from === undefined ? {} : { fromPosition: from }),
              ...(filter === undefined ? {} : { filter }),
            };
            expect(await kurrent.readAll(options)).toEqual(toSecond(await esdb.readAll(options)));
          },
        ),
        { numRuns: 15 },
      );
    } finally {
      await kurrent.close();
      await esdb.close();
    }
  });
});
