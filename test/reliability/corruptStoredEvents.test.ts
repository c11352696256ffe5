/**
 * A stored event that does not decode — data that is not JSON, a field of the wrong type or
 * missing, an unknown enum value, an unknown or invalid schema version, an unknown event type
 * in the complaint category, missing metadata — stops every replay of its complaint with a
 * CorruptedEvent naming the stream, the revision and the path: the service's getComplaint,
 * listStream and any new command (which then appends nothing), and the audit's history and
 * stateAsOf (even for an instant before the bad event). Never a wrong or partial state.
 * On the in-memory store and on EventStoreDB (adapter over gRPC to the in-process server,
 * where a truncated JSON body is written to the server's log as raw bytes).
 *
 * test/audit/schemaAndCorruption.test.ts already checks one wrong-typed field through audit;
 * this file covers every kind of corruption against every reader.
 */
import * as E from 'fp-ts/Either';
import { ComplaintService } from '../../src/application/complaintService';
import { type ServiceError, describeServiceError } from '../../src/application/errors';
import { complaintStreamName } from '../../src/stream/streams';
import { historyTE, stateAsOfTE } from '../../src/audit/history';
import { InMemoryEventStore } from '../../src/eventstore/inMemory/inMemoryEventStore';
import type { EventStore, JsonObject, JsonValue, RecordedEvent } from '../../src/eventstore/port';
import { ProjectionRunner, type ProjectionProblem } from '../../src/projections/runner';
import { InMemoryCheckpointStore } from '../../src/projections/checkpointStore';
import { slaProjection } from '../../src/projections/sla';
import { FakeEventStoreDBServer } from '../esdb/fakeEventStoreDBServer';
import { storeOn } from '../esdb/esdbTestKit';
import { ID, agent, cmd } from '../domain/spec';
import { meta, plain } from '../application/harness';

const STREAM = complaintStreamName(ID);
const NOW = new Date('2022-01-11T10:00:00+01:00');

/** The valid stream: received, assigned, acknowledged, contacted (revisions 0–3). */
const validStream = async (): Promise<RecordedEvent[]> => {
  const store = new InMemoryEventStore({ clock: () => NOW });
  const service = new ComplaintService({ store, clock: () => NOW });
  for (const c of [cmd.receive(), cmd.assign(), cmd.acknowledge(), cmd.contact()]) await service.handle(plain(c), meta({}, agent));
  const events = await store.readStream(STREAM);
  expect(events.map((e) => e.type)).toEqual(['ComplaintReceived', 'ComplaintAssigned', 'ComplaintAcknowledged', 'ComplaintClientContacted']);
  return events;
};

/** A stored event as written: type, data (JSON, or raw bytes that are not JSON) and metadata. */
interface Raw {
  readonly id: string;
  readonly type: string;
  readonly data: JsonValue | { readonly rawBytes: string };
  readonly metadata: JsonObject;
}

const obj = (v: JsonValue): JsonObject => (typeof v === 'object' && v !== null && !Array.isArray(v) ? v : {});

interface Corruption {
  readonly name: string;
  readonly revision: number;
  readonly corrupt: (r: Raw) => Raw;
  /** The path the error must name. */
  readonly path: string;
}

