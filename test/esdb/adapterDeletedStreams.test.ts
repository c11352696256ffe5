/**
 * Complaint streams deleted or truncated by an operator or a retention setting on the node
 * (the library itself never deletes): what the adapter, the service, the audit history and
 * the projections do then, over real gRPC against the fake node, through either client (the
 * operator deletes with `@eventstore/db-client`).
 */
import { EventStoreDBClient } from '@eventstore/db-client';
import { v4 as uuid } from 'uuid';
import { ComplaintService } from '../../src/application/complaintService';
import { ComplaintServiceError } from '../../src/application/errors';
import { complaintStreamName } from '../../src/stream/streams';
import { historyTE } from '../../src/audit/history';
import { ProjectionRunner, type ProjectionProblem } from '../../src/projections/runner';
import { slaProjection } from '../../src/projections/sla';
import { InMemoryCheckpointStore } from '../../src/projections/checkpointStore';
import { cmd } from '../domain/spec';
import { fixedClock, meta } from '../application/harness';
import { FakeEventStoreDBServer } from './fakeEventStoreDBServer';
import { ADAPTERS, aStream, anEvent, type GrpcStore, storeErrorOf } from './esdbTestKit';

// Both adapters: the store behaviour is shared, the client's error classes are not.
describe.each(ADAPTERS)('$name', (adapter) => {
  let server: FakeEventStoreDBServer;
  let store: GrpcStore;
  let operator: EventStoreDBClient;

  beforeAll(async () => {
    server = await FakeEventStoreDBServer.start();
    store = adapter.open(server);
    operator = EventStoreDBClient.connectionString(server.connectionString());
  });

  afterAll(async () => {
    await store.close();
    await operator.dispose();
    await server.close();
  });

  const serviceErrorOf = async (promise: Promise<unknown>): Promise<ComplaintServiceError> => {
    try {
      await promise;
    } catch (e) {
      if (e instanceof ComplaintServiceError) return e;
      throw e;
    }
    throw new Error('expected the command to be refused');
  };

  /** A received complaint, its id and stream. */
  const received = async (service: ComplaintService): Promise<{ id: string; stream: string }> => {
    const id = uuid();
    await service.handle({ ...cmd.receive(), complaintId: id }, meta());
    return { id, stream: complaintStreamName(id) };
  };

  describe('the adapter', () => {
    it('reports a tombstoned stream as StreamDeleted, on reads and appends, without retrying', async () => {
      const stream = aStream();
      await store.appendToStream(stream, [anEvent(), anEvent()]);
      await operator.tombstoneStream(stream);
      const reads = server.calls.read;
      const batches = server.calls.batchAppend;

      const onRead = await storeErrorOf(store.readStream(stream));
      const onAppend = await storeErrorOf(store.appendToStream(stream, [anEvent()], { expectedRevision: 1n }));

      expect(onRead.error).toEqual({ _tag: 'StreamDeleted', streamName: stream });
      expect(onAppend.error).toEqual({ _tag: 'StreamDeleted', streamName: stream });
      expect(onRead.message).toContain(`Stream ${stream} has been deleted`);
      expect(onRead.message).toContain('restore its history from an audit export');
      expect(server.calls.read - reads).toBe(1);
      expect(server.calls.batchAppend - batches).toBe(1);
    });

    it('reads a soft-deleted stream as empty; an append re-creates it at the next revision', async () => {
      const stream = aStream();
      await store.appendToStream(stream, [anEvent(), anEvent()]);
      await operator.deleteStream(stream);

      expect(await store.readStream(stream)).toEqual([]);
      expect((await storeErrorOf(store.appendToStream(stream, [anEvent()], { expectedRevision: 'stream_exists' }))).error).toEqual({
        _tag: 'StreamDeleted',
        streamName: stream,
      });
      const again = await store.appendToStream(stream, [anEvent()], { expectedRevision: 'no_stream' });
      expect(again.nextExpectedRevision).toBe(2n);
      expect((await store.readStream(stream)).map((e) => e.revision)).toEqual([2n]);
    });

    it('reads only what $maxCount / $tb leave of a stream, from the first revision kept', async () => {
      const stream = aStream();
      await store.appendToStream(stream, [anEvent(), anEvent(), anEvent()]);
      await operator.setStreamMetadata(stream, { maxCount: 1 });
      expect((await store.readStream(stream)).map((e) => e.revision)).toEqual([2n]);
    });
  });

  describe('the service', () => {
    it.each([
      ['from its state cache (the append is refused)', true],
      ['from a cold start (the read is refused)', false],
    ] as const)('refuses a command on a tombstoned complaint with the typed StreamDeleted error, %s, in one call', async (_name, warm) => {
      const writer = new ComplaintService({ store, clock: fixedClock });
      const { id, stream } = await received(writer);
      await operator.tombstoneStream(stream);
      const service = warm ? writer : new ComplaintService({ store, clock: fixedClock });
      const calls = server.calls.read + server.calls.batchAppend;

      const error = await serviceErrorOf(service.handle({ ...cmd.acknowledge(), complaintId: id }, meta()));

      expect(error.error).toEqual({ _tag: 'StreamDeleted', streamName: stream });
      expect(server.calls.read + server.calls.batchAppend - calls).toBe(1);
      expect(server.log.stream(stream).filter((e) => !e.type.startsWith('$'))).toHaveLength(1);
    });

    it('sees a soft-deleted complaint as unknown; received again, the node re-creates it after the old revisions, which the next load reports as a truncated history', async () => {
      const { id, stream } = await received(new ComplaintService({ store, clock: fixedClock }));
      await operator.deleteStream(stream);
      const service = new ComplaintService({ store, clock: fixedClock });

      const refused = await serviceErrorOf(service.handle({ ...cmd.acknowledge(), complaintId: id }, meta()));
      await service.handle({ ...cmd.receive(), complaintId: id }, meta());
      const later = await serviceErrorOf(new ComplaintService({ store, clock: fixedClock }).getComplaint(id));

      expect(refused.error._tag).toBe('ComplaintNotFound');
      // EventStoreDB accepted the no_stream append and wrote the receipt at revision 1.
      expect(server.log.stream(stream).map((e) => [e.type, e.revision])).toEqual([
        ['ComplaintReceived', 0n],
        ['ComplaintReceived', 1n],
      ]);
      expect(later.error).toMatchObject({ _tag: 'CorruptedEvent', streamName: stream, revision: 1n, issues: [expect.objectContaining({ path: 'revision' })] });
      expect(later.message).toContain("the stream's history starts at revision 1, not 0");
    });

    it('a service that still holds a soft-deleted complaint in its cache appends at its revision: the node re-creates the stream, and the next load reports the truncated history', async () => {
      const service = new ComplaintService({ store, clock: fixedClock });
      const { id, stream } = await received(service);
      await operator.deleteStream(stream);

      await service.handle({ ...cmd.acknowledge(), complaintId: id }, meta());
      const later = await serviceErrorOf(new ComplaintService({ store, clock: fixedClock }).getComplaint(id));

      expect(server.log.stream(stream).map((e) => e.revision)).toEqual([0n, 1n]);
      expect(later.error).toMatchObject({ _tag: 'CorruptedEvent', streamName: stream, revision: 1n });
    });

    it('refuses a complaint whose older events a retention setting hides ($maxCount) as corrupted, naming the first revision it could read', async () => {
      const service = new ComplaintService({ store, clock: fixedClock });
      const { id, stream } = await received(service);
      await service.handle({ ...cmd.acknowledge(), complaintId: id }, meta());
      await operator.setStreamMetadata(stream, { maxCount: 1 });

      const error = await serviceErrorOf(new ComplaintService({ store, clock: fixedClock }).getComplaint(id));

      expect(error.error).toMatchObject({ _tag: 'CorruptedEvent', streamName: stream, revision: 1n, issues: [expect.objectContaining({ path: 'revision' })] });
      expect(error.message).toContain('$maxCount, $maxAge or $tb');
    });
  });

  describe('the audit history', () => {
    it('of a complaint truncated on the server is a CorruptedEvent at the first revision kept', async () => {
      const service = new ComplaintService({ store, clock: fixedClock });
      const { id, stream } = await received(service);
      await service.handle({ ...cmd.acknowledge(), complaintId: id }, meta());
      await operator.setStreamMetadata(stream, { truncateBefore: 1 });

      const result = await historyTE(store, id)();

      expect(result).toMatchObject({ _tag: 'Left', left: { _tag: 'CorruptedEvent', streamName: stream, revision: 1n } });
    });

    it('of a tombstoned complaint is the StreamDeleted error', async () => {
      const service = new ComplaintService({ store, clock: fixedClock });
      const { id, stream } = await received(service);
      await operator.tombstoneStream(stream);

      const result = await historyTE(store, id)();

      expect(result).toEqual({ _tag: 'Left', left: { _tag: 'StreamDeleted', streamName: stream } });
    });
  });

  describe('the projections', () => {
    it('still fold a tombstoned complaint’s events (in $all until a scavenge) and never see the $streamDeleted record', async () => {
      const service = new ComplaintService({ store, clock: fixedClock });
      const { id, stream } = await received(service);
      await operator.tombstoneStream(stream);
      const problems: ProjectionProblem[] = [];
      const runner = new ProjectionRunner({ store, checkpoints: new InMemoryCheckpointStore(), projection: slaProjection(), onProblem: (p) => problems.push(p) });

      await runner.catchUp();

      // (Other tests of this file append undecodable test events: only this complaint's stream counts.)
      expect(problems.filter((p) => p.streamName === stream)).toEqual([]);
      expect(JSON.stringify(runner.model(), (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v))).toContain(id);
      expect(server.log.stream(stream).some((e) => e.type === '$streamDeleted')).toBe(true);
    });
  });
});
