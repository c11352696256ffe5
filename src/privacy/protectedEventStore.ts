/**
 * An {@link EventStore} decorator that keeps complainants' personal data erasable
 * (crypto-shredding). On append, the personal fields of complaint events
 * ({@link PERSONAL_FIELDS}) are encrypted with the complainant's own key; on every read path
 * (`readStream`, `readAll`, `subscribeToAll`) they are decrypted — or read as `[erased]`
 * once the key store has erased that key. Everything above the store (service, audit
 * history and exports, projections) reads through it unchanged.
 *
 * ```ts
 * const keyStore = new InMemoryKeyStore();
 * const store = protectPersonalData(new InMemoryEventStore(), { keyStore });
 * const complaints = new ComplaintService({ store });
 * // …later, on the complainant's request:
 * await eraseComplainant(keyStore, 'client-42');
 * ```
 *
 * A field that cannot be read for any other reason than erasure rejects the read with an
 * `EventStoreError` (`StoreFailure`; `StoreUnavailable` when the key store is) whose
 * `cause` carries the {@link PrivacyError} naming stream, revision, event and field.
 * @packageDocumentation
 */
import { complaintIdOf } from '../stream/streams';
import { BoundedCache } from '../domain/policy/boundedCache';
import type {
  AllSubscription,
  AppendResult,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  JsonValue,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamMetadata,
  SubscribeToAllOptions,
} from '../eventstore/port';
import { type Envelope, looksLikeEnvelope, open, parseEnvelope, seal } from './envelope';
import { type FieldLocation, type PrivacyError, asStoreError } from './errors';
import { mapFields } from './fieldPaths';
import { type DataKey, type KeyLookup, type KeyStore, KEY_BYTES, KEY_ID_PATTERN, keyStoreFailureOf } from './keyStore';
import { ERASED, personalFieldsOf } from './personalFields';
import { transformedSubscription } from './protectedSubscription';

/** Options of {@link protectPersonalData}. */
export interface ProtectPersonalDataOptions {
  /** Where complainants' keys live (outside the event stream). */
  readonly keyStore: KeyStore;
  /** How many streams' complainant ids are remembered (they never change). Default 10,000. */
  readonly complainantCacheSize?: number;
}

// With the `u` flag a pair is one code point, so this matches lone surrogates only.
const LONE_SURROGATE = /[\uD800-\uDFFF]/u;

const isObject = (v: unknown): v is { [key: string]: unknown } => typeof v === 'object' && v !== null && !Array.isArray(v);

/** `complainant.id` of a `ComplaintReceived` event's data, if it names one. */
const complainantIdIn = (type: unknown, data: unknown): string | undefined => {
  if (type !== 'ComplaintReceived' || !isObject(data) || !isObject(data.complainant)) return undefined;
  const id = data.complainant.id;
  return typeof id === 'string' && id.trim() !== '' ? id : undefined;
};

const describeValue = (v: JsonValue): string => (Array.isArray(v) ? 'an array' : v === null ? 'null' : typeof v === 'object' ? 'an object' : `a ${typeof v}`);

/** Per-read memo of key lookups: one consistent answer per key id within a read. */
type KeyMemo = Map<string, Promise<KeyLookup | PrivacyError>>;

/** An {@link EventStore} that encrypts personal fields on append and decrypts them on read. See the module docs. */
export class ProtectedEventStore implements EventStore {
  /** Reads change when a key is erased: a stored personal field then reads `[erased]`. */
  readonly readsMayChange = true;
  private readonly keyStore: KeyStore;
  private readonly complainants: BoundedCache<string, string>;

  /**
   * @param inner - the store that really holds the events (it only ever sees ciphertexts).
   * @param options - the key store, and the cache size.
   */
  constructor(
    readonly inner: EventStore,
    options: ProtectPersonalDataOptions,
  ) {
    this.keyStore = options.keyStore;
    this.complainants = new BoundedCache(options.complainantCacheSize ?? 10_000);
  }

