/**
 * Turns io-ts validation errors into readable issues with paths, e.g.
 * `data.receivedAt: expected Instant, got "yesterday"`, never io-ts' raw `Errors` array.
 */
import * as E from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';

/** One problem found in an input: where (a dotted path) and what was expected. */
export interface DecodeIssue {
  readonly path: string;
  readonly expected: string;
  readonly message: string;
}

/** An input failed its codec. `subject` names what was being decoded (e.g. `command AnswerComplaint`). */
export interface DecodeError {
  readonly _tag: 'DecodeError';
  readonly subject: string;
  readonly issues: readonly DecodeIssue[];
}

// What JSON cannot print (a BigInt, nesting deeper than the stack): named, never printed —
// String() of such a value can throw too (a deep array, an object without prototype).
const unprintable = (value: unknown): string =>
  Array.isArray(value) ? `an array of ${value.length} items` : typeof value === 'bigint' ? `${value.toString()}n` : typeof value === 'object' ? 'an object' : typeof value;

/** A short, never-throwing description of any input value, for error messages. */
export const preview = (value: unknown): string => {
  if (value === undefined) return 'nothing';
  let s: string;
  try {
    s = typeof value === 'string' ? JSON.stringify(value) : JSON.stringify(value) ?? String(value);
  } catch {
    s = unprintable(value);
  }
  if (typeof value === 'string' && value.length > 60) return `a string of ${value.length} characters`;
  return s.length > 60 ? `${s.slice(0, 57)}...` : s;
};

// io-ts contexts include the members of unions and intersections, keyed by member index
// ("0", "1"): those are not places in the input, so they are left out of the path, and the
// expected type named is the one at the last real place (e.g. `Person`, not its halves).
const locate = (context: t.Context): { path: string; expected: string } => {
  let path = '';
  let expected = context[0]?.type.name ?? 'a valid value';
  for (let i = 1; i < context.length; i++) {
    const parent = context[i - 1];
    const entry = context[i];
    if (!parent || !entry) continue;
    const tag = (parent.type as { _tag?: string })._tag;
    if (tag === 'UnionType' || tag === 'IntersectionType') continue;
    path += /^\d+$/.test(entry.key) ? `[${entry.key}]` : path === '' ? entry.key : `.${entry.key}`;
    expected = entry.type.name;
  }
  return { path: path || '(root)', expected };
};

/** Converts io-ts errors into {@link DecodeIssue}s, one per path. */
export const toIssues = (errors: t.Errors): DecodeIssue[] => {
  const byPath = new Map<string, DecodeIssue>();
  for (const error of errors) {
    const { path, expected: located } = locate(error.context);
    if (byPath.has(path)) continue;
    const expected = error.message ?? located;
    byPath.set(path, { path, expected, message: `${path}: expected ${expected}, got ${preview(error.value)}` });
  }
  return [...byPath.values()];
};

/** Decodes `input` with `codec`, mapping failures to a {@link DecodeError} about `subject`. */
export const decodeWith =
  <A, O>(codec: t.Type<A, O, unknown>, subject: string) =>
  (input: unknown): E.Either<DecodeError, A> => {
    const result = codec.decode(input);
    return E.isRight(result) ? result : E.left({ _tag: 'DecodeError', subject, issues: toIssues(result.left) });
  };

/** A one-paragraph description of a decode error listing each issue. */
export const describeDecodeError = (e: DecodeError): string =>
  `Invalid ${e.subject}: ${e.issues.map((i) => i.message).join('; ')}`;
