/**
 * A decoder compiler: io-ts codecs turned into plain functions with the same verdicts and
 * outputs (see below). The codecs themselves live in commands.ts, events.ts and
 * primitives.ts; decode.ts decodes commands and events with them.
 */
import * as E from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';
import { generateDecoder } from './decoderCodegen';

// ---------------------------------------------------------------------------------------
// Fast decoding. io-ts builds a context entry per property and an Either per value even when
// everything is valid, which dominates decoding time. `compileDecoder` turns a codec into a
// plain function that mirrors io-ts 2.2's validation of the same codec — the same checks in
// the same order, and the same output values (io-ts copies an object only when a property
// changed, strips unknown keys of `exact` codecs, merges intersections): it answers that
// output, or FAIL without saying why. Callers decode with the fast function and, only when
// it fails, run io-ts itself for the error paths, so results are io-ts' in every case.
// Codecs of a kind it does not mirror (custom t.Type, tagged unions, …) are not compiled.
// ---------------------------------------------------------------------------------------

/** The fast decoders' failure value. */
export const FAIL: unique symbol = Symbol('decode failed');
/** A compiled decoder: io-ts' output for `u`, or {@link FAIL}. */
export type FastDecoder = (u: unknown) => unknown;

/** `Object.prototype.hasOwnProperty`, to call on any object. */
export const hasOwn = Object.prototype.hasOwnProperty;
/** A non-null, non-array object. */
export const isRecord = (u: unknown): u is Record<string, unknown> => u !== null && typeof u === 'object' && !Array.isArray(u);

/** The parts of an io-ts codec the compilers read. */
export interface CodecShape {
  readonly _tag?: string;
  readonly type?: CodecShape & t.Mixed;
  readonly types?: ReadonlyArray<CodecShape & t.Mixed>;
  readonly props?: t.Props;
  readonly keys?: Record<string, unknown>;
  readonly value?: unknown;
  readonly predicate?: (a: unknown) => boolean;
}

/** io-ts' getProps (the keys an exact codec keeps). */
export const propsOf = (codec: CodecShape): t.Props | undefined => {
  switch (codec._tag) {
    case 'RefinementType':
    case 'ReadonlyType':
      return codec.type === undefined ? undefined : propsOf(codec.type);
    case 'InterfaceType':
    case 'StrictType':
    case 'PartialType':
      return codec.props;
    case 'IntersectionType': {
      const out: t.Props = {};
      for (const member of codec.types ?? []) {
        const p = propsOf(member);
        if (p === undefined) return undefined;
        Object.assign(out, p);
      }
      return out;
    }
    default:
      return undefined;
  }
};

/** io-ts' stripKeys; `keys`, when given, must be `Object.getOwnPropertyNames(o)` (the generated code has it already). */
export const stripKeys = (o: Record<string, unknown>, props: t.Props, keys: readonly string[] = Object.getOwnPropertyNames(o)): Record<string, unknown> => {
  let shouldStrip = false;
  const r: Record<string, unknown> = {};
  for (const key of keys) {
    if (!hasOwn.call(props, key)) shouldStrip = true;
    else r[key] = o[key];
  }
  return shouldStrip ? r : o;
};

/** io-ts' mergeAll (the output of an intersection). */
export const mergeAll = (base: unknown, us: readonly unknown[]): unknown => {
  let equal = true;
  let primitive = true;
  const baseIsNotADictionary = !isRecord(base);
  for (const u of us) {
    if (u !== base) equal = false;
    if (isRecord(u)) primitive = false;
  }
  if (equal) return base;
  if (primitive) return us[us.length - 1];
  const r: Record<string, unknown> = {};
  for (const u of us) {
    const o = u as Record<string, unknown>;
    for (const k in o) {
      if (!hasOwn.call(r, k) || baseIsNotADictionary || o[k] !== (base as Record<string, unknown>)[k]) r[k] = o[k];
    }
  }
  return r;
};

/** tslib's __assign, which io-ts uses to copy an object before changing a property. */
export const assign = (o: Record<string, unknown>): Record<string, unknown> => {
  const r: Record<string, unknown> = {};
  for (const p in o) if (hasOwn.call(o, p)) r[p] = o[p];
  return r;
};

/** Whether io-ts could find literal tags in the codec (then a union of it is a tagged union). */
export const mayBeTagged = (codec: CodecShape): boolean => {
  switch (codec._tag) {
    case 'RefinementType':
    case 'ReadonlyType':
      return codec.type === undefined || mayBeTagged(codec.type);
    case 'StringType':
    case 'NumberType':
    case 'BooleanType':
    case 'NullType':
    case 'UndefinedType':
    case 'UnknownType':
    case 'LiteralType':
    case 'KeyofType':
    case 'ArrayType':
      return false;
    default:
      return true;
  }
};

const compiled = new WeakMap<object, FastDecoder | null>();

/** The closures' decoder, without generated code (the reference for decoderCodegen.ts). */
export const compileClosureDecoder = (codec: t.Mixed): FastDecoder | undefined => compileShape(codec as CodecShape & t.Mixed);

const generated = (codec: t.Mixed): FastDecoder | undefined => {
  try {
    return generateDecoder(codec, { FAIL, hasOwn, assign, stripKeys, mergeAll, propsOf, mayBeTagged });
  } catch {
    // No code generation where `new Function` is refused: the closures do the same work.
    return undefined;
  }
};

