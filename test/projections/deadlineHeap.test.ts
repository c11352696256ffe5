import * as fc from 'fast-check';
import { DeadlineHeap } from '../../src/projections/deadlineHeap';

describe('DeadlineHeap', () => {
  it('below(bound) returns exactly the live entries due before the bound, after random pushes, replacements and removals', () => {
    fc.assert(
      fc.property(
        fc.array(
          fc.oneof(
            fc.record({ push: fc.integer({ min: 0, max: 1000 }), ref: fc.integer({ min: 0, max: 60 }) }),
            fc.record({ remove: fc.integer({ min: 0, max: 60 }) }),
          ),
          { maxLength: 300 },
        ),
        fc.integer({ min: -1, max: 1001 }),
        (ops, bound) => {
          const heap = new DeadlineHeap();
          const live = new Map<number, { due: number; tag: number }>();
          let n = 0;
          for (const op of ops) {
            if ('push' in op) {
              heap.push(op.ref, op.push, n);
              live.set(op.ref, { due: op.push, tag: n++ });
            } else {
              expect(heap.remove(op.remove)).toBe(live.delete(op.remove));
              expect(heap.remove(op.remove)).toBe(false); // idempotent
            }
          }
          expect(heap.size).toBe(live.size);
          for (let ref = 0; ref <= 60; ref++) {
            const want = live.get(ref);
            expect(heap.has(ref)).toBe(want !== undefined);
            expect(heap.tagOf(ref, -7)).toBe(want?.tag ?? -7);
            expect(heap.dueOf(ref)).toBe(want?.due ?? Number.NaN);
          }
          const got = heap
            .below(bound)
            .map((s) => heap.entryAt(s))
            .map((e) => [e.ref, e.dueMs, e.tag])
            .sort((a, b) => (a[0] as number) - (b[0] as number));
          const want = [...live.entries()]
            .filter(([, e]) => e.due < bound)
            .map(([ref, e]) => [ref, e.due, e.tag])
            .sort((a, b) => (a[0] as number) - (b[0] as number));
          expect(got).toEqual(want);
          // Heap order: every slot's parent is due no later.
          const all = heap.below(Number.POSITIVE_INFINITY);
          expect(all.length).toBe(live.size);
          for (const s of all) if (s > 0) expect(heap.dueAt((s - 1) >> 1)).toBeLessThanOrEqual(heap.dueAt(s));
        },
      ),
      { numRuns: 300 },
    );
  });

  it('refuses references that are not small non-negative integers', () => {
    const heap = new DeadlineHeap();
    expect(() => heap.push(-1, 0, 0)).toThrow(RangeError);
    expect(() => heap.push(1.5, 0, 0)).toThrow(RangeError);
    expect(heap.has(-1)).toBe(false);
    expect(heap.remove(99)).toBe(false);
  });
});
