/**
 * A command is one read and one append, and no read when the service keeps the complaint's
 * state: content-addressed event ids make an append's success at an exact expected revision
 * proof that these very events are stored, so nothing is read back.
 */
import { ComplaintService } from '../../src/application/complaintService';
import type { ComplaintCommand } from '../../src/domain/commands';
import { InMemoryEventStore } from '../../src/eventstore/inMemory/inMemoryEventStore';
import type { ReadStreamOptions, RecordedEvent } from '../../src/eventstore/port';
import { cmd } from '../domain/spec';
import { ForwardingStore, LostAnswerStore, NOW, fixedClock, leftOf, meta, plain } from './harness';

/** Counts reads as well as appends. */
class CountingStore extends ForwardingStore {
  reads = 0;
  override readStream(streamName: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    this.reads++;
    return super.readStream(streamName, options);
  }
}

const story: readonly ComplaintCommand[] = [cmd.receive(), cmd.assign(), cmd.acknowledge(), cmd.contact(), cmd.urgency(), cmd.answer()];

describe('a command is at most one read and exactly one append', () => {
  it('on a cold service (a new instance per command): one read, one append each', async () => {
    const store = new CountingStore(new InMemoryEventStore());
    for (const command of story) {
      const service = new ComplaintService({ store, clock: fixedClock });
      const [reads, appends] = [store.reads, store.appends];
      await service.handle(plain(command), meta());
      expect([store.reads - reads, store.appends - appends]).toEqual([1, 1]);
    }
  });

  it('on a warm service (the state it kept from its last command): no read, one append', async () => {
    const store = new CountingStore(new InMemoryEventStore());
    const service = new ComplaintService({ store, clock: fixedClock });
    await service.handle(plain(story[0] as ComplaintCommand), meta());
    for (const command of story.slice(1)) {
      const [reads, appends] = [store.reads, store.appends];
      await service.handle(plain(command), meta());
      expect([store.reads - reads, store.appends - appends]).toEqual([0, 1]);
    }
  });

  it('what a command answers is what the store holds: same ids, revisions, envelopes and state as a fresh read', async () => {
    const store = new InMemoryEventStore();
    const service = new ComplaintService({ store, clock: fixedClock });
    const results = [];
    for (const command of story) results.push(await service.handle(plain(command), meta()));
    const reader = new ComplaintService({ store, clock: fixedClock });
    const stored = await reader.listStream(story[0]?.complaintId ?? '');
    expect(results.flatMap((r) => r.events)).toEqual(stored);
    expect(results[results.length - 1]?.state).toEqual(await reader.getComplaint(story[0]?.complaintId ?? ''));
  });
});

describe('a re-attempt that decided differently is answered from the store, never as its own', () => {
  it('the same command id retried at another clock reading after a lost answer: stored once, answered duplicate with the stored events', async () => {
    const inner = new InMemoryEventStore();
    await new ComplaintService({ store: inner, clock: fixedClock }).handle(plain(cmd.receive()), meta());
    const m = meta();
    const lossy = new LostAnswerStore(inner, 1);
    expect(leftOf(await new ComplaintService({ store: lossy, clock: fixedClock }).handleTE(plain(cmd.contact()), m)())._tag).toBe('StoreUnavailable');
    const stored = await inner.readStream(`complaint-${cmd.receive().complaintId}`);
    const later = new ComplaintService({ store: inner, clock: () => new Date(NOW.getTime() + 60_000) });
    const again = await later.handle(plain(cmd.contact()), m);
    expect(again.duplicate).toBe(true);
    expect(again.events.map((e) => e.id)).toEqual([stored[1]?.id]);
    expect(again.events[0]?.metadata.recordedAt).toBe(NOW.toISOString());
    expect(await inner.readStream(`complaint-${cmd.receive().complaintId}`)).toEqual(stored);
  });

  it('another instance with a stale kept state and a different decision for the same command id conflicts, re-reads and answers duplicate', async () => {
    const store = new CountingStore(new InMemoryEventStore());
    const a = new ComplaintService({ store, clock: fixedClock });
    const b = new ComplaintService({ store, clock: () => new Date(NOW.getTime() + 1000) });
    await a.handle(plain(cmd.receive()), meta());
    const m = meta();
    const first = await b.handle(plain(cmd.contact()), m);
    const conflictsBefore = store.conflicts;
    const again = await a.handle(plain(cmd.contact()), m);
    expect(store.conflicts - conflictsBefore).toBe(1);
    expect(again).toEqual({ ...first, duplicate: true });
    expect(await store.readStream(`complaint-${cmd.receive().complaintId}`)).toHaveLength(2);
  });
});
