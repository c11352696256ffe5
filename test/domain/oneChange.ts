/**
 * Inputs changed in one place, for the tests that hold a fast decoder to its reference
 * (generated vs closure decoders, closure decoders vs io-ts): a value set, a key deleted or
 * added, the keys of an object reversed.
 */

/** Every path of keys into a JSON value, plus one extra key per object (to add). */
export const keyPaths = (value: unknown, prefix: string[] = []): string[][] =>
  typeof value !== 'object' || value === null ? [prefix] : [prefix, ...Object.entries(value).flatMap(([k, v]) => keyPaths(v, [...prefix, k])), [...prefix, 'extraKey']];

/**
 * A deep copy of `value` with `v` set at `path` (the key deleted when `v` is undefined) and,
 * when `reverse`, the keys of the object holding it in reverse order.
 */
export const changedAt = (value: unknown, path: readonly string[], v: unknown, reverse: boolean): unknown => {
  const copy = JSON.parse(JSON.stringify(value)) as Record<string, unknown>;
  let o = copy;
  for (const k of path.slice(0, -1)) {
    const next = o[k];
    if (typeof next !== 'object' || next === null) break;
    o = next as Record<string, unknown>;
  }
  const last = path[path.length - 1] ?? 'x';
  if (v === undefined) delete o[last];
  else o[last] = v;
  if (reverse) {
    const entries = Object.entries(o).reverse();
    for (const k of Object.keys(o)) delete o[k];
    for (const [k, x] of entries) o[k] = x;
  }
  return copy;
};
