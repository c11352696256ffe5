/**
 * The state cache keeps at most `stateCache` complaints; when full, one not used for long
 * goes first (second chance: a kept state used since it was inserted or last passed over
 * gets another round). Which complaints are kept shows in the reads: a kept complaint's
 * next command reads nothing, a dropped one's reads its stream.
 */
import { ComplaintService } from '../../src/application/complaintService';
import { InMemoryEventStore } from '../../src/eventstore/inMemory/inMemoryEventStore';
import type { ReadStreamOptions, RecordedEvent } from '../../src/eventstore/port';
import { cmd } from '../domain/spec';
import { ForwardingStore, fixedClock, meta, plain } from './harness';

class CountingStore extends ForwardingStore {
  reads = 0;
  override readStream(streamName: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    this.reads++;
    return super.readStream(streamName, options);
  }
}

const ids = ['6f1c1c7e-3d5a-4c53-9a4e-00000000000a', '6f1c1c7e-3d5a-4c53-9a4e-00000000000b', '6f1c1c7e-3d5a-4c53-9a4e-00000000000c'] as const;
const [A, B, C] = ids;

describe('state cache eviction', () => {
  it('with room for two, receiving a third complaint drops the one not used since, and keeps the one just used', async () => {
    const store = new CountingStore(new InMemoryEventStore());
    const service = new ComplaintService({ store, clock: fixedClock, stateCache: 2 });
    const reads = async (id: string): Promise<number> => {
      const before = store.reads;
      await service.handle(plain({ ...cmd.contact(), complaintId: id as never }), meta());
      return store.reads - before;
    };
    for (const id of [A, B]) await service.handle(plain({ ...cmd.receive(), complaintId: id as never }), meta());
    expect(await reads(A)).toBe(0); // kept; now used
    await service.handle(plain({ ...cmd.receive(), complaintId: C as never }), meta());
    expect(await reads(A)).toBe(0); // used since inserted: kept
    expect(await reads(C)).toBe(0); // just inserted: kept
    expect(await reads(B)).toBe(1); // not used since inserted: dropped, read again
  });

  it('never keeps more than it may: three complaints round-robin through room for two read their stream every time', async () => {
    const store = new CountingStore(new InMemoryEventStore());
    const service = new ComplaintService({ store, clock: fixedClock, stateCache: 2 });
    for (const id of ids) await service.handle(plain({ ...cmd.receive(), complaintId: id as never }), meta());
    let total = 0;
    for (let round = 0; round < 3; round++)
      for (const id of ids) {
        const before = store.reads;
        await service.handle(plain({ ...cmd.contact(), complaintId: id as never }), meta());
        total += store.reads - before;
      }
    // Three complaints round-robin through room for two: each finds its state dropped.
    expect(total).toBe(9);
  });
});
