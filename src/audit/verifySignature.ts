/**
 * Checking an export's signature trailer (see `signature.ts`) once its hash chain is known
 * to be intact. With trusted keys, the trailer is first proven authentic (a trusted key of
 * its key id, a signature that verifies), then compared with the lines: an authentic
 * trailer that signs other lines than the file holds means lines were added, removed or
 * re-hashed after signing. Without keys only the comparison is made, and the result says
 * the signature was not verified.
 */
import * as E from 'fp-ts/lib/Either.js';
import type { KeyObject } from 'node:crypto';
import type { InvalidKey, InvalidSignature, SignatureProblem } from './errors';
import { type ExportTrailer, type KeyInput, isKeyProblem, keyIdOf, parseTrailer, signatureMatches, verifyingKeyOf } from './signature';

/** What the chain gave: its number of lines and its head hash. */
export interface ChainSummary {
  readonly lines: number;
  readonly head: string;
}

/** A checked trailer. */
export type CheckedTrailer = ExportTrailer & { readonly verified: boolean };

const short = (hex: string): string => `${hex.slice(0, 12)}…`;

/** The trusted keys by key id, or the first key refused. */
export const trustedKeys = (inputs: readonly KeyInput[]): E.Either<InvalidKey, Map<string, KeyObject>> => {
  const out = new Map<string, KeyObject>();
  for (const [i, input] of inputs.entries()) {
    const key = verifyingKeyOf(input);
    if (isKeyProblem(key)) return E.left({ _tag: 'InvalidKey', key: inputs.length === 1 ? 'the trusted public key' : `trusted public key ${i + 1}`, reason: key.problem });
    out.set(keyIdOf(key), key);
  }
  return E.right(out);
};

const mismatch = (t: ExportTrailer, chain: ChainSummary): string | undefined => {
  if (t.lines.count !== chain.lines)
    return `the trailer signs ${t.lines.count} line(s), the file has ${chain.lines}: lines were added or removed after signing`;
  const first = chain.lines === 0 ? 0 : 1;
  if (t.lines.first !== first || t.lines.last !== chain.lines)
    return `the trailer signs lines ${t.lines.first} to ${t.lines.last}, the file has lines ${first} to ${chain.lines}`;
  if (t.head !== chain.head)
    return `the trailer signs the head hash ${short(t.head)}, the lines end at ${short(chain.head)}: a line was changed and the hashes recomputed after signing`;
  return undefined;
};

/**
 * Checks the trailer (`undefined`: the export has none) against the chain and, when
 * `publicKeys` are given, against the trusted keys. Right(undefined) for an unsigned export
 * when no signature is required.
 */
export const checkSignature = (
  trailerText: string | undefined,
  chain: ChainSummary,
  publicKeys: readonly KeyInput[] | undefined,
): E.Either<InvalidSignature | InvalidKey, CheckedTrailer | undefined> => {
  const line = chain.lines + 1;
  const refuse = (problem: SignatureProblem, reason: string): E.Either<InvalidSignature, never> => E.left({ _tag: 'InvalidSignature', line, problem, reason });
  const keys = publicKeys === undefined ? undefined : trustedKeys(publicKeys);
  if (keys !== undefined && E.isLeft(keys)) return keys;
  if (trailerText === undefined)
    return keys === undefined ? E.right(undefined) : refuse('unsigned', 'the export ends without a signature trailer: it was not signed, or its trailer was removed');
  const trailer = parseTrailer(trailerText);
  if (isKeyProblem(trailer)) return refuse('malformed-trailer', trailer.problem);
  if (keys !== undefined) {
    const key = keys.right.get(trailer.keyId);
    if (key === undefined)
      return refuse('unknown-key', `it was signed with key ${short(trailer.keyId)}, which is not among the ${keys.right.size} trusted key(s)`);
    if (!signatureMatches(trailer, key))
      return refuse('bad-signature', `the signature does not verify with the trusted key ${short(trailer.keyId)}: the trailer was altered or not made with that key`);
  }
  const wrong = mismatch(trailer, chain);
  if (wrong !== undefined) return refuse('trailer-mismatch', wrong);
  return E.right({ ...trailer, verified: keys !== undefined });
};
