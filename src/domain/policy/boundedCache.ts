/**
 * A size-capped memo for hot deadline arithmetic. Projections ask about the same few
 * thousand (date, zone) pairs millions of times; an unbounded Map would grow with every
 * distinct day ever seen, so the oldest entry is dropped once the cap is reached.
 */

/**
 * A Map with at most `capacity` entries; inserting into a full cache evicts the entry
 * inserted first (FIFO: cheaper than LRU on the hit path, and good enough because the
 * working set of days is small and recent).
 */
export class BoundedCache<K, V> {
  readonly #entries = new Map<K, V>();

  /** @param capacity - the most entries kept (at least 1). */
  constructor(private readonly capacity: number) {
    if (!Number.isInteger(capacity) || capacity < 1) throw new RangeError(`BoundedCache capacity must be a positive integer, got ${capacity}`);
  }

  /** The cached value, or `undefined` when absent. */
  get(key: K): V | undefined {
    return this.#entries.get(key);
  }

  /** Caches `value` under `key`, evicting the oldest entry when full; returns `value`. */
  set(key: K, value: V): V {
    if (this.#entries.size >= this.capacity && !this.#entries.has(key)) {
      const oldest = this.#entries.keys().next();
      if (oldest.done !== true) this.#entries.delete(oldest.value);
    }
    this.#entries.set(key, value);
    return value;
  }

  /** The number of cached entries. */
  get size(): number {
    return this.#entries.size;
  }
}
