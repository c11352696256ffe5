/**
 * Lets `@kurrent/kurrentdb-client` and the fake server (built on `@eventstore/db-client`'s
 * generated messages) share one process.
 *
 * Both packages' generated protobuf code registers its message classes on the *global*
 * `proto.event_store.client.streams` namespace, and its (de)serialisers look nested messages
 * up there at call time, so whichever package loaded last serialises and parses for both.
 * Mixed, they break: the newer client parses a CaughtUp into the older class and calls
 * `hasTimestamp()` on it (a field added after 23.10), or the older fake's messages are written
 * by the newer serialiser, which calls getters the older classes lack. (A service loading both
 * clients would hit the same clash; the package's two entry points each load one client.)
 *
 * Here the older definitions, those the fake builds its answers with, are made the global ones,
 * and the three fields newer servers add to CaughtUp / FellBehind read as absent, exactly what
 * a 23.10 node sends on the wire. What the newer client *sends* stays its own: each global
 * class writes an instance of the newer class with the newer class's own writer, so the bytes
 * on the wire are those the KurrentDB client sends a real node — e.g. its BatchAppend options
 * put the deadline in `deadline_21_10_0` (field 6, a oneof with the Duration `deadline`, 7, in
 * the newer definitions), which the older writer would drop. Newer oneof groups that extend
 * the older ones (that deadline pair) are made the global ones so the newer setters find them.
 * Import this module before talking to the fake with the KurrentDB client.
 */
import * as olderStreams from '@eventstore/db-client/generated/streams_pb';
import '@kurrent/kurrentdb-client';
import * as newerStreams from '@kurrent/kurrentdb-client/generated/kurrentdb/protocols/v1/streams_pb';

type Namespace = Record<string, unknown>;

const streamsNamespace = (): Namespace => {
  const proto = (globalThis as { proto?: { event_store?: { client?: { streams?: Namespace } } } }).proto;
  const streams = proto?.event_store?.client?.streams;
  if (streams === undefined) throw new Error('no global proto.event_store.client.streams: the generated protobuf code was not loaded');
  return streams;
};

const ABSENT_FIELDS = ['Timestamp', 'StreamRevision', 'Position'] as const;

const readAsAbsent = (prototype: Record<string, unknown>): void => {
  for (const field of ABSENT_FIELDS) {
    prototype[`has${field}`] ??= () => false;
    prototype[`get${field}`] ??= () => undefined;
  }
};

/** A generated message class, as far as this module touches it. */
interface MessageClass {
  new (...args: never[]): unknown;
  serializeBinaryToWriter?: (message: unknown, writer: unknown) => void;
  oneofGroups_?: readonly (readonly number[])[];
}

const isMessageClass = (v: unknown): v is MessageClass & Record<string, unknown> =>
  typeof v === 'function' && 'serializeBinaryToWriter' in v && 'deserializeBinaryFromReader' in v;

/** Whether every older oneof group is the newer group at the same index (the newer may add groups). */
const extendsGroups = (older: readonly (readonly number[])[], newer: readonly (readonly number[])[]): boolean =>
  older.every((group, i) => newer[i] !== undefined && group.length === newer[i].length && group.every((f, j) => newer[i]?.[j] === f));

/**
 * Makes `older` (global) write instances of `newer` as `newer` writes them, and recurses into
 * the nested classes; a newer nested class the older lacks is added so that lookups find it.
 */
const writeNewerAsNewer = (older: MessageClass & Record<string, unknown>, newer: MessageClass & Record<string, unknown>, path: string): void => {
  const olderWrite = older.serializeBinaryToWriter;
  const newerWrite = newer.serializeBinaryToWriter;
  if (olderWrite !== undefined && newerWrite !== undefined && olderWrite !== newerWrite) {
    older.serializeBinaryToWriter = (message, writer) => (message instanceof newer ? newerWrite(message, writer) : olderWrite(message, writer));
  }
  if (newer.oneofGroups_ !== undefined && older.oneofGroups_ !== newer.oneofGroups_) {
    if (!extendsGroups(older.oneofGroups_ ?? [], newer.oneofGroups_)) throw new Error(`${path}: the newer oneof groups do not extend the older ones; this shim cannot share them`);
    older.oneofGroups_ = newer.oneofGroups_;
  }
  for (const [name, nested] of Object.entries(newer)) {
    if (!isMessageClass(nested)) continue;
    const counterpart = older[name];
    if (isMessageClass(counterpart)) writeNewerAsNewer(counterpart, nested, `${path}.${name}`);
    else older[name] = nested;
  }
};

const streams = streamsNamespace();
for (const [name, cls] of Object.entries(olderStreams)) streams[name] = cls;
for (const [name, cls] of Object.entries(newerStreams)) {
  const counterpart = streams[name];
  if (!isMessageClass(cls)) continue;
  if (isMessageClass(counterpart)) writeNewerAsNewer(counterpart, cls, name);
  else streams[name] = cls;
}
readAsAbsent(olderStreams.ReadResp.CaughtUp.prototype as unknown as Record<string, unknown>);
readAsAbsent(olderStreams.ReadResp.FellBehind.prototype as unknown as Record<string, unknown>);
