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

  it('a copy answers as the original did when copied, and each goes on alone: copies of copies too, used or not', () => {
    const arbOps = fc.array(
      fc.oneof(fc.record({ push: fc.integer({ min: 0, max: 1000 }), ref: fc.integer({ min: 0, max: 40 }) }), fc.record({ remove: fc.integer({ min: 0, max: 40 }) })),
      { maxLength: 80 },
    );
    type Live = Map<number, { due: number; tag: number }>;
    const apply = (heap: DeadlineHeap, live: Live, ops: ReadonlyArray<{ push: number; ref: number } | { remove: number }>, tag0: number): void => {
      ops.forEach((op, k) => {
        if ('push' in op) {
          heap.push(op.ref, op.push, tag0 + k);
          live.set(op.ref, { due: op.push, tag: tag0 + k });
        } else expect(heap.remove(op.remove)).toBe(live.delete(op.remove));
      });
    };
    const agrees = (heap: DeadlineHeap, live: Live): void => {
      expect(heap.size).toBe(live.size);
      for (let ref = 0; ref <= 45; ref++) {
        expect(heap.tagOf(ref, -7)).toBe(live.get(ref)?.tag ?? -7);
        expect(heap.dueOf(ref)).toBe(live.get(ref)?.due ?? Number.NaN);
      }
      const all = heap.below(Number.POSITIVE_INFINITY);
      expect(all.map((s) => heap.refAt(s)).sort((a, b) => a - b)).toEqual([...live.keys()].sort((a, b) => a - b));
      for (const s of all) if (s > 0) expect(heap.dueAt((s - 1) >> 1)).toBeLessThanOrEqual(heap.dueAt(s));
    };
    fc.assert(
      fc.property(arbOps, arbOps, arbOps, arbOps, fc.boolean(), (before, onOriginal, onCopy, onCopyOfCopy, useCopyFirst) => {
        const original = new DeadlineHeap();
        const live: Live = new Map();
        apply(original, live, before, 0);
        const atCopy: Live = new Map(live);
        const copy = original.clone();
        // A copy of a copy taken before the copy is used (its index not built yet), or after.
        const earlyCopyOfCopy = copy.clone();
        if (useCopyFirst) agrees(copy, atCopy);
        const lateCopyOfCopy = copy.clone();
        const copied: Live = new Map(atCopy);
        apply(original, live, onOriginal, 1000);
        apply(copy, copied, onCopy, 2000);
        agrees(original, live);
        agrees(copy, copied);
        agrees(earlyCopyOfCopy, atCopy);
        const third: Live = new Map(atCopy);
        apply(lateCopyOfCopy, third, onCopyOfCopy, 3000);
        agrees(lateCopyOfCopy, third);
        agrees(copy, copied);
      }),
      { numRuns: 100 },
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
