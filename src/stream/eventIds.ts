/**
 * Content-addressed event ids: the events a command decides get, from one digest
 *
 *   digest = SHA-256( JSON.stringify([commandId, type₀, data₀, metadata₀, type₁, …]) )
 *   id_i   = uuid v8 (RFC 9562 §5.8): the digest's first 128 bits, the index i XORed into
 *            the last 32 of them, then the version (8) and variant (10) bits set
 *
 * (the metadata without its trace context, see `withoutTraceContext`). The same decision
 * (same command id, same events, same envelope) always gets the same ids, and any difference
 * in any event of the batch changes every id; the ids of one batch differ from each other by
 * their index. That is what lets the service trust an append without reading it back: a
 * store answers an append at an exact expected revision either by writing it, or — when
 * events with these ids already follow that revision — as an idempotent repeat, and with
 * content in the ids such a repeat can only be these very events. A re-attempt that decided
 * differently (another clock reading, another policy) gets other ids, so its append
 * conflicts and the service answers it from a fresh read as the command id's original
 * outcome. Version 8 is RFC 9562's "custom" layout, the one its appendix uses for
 * SHA-256-based names: 122 bits of the digest per id, as many as a random (v4) uuid holds.
 *
 * The digest is taken over `JSON.stringify` of what is appended, not a canonical form: the
 * ids only need to be equal for equal bytes from this code. Two versions that serialise the
 * same events with keys in another order make different ids, which costs that re-attempt
 * one re-read and changes no outcome.
 *
 * Ids are never recomputed on read: events stored under the two earlier schemes keep theirs
 * (uuid v5 of `<commandId>/<i>` before ids were content-addressed, then uuid v5 of
 * `<commandId>/<i>/<SHA-256 of the batch>` in development builds before 0.1.0), and an
 * import accepts all three (see {@link idSchemesFor}).
 */
import * as crypto from 'node:crypto';
import { parse as uuidParse, v5 as uuidv5 } from 'uuid';

// A fixed namespace for @lukea/complaints event ids (itself a v5 of the package name).
const NAMESPACE = uuidv5('@lukea/complaints/event-ids', uuidv5.URL);
const NAMESPACE_BYTES = Buffer.from(uuidParse(NAMESPACE));

type OneShotHash = (algorithm: string, data: string | Buffer, encoding: 'buffer' | 'hex') => Buffer | string;
// Node's one-shot `crypto.hash` (Node ≥ 20.12) costs half of a `createHash`; on an older Node
// the `uuid` package and `createHash` compute the same values.
const oneShotHash = (crypto as { hash?: OneShotHash }).hash;

const HEX = '0123456789abcdef';

