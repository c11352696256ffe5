/**
 * Ed25519 signatures of NDJSON exports (node:crypto, no dependency).
 *
 * The hash chain shows a line changed, removed or moved *inside* a file, but whoever can
 * edit the file can also recompute every hash. A signed export ends with one more line, the
 * **trailer**, that signs the chain's head hash with a private key the editor does not
 * hold:
 *
 * ```json
 * {"signature":{"algorithm":"Ed25519","keyId":"…64 hex…","signedAt":"2022-04-30T10:00:00.000Z",
 *   "lines":{"first":1,"last":42,"count":42},"head":"…64 hex…","value":"…base64…"}}
 * ```
 *
 * `value` is the signature of the canonical JSON of the other fields plus
 * `format: "complaints-export-signature/1"` (so a signature made for something else never
 * verifies as an export's). The head hash commits to every line before it (each line's hash
 * covers the previous one), so signing it signs the whole file. `keyId` is the SHA-256 (hex)
 * of the public key's DER (SPKI) encoding: `openssl pkey -pubin -in key.pub -outform DER |
 * sha256sum` prints the same.
 */
import { type KeyObject, createHash, createPrivateKey, createPublicKey, sign, verify } from 'node:crypto';
import { canonicalJson } from './canonicalJson';

/** The only algorithm of signed exports. */
export const EXPORT_SIGNATURE_ALGORITHM = 'Ed25519';

/** What the signature covers besides the trailer's fields: the format and its version. */
export const EXPORT_SIGNATURE_FORMAT = 'complaints-export-signature/1';

/** A key as given by a caller: a `KeyObject`, or its PEM text. */
export type KeyInput = KeyObject | string;

/** The signed trailer of an export (its last line, under the key `signature`). */
export interface ExportTrailer {
  readonly algorithm: typeof EXPORT_SIGNATURE_ALGORITHM;
  /** SHA-256 (hex) of the signing key's public key, DER (SPKI). */
  readonly keyId: string;
  /** When the export was signed (ISO instant). */
  readonly signedAt: string;
  /** The lines signed: 1-based, inclusive, and how many (the trailer itself excluded). */
  readonly lines: { readonly first: number; readonly last: number; readonly count: number };
  /** The hash of the last signed line (64 zeros for an empty export). */
  readonly head: string;
  /** The Ed25519 signature, base64. */
  readonly value: string;
}

/** How to sign an export: the private key, and the clock giving `signedAt` (default: now). */
export interface ExportSigning {
  /** An Ed25519 private key (KeyObject or PKCS #8 PEM, e.g. from `openssl genpkey -algorithm ed25519`). */
  readonly privateKey: KeyInput;
  /** The signing time; default `new Date()`. */
  readonly clock?: () => Date;
}

/** Why a key was refused. */
export interface KeyProblem {
  readonly problem: string;
}

const HEX64 = /^[0-9a-f]{64}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** The key id of a public key: SHA-256 (hex) of its DER SPKI encoding. */
export const keyIdOf = (publicKey: KeyObject): string => createHash('sha256').update(publicKey.export({ type: 'spki', format: 'der' })).digest('hex');

const describe = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/** An Ed25519 private key from a KeyObject or PEM text, or why not. */
export const signingKeyOf = (input: KeyInput): KeyObject | KeyProblem => {
  let key: KeyObject;
  try {
    key = typeof input === 'string' ? createPrivateKey(input) : input;
  } catch (e) {
    return { problem: `it is not a private key in PEM (${describe(e)})` };
  }
  if (key.type !== 'private') return { problem: `it is a ${key.type} key; signing needs the private key` };
  if (key.asymmetricKeyType !== 'ed25519') return { problem: `it is a ${key.asymmetricKeyType ?? 'symmetric'} key, not Ed25519` };
  return key;
};

/**
 * An Ed25519 public key from a KeyObject or PEM text (a private key gives its public half:
 * trusting a key never needs the private one, but accepting it is harmless), or why not.
 */
export const verifyingKeyOf = (input: KeyInput): KeyObject | KeyProblem => {
  let key: KeyObject;
  try {
    key = typeof input === 'string' ? createPublicKey(input) : input.type === 'private' ? createPublicKey(input) : input;
  } catch (e) {
    return { problem: `it is not a public key in PEM (${describe(e)})` };
  }
  if (key.type !== 'public') return { problem: `it is a ${key.type} key, not a public key` };
  if (key.asymmetricKeyType !== 'ed25519') return { problem: `it is a ${key.asymmetricKeyType ?? 'unknown'} key, not Ed25519` };
  return key;
};

