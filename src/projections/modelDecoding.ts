/**
 * What a projection's checkpoint decoder answers when the JSON is not a model it wrote: a
 * `DecodeError` naming what is wrong and where (a JSON path such as `records[3][5]`), never
 * a throw — and the adapter for the older decoders that throw.
 * @packageDocumentation
 */
import * as E from 'fp-ts/lib/Either.js';
import { type DecodeError, preview } from '../domain/decoding';
import type { JsonValue } from '../eventstore/port';

/** A `DecodeError` about `subject` with one issue: at `path`, `expected` was expected and `value` found. */
export const modelIssue = (subject: string, path: string, expected: string, value: unknown): E.Either<DecodeError, never> =>
  E.left({ _tag: 'DecodeError', subject, issues: [{ path, expected, message: `${path}: expected ${expected}, got ${preview(value)}` }] });

/** True for a JSON object (not an array, not null). */
export const isJsonObject = (v: JsonValue | undefined): v is { [key: string]: JsonValue } => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The strings of a JSON array of strings, copied; undefined for anything else. */
export const stringsOf = (v: JsonValue | undefined): string[] | undefined => (Array.isArray(v) && v.every((x): x is string => typeof x === 'string') ? [...v] : undefined);

/**
 * The model a decoder answers, or a TypeError whose message starts with `prefix` and lists
 * the issues (the behaviour of the exported `decode…` functions of earlier releases).
 */
export const orTypeError = <M>(decoded: E.Either<DecodeError, M>, prefix: string): M => {
  if (E.isRight(decoded)) return decoded.right;
  throw new TypeError(`${prefix}: ${decoded.left.issues.map((i) => i.message).join('; ')}`);
};
