/**
 * The adapter against a secure node (TLS, users, ACLs) with a least-privilege application
 * user — one with no group, so the default ACLs give it every user stream and no system
 * stream: what works, and the typed error for what needs `$all` — through either client.
 */
import { EventStoreDBClient } from '@eventstore/db-client';
import { v4 as uuid } from 'uuid';
import { ComplaintService } from '../../src/application/complaintService';
import { historyTE } from '../../src/audit/history';
import { cmd } from '../domain/spec';
import { fixedClock, meta } from '../application/harness';
import { FakeEventStoreDBServer } from './fakeEventStoreDBServer';
import { ADAPTERS, FAST_RETRY, aStream, anEvent, take, type GrpcStore, storeErrorOf } from './esdbTestKit';

describe.each(ADAPTERS)('$name', (adapter) => {
  let server: FakeEventStoreDBServer;
  let app: GrpcStore;
  let admin: EventStoreDBClient;

  beforeAll(async () => {
    server = await FakeEventStoreDBServer.start({ secure: { users: [{ login: 'complaints-app', password: 's3cr3t-app' }] } });
    app = adapter.fromConnectionString(adapter.connectionString(server, 'complaints-app:s3cr3t-app'), { retry: FAST_RETRY });
    admin = EventStoreDBClient.connectionString(server.connectionString('admin:changeit'));
  });

  afterAll(async () => {
    await app.close();
    await admin.dispose();
    await server.close();
  });

  describe('a least-privilege user (no group)', () => {
    it('appends, reads its streams, runs the service and the audit history', async () => {
      const stream = aStream();
      await app.appendToStream(stream, [anEvent(), anEvent()], { expectedRevision: 'no_stream' });
      expect(await app.readStream(stream)).toHaveLength(2);

      const service = new ComplaintService({ store: app, clock: fixedClock });
      const id = uuid();
      await service.handle({ ...cmd.receive(), complaintId: id }, meta());
      const acknowledged = await service.handle({ ...cmd.acknowledge(), complaintId: id }, meta());
      expect(acknowledged.state.status).toBe('acknowledged');
      expect(await historyTE(app, id)()).toMatchObject({ _tag: 'Right', right: [{}, {}] });
    });

    it('gets a typed AccessDenied naming the grant for readAll, without retrying', async () => {
      const reads = server.calls.read;

      const error = await storeErrorOf(app.readAll({ maxCount: 10 }));

      expect(error.error._tag).toBe('AccessDenied');
      expect(error.error).toMatchObject({ operation: expect.stringContaining(`reading $all on ${adapter.product} at ${adapter.scheme}://127.0.0.1:`) });
      expect(error.message).toContain('make the user a member of $admins, or grant it in $all');
      expect(error.message).not.toContain('s3cr3t');
      expect(server.calls.read - reads).toBe(1);
    });

    it('gets the same AccessDenied from subscribeToAll, on the first step', async () => {
      const subscription = app.subscribeToAll({ filter: { streamNamePrefixes: ['complaint-'] } });

      await expect(take(subscription, 1)).rejects.toMatchObject({ error: { _tag: 'AccessDenied', operation: expect.stringContaining('$all') } });
    });

    it('reads and subscribes to $all once an admin grants it in $all’s ACL', async () => {
      await admin.setStreamMetadata('$all', { acl: { readRoles: ['$admins', 'complaints-app'] } });
      try {
        const stream = aStream();
        await app.appendToStream(stream, [anEvent()]);
        const page = await app.readAll({ maxCount: 10_000, filter: { streamNamePrefixes: [stream] } });
        expect(page).toHaveLength(1);
        const subscription = app.subscribeToAll({ filter: { streamNamePrefixes: [stream] } });
        const [event] = await take(subscription, 1);
        await subscription.unsubscribe();
        expect(event?.streamName).toBe(stream);
      } finally {
        await admin.setStreamMetadata('$all', {});
      }
    });
  });

  describe('credentials', () => {
    it('a wrong password is an AccessDenied telling to check the connection string, never echoing it', async () => {
      const wrong = adapter.fromConnectionString(adapter.connectionString(server, 'complaints-app:not-the-password'), { retry: FAST_RETRY });
      try {
        const error = await storeErrorOf(wrong.readStream(aStream()));
        expect(error.error._tag).toBe('AccessDenied');
        expect(error.message).toContain('check the user and password in the connection string');
        expect(error.message).not.toContain('not-the-password');
      } finally {
        await wrong.close();
      }
    });

    it('an application user the stream’s ACL excludes cannot append: AccessDenied for the batch', async () => {
      const stream = aStream();
      await admin.setStreamMetadata(stream, { acl: { writeRoles: ['$admins'] } });

      const error = await storeErrorOf(app.appendToStream(stream, [anEvent()]));

      expect(error.error).toMatchObject({ _tag: 'AccessDenied', operation: expect.stringContaining(`appending to ${stream}`) });
      expect(error.message).toContain(`write access to ${stream}`);
    });
  });
});
