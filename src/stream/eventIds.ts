/**
 * Content-addressed event ids: the i-th event a command decides gets
 *
 *   uuid v5( `<commandId>/<i>/<digest>` )   digest = SHA-256 of the whole batch as appended
 *
 * in a fixed namespace. The same decision (same command id, same events, same envelope)
 * always gets the same ids, and any difference in any event of the batch changes every id.
 * That is what lets the service trust an append without reading it back: a store answers an
 * append at an exact expected revision either by writing it, or — when events with these ids
 * already follow that revision — as an idempotent repeat, and with content in the ids such a
 * repeat can only be these very events. A re-attempt that decided differently (another
 * clock reading, another policy) gets other ids, so its append conflicts and the service
 * answers it from a fresh read as the command id's original outcome.
 *
 * The digest is taken over `JSON.stringify` of what is appended (less the metadata's trace
 * context, see `withoutTraceContext`), not a canonical form: the
 * ids only need to be equal for equal bytes from this code. Two versions that serialise the
 * same events with keys in another order make different ids, which costs that re-attempt
 * one re-read and changes no outcome.
 *
 * Events stored by earlier versions (ids uuid v5 of `<commandId>/<i>`) keep their ids; ids
 * are never recomputed on read.
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
 * The SHA-256 (hex) of a batch of events as appended: their types, data and metadata, in
 * order, serialised by `JSON.stringify`.
 */
export const batchDigest = (events: readonly EventContent[]): string => {
  let text = '';
  for (const e of events) text += `${JSON.stringify(e.type)}\n${JSON.stringify(e.data)}\n${JSON.stringify(withoutTraceContext(e.metadata))}\n`;
  return sha256Hex(text);
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

/**
 * The id earlier versions gave the `index`-th event of command `commandId` (uuid v5 of
 * `<commandId>/<index>`), before ids were content-addressed: what an import accepts for
 * events those versions stored.
 */
export const earlierEventIdFor = (commandId: string, index: number): string => v5(`${commandId}/${index}`);

/** The ids of the events a command decided, in order (see the module docs). */
export const eventIdsFor = (commandId: string, events: readonly EventContent[]): string[] => {
  const digest = batchDigest(events);
  return events.map((_, i) => v5(`${commandId}/${i}/${digest}`));
};
