/** Decrypting on the way to the consumer must not let a checkpoint overtake an event. */
import type { AllSubscription, Position, RecordedEvent, SubscribeToAllOptions } from '../../src/eventstore/port';
import { transformedSubscription } from '../../src/privacy/protectedSubscription';

const at = (n: bigint): Position => ({ commit: n, prepare: n });
const event = (n: bigint): RecordedEvent => ({ id: `e${n}`, type: 'T', data: null, metadata: {}, streamName: 's', revision: n, position: at(n), createdAt: new Date(0) });

/** An inner subscription that delivers `events`, and reports a checkpoint past each one right after (while the wrapper is still transforming it). */
const fakeInner = (events: readonly RecordedEvent[]) => (options: SubscribeToAllOptions | undefined): AllSubscription => {
  let i = 0;
  return {
    unsubscribe: async () => undefined,
    [Symbol.asyncIterator]: () => ({
      next: async (): Promise<IteratorResult<RecordedEvent>> => {
        const e = events[i++];
        if (e === undefined) return { done: true, value: undefined };
        setTimeout(() => options?.onCheckpoint?.(at(e.position.commit + 10n)), 0);
        return { done: false, value: e };
      },
    }),
  };
};

describe('transformedSubscription', () => {
  it('holds a checkpoint reported while an event is being transformed until the consumer has that event', async () => {
    const log: string[] = [];
    const sub = transformedSubscription(fakeInner([event(1n), event(2n)]), { onCheckpoint: (p) => log.push(`checkpoint ${p.commit}`) }, async (r) => {
      await new Promise((resolve) => setTimeout(resolve, 5));
      return r;
    });
    for await (const r of sub) log.push(`event ${r.position.commit}`);
    expect(log).toEqual(['event 1', 'checkpoint 11', 'event 2', 'checkpoint 12']);
  });

  it('a failing transformation ends the inner subscription and the iteration with the error', async () => {
    let returned = false;
    const inner = (o: SubscribeToAllOptions | undefined): AllSubscription => {
      const base = fakeInner([event(1n)])(o);
      const it = base[Symbol.asyncIterator]();
      return { unsubscribe: base.unsubscribe, [Symbol.asyncIterator]: () => ({ next: () => it.next(), return: async () => ((returned = true), { done: true, value: undefined }) }) };
    };
    const sub = transformedSubscription(inner, undefined, async () => {
      throw new Error('unreadable');
    });
    await expect((async () => {
      for await (const _ of sub) void _;
    })()).rejects.toThrow('unreadable');
    expect(returned).toBe(true);
  });
});
