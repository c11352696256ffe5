/**
 * The in-memory store's log read in place, for readers inside the package that hand none of
 * the stored records out — the projection runner, which folds each event's kept verdict
 * (`decodeKept`) instead of a fresh view and `Date` per event (issue #16: at 1,000,000 events
 * the views were a third of the runner's garbage).
 *
 * Only the store's own reads may be bypassed: a store whose `readAll` was replaced (a
 * subclass, a spy) or wrapped (a decorator, which may change what reads return) gets no
 * log from {@link storedLogOf}, and its reader goes through `readAll` as any other store's.
 *
 * Internal to the package (not exported).
 */
import { checkMaxCount, checkPosition } from '../validation';
import { checkFilter, matchesFilter } from '../eventFilter';
import type { EventFilter, Position } from '../port';
import { type StoredEvent, indexFrom } from './storedLog';

interface SharedLog {
  readonly log: readonly StoredEvent[];
  /** The store's own `readAll`, which a page of the log in place stands for. */
  readonly readAll: unknown;
}

const shared = new WeakMap<object, SharedLog>();

/** Called by an in-memory store when it is made: its log, and its own `readAll`. */
export const shareLog = (store: object, log: readonly StoredEvent[], readAll: unknown): void => {
  shared.set(store, { log, readAll });
};

/**
 * The log of `store` when it is an in-memory store that still reads with its own `readAll`;
 * undefined for every other store (EventStoreDB, a decorator of a store, a store whose
 * `readAll` a subclass or a spy replaced).
 */
export const storedLogOf = (store: { readonly readAll: unknown }): readonly StoredEvent[] | undefined => {
  const s = shared.get(store);
  return s !== undefined && store.readAll === s.readAll ? s.log : undefined;
};

/**
 * The stored events `readAll({ fromPosition, maxCount, filter })` returns views of, in the
 * same order: the records themselves, which must not leave the package (their memo is the
 * decoders'). Checks its options as `readAll` does.
 */
export const storedPage = (log: readonly StoredEvent[], options: { readonly fromPosition: Position | 'start'; readonly maxCount: number; readonly filter: EventFilter }): StoredEvent[] => {
  const from = checkPosition(options.fromPosition, ['start'] as const, 'fromPosition');
  const start = from === 'start' ? 0 : indexFrom(from, true);
  const maxCount = checkMaxCount(options.maxCount, 0);
  const matches = matchesFilter(checkFilter(options.filter));
  const out: StoredEvent[] = [];
  for (let i = start; i < log.length && out.length < maxCount; i++) {
    const e = log[i];
    if (e !== undefined && matches(e)) out.push(e);
  }
  return out;
};
