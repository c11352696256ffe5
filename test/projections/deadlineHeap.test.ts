import * as fc from 'fast-check';
import { DeadlineHeap, type HeapEntry } from '../../src/projections/deadlineHeap';

describe('DeadlineHeap', () => {
  it('below(bound) returns exactly the live entries due before the bound, after random pushes and removals', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(fc.record({ push: fc.integer({ min: 0, max: 1000 }) }), fc.record({ remove: fc.nat() })), { maxLength: 300 }),
        fc.integer({ min: -1, max: 1001 }),
        (ops, bound) => {
          const heap = new DeadlineHeap<number>();
          const live: HeapEntry<number>[] = [];
          let n = 0;
          for (const op of ops) {
            if ('push' in op) live.push(heap.push(op.push, 0, n++));
            else if (live.length > 0) {
              const [gone] = live.splice(op.remove % live.length, 1);
              if (gone) {
                heap.remove(gone);
                heap.remove(gone); // idempotent
              }
            }
          }
          expect(heap.size).toBe(live.length);
          const got = heap.below(bound).map((e) => e.value).sort((a, b) => a - b);
          const want = live.filter((e) => e.dueMs < bound).map((e) => e.value).sort((a, b) => a - b);
          expect(got).toEqual(want);
        },
      ),
      { numRuns: 200 },
    );
  });
});
