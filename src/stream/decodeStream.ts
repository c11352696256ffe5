/**
 * Reading a complaint stream back: upcast each stored event to the current schema, decode
 * it, and keep its envelope. A stored event that does not decode stops the load with an
 * error naming the stream, the revision and the path — never a wrong state. So does a
 * stream whose events decode but do not fit its name: a complaint stream starts with the
 * complaint's receipt (and holds no other), for the complaint its name says.
 */
import * as E from 'fp-ts/lib/Either.js';
import { FAIL, type FastDecoder, compileDecoder, fastDecode } from '../domain/decoderCompiler';
import { decodeEvent } from '../domain/decode';
import { toIssues } from '../domain/decoding';
import { canonicalUuid } from '../domain/primitives';
import { COMPLAINT_EVENT_TYPES, type ComplaintEvent, type ComplaintEventType, eventCodecs, isComplaintEventType } from '../domain/events';
import { type FrozenEvent, storedOf } from '../eventstore/inMemory/frozenEvents';
import type { JsonObject, JsonValue, RecordedEvent } from '../eventstore/port';
import type { CorruptedEvent } from './errors';
import { KeptEvent } from './keptEvent';
import { EventMetadata } from './metadata';
import { complaintIdOf } from './streams';
import { UpcasterRegistry } from './upcasting';

/** A complaint event as stored: the decoded event plus its place and envelope. */
export interface StoredComplaintEvent {
  readonly id: string;
  readonly streamName: string;
  readonly revision: bigint;
  readonly event: ComplaintEvent;
  readonly metadata: EventMetadata;
  readonly createdAt: Date;
}

const metadataDecoder = compileDecoder(EventMetadata);
const hasUpperCase = /[A-F]/;
/** The compiled decoder of each event type's codec (of `{ type, data }`), as `decodeEvent` uses it. */
const eventDecoders = new Map<string, FastDecoder | undefined>(COMPLAINT_EVENT_TYPES.map((type) => [type, compileDecoder(eventCodecs[type])]));

const corrupted = (r: RecordedEvent, issues: CorruptedEvent['issues']): E.Either<CorruptedEvent, never> =>
  E.left({ _tag: 'CorruptedEvent', streamName: r.streamName, revision: r.revision, eventType: r.type, issues });

const baseUpcast = UpcasterRegistry.prototype.upcast;

const freezeDeep = <T>(value: T): T => {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) freezeDeep(v);
  }
  return value;
};

/**
 * Decodes one stored event (metadata, schema version, upcast, data).
 *
 * An event read from the in-memory store (its own view of its deep-frozen data and metadata,
 * see `frozenEvents.ts`) is checked once: its verdict — valid, and what decoding gave — is kept
 * with it and answered again on later reads by a registry that writes the event's schema
 * version today (nothing to upcast), since the same objects cannot have changed. Anything
 * else — events from EventStoreDB or an import, older schema versions, other objects — is
 * checked on every read.
 */
export const decodeStored = (r: RecordedEvent, upcasters: UpcasterRegistry): E.Either<CorruptedEvent, StoredComplaintEvent> => {
  const plainUpcasting = upcasters.upcast === baseUpcast;
  const quick = plainUpcasting ? decodedQuickly(r, upcasters) : undefined;
  return quick !== undefined ? E.right(quick) : decodeInFull(r, upcasters, plainUpcasting);
};

/** Every step of `decodeStored`, each with its error: metadata, schema version and upcast, data. */
const decodeInFull = (r: RecordedEvent, upcasters: UpcasterRegistry, plainUpcasting: boolean): E.Either<CorruptedEvent, StoredComplaintEvent> => {
  const stored = storedOf(r);
  if (!isComplaintEventType(r.type))
    return corrupted(r, [{ path: 'type', expected: 'a complaint event type', message: `type: unknown complaint event type "${r.type}"` }]);
  const decodedMeta = fastDecode(EventMetadata, metadataDecoder, r.metadata);
  if (E.isLeft(decodedMeta)) return corrupted(r, toIssues(decodedMeta.left).map((i) => ({ ...i, path: `metadata.${i.path}`, message: `metadata.${i.message}` })));
  // Command ids compare in their canonical spelling (an older store may hold upper-case ones).
  const meta = hasUpperCase.test(decodedMeta.right.commandId) ? { ...decodedMeta.right, commandId: canonicalUuid(decodedMeta.right.commandId) } : decodedMeta.right;
  const schemaVersion = meta.schemaVersion;
  const upcast = upcasters.upcast(r.type, schemaVersion, r.data);
  if (E.isLeft(upcast)) return corrupted(r, [{ path: 'metadata.schemaVersion', expected: 'a known schema version', message: `metadata.schemaVersion: ${upcast.left.reason}` }]);
  const event = decodeEvent(r.type, upcast.right);
  if (E.isLeft(event)) return corrupted(r, event.left.issues);
  // Valid as stored at the version written today: keep the verdict for the next reads.
  if (stored !== undefined && plainUpcasting && schemaVersion === upcasters.currentVersion(r.type)) stored.memo.verdict = new KeptEvent(stored, freezeDeep(event.right), freezeDeep(meta));
  return E.right({ id: r.id, streamName: r.streamName, revision: r.revision, event: event.right, metadata: meta, createdAt: r.createdAt });
};

