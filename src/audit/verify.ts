/**
 * Verification of an NDJSON audit export: every line well-formed, every hash matching its
 * line, every `prevHash` naming the line before, every stream's revisions 0, 1, 2, … in one
 * run. The first failing line is reported with what is wrong with it.
 *
 * The chain proves the lines are the ones exported, in order, with none removed in the
 * middle or at the start. Removing lines at the end, or rewriting the whole chain, can only
 * be seen against a hash kept apart from the file: pass the export's last hash
 * (`head`, returned by {@link verifyExport}) as `expectedHead` — or sign the export
 * (`signature.ts`): a signed export's last line is a trailer signing the head, checked
 * against the trusted `publicKeys`.
 */
import * as E from 'fp-ts/lib/Either.js';
import type { ExportFault, InvalidExport, InvalidKey, InvalidSignature } from './errors';
import { type ExportLine, GENESIS_HASH, hashLine, parseLine } from './exportLine';
import { type ExportTrailer, type KeyInput, looksLikeTrailer } from './signature';
import { checkSignature } from './verifySignature';

/** A verified export. */
export interface VerifiedExport {
  /** The parsed lines, in file order. */
  readonly lines: readonly ExportLine[];
  /** The streams, in file order, with their event counts. */
  readonly streams: readonly { readonly streamName: string; readonly events: number }[];
  /** The last line's hash (64 zeros for an empty export): keep it apart to detect truncation. */
  readonly head: string;
  /**
   * The signature trailer, when the export has one, and whether its signature was checked
   * against a trusted key (`verified`; false when no `publicKeys` were given — the
   * trailer then only matched the lines, which anyone can arrange).
   */
  readonly signature?: ExportTrailer & { readonly verified: boolean };
}

/** Options of {@link verifyExport}. */
export interface VerifyOptions {
  /** The head hash recorded when the export was made; detects lines removed at the end. */
  readonly expectedHead?: string;
  /**
   * The trusted Ed25519 public keys (KeyObjects or PEM; several during a key rotation).
   * When given, the export must end with a trailer signed by one of them, signing exactly
   * its lines; otherwise an {@link InvalidSignature} says what failed.
   */
  readonly publicKeys?: readonly KeyInput[];
}

/** Why {@link verifyExport} refused an export. */
export type VerifyError = InvalidExport | InvalidSignature | InvalidKey;

const fail = (line: number, fault: ExportFault, reason: string): E.Either<InvalidExport, never> =>
  E.left({ _tag: 'InvalidExport', line, fault, reason });

/**
 * Splits NDJSON text into lines. Accepted as saved by editors and tools: a byte-order mark
 * at the start (dropped), CRLF line ends, and blank lines at the end (a final newline, or
 * several). A blank line between two lines stays, and is reported as malformed.
 */
export const splitLines = (text: string): string[] => {
  const body = text.startsWith('\uFEFF') ? text.slice(1) : text;
  if (body === '') return [];
  const lines = body.split('\n').map((l) => (l.endsWith('\r') ? l.slice(0, -1) : l));
  while (lines.length > 0 && (lines[lines.length - 1] ?? '').trim() === '') lines.pop();
  return lines;
};

const claimedHash = (text: string): string | undefined => {
  try {
    const value: unknown = JSON.parse(text);
    const hash: unknown = typeof value === 'object' && value !== null ? (value as { hash?: unknown }).hash : undefined;
    return typeof hash === 'string' ? hash : undefined;
  } catch {
    return undefined;
  }
};

/** Verifies an export; the first bad line (1-based) and why, or the verified content. */
export const verifyExport = (text: string, given: VerifyOptions = {}): E.Either<VerifyError, VerifiedExport> => {
  const options: VerifyOptions = given ?? {};
  // Callers from plain JavaScript may hand a Buffer (a file read without an encoding).
  const input: unknown = text;
  if (typeof input !== 'string')
    return fail(1, 'malformed', `the export is ${input instanceof Uint8Array ? 'bytes' : typeof input}, not text; read the file as UTF-8 (readFile(path, 'utf8')).`);
  const all = splitLines(input);
  // A signed export's last line is its trailer; the chain is the lines before it.
  const last = all[all.length - 1];
  const trailerText = last !== undefined && looksLikeTrailer(last) ? last : undefined;
  const texts = trailerText === undefined ? all : all.slice(0, -1);
  // Where each line claims to be, to tell a reordered line from a missing one.
  const positionOf = new Map<string, number>();
  texts.forEach((t, i) => {
    const h = claimedHash(t);
    if (h !== undefined && !positionOf.has(h)) positionOf.set(h, i + 1);
  });
  const lines: ExportLine[] = [];
  const streams: { streamName: string; events: number }[] = [];
  const seen = new Set<string>();
  let prev = GENESIS_HASH;
  for (const [i, t] of texts.entries()) {
    const n = i + 1;
    const parsed = parseLine(t);
    if ('problem' in parsed) return fail(n, 'malformed', looksLikeTrailer(t) ? 'a signature trailer must be the last line' : parsed.problem);
    if (hashLine(parsed) !== parsed.hash) return fail(n, 'tampered', 'its content does not match its hash');
    if (parsed.prevHash !== prev) {
      const at = positionOf.get(parsed.prevHash);
      if (parsed.prevHash === GENESIS_HASH) return fail(n, 'reordered', 'it claims to be the first line');
      return at === undefined
        ? fail(n, 'missing', n === 1 ? 'the line(s) before it are missing' : `the line between line ${n - 1} and it is missing`)
        : fail(n, 'reordered', `it follows line ${at} in the chain, not line ${n - 1}`);
    }
    const current = streams[streams.length - 1];
    const revision = BigInt(parsed.revision);
    if (current?.streamName === parsed.streamName) {
      if (revision !== BigInt(current.events)) return fail(n, 'missing', `${parsed.streamName} jumps from revision ${current.events - 1} to ${revision}`);
      current.events++;
    } else {
      if (seen.has(parsed.streamName)) return fail(n, 'reordered', `${parsed.streamName} appears again after another stream`);
      if (revision !== 0n) return fail(n, 'missing', `${parsed.streamName} starts at revision ${revision}, not 0`);
      seen.add(parsed.streamName);
      streams.push({ streamName: parsed.streamName, events: 1 });
    }
    lines.push(parsed);
    prev = parsed.hash;
  }
  if (options.expectedHead !== undefined && options.expectedHead !== prev) {
    const at = positionOf.get(options.expectedHead);
    return at === undefined
      ? fail(texts.length + 1, 'missing', 'the export ends before the expected last line')
      : fail(at + 1, 'tampered', `the export goes on after line ${at}, the expected last line`);
  }
  const signature = checkSignature(trailerText, { lines: texts.length, head: prev }, options.publicKeys);
  if (E.isLeft(signature)) return signature;
  return E.right({ lines, streams, head: prev, ...(signature.right === undefined ? {} : { signature: signature.right }) });
};