const CORRUPTIONS: readonly Corruption[] = [
  { name: 'data that is not JSON (a truncated body)', revision: 1, corrupt: (r) => ({ ...r, data: { rawBytes: '{"assignedAt": "2022-01-1' } }), path: 'data' },
  { name: 'data null', revision: 1, corrupt: (r) => ({ ...r, data: null }), path: 'data' },
  { name: 'a field of the wrong type', revision: 1, corrupt: (r) => ({ ...r, data: { ...obj(r.data as JsonValue), assignedAt: 'last tuesday' } }), path: 'data.assignedAt' },
  {
    name: 'a required field missing',
    revision: 1,
    corrupt: (r) => {
      const { assignee: _dropped, ...rest } = obj(r.data as JsonValue);
      return { ...r, data: rest };
    },
    path: 'data.assignee',
  },
  { name: 'an unknown enum value (channel "fax")', revision: 0, corrupt: (r) => ({ ...r, data: { ...obj(r.data as JsonValue), channel: 'fax' } }), path: 'data.channel' },
  { name: 'a nested field of the wrong type (the complainant kind)', revision: 0, corrupt: (r) => ({ ...r, data: { ...obj(r.data as JsonValue), complainant: { id: 'c', kind: 'alien', name: 'X' } } }), path: 'data.complainant.kind' },
  { name: 'an unknown (newer) schema version', revision: 2, corrupt: (r) => ({ ...r, metadata: { ...r.metadata, schemaVersion: 99 } }), path: 'metadata.schemaVersion' },
  { name: 'a schema version that is not a positive integer', revision: 2, corrupt: (r) => ({ ...r, metadata: { ...r.metadata, schemaVersion: 0 } }), path: 'metadata.schemaVersion' },
  { name: 'a schema version of the wrong type', revision: 2, corrupt: (r) => ({ ...r, metadata: { ...r.metadata, schemaVersion: '1' } }), path: 'metadata.schemaVersion' },
  { name: 'an unknown event type in the complaint category', revision: 2, corrupt: (r) => ({ ...r, type: 'ComplaintTeleported' }), path: 'type' },
  { name: 'missing metadata', revision: 3, corrupt: (r) => ({ ...r, metadata: {} }), path: 'metadata.actor' },
  { name: 'a bad actor role in the metadata', revision: 3, corrupt: (r) => ({ ...r, metadata: { ...r.metadata, actor: { id: 'x', role: 'root' } } }), path: 'metadata.actor.role' },
];

/** Where the corrupted stream is written. */
interface Backend {
  readonly store: EventStore;
  write(events: readonly Raw[]): Promise<void>;
  close(): Promise<void>;
}

const inMemory = async (): Promise<Backend> => {
  const store = new InMemoryEventStore({ clock: () => NOW });
  return {
    store,
    write: async (events) => {
      await store.appendToStream(
        STREAM,
        events.map((e) => ({ id: e.id, type: e.type, metadata: e.metadata, data: isRaw(e.data) ? e.data.rawBytes : e.data })),
      );
    },
    close: async () => undefined,
  };
};

const isRaw = (d: Raw['data']): d is { readonly rawBytes: string } => typeof d === 'object' && d !== null && !Array.isArray(d) && typeof d['rawBytes'] === 'string';
const bytes = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'utf8'));

const eventStoreDB = async (): Promise<Backend> => {
  const server = await FakeEventStoreDBServer.start();
  const store = storeOn(server);
  return {
    store,
    // Straight into the server's log, as another (buggy) writer would: JSON content type, any bytes.
    write: async (events) => {
      server.log.append(
        STREAM,
        { kind: 'any' },
        events.map((e) => ({ id: e.id, type: e.type, contentType: 'application/json', data: bytes(isRaw(e.data) ? e.data.rawBytes : JSON.stringify(e.data)), customMetadata: bytes(JSON.stringify(e.metadata)) })),
      );
    },
    close: async () => {
      await store.close();
      await server.close();
    },
  };
};

const BACKENDS: readonly (readonly [string, () => Promise<Backend>])[] = [
  ['the in-memory store', inMemory],
  ['EventStoreDB (adapter over gRPC)', eventStoreDB],
];

const json = (v: unknown): string => JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? `${x}n` : x));

const expectCorrupted = (r: E.Either<ServiceError, unknown>, c: Corruption, eventType: string): void => {
  if (E.isRight(r)) throw new Error(`a state was answered despite ${c.name}: ${json(r.right).slice(0, 200)}`);
  expect(r.left).toMatchObject({ _tag: 'CorruptedEvent', streamName: STREAM, revision: BigInt(c.revision), eventType });
  if (r.left._tag !== 'CorruptedEvent') return;
  expect(r.left.issues.map((i) => i.path)).toContain(c.path);
  // The one-line description names the stream, the revision and the path.
  const sentence = describeServiceError(r.left);
  expect(sentence).toContain(`${STREAM}@${c.revision}`);
  expect(sentence).toContain(`${c.path}:`);
};