  /** Appends through the inner store, personal fields encrypted with the complainant's key. */
  async appendToStream(
    streamName: string,
    events: readonly EventToAppend[],
    options?: { readonly expectedRevision?: ExpectedRevision },
  ): Promise<AppendResult> {
    // Anything malformed is left for the inner store to refuse, with its own messages.
    if (typeof streamName !== 'string' || complaintIdOf(streamName) === undefined || !Array.isArray(events))
      return this.inner.appendToStream(streamName, events, options);
    let key: DataKey | undefined;
    const sealed: EventToAppend[] = [];
    for (const e of events as readonly unknown[]) {
      const paths = isObject(e) ? personalFieldsOf(typeof e.type === 'string' ? e.type : '') : [];
      if (!isObject(e) || paths.length === 0 || e.data === undefined) {
        sealed.push(e as EventToAppend);
        continue;
      }
      const event = e as unknown as EventToAppend;
      const data = await mapFields(event.data, paths, async (field, value) => {
        const loc: FieldLocation = { streamName, revision: null, eventId: String(event.id), eventType: event.type, field };
        if (value === null) return value;
        if (typeof event.id !== 'string') throw asStoreError({ _tag: 'PersonalFieldMalformed', ...loc, reason: 'the event has no string id to bind the ciphertext to.' }, true);
        if (typeof value !== 'string') throw asStoreError({ _tag: 'PersonalFieldMalformed', ...loc, reason: `it is ${describeValue(value)}; personal fields hold text.` }, true);
        if (LONE_SURROGATE.test(value))
          throw asStoreError({ _tag: 'PersonalFieldMalformed', ...loc, reason: 'it holds a lone UTF-16 surrogate, which is not text and cannot be stored as UTF-8.' }, true);
        key ??= await this.keyForAppend(streamName, events, loc);
        return seal(value, key, { streamName, eventId: event.id, eventType: event.type, field });
      });
      sealed.push(Object.is(data, event.data) ? event : { id: event.id, type: event.type, data, metadata: event.metadata });
    }
    return this.inner.appendToStream(streamName, sealed, options);
  }

  /** Reads a stream through the inner store, personal fields decrypted (or `[erased]`). */
  async readStream(streamName: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    const events = await this.inner.readStream(streamName, options);
    return this.openAll(events);
  }

