/**
 * The fake node's append paths checked against EventStoreDB's server sources
 * (Streams.BatchAppend.cs, Streams.Append.cs, Status.cs, Event.SizeOnDisk), through the real
 * client and through raw gRPC — not through the adapter.
 */
import { credentials, type ClientDuplexStream } from '@grpc/grpc-js';
import { Timestamp } from 'google-protobuf/google/protobuf/timestamp_pb';
import { Empty as WellKnownEmpty } from 'google-protobuf/google/protobuf/empty_pb';
import {
  DeadlineExceededError,
  EventStoreDBClient,
  MaxAppendSizeExceededError,
  NotLeaderError,
  TimeoutError,
  UnavailableError,
  UnknownError,
  WrongExpectedVersionError,
  binaryEvent,
  jsonEvent,
} from '@eventstore/db-client';
import { StreamsClient } from '@eventstore/db-client/generated/streams_grpc_pb';
import { BatchAppendReq, type BatchAppendResp } from '@eventstore/db-client/generated/streams_pb';
import { StreamIdentifier, UUID } from '@eventstore/db-client/generated/shared_pb';
import { v4 as uuid } from 'uuid';
import { FakeEventStoreDBServer } from './fakeEventStoreDBServer';

const ev = (type = 'Tested') => jsonEvent({ id: uuid(), type, data: { n: 1 } });
const aStream = (): string => `batch-${uuid()}`;
const failureOf = async (promise: Promise<unknown>): Promise<unknown> => promise.then(() => undefined, (e: unknown) => e);

/** Runs `body` against a fresh node and client, then disposes of both. */
const withNode = async (
  options: Parameters<typeof FakeEventStoreDBServer.start>[0],
  body: (server: FakeEventStoreDBServer, client: EventStoreDBClient) => Promise<void>,
): Promise<void> => {
  const server = await FakeEventStoreDBServer.start(options);
  const client = EventStoreDBClient.connectionString(server.connectionString());
  try {
    await body(server, client);
  } finally {
    await client.dispose();
    await server.close();
  }
};

describe('BatchAppend (nodes from 21.10 on, as the client sees them)', () => {
  let server: FakeEventStoreDBServer;
  let client: EventStoreDBClient;

  beforeAll(async () => {
    server = await FakeEventStoreDBServer.start();
    client = EventStoreDBClient.connectionString(server.connectionString());
  });

  afterAll(async () => {
    await client.dispose();
    await server.close();
  });

  it('answers each batch with its revision and position, or a WrongExpectedVersion naming both revisions', async () => {
    const stream = aStream();
    const before = server.calls.batchAppend;
    const written = await client.appendToStream(stream, [ev(), ev()], { expectedRevision: 'no_stream' });
    expect(written.nextExpectedRevision).toBe(1n);
    expect(written.position?.commit).toBe(server.log.stream(stream)[1]?.position);
    const conflict = await failureOf(client.appendToStream(stream, ev(), { expectedRevision: 0n }));
    expect(conflict).toBeInstanceOf(WrongExpectedVersionError);
    expect(conflict).toMatchObject({ streamName: stream, expectedVersion: 0n, actualVersion: 1n });
    await expect(client.appendToStream(aStream(), ev(), { expectedRevision: 'stream_exists' })).rejects.toMatchObject({
      expectedVersion: 'stream_exists',
      actualVersion: 'no_stream',
    });
    expect(server.calls.batchAppend - before).toBe(3);
    expect(server.calls.append).toBe(0);
  });

  it.each([
    ['not_ready', 'Server Is Not Ready'],
    ['too_busy', 'Server Is Busy'],
  ] as const)('a node %s answers the batch with Empty details: client 6.2.1 surfaces UnknownError("Could not recognize %s")', async (code, reason) => {
    const stream = aStream();
    server.failNext('append', 1, { code });
    const error = await failureOf(client.appendToStream(stream, ev()));
    expect(error).toBeInstanceOf(UnknownError);
    expect((error as UnknownError).message).toBe(`Could not recognize ${reason}`);
    expect(server.log.stream(stream)).toHaveLength(0);
  });

  it('UNAVAILABLE ends the whole BatchAppend call with the batch in flight; the next append opens a new call', async () => {
    const stream = aStream();
    const calls = server.calls.batchAppendCalls;
    server.failNext('append', 1);
    expect(await failureOf(client.appendToStream(stream, ev()))).toBeInstanceOf(UnavailableError);
    await client.appendToStream(stream, ev());
    expect(server.calls.batchAppendCalls).toBe(calls + 1);
    expect(server.log.stream(stream)).toHaveLength(1);
  });

  it('a leader change ends the call with NOT_FOUND and the leader’s address', async () => {
    server.failNext('append', 1, { code: 'not_leader' });
    expect(await failureOf(client.appendToStream(aStream(), ev()))).toBeInstanceOf(NotLeaderError);
  });
});

