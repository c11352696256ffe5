/**
 * A subscription whose events pass through an async transformation (decryption) before
 * they reach the consumer, without breaking the port's checkpoint promise: "every matching
 * event at or before a reported position has already been delivered".
 */
import type { AllSubscription, Position, RecordedEvent, SubscribeToAllOptions } from '../eventstore/port';

/**
 * Subscribes with `subscribe` and delivers each event through `transform`. A checkpoint the
 * inner subscription reports while an event is between the inner subscription and the
 * consumer is held back until the consumer asks for the next event. A failing `transform`
 * ends the inner subscription and the iteration with its error.
 */
export const transformedSubscription = (
  subscribe: (options: SubscribeToAllOptions | undefined) => AllSubscription,
  options: SubscribeToAllOptions | undefined,
  transform: (event: RecordedEvent) => Promise<RecordedEvent>,
): AllSubscription => {
  let holding = false;
  const held: Position[] = [];
  const onCheckpoint = options?.onCheckpoint;
  const inner = subscribe(
    onCheckpoint === undefined
      ? options
      : {
          ...options,
          onCheckpoint: (p: Position) => {
            if (holding) held.push(p);
            else onCheckpoint(p);
          },
        },
  );
  const release = (): void => {
    holding = false;
    for (const p of held.splice(0)) onCheckpoint?.(p);
  };
  const drop = (): void => {
    holding = false;
    held.length = 0;
  };
  return {
    unsubscribe: () => inner.unsubscribe(),
    [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
      const it = inner[Symbol.asyncIterator]();
      return {
        async next(): Promise<IteratorResult<RecordedEvent>> {
          // The consumer has the previous event: what was held back may go now.
          release();
          const n = await it.next();
          if (n.done === true) return n;
          holding = true;
          try {
            return { done: false, value: await transform(n.value) };
          } catch (error) {
            drop();
            await it.return?.();
            throw error;
          }
        },
        async return(): Promise<IteratorResult<RecordedEvent>> {
          drop();
          await it.return?.();
          return { done: true, value: undefined };
        },
      };
    },
  };
};
