/**
 * One line of an NDJSON audit export: a stored event plus the hash chain.
 *
 *   hash = SHA-256( canonicalJson({ streamName, revision, id, type, data, metadata, createdAt, prevHash }) )
 *
 * `revision` is a decimal string (JSON has no bigint), `createdAt` an ISO instant,
 * `prevHash` the previous line's `hash` (64 zeros on the first line), all hex lower-case.
 */
import { createHash } from 'node:crypto';
import type { JsonObject, JsonValue, RecordedEvent } from '../eventstore/port';
import type { CorruptedEvent } from '../application/errors';
import { MAX_JSON_DEPTH, jsonTextDepth, nestedDeeperThan } from '../eventstore/jsonDepth';
import { canonicalJson } from './canonicalJson';

/** The `prevHash` of an export's first line. */
export const GENESIS_HASH = '0'.repeat(64);

/** A parsed export line. */
export interface ExportLine {
  readonly streamName: string;
  readonly revision: string;
  readonly id: string;
  readonly type: string;
  readonly data: JsonValue;
  readonly metadata: JsonObject;
  readonly createdAt: string;
  readonly prevHash: string;
  readonly hash: string;
}

const KEYS = ['streamName', 'revision', 'id', 'type', 'data', 'metadata', 'createdAt', 'prevHash', 'hash'] as const;
const HEX64 = /^[0-9a-f]{64}$/;

/** The hash of a line's content and its `prevHash`. */
export const hashLine = (line: Omit<ExportLine, 'hash'>): string =>
  createHash('sha256')
    .update(
      canonicalJson({
        streamName: line.streamName,
        revision: line.revision,
        id: line.id,
        type: line.type,
        data: line.data,
        metadata: line.metadata,
        createdAt: line.createdAt,
        prevHash: line.prevHash,
      }),
    )
    .digest('hex');

/** The export line of a recorded event, chained to `prevHash`. */
export const toLine = (r: RecordedEvent, prevHash: string): ExportLine => {
  const content = {
    streamName: r.streamName,
    revision: r.revision.toString(),
    id: r.id,
    type: r.type,
    data: r.data,
    metadata: r.metadata,
    createdAt: r.createdAt.toISOString(),
    prevHash,
  };
  return { ...content, hash: hashLine(content) };
};

/**
 * Why a stored event cannot be exported, or undefined: data or metadata nested deeper than
 * {@link MAX_JSON_DEPTH} (written past the stores' checks) could be neither hashed nor
 * verified, so the export stops with a `CorruptedEvent` naming it instead of overflowing.
 */
export const unexportable = (r: RecordedEvent): CorruptedEvent | undefined => {
  const part = nestedDeeperThan(r.data) ? 'data' : nestedDeeperThan(r.metadata) ? 'metadata' : undefined;
  if (part === undefined) return undefined;
  const expected = `at most ${MAX_JSON_DEPTH} levels of nesting`;
  return { _tag: 'CorruptedEvent', streamName: r.streamName, revision: r.revision, eventType: r.type, issues: [{ path: part, expected, message: `${part}: expected ${expected}, got deeper` }] };
};

const isObject = (v: unknown): v is { [key: string]: unknown } => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Parses one line's text; a reason when it is not a well-formed export line. A line whose
 * data or metadata nests deeper than {@link MAX_JSON_DEPTH} (what every store refuses) is
 * malformed, found by a linear scan before anything recursive (parsing, hashing) touches it.
 */
export const parseLine = (text: string): ExportLine | { readonly problem: string } => {
  if (jsonTextDepth(text) > MAX_JSON_DEPTH + 1) return { problem: `nested more than ${MAX_JSON_DEPTH} levels deep (no store holds such an event)` };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    return { problem: `not JSON (${e instanceof Error ? e.message : String(e)})` };
  }
  if (!isObject(value)) return { problem: 'not a JSON object' };
  const extra = Object.keys(value).filter((k) => !(KEYS as readonly string[]).includes(k));
  if (extra.length > 0) return { problem: `unexpected field ${extra.map((k) => JSON.stringify(k)).join(', ')}` };
  const { streamName, revision, id, type, data, metadata, createdAt, prevHash, hash } = value;
  if (typeof streamName !== 'string' || streamName === '') return { problem: 'streamName: expected a non-empty string' };
  if (typeof revision !== 'string' || !/^(0|[1-9]\d*)$/.test(revision)) return { problem: 'revision: expected a decimal string' };
  if (typeof id !== 'string' || id === '') return { problem: 'id: expected a non-empty string' };
  if (typeof type !== 'string' || type === '') return { problem: 'type: expected a non-empty string' };
  if (data === undefined) return { problem: 'data: missing' };
  if (!isObject(metadata)) return { problem: 'metadata: expected a JSON object' };
  if (typeof createdAt !== 'string' || Number.isNaN(Date.parse(createdAt))) return { problem: 'createdAt: expected an ISO instant' };
  if (typeof prevHash !== 'string' || !HEX64.test(prevHash)) return { problem: 'prevHash: expected 64 lower-case hex digits' };
  if (typeof hash !== 'string' || !HEX64.test(hash)) return { problem: 'hash: expected 64 lower-case hex digits' };
  // JSON.parse only ever yields JSON values.
  return { streamName, revision, id, type, data: data as JsonValue, metadata: metadata as JsonObject, createdAt, prevHash, hash };
};
