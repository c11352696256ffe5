/**
 * The in-memory store's log read in place (src/eventstore/inMemory/storedReads.ts), which the
 * projection runner uses instead of `readAll` to fold each event's kept verdict without a
 * view per event: a page must hold exactly the events `readAll` answers views of, and only
 * a store that still reads with its own `readAll` may be read that way.
 */
import * as fc from 'fast-check';
import { InMemoryEventStore } from '../../src/eventstore/inMemory/inMemoryEventStore';
import { toRecorded } from '../../src/eventstore/inMemory/storedLog';
import { storedLogOf, storedPage } from '../../src/eventstore/inMemory/storedReads';
import type { Position, ReadAllOptions, RecordedEvent } from '../../src/eventstore/port';
import { traceEventStore } from '../../src/observability/tracedEventStore';
import { ForwardingStore } from '../application/harness';

const FILTER = { streamNamePrefixes: ['complaint-'] } as const;

const uuid = (i: number): string => `30000000-0000-4000-8000-${String(i).padStart(12, '0')}`;

/** A store holding `batches`: each a stream and the types of the events appended to it together. */
const filled = async (batches: ReadonlyArray<{ stream: string; types: readonly string[] }>): Promise<InMemoryEventStore> => {
  const store = new InMemoryEventStore();
  let n = 0;
  for (const b of batches) await store.appendToStream(b.stream, b.types.map((type) => ({ id: uuid(n++), type, data: { n }, metadata: { n } })));
  return store;
};

const logOf = (store: InMemoryEventStore) => {
  const log = storedLogOf(store);
  if (log === undefined) throw new Error('the store did not share its log');
  return log;
};

const arbBatches = fc.array(
  fc.record({
    stream: fc.constantFrom('complaint-a', 'complaint-b', 'complaint-c', 'other-a', 'complaints-archive', 'Complaint-d'),
    types: fc.array(fc.constantFrom('ComplaintReceived', 'Unrelated', '$metadata', '$>'), { minLength: 1, maxLength: 4 }),
  }),
  { maxLength: 25 },
);

describe('a page of the in-memory log read in place', () => {
  it('holds exactly the events a filtered readAll answers views of, from any position, for any page size', async () => {
    await fc.assert(
      fc.asyncProperty(arbBatches, fc.nat(120), fc.nat(3), fc.integer({ min: 0, max: 40 }), async (batches, at, shift, maxCount) => {
        const store = await filled(batches);
        // A stored event's own position, one just before or after it, the start, or past the end.
        const commit = BigInt(at);
        const positions: ReadonlyArray<Position | 'start'> = ['start', { commit, prepare: commit }, { commit, prepare: commit + BigInt(shift) }, { commit: commit + 1n, prepare: commit }];
        for (const fromPosition of positions) {
          const query = { fromPosition, maxCount, filter: FILTER };
          const views = await store.readAll(query);
          const page = storedPage(logOf(store), query);
          expect(page.map(toRecorded)).toEqual(views);
          expect(page.map((e) => e.position)).toEqual(views.map((v) => v.position));
        }
      }),
      { numRuns: 150 },
    );
  });

  it('refuses a position that is not one, as readAll does', async () => {
    const store = await filled([{ stream: 'complaint-a', types: ['ComplaintReceived'] }]);
    const bad = { fromPosition: { commit: 1, prepare: 1 } as unknown as Position, maxCount: 10, filter: FILTER };
    await expect(store.readAll(bad as ReadAllOptions)).rejects.toThrow('fromPosition');
    expect(() => storedPage(logOf(store), bad)).toThrow('fromPosition');
  });
});

describe('only a store that reads with its own readAll is read in place', () => {
  it('an in-memory store, and a subclass that keeps its readAll, share their log', async () => {
    class Named extends InMemoryEventStore {
      readonly name = 'named';
    }
    expect(storedLogOf(new InMemoryEventStore())).toBeDefined();
    expect(storedLogOf(new Named())).toBeDefined();
  });

  it('a store whose readAll was replaced or wrapped does not: a subclass, a spy, a decorator, a traced store', async () => {
    class Filtering extends InMemoryEventStore {
      override async readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
        return (await super.readAll(options)).filter((r) => r.type !== 'Secret');
      }
    }
    const spied = new InMemoryEventStore();
    jest.spyOn(spied, 'readAll');
    const inner = new InMemoryEventStore();
    expect(storedLogOf(new Filtering())).toBeUndefined();
    expect(storedLogOf(spied)).toBeUndefined();
    expect(storedLogOf(new ForwardingStore(inner))).toBeUndefined();
    expect(storedLogOf(traceEventStore(inner))).toBeUndefined();
  });
});
