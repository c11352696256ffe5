/**
 * A binary min-heap of pending deadlines ordered by due instant, with O(log n) removal of
 * any entry. Entries are not objects: the heap is a structure of typed arrays (due instant,
 * owner reference and tag per slot, plus the slot of each reference), about 16 bytes per
 * entry and 4 per possible reference, outside the JS object heap's per-object overheads.
 * Enumerating the entries due before a bound visits only those entries (plus at most two
 * children each), so it costs O(k) for k results.
 */

const grow = <A extends Float64Array | Int32Array>(a: A, size: number, fill?: number): A => {
  if (size <= a.length) return a;
  let cap = Math.max(16, a.length);
  while (cap < size) cap = Math.ceil(cap * 1.5);
  const out = new (a.constructor as new (n: number) => A)(cap);
  out.set(a);
  if (fill !== undefined) out.fill(fill, a.length);
  return out;
};

/** A snapshot of one entry, as {@link DeadlineHeap.entryAt} gives it (the heap keeps no entry objects). */
export interface HeapEntry {
  /** The owner's reference of the entry. */
  readonly ref: number;
  /** Due instant in epoch ms (the exclusive end of the due day). */
  readonly dueMs: number;
  /** The 32-bit number given with it (e.g. the due epoch day). */
  readonly tag: number;
}

/**
 * An indexed binary min-heap on due instants. Each entry is named by a **reference**: a
 * small non-negative integer the owner chooses (e.g. `recordIndex * 4 + kind`), at most
 * one entry per reference; each entry also carries a 32-bit `tag` (e.g. the due day).
 * Slots (positions in the heap) are what {@link below} returns; they stay valid until the
 * next {@link push} or {@link remove}.
 */
export class DeadlineHeap {
  private due = new Float64Array(0);
  private refs = new Int32Array(0);
  private tags = new Int32Array(0);
  /** Slot of each reference, −1 when it has no entry (see {@link unbuilt}). */
  private slots = new Int32Array(0);
  /**
   * A copy's `slots` are built from its `refs` when first needed: this is their length until
   * then (0 once built). A checkpoint copy is seldom read, and copying an array of four slots
   * per complaint ever received at every save allocated megabytes outside the JS heap —
   * enough, at a million events, to make V8 start a full collection of the whole heap for
   * "external memory pressure" every few saves (issue #16).
   */
  private unbuilt = 0;
  private n = 0;

  /**
   * An independent copy: its entries (due instants, references and tags, as many as there
   * are, not the arrays' capacity); its index of slots by reference is built when first used.
   */
  clone(): DeadlineHeap {
    const out = new DeadlineHeap();
    const n = this.n;
    out.due = this.due.slice(0, n);
    out.refs = this.refs.slice(0, n);
    out.tags = this.tags.slice(0, n);
    out.n = n;
    out.unbuilt = Math.max(this.slots.length, this.unbuilt);
    return out;
  }

  /** The slot of each reference, built now if this is a copy not used yet. */
  private index(): Int32Array<ArrayBuffer> {
    if (this.unbuilt === 0) return this.slots;
    const slots = new Int32Array(this.unbuilt).fill(-1);
    for (let i = 0; i < this.n; i++) slots[this.refs[i] as number] = i;
    this.slots = slots;
    this.unbuilt = 0;
    return slots;
  }

  /** Number of entries. */
  get size(): number {
    return this.n;
  }

  /** Whether the reference has an entry. */
  has(ref: number): boolean {
    const slots = this.index();
    return ref >= 0 && ref < slots.length && (slots[ref] as number) >= 0;
  }

  /** The tag of the reference's entry, or `absent` when it has none. */
  tagOf(ref: number, absent: number): number {
    if (!this.has(ref)) return absent;
    return this.tags[this.slots[ref] as number] as number;
  }

  /** The due instant of the reference's entry (NaN when it has none). */
  dueOf(ref: number): number {
    if (!this.has(ref)) return Number.NaN;
    return this.due[this.slots[ref] as number] as number;
  }

