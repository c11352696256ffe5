/**
 * The state cache on its own: never more kept states than its size, the state just kept is
 * always there, a kept state used since the last eviction pass gets a second chance over one
 * that was not, and a forgotten one is gone. A size of 0 keeps nothing.
 */
import fc from 'fast-check';
import { type CachedStream, StateCache, freezeDeep } from '../../src/application/stateCache';
import type { Complaint } from '../../src/domain/state';

const entry = (n: number): CachedStream => ({ revision: BigInt(n), lastId: `id-${n}`, state: {} as Complaint, commandIds: new Set(), used: false });

const op = fc.oneof(
  fc.record({ kind: fc.constant('remember' as const), key: fc.integer({ min: 0, max: 9 }) }),
  fc.record({ kind: fc.constant('get' as const), key: fc.integer({ min: 0, max: 9 }) }),
  fc.record({ kind: fc.constant('forget' as const), key: fc.integer({ min: 0, max: 9 }) }),
);

const keptKeys = (cache: StateCache): number[] => {
  const kept: number[] = [];
  for (let k = 0; k <= 9; k++) if ((cache as unknown as { entries: Map<string, CachedStream> }).entries.has(`s-${k}`)) kept.push(k);
  return kept;
};

describe('StateCache', () => {
  it('never keeps more than its size, and always keeps the state it was just given', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 5 }), fc.array(op, { maxLength: 60 }), (size, ops) => {
        const cache = new StateCache(size);
        for (const o of ops) {
          if (o.kind === 'remember') {
            const e = entry(o.key);
            cache.remember(`s-${o.key}`, e);
            expect(cache.get(`s-${o.key}`)).toBe(e);
          } else if (o.kind === 'get') cache.get(`s-${o.key}`);
          else {
            cache.forget(`s-${o.key}`);
            expect(cache.get(`s-${o.key}`)).toBeUndefined();
          }
          expect(keptKeys(cache).length).toBeLessThanOrEqual(size);
        }
      }),
    );
  });

  it('when full, the oldest state not used since it was kept goes; a used one gets another round', () => {
    const cache = new StateCache(2);
    cache.remember('s-0', entry(0));
    cache.remember('s-1', entry(1));
    cache.get('s-0');
    cache.remember('s-2', entry(2));
    expect(keptKeys(cache)).toEqual([0, 2]);
    // That pass moved s-0 behind s-2, unused: s-2 is now the oldest not used, and goes.
    cache.remember('s-3', entry(3));
    expect(keptKeys(cache)).toEqual([0, 3]);
  });

  it('the state just kept stays even when every older one was used since the last pass', () => {
    const cache = new StateCache(2);
    cache.remember('s-0', entry(0));
    cache.remember('s-1', entry(1));
    cache.get('s-0');
    cache.get('s-1');
    cache.remember('s-2', entry(2));
    expect(keptKeys(cache)).toEqual([1, 2]);
  });

  it('a size of 0 keeps nothing', () => {
    const cache = new StateCache(0);
    cache.remember('s-0', entry(0));
    expect(cache.get('s-0')).toBeUndefined();
  });
});

describe('freezeDeep', () => {
  it('freezes every object and array reachable from a state, and hands back the same value', () => {
    fc.assert(
      fc.property(fc.jsonValue({ maxDepth: 4 }), (v) => {
        const value = JSON.parse(JSON.stringify({ v })) as { v: unknown };
        expect(freezeDeep(value)).toBe(value);
        const walk = (x: unknown): void => {
          if (typeof x !== 'object' || x === null) return;
          expect(Object.isFrozen(x)).toBe(true);
          for (const c of Object.values(x)) walk(c);
        };
        walk(value);
      }),
    );
  });
});
