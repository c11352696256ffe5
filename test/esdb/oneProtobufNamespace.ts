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
 * Here the older definitions, those the fake builds its answers with, are made the global ones
 * — the newer client's own requests are a superset and serialise with them unchanged — and the
 * three fields newer servers add to CaughtUp / FellBehind read as absent, exactly what a 23.10
 * node sends on the wire. Import this module before talking to the fake with the KurrentDB client.
 */
import * as olderStreams from '@eventstore/db-client/generated/streams_pb';
import '@kurrent/kurrentdb-client';

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

const streams = streamsNamespace();
for (const [name, cls] of Object.entries(olderStreams)) streams[name] = cls;
readAsAbsent(olderStreams.ReadResp.CaughtUp.prototype as unknown as Record<string, unknown>);
readAsAbsent(olderStreams.ReadResp.FellBehind.prototype as unknown as Record<string, unknown>);
