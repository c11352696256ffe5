/**
 * Canonical JSON: object keys sorted (by UTF-16 code units), no whitespace, numbers and
 * strings as `JSON.stringify` writes them. Two equal JSON values have the same canonical
 * text, whatever their key order or spacing, so it is what export hashes are taken over.
 */
import type { JsonValue } from '../eventstore/port';

/** The canonical JSON text of `value`. */
export const canonicalJson = (value: JsonValue): string => {
  if (value === null || typeof value !== 'object') return JSON.stringify(value);
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const keys = Object.keys(value).sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(value[k] ?? null)}`).join(',')}}`;
};
