/**
 * Small helpers for the policy codec and the values it produces.
 */
import * as t from 'io-ts';

/**
 * `codec`, where a missing value (`undefined`) decodes as `fallback`: a policy file written
 * before a setting existed still reads, with the documented default.
 */
export const withDefault = <C extends t.Mixed>(codec: C, fallback: t.TypeOf<C>): t.Type<t.TypeOf<C>, t.OutputOf<C>, unknown> =>
  new t.Type(codec.name, codec.is, (u, c) => codec.validate(u === undefined ? fallback : u, c), codec.encode);

const copyFrozen = (value: unknown): unknown => {
  if (typeof value !== 'object' || value === null) return value;
  if (Array.isArray(value)) return Object.freeze(value.map(copyFrozen));
  const out: Record<string, unknown> = {};
  // An optional field is absent, never present as `undefined` (exactOptionalPropertyTypes):
  // `t.partial` lets `{ low: undefined }` through, so such keys are dropped here.
  for (const [k, v] of Object.entries(value)) if (v !== undefined) out[k] = copyFrozen(v);
  return Object.freeze(out);
};

/**
 * A deep-frozen copy of plain data (objects, arrays, primitives). A copy, because io-ts
 * hands back the input object itself when there was nothing to strip, and freezing the
 * caller's object would be a surprising side effect.
 */
export const frozenCopy = <T>(value: T): T => copyFrozen(value) as T;
