/**
 * Crypto-shredding over the production EventStoreDB adapter and the real client, over real
 * gRPC, against the in-process fake EventStoreDB server: the round trip, the erasure, and
 * live delivery through a subscription.
 */
import { history } from '../../src/audit/history';
import { exportStreams } from '../../src/audit/ndjson';
import type { EventStoreDBEventStore } from '../../src/eventstore/eventStoreDBEventStore';
import { ERASED, eraseComplainant } from '../../src/privacy/index';
import { FakeEventStoreDBServer } from '../esdb/fakeEventStoreDBServer';
import { WAIT_MS, storeOn, take } from '../esdb/esdbTestKit';
import { CAMILLE, DOMINIQUE, ID, OTHER_ID, camillesPlaintexts, fullStory, json, protectedWorld } from './fixtures';

jest.setTimeout(60_000);

let server: FakeEventStoreDBServer;
let esdb: EventStoreDBEventStore;

beforeAll(async () => {
  server = await FakeEventStoreDBServer.start();
  esdb = storeOn(server);
});

afterAll(async () => {
  await esdb.close();
  await server.close();
});

describe('protectPersonalData over the EventStoreDB adapter', () => {
  it('round-trips every personal field, stores only ciphertexts, and reads [erased] everywhere after an erasure', async () => {
    const plain = await fullStory(protectedWorld(undefined, { protect: false }));
    const w = await fullStory(protectedWorld(esdb));
    for (const id of [ID, OTHER_ID]) expect(await w.service.getComplaint(id)).toEqual(await plain.service.getComplaint(id));
    expect((await history(w.store, ID)).map((e) => e.event)).toEqual((await history(plain.store, ID)).map((e) => e.event));

    const raw = json(await esdb.readAll({ maxCount: 10_000 }));
    expect(camillesPlaintexts().filter((s) => raw.includes(s))).toEqual([]);
    expect(raw).toContain(CAMILLE.id);

    const statusesBefore = (await history(w.store, ID)).map((e) => [e.state.status, e.state.answer.due, e.occurredAt]);
    await eraseComplainant(w.keyStore, CAMILLE.id);
    const state = await w.service.getComplaint(ID);
    expect(state.complainant).toEqual({ kind: 'client', id: CAMILLE.id, name: ERASED, email: ERASED, phone: ERASED, postalAddress: ERASED });
    expect(state.answer.facts).toBe(ERASED);
    expect(state.answer.correctiveMeasures).toEqual([ERASED, ERASED]);
    expect((await history(w.store, ID)).map((e) => [e.state.status, e.state.answer.due, e.occurredAt])).toEqual(statusesBefore);
    const exported = await exportStreams(w.store, [ID]);
    expect(camillesPlaintexts().filter((s) => exported.includes(s))).toEqual([]);
    expect((await w.service.getComplaint(OTHER_ID)).complainant.name).toBe(DOMINIQUE.name);
  });

  it('a subscription delivers decrypted events, and [erased] once the key is gone', async () => {
    const w = protectedWorld(esdb);
    const sub = w.store.subscribeToAll({ fromPosition: 'end', filter: { streamNamePrefixes: ['complaint-'] } });
    const id = '3c4d5e6f-7a8b-4c9d-8e0f-1a2b3c4d5e6f';
    const receive = { type: 'ReceiveComplaint' as const, complaintId: id, receivedAt: '2022-01-10T16:00:00+01:00', channel: 'email' as const, complainant: { id: 'client-sub', kind: 'client' as const, name: 'Sasha Subscriber' }, category: 'billing', product: 'gas', subject: 'Subscribed subject', description: 'Subscribed description' };
    await w.service.handle(receive, w.meta());
    const [live] = await take(sub, 1, WAIT_MS);
    expect(live?.data).toMatchObject({ complainant: { name: 'Sasha Subscriber' }, subject: 'Subscribed subject' });
    await sub.unsubscribe();
    await eraseComplainant(w.keyStore, 'client-sub');
    const replay = w.store.subscribeToAll({ fromPosition: 'start', filter: { streamNamePrefixes: [`complaint-${id}`] } });
    const [again] = await take(replay, 1, WAIT_MS);
    expect(again?.data).toMatchObject({ complainant: { name: ERASED }, subject: ERASED, description: ERASED, category: 'billing' });
    await replay.unsubscribe();
  });
});