  /** Adds (or replaces) the entry of `ref`, due at `dueMs` (epoch ms), with a 32-bit tag. */
  push(ref: number, dueMs: number, tag: number): void {
    if (!(Number.isInteger(ref) && ref >= 0 && ref < 2 ** 31)) throw new RangeError(`Not a heap reference: ${ref}`);
    this.remove(ref); // builds a copy's index first (through has)
    this.slots = grow(this.slots, ref + 1, -1);
    const i = this.n++;
    this.due = grow(this.due, this.n);
    this.refs = grow(this.refs, this.n);
    this.tags = grow(this.tags, this.n);
    this.due[i] = dueMs;
    this.refs[i] = ref;
    this.tags[i] = tag;
    this.slots[ref] = i;
    this.up(i);
  }

  /** Removes the entry of `ref`; false when it had none. */
  remove(ref: number): boolean {
    if (!this.has(ref)) return false;
    const i = this.slots[ref] as number;
    this.slots[ref] = -1;
    const last = --this.n;
    if (i === last) return true;
    this.move(last, i);
    this.down(i);
    this.up(this.slots[this.refs[i] as number] as number);
    return true;
  }

  /** Slots of every entry with due instant `< bound`, in no particular order. Cost O(result). */
  below(bound: number): number[] {
    const out: number[] = [];
    if (this.n === 0 || !((this.due[0] as number) < bound)) return out;
    const stack: number[] = [0];
    const n = this.n;
    const due = this.due;
    while (stack.length > 0) {
      const i = stack.pop() as number;
      out.push(i);
      const l = 2 * i + 1;
      if (l < n && (due[l] as number) < bound) stack.push(l);
      if (l + 1 < n && (due[l + 1] as number) < bound) stack.push(l + 1);
    }
    return out;
  }

  /** The due instant at a slot (see {@link below}). */
  dueAt(slot: number): number {
    return this.due[slot] as number;
  }

  /** The reference at a slot. */
  refAt(slot: number): number {
    return this.refs[slot] as number;
  }

  /** The tag at a slot. */
  tagAt(slot: number): number {
    return this.tags[slot] as number;
  }

  /** The entry at a slot, as an object. */
  entryAt(slot: number): HeapEntry {
    return { ref: this.refAt(slot), dueMs: this.dueAt(slot), tag: this.tagAt(slot) };
  }

  /** Bytes held by the heap's arrays (capacity, not just size). */
  get byteLength(): number {
    return this.due.byteLength + this.refs.byteLength + this.tags.byteLength + this.slots.byteLength;
  }

  private move(from: number, to: number): void {
    const ref = this.refs[from] as number;
    this.due[to] = this.due[from] as number;
    this.refs[to] = ref;
    this.tags[to] = this.tags[from] as number;
    this.slots[ref] = to;
  }

  private up(i: number): void {
    const due = this.due;
    const d = due[i] as number;
    const ref = this.refs[i] as number;
    const tag = this.tags[i] as number;
    let c = i;
    while (c > 0) {
      const p = (c - 1) >> 1;
      if ((due[p] as number) <= d) break;
      this.move(p, c);
      c = p;
    }
    if (c === i) return;
    due[c] = d;
    this.refs[c] = ref;
    this.tags[c] = tag;
    this.slots[ref] = c;
  }

  private down(i: number): void {
    const due = this.due;
    const n = this.n;
    const d = due[i] as number;
    const ref = this.refs[i] as number;
    const tag = this.tags[i] as number;
    let c = i;
    for (;;) {
      const l = 2 * c + 1;
      if (l >= n) break;
      const r = l + 1;
      const m = r < n && (due[r] as number) < (due[l] as number) ? r : l;
      if (!((due[m] as number) < d)) break;
      this.move(m, c);
      c = m;
    }
    if (c === i) return;
    due[c] = d;
    this.refs[c] = ref;
    this.tags[c] = tag;
    this.slots[ref] = c;
  }
}
