/**
 * A model's JSON as a checkpoint payload: UTF-8, gzipped (node:zlib, off the main thread),
 * fingerprinted with SHA-256, cut into slices that fit an event; and back, checking sizes and
 * the fingerprint before trusting a byte. Unpacking answers an `Either`, never throws.
 * @packageDocumentation
 */
import { createHash } from 'node:crypto';
import { promisify } from 'node:util';
import { gunzip, gzip } from 'node:zlib';
import * as E from 'fp-ts/lib/Either.js';
import type { JsonValue } from '../eventstore/port';

const gzipAsync = promisify(gzip);
const gunzipAsync = promisify(gunzip);

/** A compressed model. */
export interface Payload {
  readonly compressed: Buffer;
  /** Size of the model JSON before compression (UTF-8 bytes). */
  readonly modelBytes: number;
  readonly sha256: string;
}

const sha256 = (bytes: Uint8Array): string => createHash('sha256').update(bytes).digest('hex');

/** Serialises and compresses a model's JSON (zlib level 0–9). */
export const pack = async (json: JsonValue, level: number): Promise<Payload> => {
  const raw = Buffer.from(JSON.stringify(json));
  const compressed = await gzipAsync(raw, { level });
  return { compressed, modelBytes: raw.length, sha256: sha256(compressed) };
};

/** `bytes` cut into base64 slices of at most `sliceBytes` bytes each (at least one slice). */
export const slices = (bytes: Buffer, sliceBytes: number): string[] => {
  const out: string[] = [];
  for (let at = 0; at < bytes.length || out.length === 0; at += sliceBytes) out.push(bytes.subarray(at, at + sliceBytes).toString('base64'));
  return out;
};

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

/** What a manifest promises about its payload. */
export interface PayloadCheck {
  readonly bytes: number;
  readonly modelBytes: number;
  readonly sha256: string;
}

/** Joins base64 slices, checks them against the manifest, decompresses and parses the model JSON. */
export const unpack = async (parts: readonly string[], check: PayloadCheck): Promise<E.Either<string, JsonValue>> => {
  if (!parts.every((p) => BASE64.test(p) && p.length % 4 === 0)) return E.left('a chunk is not base64');
  const compressed = Buffer.concat(parts.map((p) => Buffer.from(p, 'base64')));
  if (compressed.length !== check.bytes) return E.left(`its chunks hold ${compressed.length} bytes where the manifest says ${check.bytes}`);
  if (sha256(compressed) !== check.sha256) return E.left('its chunks do not match the manifest’s SHA-256 (corrupt or mixed up)');
  let raw: Buffer;
  try {
    // The bound guards against a payload that would inflate far beyond what the manifest says.
    raw = await gunzipAsync(compressed, { maxOutputLength: Math.max(1, check.modelBytes) });
  } catch (e) {
    return E.left(`it does not decompress (${e instanceof Error ? e.message : String(e)})`);
  }
  if (raw.length !== check.modelBytes) return E.left(`it decompresses to ${raw.length} bytes where the manifest says ${check.modelBytes}`);
  try {
    return E.right(JSON.parse(raw.toString('utf8')) as JsonValue);
  } catch (e) {
    return E.left(`its model is not JSON (${e instanceof Error ? e.message : String(e)})`);
  }
};
