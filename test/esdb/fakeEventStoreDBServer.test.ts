/**
 * The fake server checked against EventStoreDB's documented behaviour, through the real
 * client and through raw gRPC calls — not through the adapter, so that the adapter's tests
 * rest on a server whose answers were checked on their own.
 */
import { credentials, type ClientReadableStream } from '@grpc/grpc-js';
import {
  BACKWARDS,
  DeadlineExceededError,
  END,
  EventStoreDBClient,
  MaxAppendSizeExceededError,
  RequiredMetadataPropertyMissingError,
  START,
  StreamNotFoundError,
  UnavailableError,
  UnknownError,
  WrongExpectedVersionError,
  convertToCommandError,
  jsonEvent,
  streamNameFilter,
  type AllStreamResolvedEvent,
  type Position,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { StreamsClient } from '@eventstore/db-client/generated/streams_grpc_pb';
import { AppendReq, ReadReq, type AppendResp, type ReadResp } from '@eventstore/db-client/generated/streams_pb';
import { Empty, StreamIdentifier, UUID } from '@eventstore/db-client/generated/shared_pb';
import { v4 as uuid } from 'uuid';
import { FakeEventStoreDBServer } from './fakeEventStoreDBServer';
import { eventually } from './esdbTestKit';

let server: FakeEventStoreDBServer;
let client: EventStoreDBClient;
let raw: StreamsClient;

beforeAll(async () => {
  server = await FakeEventStoreDBServer.start();
  client = EventStoreDBClient.connectionString(server.connectionString());
  raw = new StreamsClient(`127.0.0.1:${server.port}`, credentials.createInsecure());
});

afterAll(async () => {
  raw.close();
  await client.dispose();
  await server.close();
});

const ev = (type = 'Tested', data: Record<string, unknown> = {}) => jsonEvent({ id: uuid(), type, data });
const aStream = (): string => `fake-${uuid()}`;

const readAll = async <E>(read: AsyncIterable<E>): Promise<E[]> => {
  const out: E[] = [];
  for await (const e of read) out.push(e);
  return out;
};

const failureOf = async (promise: Promise<unknown>): Promise<unknown> => promise.then(() => undefined, (e: unknown) => e);

const collectRaw = (call: ClientReadableStream<ReadResp>): Promise<ReadResp[]> =>
  new Promise((resolve, reject) => {
    const out: ReadResp[] = [];
    call.on('data', (m: ReadResp) => out.push(m));
    call.on('end', () => resolve(out));
    call.on('error', reject);
  });

const allOptions = (configure: (o: ReadReq.Options) => void): ReadReq => {
  const options = new ReadReq.Options()
    .setResolveLinks(false)
    .setUuidOption(new ReadReq.Options.UUIDOption().setString(new Empty()));
  configure(options);
  return new ReadReq().setOptions(options);
};

/** An Append whose proposed message lacks the `type` metadata entry (the client always sends it). */
const rawAppendWithoutType = (): Promise<AppendResp> =>
  new Promise((resolve, reject) => {
    const call = raw.append((error, response) => (error === null ? resolve(response) : reject(convertToCommandError(error))));
    const options = new AppendReq.Options()
      .setStreamIdentifier(new StreamIdentifier().setStreamName(Uint8Array.from(Buffer.from(aStream()))))
      .setAny(new Empty());
    call.write(new AppendReq().setOptions(options));
    const message = new AppendReq.ProposedMessage().setId(new UUID().setString(uuid())).setData(Buffer.from('{}'));
    message.getMetadataMap().set('content-type', 'application/json');
    call.write(new AppendReq().setProposedMessage(message));
    call.end();
  });

describe('Append', () => {
  it('applies each expected-revision rule and names both revisions in WrongExpectedVersion', async () => {
    const stream = aStream();
    await expect(client.appendToStream(stream, ev(), { expectedRevision: 'stream_exists' })).rejects.toMatchObject({
      streamName: stream,
      expectedVersion: 'stream_exists',
      actualVersion: 'no_stream',
    });
    expect((await client.appendToStream(stream, [ev(), ev()], { expectedRevision: 'no_stream' })).nextExpectedRevision).toBe(1n);
    expect((await client.appendToStream(stream, ev(), { expectedRevision: 1n })).nextExpectedRevision).toBe(2n);
    expect((await client.appendToStream(stream, ev(), { expectedRevision: 'stream_exists' })).nextExpectedRevision).toBe(3n);
    expect((await client.appendToStream(stream, ev(), { expectedRevision: 'any' })).nextExpectedRevision).toBe(4n);
    const behind = await failureOf(client.appendToStream(stream, ev(), { expectedRevision: 2n }));
    expect(behind).toBeInstanceOf(WrongExpectedVersionError);
    expect(behind).toMatchObject({ expectedVersion: 2n, actualVersion: 4n });
    await expect(client.appendToStream(stream, ev(), { expectedRevision: 9n })).rejects.toMatchObject({ expectedVersion: 9n, actualVersion: 4n });
    await expect(client.appendToStream(stream, ev(), { expectedRevision: 'no_stream' })).rejects.toMatchObject({
      expectedVersion: 'no_stream',
      actualVersion: 4n,
    });
  });

  it('answers a repeated batch with the original result, and a partly repeated one with WrongExpectedVersion', async () => {
    const stream = aStream();
    const batch = [ev(), ev()];
    const original = await client.appendToStream(stream, batch, { expectedRevision: 'no_stream' });
    await client.appendToStream(stream, ev());
    expect(await client.appendToStream(stream, batch, { expectedRevision: 'no_stream' })).toEqual(original);
    expect(await client.appendToStream(stream, batch, { expectedRevision: 'any' })).toEqual(original);
    const [first] = batch;
    if (first === undefined) throw new Error('no event');
    await expect(client.appendToStream(stream, [first, ev()], { expectedRevision: 'no_stream' })).rejects.toBeInstanceOf(
      WrongExpectedVersionError,
    );
    await expect(client.appendToStream(stream, [first, ev()], { expectedRevision: 'any' })).rejects.toBeInstanceOf(
      WrongExpectedVersionError,
    );
    expect(await readAll(client.readStream(stream))).toHaveLength(3);
  });

  it('gives each event its own, growing $all position and reports the last one', async () => {
    const stream = aStream();
    const result = await client.appendToStream(stream, [ev(), ev(), ev()]);
    const read = (await readAll(client.readStream(stream))).map((e: ResolvedEvent) => e.event?.position);
    expect(read[2]).toEqual(result.position);
    expect(read[0]?.commit).toBeLessThan(read[1]?.commit ?? 0n);
    expect(read.every((p) => p?.commit === p?.prepare)).toBe(true);
  });

  it('refuses what EventStoreDB refuses', async () => {
    const big = jsonEvent({ type: 'Big', data: { s: 'x'.repeat(1024 * 1024) } });
    expect(await failureOf(client.appendToStream(aStream(), big))).toBeInstanceOf(MaxAppendSizeExceededError);
    expect(await failureOf(rawAppendWithoutType())).toBeInstanceOf(RequiredMetadataPropertyMissingError);
    expect(await failureOf(client.appendToStream(aStream(), jsonEvent({ id: 'not-a-uuid', type: 'T', data: {} })))).toBeInstanceOf(
      UnknownError,
    );
  });
});

describe('Read', () => {
  it('reads a stream forwards and backwards, inclusive of the start revision, limited by count', async () => {
    const stream = aStream();
    await client.appendToStream(stream, [ev(), ev(), ev(), ev()]);
    const revisions = async (options: Parameters<EventStoreDBClient['readStream']>[1]) =>
      (await readAll(client.readStream(stream, options))).map((e) => e.event?.revision);
    expect(await revisions({ fromRevision: 1n, maxCount: 2 })).toEqual([1n, 2n]);
    expect(await revisions({ direction: BACKWARDS, fromRevision: END })).toEqual([3n, 2n, 1n, 0n]);
    expect(await revisions({ direction: BACKWARDS, fromRevision: 2n, maxCount: 2 })).toEqual([2n, 1n]);
    expect(await revisions({ fromRevision: END })).toEqual([]);
  });

  it('raises StreamNotFound while iterating a missing stream', async () => {
    expect(await failureOf(readAll(client.readStream(aStream())))).toBeInstanceOf(StreamNotFoundError);
  });

  it('records type, content-type and created (.NET ticks) in the event metadata', async () => {
    const stream = aStream();
    const before = BigInt(Date.now()) * 10_000n;
    await client.appendToStream(stream, ev('Typed'));
    const request = allOptions((o) =>
      o
        .setStream(new ReadReq.Options.StreamOptions().setStreamIdentifier(new StreamIdentifier().setStreamName(Uint8Array.from(Buffer.from(stream)))).setStart(new Empty()))
        .setCount('10')
        .setNoFilter(new Empty()),
    );
    const [message] = await collectRaw(raw.read(request));
    const metadata = message?.getEvent()?.getEvent()?.getMetadataMap();
    expect(metadata?.get('type')).toBe('Typed');
    expect(metadata?.get('content-type')).toBe('application/json');
    expect(BigInt(metadata?.get('created') ?? '0')).toBeGreaterThanOrEqual(before);
  });

  it('starts with system events, reads $all forwards from a position inclusive and backwards exclusive', async () => {
    const first = (await readAll(client.readAll({ fromPosition: START, maxCount: 1 })))[0]?.event;
    expect(first?.type.startsWith('$')).toBe(true);
    const stream = aStream();
    const { position } = await client.appendToStream(stream, [ev(), ev()]);
    if (position === undefined) throw new Error('no position');
    const forwards = await readAll(client.readAll({ fromPosition: position, maxCount: 5 }));
    expect(forwards[0]?.event?.position).toEqual(position);
    const backwards = await readAll(client.readAll({ fromPosition: position, direction: BACKWARDS, maxCount: 1 }));
    expect(backwards[0]?.event?.streamId).toBe(stream);
    expect(backwards[0]?.event?.revision).toBe(0n);
  });

  it('filters $all reads on the server and can answer structured UUIDs', async () => {
    const prefix = `filtered-${uuid()}`;
    await client.appendToStream(`${prefix}-a`, ev());
    await client.appendToStream(aStream(), ev());
    await client.appendToStream(`${prefix}-b`, ev());
    const request = allOptions((o) =>
      o
        .setAll(new ReadReq.Options.AllOptions().setStart(new Empty()))
        .setCount('1000')
        .setFilter(
          new ReadReq.Options.FilterOptions()
            .setStreamIdentifier(new ReadReq.Options.FilterOptions.Expression().setPrefixList([prefix]))
            .setCount(new Empty())
            .setCheckpointintervalmultiplier(1),
        )
        .setUuidOption(new ReadReq.Options.UUIDOption().setStructured(new Empty())),
    );
    const messages = await collectRaw(raw.read(request));
    const names = messages.map((m) => Buffer.from(m.getEvent()?.getEvent()?.getStreamIdentifier()?.getStreamName_asU8() ?? []).toString());
    expect(names).toEqual([`${prefix}-a`, `${prefix}-b`]);
    expect(messages.every((m) => m.getEvent()?.getEvent()?.getId()?.hasStructured())).toBe(true);
  });
});

describe('subscriptions', () => {
  it('confirms, catches up after the position (exclusive), says CaughtUp, then goes live', async () => {
    const stream = aStream();
    const { position } = await client.appendToStream(stream, [ev(), ev()]);
    if (position === undefined) throw new Error('no position');
    await client.appendToStream(stream, ev('AfterPosition'));
    const subscription = client.subscribeToAll({ fromPosition: position });
    const seen: string[] = [];
    subscription.on('confirmation', () => seen.push('confirmation'));
    subscription.on('caughtUp', () => seen.push('caughtUp'));
    subscription.on('data', (e: AllStreamResolvedEvent) => seen.push(e.event?.type ?? '?'));
    await eventually(() => seen.includes('caughtUp'));
    await client.appendToStream(stream, ev('Live'));
    await eventually(() => seen.includes('Live'));
    await subscription.unsubscribe();
    expect(seen).toEqual(['confirmation', 'AfterPosition', 'caughtUp', 'Live']);
  });

  it('subscribes to a stream after a revision', async () => {
    const stream = aStream();
    await client.appendToStream(stream, [ev('Zero'), ev('One'), ev('Two')]);
    const subscription = client.subscribeToStream(stream, { fromRevision: 0n });
    const types: string[] = [];
    subscription.on('data', (e: ResolvedEvent) => types.push(e.event?.type ?? '?'));
    await eventually(() => types.length === 2);
    await subscription.unsubscribe();
    expect(types).toEqual(['One', 'Two']);
  });

  it('sends a checkpoint every checkpointInterval × search window considered events of a filtered subscription', async () => {
    const prefix = `cp-${uuid()}`;
    const checkpoints: Position[] = [];
    const subscription = client.subscribeToAll({
      fromPosition: END,
      filter: streamNameFilter({ prefixes: [prefix], maxSearchWindow: 4, checkpointInterval: 2, checkpointReached: (_s, p) => void checkpoints.push(p) }),
    });
    await eventually(() => server.liveSubscriptions > 0 && checkpoints.length === 1);
    const { position } = await client.appendToStream(aStream(), Array.from({ length: 17 }, () => ev()));
    await eventually(() => checkpoints.length === 3);
    await subscription.unsubscribe();
    // The end of the catch-up is checkpointed at the log's end, prepare 0; live ones at the event that completed an interval.
    expect(checkpoints[0]?.prepare).toBe(0n);
    expect(checkpoints[1]?.commit).toBe(checkpoints[1]?.prepare);
    expect(checkpoints[2]?.commit).toBeLessThan(position?.commit ?? 0n);
  });
});

describe('test hooks', () => {
  it('reports version 24.10 with BatchAppend among its methods, so the client appends through BatchAppend only', async () => {
    const before = { ...server.calls };
    await client.appendToStream(aStream(), ev());
    expect(server.calls.serverFeatures).toBe(1);
    expect(server.calls.batchAppend - before.batchAppend).toBe(1);
    expect(server.calls.batchAppendCalls).toBe(1); // one call, kept open, carries every batch
    expect(server.calls.append - before.append).toBe(0);
  });

  it('fails the next calls, before or after storing', async () => {
    const stream = aStream();
    server.failNext('append', 1);
    expect(await failureOf(client.appendToStream(stream, ev()))).toBeInstanceOf(UnavailableError);
    expect(server.log.stream(stream)).toHaveLength(0);
    server.failNext('append', 1, { afterStore: true });
    expect(await failureOf(client.appendToStream(stream, ev()))).toBeInstanceOf(UnavailableError);
    expect(server.log.stream(stream)).toHaveLength(1);
    server.failNext('read', 1, { code: 'deadline_exceeded' });
    expect(await failureOf(readAll(client.readStream(stream)))).toBeInstanceOf(DeadlineExceededError);
  });

  it('drops live subscriptions with UNAVAILABLE', async () => {
    const subscription = client.subscribeToAll({ fromPosition: END });
    const errors: unknown[] = [];
    subscription.on('error', (e) => errors.push(e));
    subscription.on('data', () => undefined);
    await eventually(() => server.liveSubscriptions > 0);
    expect(server.dropSubscriptions()).toBe(1);
    await eventually(() => errors.length > 0);
    expect(errors[0]).toBeInstanceOf(UnavailableError);
  });
});