  /** Reads a page of the global log through the inner store, personal fields decrypted (or `[erased]`). */
  async readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    const events = await this.inner.readAll(options);
    return this.openAll(events);
  }

  /** Sets stream metadata on the inner store (metadata holds no personal data). */
  setStreamMetadata(streamName: string, metadata: StreamMetadata): Promise<void> {
    return this.inner.setStreamMetadata(streamName, metadata);
  }

  /** Reads stream metadata from the inner store. */
  getStreamMetadata(streamName: string): Promise<StreamMetadata> {
    return this.inner.getStreamMetadata(streamName);
  }

  /**
   * Subscribes through the inner store; each event is decrypted before it is delivered. A
   * field that cannot be read ends the iteration with the error. A checkpoint never passes
   * an event still being decrypted (see `transformedSubscription` in protectedSubscription.ts).
   */
  subscribeToAll(options?: SubscribeToAllOptions): AllSubscription {
    return transformedSubscription(
      (o) => this.inner.subscribeToAll(o),
      options,
      (r) => this.openOne(r, [r], new Map()),
    );
  }

  private async keyForAppend(streamName: string, events: readonly EventToAppend[], loc: FieldLocation): Promise<DataKey> {
    let subject: string | undefined;
    for (const e of events as readonly unknown[]) subject ??= isObject(e) ? complainantIdIn(e.type, e.data) : undefined;
    subject ??= await this.complainantOf(streamName, []);
    if (subject === undefined) throw asStoreError({ _tag: 'ComplainantUnknown', ...loc }, true);
    let key: DataKey;
    try {
      key = await this.keyStore.getOrCreate(subject);
    } catch (e) {
      const failure = keyStoreFailureOf(e);
      throw asStoreError(failure._tag === 'UnknownKey' ? { _tag: 'KeyStoreRefused', message: `getOrCreate answered UnknownKey ${failure.keyId}.` } : failure, true);
    }
    if (!KEY_ID_PATTERN.test(key.keyId) || key.material.length !== KEY_BYTES || key.subjectId !== subject)
      throw asStoreError({ _tag: 'KeyStoreRefused', message: `getOrCreate(${JSON.stringify(subject)}) answered an unusable key (id ${JSON.stringify(key.keyId)}, ${key.material.length} bytes, complainant ${JSON.stringify(key.subjectId)}).` }, true);
    return key;
  }

  /** The complainant of a complaint stream: from its first event, in hand or read once and cached. */
  private async complainantOf(streamName: string, inHand: readonly RecordedEvent[]): Promise<string | undefined> {
    const cached = this.complainants.get(streamName);
    if (cached !== undefined) return cached;
    const first = inHand.find((r) => r.streamName === streamName && r.revision === 0n) ?? (await this.inner.readStream(streamName, { maxCount: 1 }))[0];
    const id = first === undefined || first.revision !== 0n ? undefined : complainantIdIn(first.type, first.data);
    if (id !== undefined) this.complainants.set(streamName, id);
    return id;
  }

  private async openAll(events: RecordedEvent[]): Promise<RecordedEvent[]> {
    const keys: KeyMemo = new Map();
    const out: RecordedEvent[] = [];
    for (const r of events) out.push(await this.openOne(r, events, keys));
    return out;
  }

  private async openOne(r: RecordedEvent, inHand: readonly RecordedEvent[], keys: KeyMemo): Promise<RecordedEvent> {
    if (complaintIdOf(r.streamName) === undefined) return r;
    const paths = personalFieldsOf(r.type);
    if (paths.length === 0) return r;
    const data = await mapFields(r.data, paths, async (field, value) => {
      const loc: FieldLocation = { streamName: r.streamName, revision: r.revision, eventId: r.id, eventType: r.type, field };
      const fail = (e: PrivacyError): never => {
        throw asStoreError(e, false);
      };
      if (value === null) return value; // not personal data; the codecs will refuse it
      if (typeof value !== 'string') return fail({ _tag: 'PersonalFieldMalformed', ...loc, reason: `it is ${describeValue(value)}, not an envelope string.` });
      const envelope = parseEnvelope(value);
      if ('problem' in envelope)
        return fail({ _tag: 'PersonalFieldMalformed', ...loc, reason: looksLikeEnvelope(value) ? `${envelope.problem}.` : 'it is plaintext; a protected store holds only envelopes here.' });
      const lookup = await this.lookup(envelope, keys);
      if ('_tag' in lookup) return fail(lookup._tag === 'UnknownKey' ? { _tag: 'PersonalFieldKeyUnknown', ...loc, keyId: lookup.keyId } : lookup);
      const keyComplainantId = lookup.status === 'active' ? lookup.key.subjectId : lookup.subjectId;
      const streamComplainantId = await this.complainantOf(r.streamName, inHand);
      if (streamComplainantId === undefined) return fail({ _tag: 'ComplainantUnknown', ...loc });
      // A ciphertext of another complainant (even an erased one) is never shown as this stream's data.
      if (keyComplainantId !== streamComplainantId) return fail({ _tag: 'PersonalFieldKeyMismatch', ...loc, keyId: envelope.keyId, keyComplainantId, streamComplainantId });
      if (lookup.status === 'erased') return ERASED;
      const plain = open(envelope, lookup.key.material, { streamName: r.streamName, eventId: r.id, eventType: r.type, field });
      return plain ?? fail({ _tag: 'PersonalFieldTampered', ...loc, keyId: envelope.keyId });
    });
    if (Object.is(data, r.data)) return r;
    return Object.freeze({ id: r.id, type: r.type, data, metadata: r.metadata, streamName: r.streamName, revision: r.revision, position: r.position, createdAt: r.createdAt });
  }

  private lookup(envelope: Envelope, keys: KeyMemo): Promise<KeyLookup | PrivacyError> {
    let found = keys.get(envelope.keyId);
    if (found === undefined) {
      found = this.keyStore.get(envelope.keyId).then(
        (lookup) => lookup,
        (e: unknown) => keyStoreFailureOf(e),
      );
      keys.set(envelope.keyId, found);
    }
    return found;
  }
}

/**
 * Wraps `store` so that complainants' personal data is encrypted with per-complainant keys
 * held in `options.keyStore`, and reads `[erased]` once {@link eraseComplainant} destroyed
 * them. See {@link ProtectedEventStore}.
 */
export const protectPersonalData = (store: EventStore, options: ProtectPersonalDataOptions): ProtectedEventStore => new ProtectedEventStore(store, options);
