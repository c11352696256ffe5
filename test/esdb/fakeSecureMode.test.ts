/**
 * The fake node's secure mode checked against EventStoreDB's legacy ACL rules
 * (LegacyStreamPermissionAssertion, SystemSettings.Default), through the real client over TLS:
 * users authenticate with basic auth; only admins read `$all` unless a grant says otherwise.
 */
import { AccessDeniedError, EventStoreDBClient, START, jsonEvent } from '@eventstore/db-client';
import { v4 as uuid } from 'uuid';
import { FakeEventStoreDBServer } from './fakeEventStoreDBServer';

let server: FakeEventStoreDBServer;
const clients: EventStoreDBClient[] = [];

beforeAll(async () => {
  server = await FakeEventStoreDBServer.start({
    secure: { users: [{ login: 'app', password: 'app-secret' }, { login: 'auditor', password: 'audit-secret', groups: ['auditors'] }] },
  });
});

afterAll(async () => {
  await Promise.all(clients.map((c) => c.dispose()));
  await server.close();
});

const as = (credentials?: string): EventStoreDBClient => {
  const client = EventStoreDBClient.connectionString(server.connectionString(credentials));
  clients.push(client);
  return client;
};
const ev = () => jsonEvent({ id: uuid(), type: 'Secured', data: {} });
const drain = async (read: AsyncIterable<unknown>): Promise<number> => {
  let n = 0;
  for await (const _ of read) n += 1;
  return n;
};
const failureOf = async (promise: Promise<unknown>): Promise<unknown> => promise.then(() => undefined, (e: unknown) => e);

it('lets an admin read $all, and a user without rights read and write user streams but not $all', async () => {
  const admin = as('admin:changeit');
  const app = as('app:app-secret');
  const stream = `secure-${uuid()}`;

  await app.appendToStream(stream, ev());
  expect(await drain(app.readStream(stream))).toBe(1);
  expect(await drain(admin.readAll({ fromPosition: START, maxCount: 3 }))).toBe(3);
  expect(await failureOf(drain(app.readAll({ fromPosition: START, maxCount: 5 })))).toBeInstanceOf(AccessDeniedError);
  expect(await failureOf(app.deleteStream('$all'))).toBeInstanceOf(AccessDeniedError);
});

it('refuses wrong credentials and calls without any (no anonymous stream access)', async () => {
  expect(await failureOf(as('app:wrong').appendToStream(`secure-${uuid()}`, ev()))).toBeInstanceOf(AccessDeniedError);
  expect(await failureOf(drain(as().readStream(`secure-${uuid()}`)))).toBeInstanceOf(AccessDeniedError);
});

it('follows a stream’s own ACL: a user not in it cannot append (BatchAppend answers AccessDenied for the batch)', async () => {
  const admin = as('admin:changeit');
  const stream = `locked-${uuid()}`;
  await admin.setStreamMetadata(stream, { acl: { readRoles: ['auditors'], writeRoles: ['$admins'] } });
  expect(await failureOf(as('app:app-secret').appendToStream(stream, ev()))).toBeInstanceOf(AccessDeniedError);
  expect(await failureOf(drain(as('app:app-secret').readStream(stream)))).toBeInstanceOf(AccessDeniedError);
  await admin.appendToStream(stream, ev());
  expect(await drain(as('auditor:audit-secret').readStream(stream))).toBe(1);
});

it('grants $all by its ACL ($$$all metadata) or by the default system-stream ACL in $settings', async () => {
  const admin = as('admin:changeit');
  const app = as('app:app-secret');
  const auditor = as('auditor:audit-secret');
  await admin.setStreamMetadata('$all', { acl: { readRoles: ['app'] } });
  expect(await drain(app.readAll({ fromPosition: START, maxCount: 3 }))).toBe(3);
  expect(await failureOf(drain(auditor.readAll({ fromPosition: START, maxCount: 3 })))).toBeInstanceOf(AccessDeniedError);

  await admin.setStreamMetadata('$all', {}); // back to the defaults
  await admin.appendToStream('$settings', jsonEvent({ type: '$settings', data: { $systemStreamAcl: { $r: ['$admins', 'auditors'] } } }));
  expect(await drain(auditor.readAll({ fromPosition: START, maxCount: 3 }))).toBe(3);
  expect(await failureOf(drain(app.readAll({ fromPosition: START, maxCount: 3 })))).toBeInstanceOf(AccessDeniedError);
});
