/**
 * States other tools create on a node, as the fake plays them (checked against the server's
 * StorageWriterService, IndexWriter.CheckCommit and IndexReader): soft delete and re-creation,
 * tombstones, stream metadata honoured on reads, and links resolved on request — through
 * the real client, not the adapter.
 */
import {
  EventStoreDBClient,
  START,
  StreamDeletedError,
  StreamNotFoundError,
  WrongExpectedVersionError,
  binaryEvent,
  jsonEvent,
  type ResolvedEvent,
} from '@eventstore/db-client';
import { v4 as uuid } from 'uuid';
import { FakeEventStoreDBServer } from './fakeEventStoreDBServer';

let now = Date.parse('2026-01-05T10:00:00Z');
let server: FakeEventStoreDBServer;
let client: EventStoreDBClient;
let classic: FakeEventStoreDBServer;
let classicClient: EventStoreDBClient;

beforeAll(async () => {
  server = await FakeEventStoreDBServer.start({ clock: () => now });
  client = EventStoreDBClient.connectionString(server.connectionString());
  classic = await FakeEventStoreDBServer.start({ serverVersion: false });
  classicClient = EventStoreDBClient.connectionString(classic.connectionString());
});

afterAll(async () => {
  await client.dispose();
  await classicClient.dispose();
  await server.close();
  await classic.close();
});

const ev = (type = 'Tested') => jsonEvent({ id: uuid(), type, data: { n: 1 } });
const aStream = (): string => `state-${uuid()}`;
const failureOf = async (promise: Promise<unknown>): Promise<unknown> => promise.then(() => undefined, (e: unknown) => e);
const read = async (stream: string, c = client, resolveLinkTos = false): Promise<ResolvedEvent[]> => {
  const out: ResolvedEvent[] = [];
  for await (const e of c.readStream(stream, { fromRevision: START, resolveLinkTos })) out.push(e);
  return out;
};
const revisions = async (stream: string): Promise<bigint[]> => (await read(stream)).map((e) => e.event?.revision ?? -1n);

describe('soft delete', () => {
  it('reads as not found, refuses stream_exists, and is re-created at the next revision by any other write', async () => {
    const stream = aStream();
    await client.appendToStream(stream, [ev(), ev(), ev()]);
    await client.setStreamMetadata(stream, { maxCount: 100 });
    await client.deleteStream(stream);

    expect(await failureOf(read(stream))).toBeInstanceOf(StreamNotFoundError);
    expect(await failureOf(client.appendToStream(stream, ev(), { expectedRevision: 'stream_exists' }))).toBeInstanceOf(StreamDeletedError);
    const recreated = await client.appendToStream(stream, ev('Again'), { expectedRevision: 'no_stream' });

    expect(recreated.nextExpectedRevision).toBe(3n);
    expect(await revisions(stream)).toEqual([3n]);
    // The soft delete replaced the metadata with $tb = long.MaxValue; re-creation moved $tb to the first new revision.
    expect((await client.getStreamMetadata(stream)).metadata).toEqual({ truncateBefore: 3 });
  });

  it('of a stream with neither events nor metadata is a WrongExpectedVersion', async () => {
    expect(await failureOf(client.deleteStream(aStream()))).toBeInstanceOf(WrongExpectedVersionError);
  });

  it('leaves the events in $all (until a scavenge), followed by the $metadata event', async () => {
    const stream = aStream();
    await client.appendToStream(stream, ev());
    await client.deleteStream(stream);
    const inAll = server.log.all().filter((e) => e.streamName === stream || e.streamName === `$$${stream}`);
    expect(inAll.map((e) => e.type)).toEqual(['Tested', '$metadata']);
  });
});

