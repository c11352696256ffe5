/**
 * One canonical spelling for every id that enters: complaint ids and command ids compare in
 * lower case (UUIDs are case-insensitive), complainant ids trimmed and in lower case. An id
 * written in another case is the same complaint, the same command, the same complainant —
 * never a phantom twin.
 */
import * as E from 'fp-ts/Either';
import { ComplaintService } from '../../src/application/complaintService';
import { complaintStreamName } from '../../src/stream/streams';
import { historyTE, stateAsOfTE } from '../../src/audit/history';
import { exportStreamsTE, verifyExport } from '../../src/audit/ndjson';
import { InMemoryEventStore } from '../../src/eventstore/inMemory/inMemoryEventStore';
import { InMemoryCheckpointStore } from '../../src/projections/checkpointStore';
import { recurringIssuesProjection } from '../../src/projections/recurring';
import { ProjectionRunner } from '../../src/projections/runner';
import { overdueNow, slaProjection } from '../../src/projections/sla';
import { ID, OTHER_ID, cmd } from '../domain/spec';
import { fixedClock, leftOf, meta, plain, rightOf } from './harness';

const UPPER = ID.toUpperCase();
const MIXED = `${ID.slice(0, 8).toUpperCase()}${ID.slice(8)}`;

const world = () => {
  const store = new InMemoryEventStore();
  const service = new ComplaintService({ store, clock: fixedClock });
  const streams = async (): Promise<string[]> => [...new Set((await store.readAll()).map((r) => r.streamName))];
  return { store, service, streams };
};

describe('a complaint id in any case names one complaint', () => {
  it('receiving an existing complaint with its id in upper case is ComplaintAlreadyExists, and no second stream appears', async () => {
    const { service, streams } = world();
    await service.handle(plain(cmd.receive()), meta());
    const e = leftOf(await service.handleTE({ ...plain(cmd.receive()), complaintId: UPPER }, meta())());
    expect(e._tag).toBe('ComplaintAlreadyExists');
    expect(await streams()).toEqual([complaintStreamName(ID)]);
  });

  it('a complaint received with an upper-case id is stored under the lower-case stream and id', async () => {
    const { service, store, streams } = world();
    const r = await service.handle({ ...plain(cmd.receive()), complaintId: UPPER }, meta());
    expect(r.complaintId).toBe(ID);
    expect(r.state.complaintId).toBe(ID);
    expect(await streams()).toEqual([complaintStreamName(ID)]);
    expect((await store.readStream(complaintStreamName(ID)))[0]?.data).toMatchObject({ complaintId: ID });
  });

  it('commands, queries and audit calls with the id in another case reach the same complaint', async () => {
    const { service, store, streams } = world();
    await service.handle(plain(cmd.receive()), meta());
    const contacted = await service.handle({ ...plain(cmd.contact()), complaintId: MIXED }, meta());
    expect(contacted.state.contacts).toBe(1);
    expect((await service.getComplaint(UPPER)).contacts).toBe(1);
    expect(await service.listStream(UPPER)).toHaveLength(2);
    expect(rightOf(await historyTE(store, UPPER)())).toHaveLength(2);
    expect(rightOf(await stateAsOfTE(store, MIXED, new Date('2030-01-01T00:00:00Z'))()).eventCount).toBe(2);
    expect(await streams()).toEqual([complaintStreamName(ID)]);
  });

  it('an export asked for the same complaint in two cases holds it once', async () => {
    const { service, store } = world();
    await service.handle(plain(cmd.receive()), meta());
    const text = await exportStreamsTE(store, [ID, UPPER, MIXED])();
    if (E.isLeft(text)) throw new Error(text.left._tag);
    const verified = verifyExport(text.right);
    expect(E.isRight(verified) && verified.right.streams).toEqual([{ streamName: complaintStreamName(ID), events: 1 }]);
  });

  it('a linked complaint id is stored in lower case', async () => {
    const { service } = world();
    const r = await service.handle(plain(cmd.receive({ linkedComplaintId: OTHER_ID.toUpperCase() as never })), meta());
    expect(r.state.linkedComplaintId).toBe(OTHER_ID);
  });

  it('projections see one complaint, not a phantom overdue twin', async () => {
    const { service, store } = world();
    await service.handle(plain(cmd.receive()), meta());
    await service.handleTE({ ...plain(cmd.receive()), complaintId: UPPER }, meta())();
    const sla = new ProjectionRunner({ store, checkpoints: new InMemoryCheckpointStore(), projection: slaProjection() });
    const recurring = new ProjectionRunner({ store, checkpoints: new InMemoryCheckpointStore(), projection: recurringIssuesProjection() });
    await sla.catchUp();
    await recurring.catchUp();
    expect(new Set(overdueNow(sla.model(), new Date('2030-01-01T00:00:00Z')).map((d) => d.complaintId))).toEqual(new Set([ID]));
  });
});

describe('a command id in any case names one command', () => {
  it('a retry whose command id differs only in case is a duplicate: applied once', async () => {
    const { service, store } = world();
    await service.handle(plain(cmd.receive()), meta());
    const commandId = '0f9c2b5e-8a1d-4c3e-9f7a-6b5d4c3b2a19';
    const first = await service.handle(plain(cmd.contact()), meta({ commandId }));
    const retry = await service.handle(plain(cmd.contact()), meta({ commandId: commandId.toUpperCase() }));
    expect(retry.duplicate).toBe(true);
    expect(retry.events.map((e) => e.id)).toEqual(first.events.map((e) => e.id));
    expect(await store.readStream(complaintStreamName(ID))).toHaveLength(2);
  });

  it('a command id reused in another case for another command is CommandIdReused, and nothing is stored', async () => {
    const { service, store } = world();
    await service.handle(plain(cmd.receive()), meta());
    const commandId = '0f9c2b5e-8a1d-4c3e-9f7a-6b5d4c3b2a19';
    await service.handle(plain(cmd.contact()), meta({ commandId }));
    const e = leftOf(await service.handleTE(plain(cmd.assign()), meta({ commandId: commandId.toUpperCase() }))());
    expect(e).toMatchObject({ _tag: 'CommandIdReused', commandId, originalCommand: 'LogClientContact' });
    expect(await store.readStream(complaintStreamName(ID))).toHaveLength(2);
  });

  it('the stored command id is the lower-case one', async () => {
    const { service } = world();
    const r = await service.handle(plain(cmd.receive()), meta({ commandId: '0F9C2B5E-8A1D-4C3E-9F7A-6B5D4C3B2A19' }));
    expect(r.events[0]?.metadata.commandId).toBe('0f9c2b5e-8a1d-4c3e-9f7a-6b5d4c3b2a19');
  });
});

describe('a complainant id is recorded trimmed and in lower case', () => {
  it('Client-Zed with a trailing space is recorded as client-zed', async () => {
    const { service } = world();
    const r = await service.handle(plain(cmd.receive({ complainant: { id: 'Client-Zed ', kind: 'client', name: 'Zed' } })), meta());
    expect(r.state.complainant.id).toBe('client-zed');
  });

  it('an id that lower case would make longer than 200 characters is a DecodeError at complainant.id, nothing stored', async () => {
    const { service, streams } = world();
    const e = leftOf(await service.handleTE(plain(cmd.receive({ complainant: { id: 'İ'.repeat(150), kind: 'client', name: 'Zed' } })), meta())());
    expect(e._tag === 'DecodeError' && e.issues.map((i) => i.path)).toEqual(['complainant.id']);
    expect(await streams()).toEqual([]);
  });
});
