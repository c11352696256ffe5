/**
 * The envelope of an encrypted personal field: a compact string stored in place of the
 * plaintext,
 *
 *   pd1.<keyId>.<base64url( iv[12] ‖ ciphertext ‖ tag[16] )>
 *
 * AES-256-GCM (node:crypto) with a random 96-bit IV per field. The associated data binds the
 * ciphertext to its place — version, stream, event id, event type, field path and key id —
 * so a ciphertext copied to another field, event or stream does not authenticate.
 */
import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';
import { KEY_BYTES, KEY_ID_PATTERN } from './keyStore';

/** Prefix of every envelope; the version of the format. */
export const ENVELOPE_PREFIX = 'pd1.';

const IV_BYTES = 12;
const TAG_BYTES = 16;
const BASE64URL = /^[A-Za-z0-9_-]+$/;
const ALGORITHM = 'aes-256-gcm';
// fatal: bytes that are not UTF-8 cannot be what seal() wrote.
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/** Where a ciphertext belongs: what the associated data binds it to. */
export interface EnvelopePlace {
  readonly streamName: string;
  /** Lower-case, as the stores keep ids. */
  readonly eventId: string;
  readonly eventType: string;
  /** e.g. `data.complainant.name`. */
  readonly field: string;
}

/** A parsed envelope. */
export interface Envelope {
  readonly keyId: string;
  readonly iv: Buffer;
  readonly ciphertext: Buffer;
  readonly tag: Buffer;
}

const associatedData = (place: EnvelopePlace, keyId: string): Buffer =>
  Buffer.from(JSON.stringify(['pd1', place.streamName, place.eventId.toLowerCase(), place.eventType, place.field, keyId]), 'utf8');

/** True when `value` claims to be an envelope (it may still be malformed). */
export const looksLikeEnvelope = (value: string): boolean => value.startsWith(ENVELOPE_PREFIX);

/** Encrypts `plaintext` for `place` under the key; returns the envelope string. */
export const seal = (plaintext: string, key: { readonly keyId: string; readonly material: Uint8Array }, place: EnvelopePlace): string => {
  if (!KEY_ID_PATTERN.test(key.keyId)) throw new RangeError(`Key id ${JSON.stringify(key.keyId)} cannot travel in an envelope.`);
  if (key.material.length !== KEY_BYTES) throw new RangeError(`Key ${key.keyId} has ${key.material.length} bytes, not ${KEY_BYTES}.`);
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv(ALGORITHM, key.material, iv, { authTagLength: TAG_BYTES });
  cipher.setAAD(associatedData(place, key.keyId));
  const ciphertext = Buffer.concat([cipher.update(plaintext, 'utf8'), cipher.final()]);
  const body = Buffer.concat([iv, ciphertext, cipher.getAuthTag()]).toString('base64url');
  return `${ENVELOPE_PREFIX}${key.keyId}.${body}`;
};

/** Parses an envelope string; a reason when it is not one. */
export const parseEnvelope = (value: string): Envelope | { readonly problem: string } => {
  if (!looksLikeEnvelope(value)) return { problem: `it does not start with ${JSON.stringify(ENVELOPE_PREFIX)}` };
  const rest = value.slice(ENVELOPE_PREFIX.length);
  const dot = rest.indexOf('.');
  if (dot < 0) return { problem: 'it has no key id' };
  const keyId = rest.slice(0, dot);
  const body = rest.slice(dot + 1);
  if (!KEY_ID_PATTERN.test(keyId)) return { problem: 'its key id is malformed' };
  if (!BASE64URL.test(body)) return { problem: 'its body is not base64url' };
  const bytes = Buffer.from(body, 'base64url');
  if (bytes.length < IV_BYTES + TAG_BYTES) return { problem: 'its body is too short' };
  return {
    keyId,
    iv: bytes.subarray(0, IV_BYTES),
    ciphertext: bytes.subarray(IV_BYTES, bytes.length - TAG_BYTES),
    tag: bytes.subarray(bytes.length - TAG_BYTES),
  };
};

/** Decrypts an envelope for `place`; `undefined` when it does not authenticate. */
export const open = (envelope: Envelope, material: Uint8Array, place: EnvelopePlace): string | undefined => {
  if (material.length !== KEY_BYTES) return undefined;
  try {
    const decipher = createDecipheriv(ALGORITHM, material, envelope.iv, { authTagLength: TAG_BYTES });
    decipher.setAAD(associatedData(place, envelope.keyId));
    decipher.setAuthTag(envelope.tag);
    const plain = Buffer.concat([decipher.update(envelope.ciphertext), decipher.final()]);
    return UTF8.decode(plain);
  } catch {
    return undefined;
  }
};
