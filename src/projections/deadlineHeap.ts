/**
 * A binary min-heap of pending deadlines ordered by due instant, with O(log n) removal of
 * any entry (each entry knows its slot). Enumerating the entries due before a bound visits
 * only those entries (plus at most two children each), so it costs O(k) for k results.
 */

/** One pending deadline in the heap. `slot` is maintained by the heap (−1 once removed). */
export interface HeapEntry<T> {
  /** Due instant in epoch ms (the exclusive end of the due day). */
  dueMs: number;
  slot: number;
  /** A small number the owner chooses (e.g. packed kind and day). */
  readonly tag: number;
  readonly value: T;
}

/** An indexed binary min-heap on `dueMs`. */
export class DeadlineHeap<T> {
  private readonly items: HeapEntry<T>[] = [];

  /** Number of entries. */
  get size(): number {
    return this.items.length;
  }

  /** Adds a value due at `dueMs`; keep the entry to remove it later. */
  push(dueMs: number, tag: number, value: T): HeapEntry<T> {
    const entry: HeapEntry<T> = { dueMs, slot: this.items.length, tag, value };
    this.items.push(entry);
    this.up(entry.slot);
    return entry;
  }

  /** Removes an entry (no-op when already removed). */
  remove(entry: HeapEntry<T>): void {
    const i = entry.slot;
    if (i < 0 || this.items[i] !== entry) return;
    const last = this.items.pop();
    entry.slot = -1;
    if (last === undefined || last === entry) return;
    this.items[i] = last;
    last.slot = i;
    this.down(i);
    this.up(last.slot);
  }

  /** Every entry with `dueMs < bound`, in no particular order. Cost O(result). */
  below(bound: number): HeapEntry<T>[] {
    const out: HeapEntry<T>[] = [];
    const stack: number[] = [0];
    for (let i = stack.pop(); i !== undefined; i = stack.pop()) {
      const e = this.items[i];
      if (e === undefined || e.dueMs >= bound) continue;
      out.push(e);
      stack.push(2 * i + 1, 2 * i + 2);
    }
    return out;
  }

  private swap(i: number, j: number): void {
    const a = this.items[i];
    const b = this.items[j];
    if (a === undefined || b === undefined) return;
    this.items[i] = b;
    this.items[j] = a;
    b.slot = i;
    a.slot = j;
  }

  private up(i: number): void {
    for (let c = i; c > 0; ) {
      const p = (c - 1) >> 1;
      const ce = this.items[c];
      const pe = this.items[p];
      if (ce === undefined || pe === undefined || pe.dueMs <= ce.dueMs) return;
      this.swap(c, p);
      c = p;
    }
  }

  private down(i: number): void {
    const n = this.items.length;
    for (let c = i; ; ) {
      const l = 2 * c + 1;
      const r = l + 1;
      let m = c;
      const key = (k: number): number => this.items[k]?.dueMs ?? Number.POSITIVE_INFINITY;
      if (l < n && key(l) < key(m)) m = l;
      if (r < n && key(r) < key(m)) m = r;
      if (m === c) return;
      this.swap(c, m);
      c = m;
    }
  }
}
