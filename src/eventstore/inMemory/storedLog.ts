/**
 * The in-memory store's log, as the store and its subscriptions share it: stored events
 * (deep-frozen, see frozenEvents.ts), positions by arithmetic, fresh views for readers.
 * @packageDocumentation
 */
import { type FrozenEvent, FrozenEventView } from './frozenEvents';
import type { Position, RecordedEvent } from '../port';

/** An event as the store keeps it: its data, metadata and position deep-frozen, sharing nothing mutable with any caller. */
export type StoredEvent = FrozenEvent;

/** What a subscription sees of the store: the log, and a way to be woken by the next append. */
export interface LogSource {
  readonly log: readonly StoredEvent[];
  addWaiter(wake: () => void): void;
  removeWaiter(wake: () => void): void;
}

/** Position the log's end has before anything is stored; every event's position is above it. */
export const BEFORE_FIRST: Position = Object.freeze({ commit: 0n, prepare: 0n });

/**
 * Index in the log of the first event at (`inclusive`) or after a position. The event at
 * index `i` has position `i + 1` (commit and prepare), so this is arithmetic, not a search.
 */
export const indexFrom = (position: Position, inclusive: boolean): number => {
  const { commit, prepare } = position;
  if (commit < 1n) return 0;
  const eventAtCommitCounts = inclusive ? prepare <= commit : prepare < commit;
  const first = eventAtCommitCounts ? commit : commit + 1n;
  return first > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(first) - 1;
};

/** A fresh view of a stored event: reassigning its fields or its date cannot touch the store. */
export const toRecorded = (e: StoredEvent): RecordedEvent => new FrozenEventView(e);
