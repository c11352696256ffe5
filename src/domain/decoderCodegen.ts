/**
 * Code generation for the compiled decoders (decoderCompiler.ts). The closures there mirror
 * io-ts node by node, but every object codec calls its properties' decoders through one
 * shared call site and reads properties by computed keys, so V8 can inline nothing. Here
 * each codec of a tree becomes a small named function in one generated module: each call
 * site calls one known function, each property is read by its literal name, object checks
 * and string checks are written out, and refinements use a faster predicate with the same
 * answers when there is one (fastPredicates.ts). The functions mirror the closures line for
 * line — the same checks in the same order, the same output objects (copy on change,
 * `exact` stripping, intersection merge) — so they answer io-ts' output or FAIL, as the
 * closures do; `fastDecode.test.ts` holds both to io-ts.
 *
 * The generated source contains only names, literal keys and literal strings taken from
 * the codecs (JSON-quoted); every other value reaches it through `consts`.
 */
import type * as t from 'io-ts';
import type { CodecShape, FastDecoder } from './decoderCompiler';
import { fastPredicateOf } from './fastPredicates';

/** What the generated functions call: the runtime of decoderCompiler.ts. */
export interface DecoderRuntime {
  readonly FAIL: symbol;
  readonly hasOwn: (this: unknown, key: PropertyKey) => boolean;
  readonly assign: (o: Record<string, unknown>) => Record<string, unknown>;
  readonly stripKeys: (o: Record<string, unknown>, props: t.Props, keys?: readonly string[]) => Record<string, unknown>;
  readonly mergeAll: (base: unknown, us: readonly unknown[]) => unknown;
  readonly propsOf: (codec: CodecShape) => t.Props | undefined;
  readonly mayBeTagged: (codec: CodecShape) => boolean;
}

const key = (k: string): string => JSON.stringify(k);
const IS_OBJECT = 'u !== null && typeof u === "object" && !Array.isArray(u)';
/** Key sets up to this size are checked with a `switch` on literal keys, larger ones by lookup. */
const SWITCH_LIMIT = 64;

/**
 * A decoder for `root` generated as described in the module docs, or undefined when some
 * codec in it is of a kind the compiled decoders do not mirror.
 */