/**
 * `decodeStored`'s answer for the common cases, without an Either: an event whose verdict
 * the store's memo keeps, or a valid event stored at the schema version `upcasters` writes
 * today (through the compiled decoders alone: the same values as the full steps). Undefined
 * for anything else — then `decodeStored` decodes it or says what is wrong. For readers that
 * decode event after event (a projection runner).
 */
export const decodeStoredQuickly = (r: RecordedEvent, upcasters: UpcasterRegistry): StoredComplaintEvent | undefined =>
  upcasters.upcast === baseUpcast ? decodedQuickly(r, upcasters) : undefined;

/** {@link decodeStoredQuickly} for plain upcasting (the caller checked). */
const decodedQuickly = (r: RecordedEvent, upcasters: UpcasterRegistry): StoredComplaintEvent | undefined => {
  const stored = storedOf(r);
  if (stored !== undefined) {
    const kept = keptOf(stored, upcasters);
    // The view's own place and date (a reader may have reassigned them; its type, data and metadata are the stored ones).
    return kept === undefined ? undefined : { id: r.id, streamName: r.streamName, revision: r.revision, event: kept.event, metadata: kept.metadata, createdAt: r.createdAt };
  }
  if (!isComplaintEventType(r.type)) return undefined;
  const fast = decodedAsWritten(r, r.type, upcasters);
  return fast === undefined ? undefined : { id: r.id, streamName: r.streamName, revision: r.revision, event: fast.event, metadata: fast.metadata, createdAt: r.createdAt };
};

/**
 * A stored event of the in-memory store decoded, for a reader that folds the log in place
 * (the projection runner reads the store's own records, see `storedReads.ts`): the kept
 * verdict itself — a deep-frozen {@link StoredComplaintEvent} shared by every read, whose
 * `createdAt` answers a fresh `Date` — checked once, as `decodeStored` checks the store's views.
 * Undefined when the event does not decode as stored at the schema version `upcasters` writes
 * today (or `upcasters` upcasts in its own way): then `decodeStored` of a view of it decodes it
 * or says what is wrong.
 */
export const decodeKept = (stored: FrozenEvent, upcasters: UpcasterRegistry): StoredComplaintEvent | undefined =>
  upcasters.upcast === baseUpcast ? keptOf(stored, upcasters) : undefined;

/**
 * The verdict kept with a stored event when it holds for `upcasters` (plain upcasting: the
 * caller checked), else the event decoded through the compiled decoders and kept; undefined
 * when it does not decode as stored at the schema version `upcasters` writes today.
 */
const keptOf = (stored: FrozenEvent, upcasters: UpcasterRegistry): KeptEvent | undefined => {
  const known = stored.memo.verdict;
  if (known instanceof KeptEvent) {
    const current = KeptEvent.at(known, upcasters.currentVersion(known.event.type));
    if (current !== undefined) return current;
  }
  if (!isComplaintEventType(stored.type)) return undefined;
  const fast = decodedAsWritten(stored, stored.type, upcasters);
  if (fast === undefined) return undefined;
  const kept = new KeptEvent(stored, freezeDeep(fast.event), freezeDeep(fast.metadata));
  stored.memo.verdict = kept;
  return kept;
};

/**
 * The decoded event and envelope of a valid event stored at the schema version `upcasters`
 * writes today (nothing to upcast), or undefined for anything else (then the full steps of
 * `decodeStored` run, and say what is wrong).
 */