/**
 * A fast decoder mirroring `codec.decode`, or undefined when the codec cannot be mirrored:
 * generated code (decoderCodegen.ts), or these closures where code cannot be generated.
 */
export const compileDecoder = (codec: t.Mixed): FastDecoder | undefined => {
  const known = compiled.get(codec);
  if (known !== undefined) return known ?? undefined;
  const out = generated(codec) ?? compileShape(codec as CodecShape & t.Mixed);
  compiled.set(codec, out ?? null);
  return out;
};

const compileShape = (codec: CodecShape & t.Mixed): FastDecoder | undefined => {
  switch (codec._tag) {
    case 'StringType':
      return (u) => (typeof u === 'string' ? u : FAIL);
    case 'NumberType':
      return (u) => (typeof u === 'number' ? u : FAIL);
    case 'BooleanType':
      return (u) => (typeof u === 'boolean' ? u : FAIL);
    case 'NullType':
      return (u) => (u === null ? u : FAIL);
    case 'UndefinedType':
      return (u) => (u === undefined ? u : FAIL);
    case 'UnknownType':
      return (u) => u;
    case 'LiteralType': {
      const value = codec.value;
      return (u) => (u === value ? value : FAIL);
    }
    case 'KeyofType': {
      const keys = codec.keys;
      if (keys === undefined) return undefined;
      return (u) => (typeof u === 'string' && hasOwn.call(keys, u) ? u : FAIL);
    }
    case 'RefinementType': {
      const inner = codec.type === undefined ? undefined : compileDecoder(codec.type);
      const predicate = codec.predicate;
      if (inner === undefined || predicate === undefined) return undefined;
      return (u) => {
        const a = inner(u);
        return a === FAIL ? FAIL : predicate(a) ? a : FAIL;
      };
    }
    case 'ReadonlyType':
      return codec.type === undefined ? undefined : compileDecoder(codec.type);
    case 'ArrayType': {
      const item = codec.type === undefined ? undefined : compileDecoder(codec.type);
      if (item === undefined) return undefined;
      return (u) => {
        if (!Array.isArray(u)) return FAIL;
        const us: unknown[] = u;
        let as = us;
        for (let i = 0; i < us.length; i++) {
          const ui = us[i];
          const ai = item(ui);
          if (ai === FAIL) return FAIL;
          if (ai !== ui) {
            if (as === us) as = us.slice();
            as[i] = ai;
          }
        }
        return as;
      };
    }
    case 'InterfaceType':
    case 'PartialType': {
      const props = codec.props;
      if (props === undefined) return undefined;
      const keys = Object.keys(props);
      const decoders: FastDecoder[] = [];
      for (const k of keys) {
        const d = compileDecoder(props[k] as t.Mixed);
        if (d === undefined) return undefined;
        decoders.push(d);
      }
      const partial = codec._tag === 'PartialType';
      return (u) => {
        if (!isRecord(u)) return FAIL;
        let a = u;
        for (let i = 0; i < keys.length; i++) {
          const k = keys[i] as string;
          const ak = a[k];
          const vak = (decoders[i] as FastDecoder)(ak);
          if (vak === FAIL) {
            if (!partial || ak !== undefined) return FAIL;
            continue;
          }
          if (vak !== ak || (!partial && vak === undefined && !hasOwn.call(a, k))) {
            if (a === u) a = assign(u);
            a[k] = vak;
          }
        }
        return a;
      };
    }
    case 'ExactType': {
      const inner = codec.type === undefined ? undefined : compileDecoder(codec.type);
      const props = codec.type === undefined ? undefined : propsOf(codec.type);
      if (inner === undefined || props === undefined) return undefined;
      return (u) => {
        if (!isRecord(u)) return FAIL;
        const ce = inner(u);
        return ce === FAIL ? FAIL : stripKeys(ce as Record<string, unknown>, props);
      };
    }
    case 'IntersectionType': {
      const members: FastDecoder[] = [];
      for (const m of codec.types ?? []) {
        const d = compileDecoder(m);
        if (d === undefined) return undefined;
        members.push(d);
      }
      if (members.length === 0) return undefined;
      return (u) => {
        const us: unknown[] = [];
        for (const m of members) {
          const r = m(u);
          if (r === FAIL) return FAIL;
          us.push(r);
        }
        return mergeAll(u, us);
      };
    }
    case 'UnionType': {
      const types = codec.types ?? [];
      // io-ts validates a union of object codecs with literal tags by the tag: not mirrored,
      // so only unions without any object member are compiled.
      if (types.length === 0 || types.some(mayBeTagged)) return undefined;
      const members: FastDecoder[] = [];
      for (const m of types) {
        const d = compileDecoder(m);
        if (d === undefined) return undefined;
        members.push(d);
      }
      return (u) => {
        for (const m of members) {
          const r = m(u);
          if (r !== FAIL) return r;
        }
        return FAIL;
      };
    }
    default:
      return undefined;
  }
};

/** Decodes with `codec`, through its compiled decoder when it has one (same result as `codec.decode`). */
export const fastDecode = <A>(codec: t.Decoder<unknown, A> & t.Mixed, fast: FastDecoder | undefined, input: unknown): t.Validation<A> => {
  if (fast !== undefined) {
    const r = fast(input);
    if (r !== FAIL) return E.right(r as A);
  }
  return codec.decode(input);
};