/** True for a refusal (of a key, or of a trailer's text). */
export const isKeyProblem = <T>(k: T | KeyProblem): k is KeyProblem => typeof k === 'object' && k !== null && 'problem' in k;

const signedBytes = (t: Omit<ExportTrailer, 'value'>): Buffer =>
  Buffer.from(
    canonicalJson({
      format: EXPORT_SIGNATURE_FORMAT,
      algorithm: t.algorithm,
      keyId: t.keyId,
      signedAt: t.signedAt,
      lines: { first: t.lines.first, last: t.lines.last, count: t.lines.count },
      head: t.head,
    }),
    'utf8',
  );

/** Signs the head of an export of `count` lines; the trailer to append as its last line. */
export const signExport = (privateKey: KeyObject, head: string, count: number, signedAt: Date): ExportTrailer => {
  const unsigned = {
    algorithm: EXPORT_SIGNATURE_ALGORITHM,
    keyId: keyIdOf(createPublicKey(privateKey)),
    signedAt: signedAt.toISOString(),
    lines: { first: count === 0 ? 0 : 1, last: count, count },
    head,
  } as const;
  return { ...unsigned, value: sign(null, signedBytes(unsigned), privateKey).toString('base64') };
};

/** The trailer as an NDJSON line (with its newline). */
export const trailerLine = (t: ExportTrailer): string => `${JSON.stringify({ signature: t })}\n`;

/** True when the signature of `t` verifies with `publicKey` (the key id is not looked at). */
export const signatureMatches = (t: ExportTrailer, publicKey: KeyObject): boolean => {
  try {
    return verify(null, signedBytes(t), publicKey, Buffer.from(t.value, 'base64'));
  } catch {
    return false;
  }
};

const isObject = (v: unknown): v is { [key: string]: unknown } => typeof v === 'object' && v !== null && !Array.isArray(v);
const isCount = (v: unknown): v is number => typeof v === 'number' && Number.isInteger(v) && v >= 0;

/** True when a line's text is meant as a trailer: a JSON object whose only key is `signature`. */
export const looksLikeTrailer = (text: string): boolean => {
  if (!text.includes('"signature"')) return false;
  try {
    const v: unknown = JSON.parse(text);
    return isObject(v) && Object.keys(v).length === 1 && 'signature' in v;
  } catch {
    return false;
  }
};

/** Parses a trailer line; a reason when it is not a well-formed one. */
export const parseTrailer = (text: string): ExportTrailer | KeyProblem => {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch (e) {
    return { problem: `not JSON (${describe(e)})` };
  }
  const s = isObject(v) ? v.signature : undefined;
  if (!isObject(s)) return { problem: 'expected {"signature": {…}}' };
  const extra = Object.keys(s).filter((k) => !['algorithm', 'keyId', 'signedAt', 'lines', 'head', 'value'].includes(k));
  if (extra.length > 0) return { problem: `unexpected field ${extra.map((k) => JSON.stringify(k)).join(', ')}` };
  const { algorithm, keyId, signedAt, lines, head, value } = s;
  if (algorithm !== EXPORT_SIGNATURE_ALGORITHM) return { problem: `algorithm: expected "${EXPORT_SIGNATURE_ALGORITHM}", got ${JSON.stringify(algorithm) ?? 'nothing'}` };
  if (typeof keyId !== 'string' || !HEX64.test(keyId)) return { problem: 'keyId: expected 64 lower-case hex digits' };
  if (typeof signedAt !== 'string' || Number.isNaN(Date.parse(signedAt))) return { problem: 'signedAt: expected an ISO instant' };
  if (!isObject(lines) || !isCount(lines.first) || !isCount(lines.last) || !isCount(lines.count))
    return { problem: 'lines: expected {"first", "last", "count"} as whole numbers' };
  if (typeof head !== 'string' || !HEX64.test(head)) return { problem: 'head: expected 64 lower-case hex digits' };
  if (typeof value !== 'string' || !BASE64.test(value)) return { problem: 'value: expected a base64 signature' };
  return { algorithm, keyId, signedAt, lines: { first: lines.first, last: lines.last, count: lines.count }, head, value };
};

/**
 * `text` (an export of `count` lines ending at `head`) followed by its signed trailer, or
 * the reason the signing key was refused.
 */
export const withSignature = (text: string, head: string, count: number, signing: ExportSigning): string | KeyProblem => {
  const key = signingKeyOf(signing.privateKey);
  if (isKeyProblem(key)) return key;
  return `${text}${trailerLine(signExport(key, head, count, (signing.clock ?? (() => new Date()))()))}`;
};
