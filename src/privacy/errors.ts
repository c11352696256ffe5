/**
 * Errors of personal-data protection, tagged like the rest of the library. A field that
 * cannot be read is never shown as `[erased]`: only a key the key store reports as erased
 * does that. Everything else — a tampered or moved ciphertext, a key the key store never
 * held, a plaintext where a ciphertext belongs — is one of these errors, naming the stream,
 * the revision (`null` for an event not stored yet), the event and the field.
 */
import { EventStoreError, type StoreError } from '../eventstore/errors';
import { TaggedError } from '../taggedError';

/** Where a personal field sits. */
export interface FieldLocation {
  readonly streamName: string;
  /** The event's revision in its stream; `null` while it is being appended. */
  readonly revision: bigint | null;
  readonly eventId: string;
  readonly eventType: string;
  /** Path of the field in the event, e.g. `data.complainant.name` or `data.correctiveMeasures[1]`. */
  readonly field: string;
}

/**
 * The ciphertext does not authenticate: it was altered, or moved from another field, event
 * or stream (the associated data binds it to its place), or encrypted with another key.
 */
export interface PersonalFieldTampered extends FieldLocation {
  readonly _tag: 'PersonalFieldTampered';
  readonly keyId: string;
}

/** On read: not an envelope this library wrote (plaintext, wrong type, bad encoding). On append: not text. */
export interface PersonalFieldMalformed extends FieldLocation {
  readonly _tag: 'PersonalFieldMalformed';
  readonly reason: string;
}

/** The envelope names a key the key store has never held (wrong or restored-empty key store). */
export interface PersonalFieldKeyUnknown extends FieldLocation {
  readonly _tag: 'PersonalFieldKeyUnknown';
  readonly keyId: string;
}

/** The envelope's key belongs to another complainant than the stream's. */
export interface PersonalFieldKeyMismatch extends FieldLocation {
  readonly _tag: 'PersonalFieldKeyMismatch';
  readonly keyId: string;
  readonly keyComplainantId: string;
  readonly streamComplainantId: string;
}

/** A complaint stream holds personal fields but its complainant cannot be found (no `ComplaintReceived` first). */
export interface ComplainantUnknown extends FieldLocation {
  readonly _tag: 'ComplainantUnknown';
}

/** The key store could not be reached or did not answer (worth retrying). */
export interface KeyStoreUnavailable {
  readonly _tag: 'KeyStoreUnavailable';
  readonly message: string;
}

/** The key store refused the request or answered something unusable (retrying will not help). */
export interface KeyStoreRefused {
  readonly _tag: 'KeyStoreRefused';
  readonly message: string;
}

/** The key store holds no key of that id (raised by {@link KeyStore.get}). */
export interface UnknownKey {
  readonly _tag: 'UnknownKey';
  readonly keyId: string;
}

/** What a key store call can fail with. */
export type KeyStoreFailure = KeyStoreUnavailable | KeyStoreRefused | UnknownKey;

/** A field that could not be protected or read. */
export type FieldFailure = PersonalFieldTampered | PersonalFieldMalformed | PersonalFieldKeyUnknown | PersonalFieldKeyMismatch | ComplainantUnknown;

/** Every failure of the privacy module. */
export type PrivacyError = FieldFailure | KeyStoreFailure;

const at = (l: FieldLocation): string =>
  `${l.streamName}${l.revision === null ? ' (appending ' : `@${l.revision} (`}${l.eventType} ${l.eventId}), field ${l.field}`;

/** A one-sentence description of a privacy error, naming the fix where there is one. */
export const describePrivacyError = (e: PrivacyError): string => {
  switch (e._tag) {
    case 'PersonalFieldTampered':
      return `Personal field ${at(e)} does not authenticate under key ${e.keyId}: it was altered or moved from another field, event or stream; restore it from a trusted copy.`;
    case 'PersonalFieldMalformed':
      return `Personal field ${at(e)} is malformed: ${e.reason}`;
    case 'PersonalFieldKeyUnknown':
      return `Personal field ${at(e)} was encrypted with key ${e.keyId}, which the key store has never held; check that the store is paired with its own key store.`;
    case 'PersonalFieldKeyMismatch':
      return `Personal field ${at(e)} was encrypted with key ${e.keyId} of complainant ${e.keyComplainantId}, not of the stream's complainant ${e.streamComplainantId}.`;
    case 'ComplainantUnknown':
      return `Personal field ${at(e)} has no complainant to be encrypted for: a complaint stream must start with a ComplaintReceived naming complainant.id.`;
    case 'KeyStoreUnavailable':
      return `The key store is unavailable: ${e.message}`;
    case 'KeyStoreRefused':
      return `The key store refused the request: ${e.message}`;
    case 'UnknownKey':
      return `The key store holds no key ${e.keyId}.`;
  }
};

/** The Error that carries a {@link PrivacyError}; `error` holds the tagged cause, `_tag` mirrors its tag. */
export class PersonalDataError extends TaggedError<PrivacyError> {
  override readonly name = 'PersonalDataError';
  constructor(error: PrivacyError, options?: { cause?: unknown }) {
    super(error, describePrivacyError(error), options);
  }
}

const PRIVACY_TAGS: ReadonlySet<string> = new Set<PrivacyError['_tag']>([
  'PersonalFieldTampered',
  'PersonalFieldMalformed',
  'PersonalFieldKeyUnknown',
  'PersonalFieldKeyMismatch',
  'ComplainantUnknown',
  'KeyStoreUnavailable',
  'KeyStoreRefused',
  'UnknownKey',
]);

const taggedPrivacyError = (e: unknown): PrivacyError | undefined => {
  if (e instanceof PersonalDataError) return e.error;
  if (typeof e !== 'object' || e === null || !('error' in e)) return undefined;
  const inner: unknown = e.error;
  return typeof inner === 'object' && inner !== null && '_tag' in inner && typeof inner._tag === 'string' && PRIVACY_TAGS.has(inner._tag)
    ? (inner as PrivacyError)
    : undefined;
};

/**
 * The privacy error carried by `e`: a {@link PersonalDataError}, or the `cause` of the
 * {@link EventStoreError} a protected store rejects with (the port's methods only reject
 * with `EventStoreError`). Structural, so copies of the package from other bundles match.
 */
export const privacyErrorOf = (e: unknown): PrivacyError | undefined => {
  for (let current: unknown = e, depth = 0; current !== undefined && current !== null && depth < 5; depth++) {
    const found = taggedPrivacyError(current);
    if (found !== undefined) return found;
    current = typeof current === 'object' && 'cause' in current ? current.cause : undefined;
  }
  return undefined;
};

/** The store-level tag a privacy error is reported under by the store port. */
export const storeErrorFor = (e: PrivacyError, appending: boolean): StoreError => {
  if (e._tag === 'KeyStoreUnavailable') return { _tag: 'StoreUnavailable', message: describePrivacyError(e) };
  if (appending && 'streamName' in e) return { _tag: 'InvalidAppend', streamName: e.streamName, message: describePrivacyError(e) };
  return { _tag: 'StoreFailure', message: describePrivacyError(e) };
};

/** The `EventStoreError` a protected store rejects with: the port's tag, the privacy error as `cause`. */
export const asStoreError = (e: PrivacyError, appending: boolean): EventStoreError =>
  new EventStoreError(storeErrorFor(e, appending), { cause: new PersonalDataError(e) });