describe('the write timeout', () => {
  it('answers a batch with Timeout (the client’s DeadlineExceededError) once writeTimeoutMs has passed; the write may still be there', async () => {
    await withNode({ writeTimeoutMs: 50 }, async (server, client) => {
      const lost = aStream();
      server.failNext('append', 1, { code: 'write_timeout' });
      expect(await failureOf(client.appendToStream(lost, ev()))).toBeInstanceOf(DeadlineExceededError);
      expect(server.log.stream(lost)).toHaveLength(0);
      const committedLate = aStream();
      server.failNext('append', 1, { code: 'write_timeout', afterStore: true });
      expect(await failureOf(client.appendToStream(committedLate, ev()))).toBeInstanceOf(DeadlineExceededError);
      expect(server.log.stream(committedLate)).toHaveLength(1);
    });
  });

  it('answers an Append with ABORTED "Operation timed out" (the client’s TimeoutError) on the classic path', async () => {
    await withNode({ serverVersion: false, writeTimeoutMs: 50 }, async (server, client) => {
      server.failNext('append', 1, { code: 'write_timeout' });
      const error = await failureOf(client.appendToStream(aStream(), ev()));
      expect(error).toBeInstanceOf(TimeoutError);
      expect((error as TimeoutError).message).toContain('Operation timed out');
    });
  });
});

describe('the maximum append size', () => {
  // binaryEvent sends data and metadata as they are: sizes are exact.
  const sized = (type: string, dataBytes: number, metadataBytes: number) =>
    binaryEvent({ type, data: new Uint8Array(dataBytes), metadata: new Uint8Array(metadataBytes) });

  it.each([
    ['BatchAppend', '24.10.0'],
    ['classic Append', false],
  ] as const)('counts data + metadata + 2 × the type length against a configurable limit (%s)', async (_path, serverVersion) => {
    await withNode({ maxAppendSize: 1000, serverVersion }, async (server, client) => {
      // 'Tenchars!!' is 10 UTF-16 units: 20 bytes as the node counts it.
      await client.appendToStream(aStream(), [sized('Tenchars!!', 500, 100), sized('Tenchars!!', 300, 60)]);
      const error = await failureOf(client.appendToStream(aStream(), [sized('Tenchars!!', 500, 100), sized('Tenchars!!', 300, 61)]));
      expect(error).toBeInstanceOf(MaxAppendSizeExceededError);
      if (serverVersion !== false) expect(error).toMatchObject({ maxAppendSize: 1000 });
      expect(server.maxAppendSize).toBe(1000);
    });
  });

  it('is 1 MiB by default', async () => {
    await withNode({}, async (_server, client) => {
      await client.appendToStream(aStream(), sized('T', 1024 * 1024 - 2, 0));
      expect(await failureOf(client.appendToStream(aStream(), sized('T', 1024 * 1024 - 1, 0)))).toBeInstanceOf(MaxAppendSizeExceededError);
    });
  });
});

describe('a 20.x node (ServerFeatures UNIMPLEMENTED)', () => {
  it('keeps the client on classic Append, where not ready and too busy are UNAVAILABLE', async () => {
    await withNode({ serverVersion: false }, async (server, client) => {
      await client.appendToStream(aStream(), ev());
      server.failNext('append', 1, { code: 'not_ready' });
      expect(await failureOf(client.appendToStream(aStream(), ev()))).toBeInstanceOf(UnavailableError);
      server.failNext('append', 1, { code: 'too_busy' });
      const busy = await failureOf(client.appendToStream(aStream(), ev()));
      expect(busy).toBeInstanceOf(UnavailableError);
      expect((busy as UnavailableError).message).toContain('Server Is Too Busy');
      expect(server.calls.append).toBe(3);
      expect(server.calls.batchAppend).toBe(0);
    });
  });
});

describe('BatchAppend over raw gRPC', () => {
  const request = (correlationId: string, stream: string | undefined, isFinal: boolean, deadline?: Date): BatchAppendReq => {
    const req = new BatchAppendReq().setCorrelationId(new UUID().setString(correlationId)).setIsFinal(isFinal);
    if (stream !== undefined) {
      const options = new BatchAppendReq.Options()
        .setStreamIdentifier(new StreamIdentifier().setStreamName(Uint8Array.from(Buffer.from(stream))))
        .setAny(new WellKnownEmpty());
      if (deadline !== undefined) options.setDeadline(Timestamp.fromDate(deadline));
      req.setOptions(options);
    }
    const message = new BatchAppendReq.ProposedMessage().setId(new UUID().setString(uuid())).setData(Buffer.from('{}'));
    message.getMetadataMap().set('type', 'Raw').set('content-type', 'application/json');
    return req.setProposedMessagesList([message]);
  };

  const answers = (call: ClientDuplexStream<BatchAppendReq, BatchAppendResp>, count: number): Promise<BatchAppendResp[]> =>
    new Promise((resolve, reject) => {
      const out: BatchAppendResp[] = [];
      call.on('data', (resp: BatchAppendResp) => {
        out.push(resp);
        if (out.length === count) resolve(out);
      });
      call.on('error', reject);
    });

  it('writes a batch spread over several requests when the final one arrives; an expired deadline is a Timeout, nothing written', async () => {
    await withNode({}, async (server) => {
      const raw = new StreamsClient(`127.0.0.1:${server.port}`, credentials.createInsecure());
      const call = raw.batchAppend();
      const got = answers(call, 2);
      const spread = aStream();
      const late = aStream();
      const id = uuid();
      call.write(request(id, spread, false));
      call.write(request(id, undefined, true));
      call.write(request(uuid(), late, true, new Date(Date.now() - 1000)));
      const [first, second] = await got;
      call.end();
      raw.close();
      expect(first?.getSuccess()?.getCurrentRevision()).toBe('1');
      expect(server.log.stream(spread)).toHaveLength(2);
      expect(second?.getError()?.getCode()).toBe(4); // DEADLINE_EXCEEDED
      expect(second?.getError()?.getDetails()?.getTypeName()).toBe('event_store.client.Timeout');
      expect(server.log.stream(late)).toHaveLength(0);
    });
  });
});
