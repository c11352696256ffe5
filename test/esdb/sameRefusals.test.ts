/**
 * Input checks are written once (src/eventstore/validation.ts, jsonCopy.ts, eventFilter.ts)
 * for every adapter: the in-memory store and both gRPC stores refuse the same bad input with
 * the same typed error, word for word, before anything reaches a server — and write nothing.
 */
import { v4 as uuid } from 'uuid';
import { EventStoreError, type StoreError } from '../../src/eventstore/errors';
import { InMemoryEventStore } from '../../src/eventstore/inMemory/inMemoryEventStore';
import type { EventStore, EventToAppend } from '../../src/eventstore/port';
import { FakeEventStoreDBServer } from './fakeEventStoreDBServer';
import { ADAPTERS, aStream, anEvent, type GrpcStore } from './esdbTestKit';

let server: FakeEventStoreDBServer;
let grpcStores: GrpcStore[];

beforeAll(async () => {
  server = await FakeEventStoreDBServer.start();
  grpcStores = ADAPTERS.map((adapter) => adapter.open(server));
});

afterAll(async () => {
  await Promise.all(grpcStores.map((s) => s.close()));
  await server.close();
});

const refusalOf = async (call: () => Promise<unknown>): Promise<StoreError> => {
  try {
    await call();
  } catch (e) {
    if (e instanceof EventStoreError) return e.error;
    throw e;
  }
  throw new Error('expected the call to be refused');
};

const cyclic: Record<string, unknown> = {};
cyclic['self'] = cyclic;
const twin = uuid();
let deep: unknown = [];
for (let i = 0; i < 2_000; i += 1) deep = [deep];

/** Bad calls, each made against a stream of its own (`stream`). */
const BAD_CALLS: readonly (readonly [string, (store: EventStore, stream: string) => Promise<unknown>])[] = [
  ['an empty stream name', (s) => s.appendToStream('', [anEvent()])],
  ['an expected revision below 0n', (s, stream) => s.appendToStream(stream, [anEvent()], { expectedRevision: -1n })],
  ['events that are not an array', (s, stream) => s.appendToStream(stream, 'events' as unknown as EventToAppend[])],
  ['an id that is not a UUID', (s, stream) => s.appendToStream(stream, [anEvent(), { ...anEvent(), id: 'retry-1' }])],
  ['an id repeated in the batch (in another case)', (s, stream) => s.appendToStream(stream, [{ ...anEvent(), id: twin }, { ...anEvent(), id: twin.toUpperCase() }])],
  ['an empty type', (s, stream) => s.appendToStream(stream, [{ ...anEvent(), type: '' }])],
  ['undefined data', (s, stream) => s.appendToStream(stream, [{ ...anEvent(), data: undefined } as unknown as EventToAppend])],
  ['a Date in data', (s, stream) => s.appendToStream(stream, [{ ...anEvent(), data: { at: new Date(0) } } as unknown as EventToAppend])],
  ['NaN in metadata', (s, stream) => s.appendToStream(stream, [{ ...anEvent(), metadata: { n: NaN } }])],
  ['a cycle in data', (s, stream) => s.appendToStream(stream, [{ ...anEvent(), data: cyclic } as unknown as EventToAppend])],
  ['data nested 2,000 levels deep', (s, stream) => s.appendToStream(stream, [{ ...anEvent(), data: deep } as unknown as EventToAppend])],
  ['metadata that is an array', (s, stream) => s.appendToStream(stream, [{ ...anEvent(), metadata: [] } as unknown as EventToAppend])],
  ['a read of an empty stream name', (s) => s.readStream('')],
  ['a read direction that is not one', (s, stream) => s.readStream(stream, { direction: 'sideways' as 'forwards' })],
  ['a read from revision -1n', (s, stream) => s.readStream(stream, { fromRevision: -1n })],
  ['a maxCount of 1.5', (s, stream) => s.readStream(stream, { maxCount: 1.5 })],
  ['readAll from the end', (s) => s.readAll({ fromPosition: 'end' as 'start' })],
  ['a filter that is not an object', (s) => s.readAll({ filter: 'complaint-' as unknown as { streamNamePrefixes: string[] } })],
  ['a filter with no prefix', (s) => s.readAll({ filter: { streamNamePrefixes: [] } })],
  ['stream metadata for an empty stream name', (s) => s.setStreamMetadata('', { maxCount: 1 })],
  ['stream metadata with a maxCount of 0', (s, stream) => s.setStreamMetadata(stream, { maxCount: 0 })],
];

describe.each(BAD_CALLS)('%s', (_what, call) => {
  it('is refused by every adapter with the same typed error, and nothing is written', async () => {
    const stream = aStream();
    const batches = server.calls.batchAppend + server.calls.append;
    const inMemory = await refusalOf(() => call(new InMemoryEventStore(), stream));
    for (const store of grpcStores) expect(await refusalOf(() => call(store, stream))).toEqual(inMemory);
    expect(server.calls.batchAppend + server.calls.append).toBe(batches);
    expect(server.log.stream(stream)).toEqual([]);
  });
});
