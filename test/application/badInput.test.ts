import { ComplaintService } from '../../src/application/complaintService';
import { ComplaintServiceError, type ServiceError } from '../../src/application/errors';
import { complaintStreamName } from '../../src/stream/streams';
import { InMemoryEventStore } from '../../src/eventstore/inMemory/inMemoryEventStore';
import { ID, OTHER_ID, auditor, cmd, direction } from '../domain/spec';
import { fixedClock, leftOf, meta, plain } from './harness';

const STREAM = complaintStreamName(ID);

/** A store with the spec's complaint received, and a snapshot of the whole log to compare against. */
const received = async () => {
  const store = new InMemoryEventStore();
  const service = new ComplaintService({ store, clock: fixedClock });
  await service.handle(plain(cmd.receive()), meta());
  const log = await store.readAll();
  const unchanged = async (): Promise<void> => expect(await store.readAll()).toEqual(log);
  return { store, service, unchanged };
};

const issuePaths = (e: ServiceError): string[] => (e._tag === 'DecodeError' ? e.issues.map((i) => i.path) : []);

describe('every bad input returns a typed error and changes nothing', () => {
  it('a malformed command is a DecodeError naming each bad path, and nothing is read or written', async () => {
    const { service, unchanged } = await received();
    const bad = { ...plain(cmd.contact()), channel: 'carrier-pigeon', summary: 42 };
    const e = leftOf(await service.handleTE(bad, meta())());
    expect(e).toMatchObject({ _tag: 'DecodeError', subject: 'command LogClientContact' });
    expect(issuePaths(e)).toEqual(expect.arrayContaining(['channel', 'summary']));
    await unchanged();
  });

  it('a malformed nested field is reported with its dotted path', async () => {
    const { service, unchanged } = await received();
    const bad = { ...plain(cmd.receive()), complaintId: OTHER_ID, receivedAt: 'yesterday', complainant: { id: 'c', kind: 'alien', name: 'X' } };
    const e = leftOf(await service.handleTE(bad, meta())());
    expect(e._tag).toBe('DecodeError');
    expect(issuePaths(e)).toEqual(expect.arrayContaining(['receivedAt', 'complainant.kind']));
    await unchanged();
  });

  it('a command without a complaint id, or with a non-UUID one, is a DecodeError', async () => {
    const { service, unchanged } = await received();
    const { complaintId: _omitted, ...withoutId } = plain(cmd.contact());
    expect(issuePaths(leftOf(await service.handleTE(withoutId, meta())()))).toContain('complaintId');
    expect(issuePaths(leftOf(await service.handleTE({ ...plain(cmd.contact()), complaintId: 'not-a-uuid' }, meta())()))).toContain('complaintId');
    await unchanged();
  });

  it.each([
    ['an unknown command type', { type: 'DeleteComplaint', complaintId: ID }],
    ['a command without a type', { complaintId: ID }],
    ['not an object', 'ReceiveComplaint'],
    ['null', null],
  ])('%s is a DecodeError', async (_what, input) => {
    const { service, unchanged } = await received();
    const e = leftOf(await service.handleTE(input, meta())());
    expect(e._tag).toBe('DecodeError');
    await unchanged();
  });

  it.each([
    ['a command id that is not a UUID', { commandId: 'retry-1' }, 'commandId'],
    ['no actor', { actor: undefined }, 'actor'],
    ['an actor with an unknown role', { actor: { id: 'x', role: 'intern' } }, 'actor.role'],
  ])('malformed metadata (%s) is a DecodeError on the command metadata', async (_what, over, path) => {
    const { service, unchanged } = await received();
    const m: Record<string, unknown> = { ...meta(), ...over };
    if (m.actor === undefined) delete m.actor;
    const e = leftOf(await service.handleTE(plain(cmd.contact()), m)());
    expect(e).toMatchObject({ _tag: 'DecodeError', subject: 'command metadata' });
    expect(issuePaths(e)).toContain(path);
    await unchanged();
  });

  it('metadata that is not an object is a DecodeError', async () => {
    const { service, unchanged } = await received();
    expect(leftOf(await service.handleTE(plain(cmd.contact()), undefined)())).toMatchObject({ _tag: 'DecodeError', subject: 'command metadata' });
    await unchanged();
  });

  it('getComplaint and listStream of a complaint never received are UnknownComplaint', async () => {
    const { service, unchanged } = await received();
    expect(leftOf(await service.getComplaintTE(OTHER_ID)())).toEqual({ _tag: 'UnknownComplaint', complaintId: OTHER_ID });
    expect(leftOf(await service.listStreamTE(OTHER_ID)())).toEqual({ _tag: 'UnknownComplaint', complaintId: OTHER_ID });
    await expect(service.getComplaint(OTHER_ID)).rejects.toMatchObject({ _tag: 'UnknownComplaint' });
    await expect(service.listStream(OTHER_ID)).rejects.toMatchObject({ _tag: 'UnknownComplaint' });
    await unchanged();
  });

  it('getComplaint and listStream of a non-UUID id are a DecodeError', async () => {
    const { service } = await received();
    expect(leftOf(await service.getComplaintTE('complaint-42')())).toMatchObject({ _tag: 'DecodeError', subject: 'complaint id' });
    expect(leftOf(await service.listStreamTE('')())).toMatchObject({ _tag: 'DecodeError', subject: 'complaint id' });
  });

  it('a command on a complaint never received is refused (ComplaintNotFound) and creates no stream', async () => {
    const store = new InMemoryEventStore();
    const service = new ComplaintService({ store, clock: fixedClock });
    const e = leftOf(await service.handleTE(plain(cmd.contact()), meta())());
    expect(e._tag).toBe('ComplaintNotFound');
    expect(await store.readStream(STREAM)).toEqual([]);
    expect(await store.readAll()).toEqual([]);
  });

  it('a refused transition is the decider’s typed error and changes nothing', async () => {
    const { service, unchanged } = await received();
    expect(leftOf(await service.handleTE(plain(cmd.decideAppeal()), meta({}, direction))())._tag).toBe('InvalidTransition');
    expect(leftOf(await service.handleTE(plain(cmd.receive()), meta())())._tag).toBe('ComplaintAlreadyExists');
    expect(leftOf(await service.handleTE(plain(cmd.contact()), meta({}, auditor))())._tag).toBe('NotAuthorised');
    await unchanged();
  });

  it('a refused command does not burn its command id: the same id can carry a valid command afterwards', async () => {
    const { service } = await received();
    const m = meta();
    leftOf(await service.handleTE(plain(cmd.decideAppeal()), m)());
    const ok = await service.handle(plain(cmd.contact()), m);
    expect(ok.duplicate).toBe(false);
  });

  it('the Promise API rejects with a ComplaintServiceError carrying the tagged error and its _tag', async () => {
    const { service, unchanged } = await received();
    const rejection = await service.handle(plain(cmd.decideAppeal()), meta({}, direction)).then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(rejection).toBeInstanceOf(ComplaintServiceError);
    expect(rejection).toBeInstanceOf(Error);
    if (!(rejection instanceof ComplaintServiceError)) throw new Error('unreachable');
    expect(rejection._tag).toBe('InvalidTransition');
    expect(rejection.error._tag).toBe('InvalidTransition');
    expect(rejection.name).toBe('ComplaintServiceError');
    expect(rejection.message.length).toBeGreaterThan(0);
    await expect(service.handle({ ...plain(cmd.contact()), complaintId: 'nope' }, meta())).rejects.toMatchObject({ _tag: 'DecodeError', error: { _tag: 'DecodeError' } });
    await unchanged();
  });

  it('a store failure on read is a typed store error, not a thrown exception', async () => {
    const store = new InMemoryEventStore();
    const failing = Object.assign(Object.create(store) as InMemoryEventStore, {
      readStream: async (): Promise<never> => {
        throw new Error('socket hang up');
      },
    });
    const service = new ComplaintService({ store: failing, clock: fixedClock });
    expect(leftOf(await service.handleTE(plain(cmd.receive()), meta())())).toMatchObject({ _tag: 'StoreFailure', message: 'socket hang up' });
    expect(await store.readAll()).toEqual([]);
  });
});