export const generateDecoder = (root: t.Mixed, runtime: DecoderRuntime): FastDecoder | undefined => {
  const names = new Map<object, string>();
  const functions: string[] = [];
  const consts: unknown[] = [];
  const constant = (value: unknown): string => {
    consts.push(value);
    return `c${consts.length - 1}`;
  };
  /** `case` labels for a set of string keys, or undefined when a switch would be too long. */
  const cases = (keys: readonly string[]): string | undefined =>
    keys.length <= SWITCH_LIMIT ? keys.map((k) => `case ${key(k)}:`).join(' ') : undefined;

  const emit = (codec: CodecShape & t.Mixed): string | undefined => {
    const known = names.get(codec);
    if (known !== undefined) return known;
    if (codec._tag === 'ReadonlyType') return codec.type === undefined ? undefined : emit(codec.type);
    const name = `d${names.size}`;
    names.set(codec, name);
    const body = bodyOf(codec);
    if (body === undefined) return undefined;
    functions.push(`function ${name}(u) {\n${body}\n}`);
    return name;
  };

  const bodyOf = (codec: CodecShape & t.Mixed): string | undefined => {
    switch (codec._tag) {
      case 'StringType':
        return 'return typeof u === "string" ? u : FAIL;';
      case 'NumberType':
        return 'return typeof u === "number" ? u : FAIL;';
      case 'BooleanType':
        return 'return typeof u === "boolean" ? u : FAIL;';
      case 'NullType':
        return 'return u === null ? u : FAIL;';
      case 'UndefinedType':
        return 'return u === undefined ? u : FAIL;';
      case 'UnknownType':
        return 'return u;';
      case 'LiteralType': {
        const value = typeof codec.value === 'string' ? key(codec.value) : constant(codec.value);
        return `return u === ${value} ? ${value} : FAIL;`;
      }
      case 'KeyofType': {
        const keys = codec.keys;
        if (keys === undefined) return undefined;
        const labels = cases(Object.getOwnPropertyNames(keys));
        return labels === undefined
          ? `return typeof u === "string" && hasOwn.call(${constant(keys)}, u) ? u : FAIL;`
          : `if (typeof u !== "string") return FAIL;\nswitch (u) { ${labels} return u; default: return FAIL; }`;
      }
      case 'RefinementType': {
        const inner = codec.type;
        const predicate = (inner === undefined ? undefined : fastPredicateOf(codec)) ?? codec.predicate;
        if (inner === undefined || predicate === undefined) return undefined;
        const p = constant(predicate);
        // A refinement of a plain string (most of them): the type check written out.
        if (inner._tag === 'StringType') return `if (typeof u !== "string") return FAIL;\nreturn ${p}(u) ? u : FAIL;`;
        const decode = emit(inner);
        return decode === undefined ? undefined : `const a = ${decode}(u);\nreturn a === FAIL ? FAIL : ${p}(a) ? a : FAIL;`;
      }
      case 'ArrayType': {
        const item = codec.type === undefined ? undefined : emit(codec.type);
        if (item === undefined) return undefined;
        return [
          'if (!Array.isArray(u)) return FAIL;',
          'let as = u;',
          'for (let i = 0; i < u.length; i++) {',
          `  const ui = u[i]; const ai = ${item}(ui);`,
          '  if (ai === FAIL) return FAIL;',
          '  if (ai !== ui) { if (as === u) as = u.slice(); as[i] = ai; }',
          '}',
          'return as;',
        ].join('\n');
      }
      case 'InterfaceType':
      case 'PartialType': {
        const props = codec.props;
        if (props === undefined) return undefined;
        const lines = [`if (!(${IS_OBJECT})) return FAIL;`, 'let a = u;'];
        for (const k of Object.keys(props)) {
          const decode = emit(props[k] as CodecShape & t.Mixed);
          if (decode === undefined) return undefined;
          const K = key(k);
          lines.push(
            codec._tag === 'PartialType'
              ? `{ const ak = a[${K}]; const vak = ${decode}(ak); if (vak === FAIL) { if (ak !== undefined) return FAIL; } else if (vak !== ak) { if (a === u) a = assign(u); a[${K}] = vak; } }`
              : `{ const ak = a[${K}]; const vak = ${decode}(ak); if (vak === FAIL) return FAIL; if (vak !== ak || (vak === undefined && !hasOwn.call(a, ${K}))) { if (a === u) a = assign(u); a[${K}] = vak; } }`,
          );
        }
        lines.push('return a;');
        return lines.join('\n');
      }
      case 'ExactType': {
        const inner = codec.type === undefined ? undefined : emit(codec.type);
        const props = codec.type === undefined ? undefined : runtime.propsOf(codec.type);
        if (inner === undefined || props === undefined) return undefined;
        const P = constant(props);
        const labels = cases(Object.getOwnPropertyNames(props));
        // stripKeys(ce, props) answers ce itself when every own property name is a prop:
        // checked here against the literal names, so stripKeys runs only to strip (given the
        // names already read: nothing runs between the two reads that could change them).
        const check =
          labels === undefined
            ? `for (let i = 0; i < names.length; i++) if (!hasOwn.call(${P}, names[i])) return stripKeys(ce, ${P}, names);`
            : `for (let i = 0; i < names.length; i++) { switch (names[i]) { ${labels} continue; default: return stripKeys(ce, ${P}, names); } }`;
        return [`if (!(${IS_OBJECT})) return FAIL;`, `const ce = ${inner}(u);`, 'if (ce === FAIL) return FAIL;', 'const names = Object.getOwnPropertyNames(ce);', check, 'return ce;'].join('\n');
      }
      case 'IntersectionType': {
        const members = codec.types ?? [];
        if (members.length === 0) return undefined;
        const lines: string[] = [];
        for (let i = 0; i < members.length; i++) {
          const decode = emit(members[i] as CodecShape & t.Mixed);
          if (decode === undefined) return undefined;
          lines.push(`const r${i} = ${decode}(u);`, `if (r${i} === FAIL) return FAIL;`);
        }
        lines.push(`return mergeAll(u, [${members.map((_, i) => `r${i}`).join(', ')}]);`);
        return lines.join('\n');
      }
      case 'UnionType': {
        const members = codec.types ?? [];
        // As the closures: only unions without object members (io-ts tags the others).
        if (members.length === 0 || members.some(runtime.mayBeTagged)) return undefined;
        const lines = ['let r;'];
        for (const m of members) {
          const decode = emit(m);
          if (decode === undefined) return undefined;
          lines.push(`r = ${decode}(u);`, 'if (r !== FAIL) return r;');
        }
        lines.push('return FAIL;');
        return lines.join('\n');
      }
      default:
        return undefined;
    }
  };

  const rootName = emit(root as CodecShape & t.Mixed);
  if (rootName === undefined) return undefined;
  const source = [
    '"use strict";',
    'const { FAIL, hasOwn, assign, stripKeys, mergeAll } = runtime;',
    ...consts.map((_, i) => `const c${i} = consts[${i}];`),
    ...functions,
    `return ${rootName};`,
  ].join('\n');
  const make = new Function('runtime', 'consts', source) as (runtime: DecoderRuntime, consts: readonly unknown[]) => FastDecoder;
  return make(runtime, consts);
};