describe.each(BACKENDS)('a corrupted stored event stops every replay — %s', (_name, make) => {
  let valid: RecordedEvent[];
  beforeAll(async () => {
    valid = await validStream();
  });

  describe.each(CORRUPTIONS.map((c) => [c.name, c] as const))('%s', (_n, c) => {
    let backend: Backend;
    let service: ComplaintService;
    let eventType: string;
    beforeAll(async () => {
      backend = await make();
      service = new ComplaintService({ store: backend.store, clock: () => NOW });
      const raws = valid.map((r): Raw => ({ id: r.id, type: r.type, data: r.data, metadata: r.metadata }));
      const bad = raws.map((r, i) => (i === c.revision ? c.corrupt(r) : r));
      eventType = bad[c.revision]?.type ?? '';
      await backend.write(bad);
    });
    afterAll(async () => backend.close());

    it('service getComplaint: CorruptedEvent naming stream, revision and path', async () => {
      expectCorrupted(await service.getComplaintTE(ID)(), c, eventType);
    });

    it('service listStream: the same CorruptedEvent', async () => {
      expectCorrupted(await service.listStreamTE(ID)(), c, eventType);
    });

    it('a new command: the same CorruptedEvent, and nothing is appended', async () => {
      const before = await backend.store.readStream(STREAM);
      expectCorrupted(await service.handleTE(plain(cmd.contact()), meta({}, agent))(), c, eventType);
      expect(await backend.store.readStream(STREAM)).toHaveLength(before.length);
    });

    it('audit history: the same CorruptedEvent', async () => {
      expectCorrupted(await historyTE(backend.store, ID)(), c, eventType);
    });

    it('audit stateAsOf, even for an instant before the bad event was recorded: the same CorruptedEvent, not a partial state', async () => {
      expectCorrupted(await stateAsOfTE(backend.store, ID, new Date(NOW.getTime() - 3_600_000))(), c, eventType);
      expectCorrupted(await stateAsOfTE(backend.store, ID, new Date(NOW.getTime() + 3_600_000))(), c, eventType);
    });
  });
});

describe('projections do not stop on a corrupted event: they report it by stream, revision and path and go on', () => {
  it.each(CORRUPTIONS.map((c) => [c.name, c] as const))('%s', async (_n, c) => {
    const valid = await validStream();
    const backend = await inMemory();
    await backend.write(valid.map((r, i) => (i === c.revision ? c.corrupt({ id: r.id, type: r.type, data: r.data, metadata: r.metadata }) : { id: r.id, type: r.type, data: r.data, metadata: r.metadata })));
    const problems: ProjectionProblem[] = [];
    // The event corrupted is a client contact, a type the SLA projection does not fold: it is
    // still decoded and reported (a projection's event-type list never hides corruption).
    const runner = new ProjectionRunner({ store: backend.store, checkpoints: new InMemoryCheckpointStore(), projection: slaProjection(), onProblem: (p) => problems.push(p) });
    const progress = await runner.catchUp();
    expect(problems).toHaveLength(1);
    expect(problems[0]).toMatchObject({ kind: 'undecodable', streamName: STREAM, revision: BigInt(c.revision) });
    expect(problems[0]?.issues?.map((i) => i.path)).toContain(c.path);
    expect(progress.eventsProcessed).toBe(valid.length - 1);
  });
});

/**
 * Streams whose events all decode but do not fit together: audit replay and the service both
 * refuse them (decodeStream checks that a complaint stream starts with the receipt of the
 * complaint its name says).
 */