describe('tombstone', () => {
  it.each([
    ['BatchAppend', () => ({ c: client, s: server })],
    ['classic Append', () => ({ c: classicClient, s: classic })],
  ] as const)('fails reads and every later write with StreamDeleted, for good (%s)', async (_path, node) => {
    const { c } = node();
    const stream = aStream();
    await c.appendToStream(stream, [ev(), ev()]);
    const { position } = await c.tombstoneStream(stream);

    expect(await failureOf(read(stream, c))).toBeInstanceOf(StreamDeletedError);
    for (const expectedRevision of ['any', 'no_stream', 'stream_exists', 1n] as const) {
      const error = await failureOf(c.appendToStream(stream, ev(), { expectedRevision }));
      expect(error).toBeInstanceOf(StreamDeletedError);
      expect(error).toMatchObject({ streamName: stream });
    }
    expect(await failureOf(c.tombstoneStream(stream))).toBeInstanceOf(StreamDeletedError);
    expect(await failureOf(c.deleteStream(stream))).toBeInstanceOf(StreamDeletedError);
    expect(position).toBeDefined();
  });

  it('writes a $streamDeleted event at revision long.MaxValue into $all, after the stream’s events', async () => {
    const stream = aStream();
    await client.appendToStream(stream, ev());
    await client.tombstoneStream(stream, { expectedRevision: 0n });
    const tail = server.log.all().filter((e) => e.streamName === stream);
    expect(tail.map((e) => [e.type, e.revision])).toEqual([
      ['Tested', 0n],
      ['$streamDeleted', 9223372036854775807n],
    ]);
  });

  it('checks the expected revision first', async () => {
    const stream = aStream();
    await client.appendToStream(stream, [ev(), ev()]);
    expect(await failureOf(client.tombstoneStream(stream, { expectedRevision: 0n }))).toBeInstanceOf(WrongExpectedVersionError);
    expect(await revisions(stream)).toEqual([0n, 1n]);
  });
});

describe('stream metadata on reads', () => {
  it('$maxCount keeps only the last events readable', async () => {
    const stream = aStream();
    await client.appendToStream(stream, [ev(), ev(), ev(), ev(), ev()]);
    await client.setStreamMetadata(stream, { maxCount: 2 });
    expect(await revisions(stream)).toEqual([3n, 4n]);
  });

  it('$tb (truncate before) hides the revisions before it; a stream truncated whole reads as empty, not as not found', async () => {
    const stream = aStream();
    await client.appendToStream(stream, [ev(), ev(), ev()]);
    await client.setStreamMetadata(stream, { truncateBefore: 2 });
    expect(await revisions(stream)).toEqual([2n]);
    await client.setStreamMetadata(stream, { truncateBefore: 10 });
    expect(await revisions(stream)).toEqual([]);
  });

  it('$maxAge hides events older than it (by the node’s clock)', async () => {
    const stream = aStream();
    await client.appendToStream(stream, ev('Old'));
    now += 120_000;
    await client.appendToStream(stream, ev('New'));
    await client.setStreamMetadata(stream, { maxAge: 60 });
    expect((await read(stream)).map((e) => e.event?.type)).toEqual(['New']);
  });

  it('does not change what $all returns (until a scavenge)', async () => {
    const stream = aStream();
    await client.appendToStream(stream, [ev(), ev(), ev()]);
    await client.setStreamMetadata(stream, { maxCount: 1 });
    expect(server.log.all().filter((e) => e.streamName === stream)).toHaveLength(3);
  });
});

describe('links', () => {
  // A link is an event of type $> whose data is "<revision>@<stream>", as projections write them.
  const link = (target: string, revision: bigint) => binaryEvent({ type: '$>', data: Buffer.from(`${revision}@${target}`) });

  it('come resolved with resolveLinkTos (event = target, link = the link), as links without it, alone when the target is gone', async () => {
    const target = aStream();
    const links = aStream();
    await client.appendToStream(target, [ev('First'), ev('Second')]);
    await client.appendToStream(links, [link(target, 1n), link(target, 0n)]);
    await client.setStreamMetadata(target, { truncateBefore: 1 });

    const resolved = await read(links, client, true);
    expect(resolved.map((r) => [r.event?.type, r.link?.type])).toEqual([
      ['Second', '$>'],
      [undefined, '$>'], // revision 0 was truncated away: the link comes alone
    ]);
    expect(resolved[0]?.event?.streamId).toBe(target);
    expect(resolved[0]?.link?.streamId).toBe(links);
    const unresolved = await read(links);
    expect(unresolved.map((r) => [r.event?.type, r.link])).toEqual([
      ['$>', undefined],
      ['$>', undefined],
    ]);
  });
});
