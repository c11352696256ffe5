/**
 * Applying a function to the personal fields of an event's data, copy-on-write: the input
 * is never mutated (stores hand out frozen events) and an event without personal fields
 * comes back as the very same object.
 */
import type { JsonValue } from '../eventstore/port';
import type { PersonalFieldPath } from './personalFields';

/** Called with a field's full path (`data.correctiveMeasures[1]`) and stored value; returns the new value. */
export type FieldVisitor = (field: string, value: JsonValue) => Promise<JsonValue>;

const isObject = (v: JsonValue): v is { [key: string]: JsonValue } => typeof v === 'object' && v !== null && !Array.isArray(v);

const applyPath = async (node: JsonValue, segments: readonly string[], at: string, visit: FieldVisitor): Promise<JsonValue> => {
  const [head, ...rest] = segments;
  if (head === undefined) return visit(at, node);
  const each = head.endsWith('[]');
  const name = each ? head.slice(0, -2) : head;
  if (!isObject(node) || !Object.prototype.hasOwnProperty.call(node, name)) return node;
  const child = node[name];
  if (child === undefined) return node;
  const path = `${at}.${name}`;
  let next: JsonValue;
  if (each && Array.isArray(child)) {
    const items: JsonValue[] = [];
    for (const [i, item] of child.entries()) items.push(await applyPath(item, rest, `${path}[${i}]`, visit));
    next = items.every((item, i) => Object.is(item, child[i])) ? child : items;
  } else {
    // A non-array where an array belongs goes to the visitor as it is, which refuses it.
    next = await applyPath(child, each ? [] : rest, path, visit);
  }
  return Object.is(next, child) ? node : { ...node, [name]: next };
};

/** `data` with `visit` applied to every field named by `paths` that is present. */
export const mapFields = async (data: JsonValue, paths: readonly PersonalFieldPath[], visit: FieldVisitor): Promise<JsonValue> => {
  let out = data;
  for (const p of paths) out = await applyPath(out, p.split('.'), 'data', visit);
  return out;
};