describe('a stream whose events decode but do not fit together', () => {
  const rawsOf = (events: readonly RecordedEvent[]): Raw[] => events.map((r) => ({ id: r.id, type: r.type, data: r.data, metadata: r.metadata }));

  it('audit: a stream that does not start with ComplaintReceived is a CorruptedEvent at revision 0, path type', async () => {
    const valid = await validStream();
    const backend = await inMemory();
    await backend.write(rawsOf(valid.slice(1)));
    const r = await historyTE(backend.store, ID)();
    expect(E.isLeft(r) && r.left).toMatchObject({ _tag: 'CorruptedEvent', streamName: STREAM, revision: 0n, eventType: 'ComplaintAssigned', issues: [expect.objectContaining({ path: 'type' })] });
  });

  it('service: a stream that does not start with ComplaintReceived is a CorruptedEvent (as in audit), and nothing is appended to it', async () => {
    const valid = await validStream();
    const backend = await inMemory();
    await backend.write(rawsOf(valid.slice(1)));
    const service = new ComplaintService({ store: backend.store, clock: () => NOW });
    const got = await service.getComplaintTE(ID)();
    const received = await service.handleTE(plain(cmd.receive()), meta({}, agent))();
    const stream = await backend.store.readStream(STREAM);
    expect(E.isLeft(got) && got.left._tag).toBe('CorruptedEvent');
    expect(E.isLeft(received) && received.left._tag).toBe('CorruptedEvent');
    expect(stream).toHaveLength(valid.length - 1);
  });

  it('service and audit: a second ComplaintReceived later in the stream is a CorruptedEvent at its revision, path type', async () => {
    const valid = await validStream();
    const backend = await inMemory();
    const raws = rawsOf(valid);
    const [first] = raws;
    if (first === undefined) throw new Error('no events');
    await backend.write([...raws, { ...first, id: '0d4f5a6b-7c8d-4e9f-a0b1-c2d3e4f5a6b7' }]);
    const service = new ComplaintService({ store: backend.store, clock: () => NOW });
    const got = await service.getComplaintTE(ID)();
    const audited = await historyTE(backend.store, ID)();
    const second = { _tag: 'CorruptedEvent', streamName: STREAM, revision: BigInt(valid.length), eventType: 'ComplaintReceived', issues: [expect.objectContaining({ path: 'type' })] };
    expect(E.isLeft(got) && got.left).toMatchObject(second);
    expect(E.isLeft(audited) && audited.left).toMatchObject(second);
  });

  const foreignReceipt = async (): Promise<Backend> => {
    const valid = await validStream();
    const backend = await inMemory();
    const [first, ...rest] = rawsOf(valid);
    if (first === undefined) throw new Error('no events');
    await backend.write([{ ...first, data: { ...obj(first.data as JsonValue), complaintId: '2a7d3f10-5b8e-4f6a-8c1d-9e0f1a2b3c4d' } }, ...rest]);
    return backend;
  };

  it("audit: a ComplaintReceived naming another complaint id than its stream's is a CorruptedEvent at revision 0, path data.complaintId", async () => {
    const backend = await foreignReceipt();
    const audited = await historyTE(backend.store, ID)();
    expect(E.isLeft(audited) && audited.left).toMatchObject({ _tag: 'CorruptedEvent', streamName: STREAM, revision: 0n, issues: [expect.objectContaining({ path: 'data.complaintId' })] });
    const asOf = await stateAsOfTE(backend.store, ID, NOW)();
    expect(E.isLeft(asOf) && asOf.left._tag).toBe('CorruptedEvent');
  });

  it("service: a ComplaintReceived naming another complaint id than its stream's is a CorruptedEvent at path data.complaintId (as in audit)", async () => {
    const backend = await foreignReceipt();
    const service = new ComplaintService({ store: backend.store, clock: () => NOW });
    const got = await service.getComplaintTE(ID)();
    expect(E.isLeft(got) && got.left).toMatchObject({ _tag: 'CorruptedEvent', revision: 0n, issues: [expect.objectContaining({ path: 'data.complaintId' })] });
  });
});