/** uuid v5 (RFC 9562 §5.5) of `name` (ASCII: a command id, an index and a hex digest) in the event-id namespace. */
const v5 = (name: string): string => {
  if (oneShotHash === undefined) return uuidv5(name, NAMESPACE);
  // Namespace bytes then the name, in one buffer (ASCII: one byte per character).
  const input = Buffer.allocUnsafe(16 + name.length);
  NAMESPACE_BYTES.copy(input, 0);
  input.write(name, 16, 'latin1');
  const h = oneShotHash('sha1', input, 'hex') as string;
  // Version 5 in the 13th hex digit, variant 10 in the top bits of the 17th.
  const variant = HEX[(parseInt(h.charAt(16), 16) & 0x3) | 0x8] ?? '8';
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-5${h.slice(13, 16)}-${variant}${h.slice(17, 20)}-${h.slice(20, 32)}`;
};

const sha256Hex = (text: string): string =>
  oneShotHash === undefined ? crypto.createHash('sha256').update(text, 'utf8').digest('hex') : (oneShotHash('sha256', text, 'hex') as string);

/** What an event's id is derived from: everything that is appended but the id itself. */
export interface EventContent {
  readonly type: string;
  readonly data: unknown;
  readonly metadata: unknown;
}

/**
 * The SHA-256 (hex) of a batch of events as appended by command `commandId`: the command id,
 * then each event's type, data and metadata (less its trace context), in order, as one JSON
 * array.
 */
export const batchDigest = (commandId: string, events: readonly EventContent[]): string => {
  const parts: unknown[] = new Array<unknown>(1 + 3 * events.length);
  parts[0] = commandId;
  for (let i = 0; i < events.length; i++) {
    const e = events[i] as EventContent;
    parts[1 + 3 * i] = e.type;
    parts[2 + 3 * i] = e.data;
    parts[3 + 3 * i] = withoutTraceContext(e.metadata);
  }
  return sha256Hex(JSON.stringify(parts));
};

/**
 * The metadata without its trace context (`$traceId`, `$spanId`): that names the request that
 * carried the command, not the decision, and a client instrumentation may rewrite it after the
 * ids are computed — so it is left out of the digest.
 */
const withoutTraceContext = (metadata: unknown): unknown => {
  if (typeof metadata !== 'object' || metadata === null || !('$traceId' in metadata || '$spanId' in metadata)) return metadata;
  const { $traceId: _t, $spanId: _s, ...rest } = metadata as Record<string, unknown>;
  return rest;
};

/** The id of the `index`-th event of a batch whose digest is `digest` (64 hex digits; see the module docs). */
const idFromDigest = (digest: string, index: number): string => {
  // Variant 10 in the top bits of the 17th hex digit (the version digit, the 13th, is written as 8).
  const variant = HEX[(parseInt(digest.charAt(16), 16) & 0x3) | 0x8] ?? '8';
  const tail = index === 0 ? digest.slice(24, 32) : ((parseInt(digest.slice(24, 32), 16) ^ index) >>> 0).toString(16).padStart(8, '0');
  return `${digest.slice(0, 8)}-${digest.slice(8, 12)}-8${digest.slice(13, 16)}-${variant}${digest.slice(17, 20)}-${digest.slice(20, 24)}${tail}`;
};

/** The ids of the events a command decided, in order (see the module docs). */
export const eventIdsFor = (commandId: string, events: readonly EventContent[]): string[] => {
  const digest = batchDigest(commandId, events);
  const ids = new Array<string>(events.length);
  for (let i = 0; i < events.length; i++) ids[i] = idFromDigest(digest, i);
  return ids;
};

/**
 * The id earlier versions gave the `index`-th event of command `commandId` (uuid v5 of
 * `<commandId>/<index>`), before ids were content-addressed.
 */
export const earlierEventIdFor = (commandId: string, index: number): string => v5(`${commandId}/${index}`);

/**
 * The ids development builds before 0.1.0 gave a batch: uuid v5 of
 * `<commandId>/<index>/<digest>`, the digest a SHA-256 of each event's type, data and
 * metadata (less its trace context) as `JSON.stringify` wrote them, one per line.
 */
export const developmentEventIdsFor = (commandId: string, events: readonly EventContent[]): string[] => {
  let text = '';
  for (const e of events) text += `${JSON.stringify(e.type)}\n${JSON.stringify(e.data)}\n${JSON.stringify(withoutTraceContext(e.metadata))}\n`;
  const digest = sha256Hex(text);
  return events.map((_, i) => v5(`${commandId}/${i}/${digest}`));
};

/**
 * Every id a version of the service may have given the `index`-th event of this batch: the
 * current content-addressed one, the development builds' and the earliest scheme's. An import
 * accepts an event whose id is one of them; a replay never recomputes ids.
 */
export const idSchemesFor = (commandId: string, events: readonly EventContent[]): ((index: number) => readonly string[]) => {
  const current = eventIdsFor(commandId, events);
  const development = developmentEventIdsFor(commandId, events);
  return (index) => [current[index] ?? '', development[index] ?? '', earlierEventIdFor(commandId, index)];
};
