/**
 * What a 23.10+ node tells a subscriber, as the fake plays it (Enumerator.AllSubscriptionFiltered,
 * AllReader): CaughtUp when it goes live and again after falling behind, filtered checkpoints
 * at `{ commit: <post-position>, prepare: 0 }` during catch-up; and log positions on stream
 * reads. Through the real client.
 */
import { EventStoreDBClient, START, jsonEvent, streamNameFilter, type Position, type ResolvedEvent } from '@eventstore/db-client';
import { v4 as uuid } from 'uuid';
import { FakeEventStoreDBServer } from './fakeEventStoreDBServer';
import { eventually } from './esdbTestKit';

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

const ev = () => jsonEvent({ id: uuid(), type: 'Signalled', data: {} });

it('says CaughtUp when going live, FellBehind when it loses live events, and CaughtUp again once caught up', async () => {
  const stream = `signals-${uuid()}`;
  await client.appendToStream(stream, ev());
  const seen: string[] = [];
  const subscription = client.subscribeToAll({ fromPosition: START, filter: streamNameFilter({ prefixes: [stream] }) });
  subscription.on('data', () => seen.push('event'));
  subscription.on('caughtUp', () => seen.push('caughtUp'));
  subscription.on('fellBehind', () => seen.push('fellBehind'));
  await eventually(() => seen.includes('caughtUp'));
  expect(server.fallBehind()).toBe(1);
  await eventually(() => seen.filter((s) => s === 'caughtUp').length === 2);
  await client.appendToStream(stream, ev());
  await eventually(() => seen.filter((s) => s === 'event').length === 2);
  await subscription.unsubscribe();
  expect(seen).toEqual(['event', 'caughtUp', 'fellBehind', 'caughtUp', 'event']);
});

it('checkpoints a filtered catch-up at { commit: post-position of the last record read, prepare: 0 }: after that record, before the next', async () => {
  const prefix = `nothing-matches-${uuid()}`;
  const start = (await client.appendToStream(`other-${uuid()}`, ev())).position;
  const { position: last } = await client.appendToStream(`other-${uuid()}`, Array.from({ length: 40 }, ev));
  if (start === undefined || last === undefined) throw new Error('no position');
  const checkpoints: Position[] = [];
  const subscription = client.subscribeToAll({
    fromPosition: start,
    filter: streamNameFilter({ prefixes: [prefix], maxSearchWindow: 10, checkpointInterval: 1, checkpointReached: (_s, p) => void checkpoints.push(p) }),
  });
  let caughtUp = false;
  subscription.on('caughtUp', () => (caughtUp = true));
  subscription.on('data', () => undefined);
  await eventually(() => caughtUp);
  await subscription.unsubscribe();

  expect(checkpoints.length).toBe(5); // 40 considered / 10, then the end of the catch-up
  expect(checkpoints.every((p) => p.prepare === 0n)).toBe(true);
  // A record's post-position is where the next record starts: (X, 0) sorts after every record before X, before the one at X.
  const postPositions = server.log.all().map((e) => server.log.postPosition(e));
  for (const p of checkpoints) expect(postPositions).toContain(p.commit);
  expect(checkpoints[checkpoints.length - 1]?.commit).toBe(server.log.end);
  expect(checkpoints[checkpoints.length - 1]?.commit).toBeGreaterThan(last.commit);
});

it('gives stream reads the events’ log positions, the same as in $all', async () => {
  const stream = `positions-${uuid()}`;
  await client.appendToStream(stream, [ev(), ev()]);
  const read: ResolvedEvent[] = [];
  for await (const e of client.readStream(stream)) read.push(e);
  expect(read.map((e) => e.event?.position?.commit)).toEqual(server.log.stream(stream).map((e) => e.position));
  expect(read.every((e) => e.event?.position?.commit === e.event?.position?.prepare)).toBe(true);
});
