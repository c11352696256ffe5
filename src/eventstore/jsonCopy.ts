/**
 * JSON checks and freezing, for every store: a value an event carries is copied into a
 * deep-frozen clone, checking on the way that it survives a JSON round trip as EventStoreDB
 * would store it (finite numbers, plain objects, no cycle, no `undefined` in arrays, at most
 * `MAX_JSON_DEPTH` levels). Stores keep or send the copy, so nothing a caller mutates later
 * reaches them.
 * @packageDocumentation
 */
import { MAX_JSON_DEPTH } from './jsonDepth';
import type { JsonValue } from './port';

const describeValue = (value: object): string => {
  const name: unknown = value.constructor?.name;
  return typeof name === 'string' && name !== '' ? `a ${name}` : 'an object with a prototype';
};

const childPath = (path: string, key: string): string =>
  /^[A-Za-z_$][\w$]*$/.test(key) ? `${path}.${key}` : `${path}[${JSON.stringify(key)}]`;

/** Why a value is not JSON, with its path (e.g. `events[1].data.items[0]`); turned into an `InvalidAppend` by the caller. */
export class NotJson extends Error {}

/**
 * Copies a JSON value into a deep-frozen clone, checking on the way that it survives a JSON
 * round trip as EventStoreDB would store it. Object properties holding `undefined` are left
 * out, as `JSON.stringify` does; everything else JSON would drop or alter is refused.
 */
export const freezeJson = (value: unknown, path: string, ancestors: Set<object>): JsonValue => {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (!Number.isFinite(value)) throw new NotJson(`${path} is ${value}, which JSON cannot hold; store a finite number or null`);
      return value === 0 ? 0 : value; // JSON has no -0
    case 'object':
      break;
    default:
      throw new NotJson(`${path} is a ${typeof value}, which is not JSON`);
  }
  if (value === null) return null;
  if (ancestors.has(value)) throw new NotJson(`${path} contains itself (a cycle); JSON cannot hold it`);
  // One level per ancestor: deeper than the shared limit is refused before the stack is at risk.
  if (ancestors.size >= MAX_JSON_DEPTH) throw new NotJson(`${path.slice(0, 60)}… is nested more than ${MAX_JSON_DEPTH} levels deep`);
  ancestors.add(value);
  try {
    if (Array.isArray(value)) {
      const items: unknown[] = value;
      const copy: JsonValue[] = new Array<JsonValue>(items.length);
      for (let i = 0; i < items.length; i++) {
        const item = items[i];
        if (item === undefined) throw new NotJson(`${path}[${i}] is undefined (or a hole); store null instead`);
        copy[i] = freezeJson(item, `${path}[${i}]`, ancestors);
      }
      Object.freeze(copy);
      return copy;
    }
    const proto: unknown = Object.getPrototypeOf(value);
    // A plain object's prototype is some realm's Object.prototype (whose own prototype is null), or null.
    if (proto !== null && Object.getPrototypeOf(proto) !== null) {
      const hint = value instanceof Date ? '; store an ISO-8601 string instead' : '';
      throw new NotJson(`${path} is ${describeValue(value)}, not a plain JSON object${hint}`);
    }
    const source = value as Record<string, unknown>;
    const copy: { [key: string]: JsonValue } = {};
    for (const key of Object.keys(source)) {
      const item = source[key];
      if (item === undefined) continue;
      const frozen = freezeJson(item, childPath(path, key), ancestors);
      if (key === '__proto__') {
        Object.defineProperty(copy, key, { value: frozen, enumerable: true, writable: true, configurable: true });
      } else {
        copy[key] = frozen;
      }
    }
    return Object.freeze(copy);
  } finally {
    ancestors.delete(value);
  }
};

/** Thrown by {@link freezeFast} when it meets anything it does not copy as is. */
const NOT_FAST = new Error('not a plain JSON value (checked again by freezeJson)');

/**
 * {@link freezeJson} without the bookkeeping of paths and ancestors, for the common case:
 * the same copy of a valid JSON value, or {@link NOT_FAST} on anything freezeJson would
 * refuse or report (and on deep nesting, in case of a cycle), so the caller can run
 * freezeJson itself for its exact answer.
 */
const freezeFast = (value: unknown, depth: number): JsonValue => {
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return value;
    case 'number':
      if (!Number.isFinite(value)) throw NOT_FAST;
      return value === 0 ? 0 : value;
    case 'object':
      break;
    default:
      throw NOT_FAST;
  }
  if (value === null) return null;
  if (depth > 64) throw NOT_FAST;
  if (Array.isArray(value)) {
    const items: unknown[] = value;
    const copy: JsonValue[] = new Array<JsonValue>(items.length);
    for (let i = 0; i < items.length; i++) {
      const item = items[i];
      if (item === undefined) throw NOT_FAST;
      copy[i] = freezeFast(item, depth + 1);
    }
    Object.freeze(copy);
    return copy;
  }
  const proto: unknown = Object.getPrototypeOf(value);
  if (proto !== null && Object.getPrototypeOf(proto) !== null) throw NOT_FAST;
  const source = value as Record<string, unknown>;
  const copy: { [key: string]: JsonValue } = {};
  for (const key of Object.keys(source)) {
    const item = source[key];
    if (item === undefined) continue;
    const frozen = freezeFast(item, depth + 1);
    if (key === '__proto__') {
      Object.defineProperty(copy, key, { value: frozen, enumerable: true, writable: true, configurable: true });
    } else {
      copy[key] = frozen;
    }
  }
  return Object.freeze(copy);
};

/** freezeJson's copy of an event's `data` or `metadata`, through the fast path when it applies. */
export const frozenCopy = (value: unknown, i: number, field: 'data' | 'metadata'): JsonValue => {
  try {
    return freezeFast(value, 0);
  } catch (e: unknown) {
    if (e !== NOT_FAST) throw e;
    // The path is spelled out only here, where freezeJson may need it for its message.
    return freezeJson(value, `events[${i}].${field}`, new Set());
  }
};