const decodedAsWritten = (r: { readonly data: JsonValue; readonly metadata: JsonObject }, type: ComplaintEventType, upcasters: UpcasterRegistry): { event: ComplaintEvent; metadata: EventMetadata } | undefined => {
  if (metadataDecoder === undefined) return undefined;
  const meta = metadataDecoder(r.metadata);
  if (meta === FAIL) return undefined;
  const decoded = meta as EventMetadata;
  // Command ids compare in their canonical spelling, as below (lower-casing hands back the
  // same string, at once, when there is nothing to change).
  const commandId = canonicalUuid(decoded.commandId);
  const metadata = commandId === decoded.commandId ? decoded : { ...decoded, commandId };
  const version = metadata.schemaVersion;
  if (!(Number.isInteger(version) && version >= 1 && version === upcasters.currentVersion(type))) return undefined;
  const event = eventDecoders.get(type)?.({ type, data: r.data });
  return event === undefined || event === FAIL ? undefined : { event: event as ComplaintEvent, metadata };
};

/**
 * Where a decoded event does not fit its place in a complaint stream: revision 0 must be
 * the receipt, no later revision may be one, and a receipt names the stream's complaint.
 */
const misplaced = (r: RecordedEvent, e: StoredComplaintEvent): E.Either<CorruptedEvent, never> | undefined => {
  const isReceipt = e.event.type === 'ComplaintReceived';
  if (r.revision === 0n && !isReceipt)
    return corrupted(r, [{ path: 'type', expected: 'ComplaintReceived first', message: `type: ${r.type} before the complaint was received (a complaint stream starts with ComplaintReceived)` }]);
  if (!isReceipt) return undefined;
  if (r.revision !== 0n)
    return corrupted(r, [
      {
        path: 'type',
        expected: 'one ComplaintReceived, at revision 0',
        message: `type: a second ComplaintReceived, at revision ${r.revision} (or the stream was deleted and re-created on the server, which starts it again after the old revisions)`,
      },
    ]);
  const streamId = complaintIdOf(r.streamName);
  const named = e.event.data.complaintId;
  if (streamId !== undefined && named.toLowerCase() !== streamId.toLowerCase())
    return corrupted(r, [{ path: 'data.complaintId', expected: streamId, message: `data.complaintId: expected ${streamId} (the stream's complaint), got ${named}` }]);
  return undefined;
};

/**
 * Why a complaint's whole history, as a read from the start returns it, cannot be used: it
 * must start at revision 0. A server can hide the start of a stream — EventStoreDB after a
 * soft delete and re-creation, or with `$maxCount`, `$maxAge` or `$tb` in the stream's
 * metadata — and a complaint cannot be rebuilt from the rest: that is a `CorruptedEvent` at
 * the first revision read (path `revision`), never a wrong state or an "unknown complaint".
 * Undefined when the history starts at revision 0 (or is empty).
 */
export const truncatedHistory = (recorded: readonly RecordedEvent[]): E.Either<CorruptedEvent, never> | undefined => {
  const [first] = recorded;
  if (first === undefined || first.revision === 0n) return undefined;
  return corrupted(first, [
    {
      path: 'revision',
      expected: 'a history starting at revision 0',
      message: `revision: the stream's history starts at revision ${first.revision}, not 0: its earlier events were deleted or truncated on the server (a soft delete then re-creation, or $maxCount, $maxAge or $tb in the stream's metadata); restore the complaint from an audit export`,
    },
  ]);
};

/**
 * Decodes every stored event of a complaint stream (or a contiguous part of it), stopping at
 * the first that fails to decode or does not fit its place (see the module docs).
 */
export const decodeStream = (
  recorded: readonly RecordedEvent[],
  upcasters: UpcasterRegistry,
): E.Either<CorruptedEvent, StoredComplaintEvent[]> => {
  const out: StoredComplaintEvent[] = [];
  const plainUpcasting = upcasters.upcast === baseUpcast;
  for (const r of recorded) {
    let e = plainUpcasting ? decodedQuickly(r, upcasters) : undefined;
    if (e === undefined) {
      const d = decodeInFull(r, upcasters, plainUpcasting);
      if (E.isLeft(d)) return d;
      e = d.right;
    }
    const wrong = misplaced(r, e);
    if (wrong !== undefined) return wrong;
    out.push(e);
  }
  return E.right(out);
};
