/**
 * The service's kept states (its `stateCache` option): for each complaint it handled lately,
 * the state, revision, last event id and command ids as of a revision it read or wrote, so
 * that the next command on it decides without reading and folding the whole stream.
 *
 * Eviction is by second chance: a kept state used since it was inserted (or last passed
 * over) gets one more round when the cache is full, the first one not used goes. A flag per
 * use rather than moving the entry to the map's end on every command (a delete and an
 * insert). Touched only under the service's per-complaint queue.
 */
import type { Complaint } from '../domain/state';

/** A complaint's state as of a revision this instance read or wrote. */
export interface CachedStream {
  revision: bigint;
  /** Id of the event at `revision`. */
  lastId: string;
  /** Deep-frozen: shared with callers (see {@link freezeDeep}). */
  state: Complaint;
  /** Every command id in the stream up to `revision`. */
  readonly commandIds: Set<string>;
  /** Used since it was last inserted or passed over by an eviction (second chance). */
  used: boolean;
}

/** Stream name → latest kept state, at most `size` of them (0: none kept). */
export class StateCache {
  private readonly entries = new Map<string, CachedStream>();

  constructor(private readonly size: number) {}

  /** The kept state of a stream (marked used), if any. */
  get(streamName: string): CachedStream | undefined {
    const entry = this.entries.get(streamName);
    if (entry !== undefined) entry.used = true;
    return entry;
  }

  /** Keeps `entry` as the stream's latest state, evicting one not used lately when full. */
  remember(streamName: string, entry: CachedStream): void {
    if (this.size === 0) return;
    const entries = this.entries;
    entries.delete(streamName);
    entries.set(streamName, entry);
    // Second chance: from the oldest inserted, an entry used since it was inserted or last
    // passed goes to the end, unused; the first one not used is dropped — never the one just
    // kept (when every older one was used, the pass reaches it before their second round).
    for (const [key, kept] of entries) {
      if (entries.size <= this.size) break;
      if (kept === entry) continue;
      entries.delete(key);
      if (kept.used) {
        kept.used = false;
        entries.set(key, kept);
      }
    }
  }

  /** Forgets the stream's kept state (it may no longer be the stream's). */
  forget(streamName: string): void {
    this.entries.delete(streamName);
  }
}

/**
 * Deep-freezes a state before it is shared by the cache and callers. Frozen parts are skipped
 * (a new state shares most of its parts with the one before, already frozen), and the walk
 * allocates nothing.
 */
export const freezeDeep = <T>(value: T): T => {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) freezeObject(value);
  return value;
};

const freezeObject = (o: object): void => {
  Object.freeze(o);
  if (Array.isArray(o)) {
    for (const v of o as unknown[]) if (typeof v === 'object' && v !== null && !Object.isFrozen(v)) freezeObject(v);
    return;
  }
  const record = o as Record<string, unknown>;
  for (const k in record) {
    const v = record[k];
    if (typeof v === 'object' && v !== null && !Object.isFrozen(v)) freezeObject(v);
  }
};
