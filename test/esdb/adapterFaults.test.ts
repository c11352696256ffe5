import net from 'node:net';
import { EventStoreError } from '../../src/eventstore/errors';
import { FakeEventStoreDBServer } from './fakeEventStoreDBServer';
import { ADAPTERS, FAST_RETRY, aStream, anEvent, eventually, take, type GrpcStore, storeErrorOf } from './esdbTestKit';

// Both adapters meet the same faults: EventStoreDBEventStore through @eventstore/db-client,
// KurrentDBEventStore through @kurrent/kurrentdb-client (reads through its native bridge).
describe.each(ADAPTERS)('$name', (adapter) => {
  let server: FakeEventStoreDBServer;
  let store: GrpcStore;

  beforeAll(async () => {
    server = await FakeEventStoreDBServer.start({ writeTimeoutMs: 20 });
    store = adapter.open(server);
  });

  afterAll(async () => {
    await store.close();
    await server.close();
  });

  describe('transient failures', () => {
    it('retries an append that met UNAVAILABLE and writes it exactly once', async () => {
      const stream = aStream();
      const events = [anEvent(), anEvent()];
      server.failNext('append', 2);
      const before = server.calls.batchAppend;

      const result = await store.appendToStream(stream, events, { expectedRevision: 'no_stream' });

      expect(server.calls.batchAppend - before).toBe(3);
      expect(server.calls.append).toBe(0); // the client appends through BatchAppend, as against a real node
      expect(result.nextExpectedRevision).toBe(1n);
      expect((await store.readStream(stream)).map((e) => e.id)).toEqual(events.map((e) => e.id));
    });

    it.each([
      ['not ready (per-batch error with Empty details)', 'not_ready'],
      ['too busy (per-batch error with Empty details)', 'too_busy'],
      ['write timeout (per-batch Timeout)', 'write_timeout'],
    ] as const)('retries a batch the node answered %s and writes it once', async (_name, code) => {
      const stream = aStream();
      const events = [anEvent(), anEvent()];
      server.failNext('append', 2, { code });
      const before = server.calls.batchAppend;

      const result = await store.appendToStream(stream, events, { expectedRevision: 'no_stream' });

      expect(server.calls.batchAppend - before).toBe(3);
      expect(result.nextExpectedRevision).toBe(1n);
      expect((await store.readStream(stream)).map((e) => e.id)).toEqual(events.map((e) => e.id));
    });

    it('does not duplicate a batch the node wrote but answered with a write timeout', async () => {
      const stream = aStream();
      const events = [anEvent(), anEvent()];
      server.failNext('append', 1, { code: 'write_timeout', afterStore: true });

      const result = await store.appendToStream(stream, events, { expectedRevision: 'no_stream' });

      expect(result.nextExpectedRevision).toBe(1n);
      expect(server.log.stream(stream).map((e) => e.id)).toEqual(events.map((e) => e.id));
    });

    it('gives up on a node that stays not ready with StoreUnavailable naming the reason', async () => {
      server.failNext('append', FAST_RETRY.maxAttempts, { code: 'not_ready' });

      const error = await storeErrorOf(store.appendToStream(aStream(), [anEvent()]));

      expect(error.error._tag).toBe('StoreUnavailable');
      expect(error.message).toContain('the node is not ready or too busy');
      expect(error.error).toEqual(expect.objectContaining({ reason: 'busy', attempts: FAST_RETRY.maxAttempts }));
    });

    it.each([
      ['an exact revision', 0n],
      ['any', 'any'],
      ['stream_exists', 'stream_exists'],
    ] as const)('does not duplicate an append whose answer was lost (%s)', async (_name, expectedRevision) => {
      const stream = aStream();
      const first = anEvent();
      await store.appendToStream(stream, [first]);
      const events = [anEvent(), anEvent()];
      server.failNext('append', 1, { afterStore: true });

      const result = await store.appendToStream(stream, events, { expectedRevision });

      expect(result.nextExpectedRevision).toBe(2n);
      const stored = await store.readStream(stream);
      expect(stored.map((e) => e.id)).toEqual([first.id, ...events.map((e) => e.id)]);
      expect(result.position).toEqual(stored[2]?.position);
    });

    it('does not duplicate an append to a new stream whose answer was lost (no_stream)', async () => {
      const stream = aStream();
      const events = [anEvent(), anEvent(), anEvent()];
      server.failNext('append', 1, { afterStore: true });

      const result = await store.appendToStream(stream, events, { expectedRevision: 'no_stream' });

      expect(result.nextExpectedRevision).toBe(2n);
      const stored = await store.readStream(stream);
      expect(stored.map((e) => e.id)).toEqual(events.map((e) => e.id));
      expect(result.position).toEqual(stored[2]?.position);
    });

    it('follows a leader change and retries on DEADLINE_EXCEEDED', async () => {
      const stream = aStream();
      server.failNext('append', 1, { code: 'not_leader' });
      server.failNext('append', 1, { code: 'deadline_exceeded' });

      await store.appendToStream(stream, [anEvent()]);

      expect(await store.readStream(stream)).toHaveLength(1);
    });

    it('retries reads', async () => {
      const stream = aStream();
      await store.appendToStream(stream, [anEvent()]);
      server.failNext('read', 2);
      const before = server.calls.read;

      expect(await store.readStream(stream)).toHaveLength(1);
      expect(server.calls.read - before).toBe(3);
    });

    it('gives up after the configured attempts with StoreUnavailable', async () => {
      server.failNext('append', FAST_RETRY.maxAttempts);

      const error = await storeErrorOf(store.appendToStream(aStream(), [anEvent()]));

      expect(error.error._tag).toBe('StoreUnavailable');
      expect(error.message).toContain(`after ${FAST_RETRY.maxAttempts} attempts`);
    });
  });

  describe('transient failures on the classic Append path (20.x nodes)', () => {
    it.each([
      ['not ready (UNAVAILABLE)', 'not_ready'],
      ['too busy (UNAVAILABLE)', 'too_busy'],
      ['write timeout (ABORTED)', 'write_timeout'],
    ] as const)('retries an Append the node answered %s and writes it once', async (_name, code) => {
      const old = await FakeEventStoreDBServer.start({ serverVersion: false, writeTimeoutMs: 20 });
      const oldStore = adapter.open(old);
      try {
        const stream = aStream();
        const events = [anEvent(), anEvent()];
        old.failNext('append', 2, { code, afterStore: code === 'write_timeout' });

        const result = await oldStore.appendToStream(stream, events, { expectedRevision: 'no_stream' });

        expect(old.calls.append).toBe(3);
        expect(old.calls.batchAppend).toBe(0);
        expect(result.nextExpectedRevision).toBe(1n);
        expect(old.log.stream(stream).map((e) => e.id)).toEqual(events.map((e) => e.id));
      } finally {
        await oldStore.close();
        await old.close();
      }
    });
  });

  describe('server refusals', () => {
    it('maps WrongExpectedVersion to a ConcurrencyConflict with both revisions', async () => {
      const stream = aStream();
      await store.appendToStream(stream, [anEvent(), anEvent()]);

      const error = await storeErrorOf(store.appendToStream(stream, [anEvent()], { expectedRevision: 0n }));

      expect(error.error).toEqual({ _tag: 'ConcurrencyConflict', streamName: stream, expected: 0n, actual: 1n });
    });

    it('reports a missing stream as no_stream in the conflict', async () => {
      const stream = aStream();

      const error = await storeErrorOf(store.appendToStream(stream, [anEvent()], { expectedRevision: 'stream_exists' }));

      expect(error.error).toEqual({ _tag: 'ConcurrencyConflict', streamName: stream, expected: 'stream_exists', actual: 'no_stream' });
    });

    it('surfaces a non-transient refusal as StoreFailure with the server message, without retrying', async () => {
      const before = server.calls.batchAppend;
      const big = 'x'.repeat(1024 * 1024 + 1);

      const error = await storeErrorOf(store.appendToStream(aStream(), [anEvent('Big', big)]));

      expect(error.error._tag).toBe('StoreFailure');
      expect(error.message).toContain("the server's maximum append size (1048576 bytes");
      expect(server.calls.batchAppend - before).toBe(1);
    });
  });

  describe('connection', () => {
    const unusedPort = async (): Promise<number> => {
      const probe = net.createServer();
      await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
      const address = probe.address();
      await new Promise<void>((resolve) => probe.close(() => resolve()));
      if (address === null || typeof address === 'string') throw new Error('no port');
      return address.port;
    };

    it('names the server without its credentials when nothing listens', async () => {
      const port = await unusedPort();
      const refused = adapter.fromConnectionString(`${adapter.scheme}://admin:s3cr3t@127.0.0.1:${port}?tls=false`, {
        retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 },
      });
      try {
        const error = await storeErrorOf(refused.readStream(aStream()));

        expect(error.error._tag).toBe('StoreUnavailable');
        expect(error.message).toContain(`${adapter.scheme}://127.0.0.1:${port}?tls=false`);
        expect(error.message).not.toContain('s3cr3t');
        expect(error.message).not.toContain('admin');
      } finally {
        await refused.close();
      }
    });

    it('says why in words and fields, and keeps the transport text (gRPC status, resolution note) out of the message', async () => {
      const port = await unusedPort();
      const endpoint = `${adapter.scheme}://127.0.0.1:${port}?tls=false`;
      const refused = adapter.fromConnectionString(endpoint, { retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 1 } });
      try {
        // Appends go over grpc-js with either client: the socket error tells the reason.
        const error = await storeErrorOf(refused.appendToStream(aStream(), [anEvent()]));
        expect(error.message).toBe(
          `The event store is unavailable: no answer from ${adapter.product} at ${endpoint} after 2 attempts (connection refused); check that the server is running and reachable.`,
        );
        expect(error.error).toEqual(expect.objectContaining({ server: `${adapter.product} at ${endpoint}`, endpoint, attempts: 2, reason: 'connection-refused' }));
        // The transport's own words are still there for logs and --debug.
        expect(String(error.cause)).toMatch(/UNAVAILABLE|ECONNREFUSED/);

        // A read through the bridge fails with its kind only: unavailable, reason unknown.
        const read = await storeErrorOf(refused.readStream(aStream()));
        const reason = adapter.readsThroughBridge ? 'other' : 'connection-refused';
        expect(read.error).toEqual(expect.objectContaining({ _tag: 'StoreUnavailable', endpoint, attempts: 2, reason }));
        expect(read.message).toContain(adapter.readsThroughBridge ? '(no connection)' : '(connection refused)');
      } finally {
        await refused.close();
      }
    });

    it.each([[undefined, 'undefined'], ['', 'an empty string'], ['  ', 'an empty string']])(
      'a missing connection string (%j, e.g. an unset environment variable) is one sentence saying what is needed',
      (value, got) => {
        let thrown: unknown;
        try {
          adapter.fromConnectionString(value);
        } catch (e) {
          thrown = e;
        }
        expect(thrown).toBeInstanceOf(EventStoreError);
        expect(thrown instanceof EventStoreError && thrown._tag).toBe('StoreFailure');
        expect(String(thrown instanceof Error && thrown.message)).toBe(
          `The event store refused the request: ${adapter.product} needs a connection string such as ${adapter.scheme}://localhost:2113?tls=false, got ${got}; if it comes from an environment variable (e.g. ${adapter.variable}), that variable is not set.`,
        );
      },
    );

    it('rejects a malformed connection string without echoing credentials', () => {
      expect(() => adapter.fromConnectionString(`${adapter.scheme}://admin:s3cr3t@`)).toThrow(EventStoreError);
      try {
        adapter.fromConnectionString(`${adapter.scheme}://admin:s3cr3t@`);
      } catch (e) {
        expect(String(e)).not.toContain('s3cr3t');
      }
    });
  });

  describe('subscriptions', () => {
    it.each(['unavailable', 'gracefully'] as const)('resumes after the server ends it (%s), with no gap and no duplicate', async (how) => {
      const prefix = `drop${Date.now()}-`;
      const stream = aStream(prefix);
      const before = [anEvent(), anEvent(), anEvent()];
      await store.appendToStream(stream, before);
      let caughtUp = 0;
      const subscription = store.subscribeToAll({ filter: { streamNamePrefixes: [prefix] }, onCaughtUp: () => (caughtUp += 1) });

      const first = await take(subscription, 3);
      await eventually(() => server.liveSubscriptions > 0);
      const subscribes = server.calls.subscribe;
      expect(server.dropSubscriptions(how)).toBeGreaterThan(0);
      const during = [anEvent(), anEvent()];
      await store.appendToStream(stream, during);
      const after = [anEvent()];
      const rest = take(subscription, 3);
      await eventually(() => server.calls.subscribe > subscribes);
      await store.appendToStream(stream, after);

      const ids = [...first, ...(await rest)].map((e) => e.id);
      expect(ids).toEqual([...before, ...during, ...after].map((e) => e.id));
      expect(caughtUp).toBe(1);
      await subscription.unsubscribe();
    });

    it('ends with StoreUnavailable when the server stays away', async () => {
      const lonely = await FakeEventStoreDBServer.start();
      const doomed = adapter.open(lonely, { retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 } });
      const subscription = doomed.subscribeToAll({ filter: { streamNamePrefixes: ['complaint-'] } });
      const iterator = subscription[Symbol.asyncIterator]();
      await eventually(() => lonely.liveSubscriptions > 0);
      lonely.forceShutdown();

      await expect(iterator.next()).rejects.toMatchObject({ error: { _tag: 'StoreUnavailable' } });
      await doomed.close();
      await lonely.close();
    });
  });
});
