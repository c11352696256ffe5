/**
 * Deterministic event ids: the i-th event of a command gets uuid v5(commandId, i). A command
 * retried after a timeout produces the same ids, so the store's idempotent append (and the
 * service's own check) never stores it twice.
 */
import * as crypto from 'node:crypto';
import { parse as uuidParse, v5 as uuidv5 } from 'uuid';

// A fixed namespace for @lukea/complaints event ids (itself a v5 of the package name).
const NAMESPACE = uuidv5('@lukea/complaints/event-ids', uuidv5.URL);
const NAMESPACE_BYTES = Buffer.from(uuidParse(NAMESPACE));

// Node's one-shot `crypto.hash` (Node ≥ 20.12) costs half of a `createHash` per id, which is
// what `uuid` calls; on an older Node the `uuid` package computes the same id.
const oneShotHash = (crypto as { hash?: (algorithm: string, data: Buffer, encoding: 'buffer') => Buffer }).hash;

/** uuid v5 (RFC 9562 §5.5) of `name` in the event-id namespace, from a one-shot SHA-1. */
const v5WithOneShotHash = (hash: NonNullable<typeof oneShotHash>, name: string): string => {
  const digest = hash('sha1', Buffer.concat([NAMESPACE_BYTES, Buffer.from(name, 'utf8')]), 'buffer');
  digest[6] = ((digest[6] as number) & 0x0f) | 0x50; // version 5
  digest[8] = ((digest[8] as number) & 0x3f) | 0x80; // variant 10
  const h = digest.toString('hex', 0, 16);
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
};

/** The id of the `index`-th event decided for command `commandId`. */
export const eventIdFor = (commandId: string, index: number): string =>
  oneShotHash === undefined ? uuidv5(`${commandId}/${index}`, NAMESPACE) : v5WithOneShotHash(oneShotHash, `${commandId}/${index}`);
