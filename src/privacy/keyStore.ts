/**
 * The key-store port: where the data-encryption keys of complainants live, outside the
 * event stream. Erasing a complainant's keys is what erases their personal data
 * (crypto-shredding): the ciphertexts stay in the log, unreadable forever.
 *
 * Like the event store port, methods return Promises and reject with one Error subclass,
 * {@link KeyStoreError}, carrying a tagged {@link KeyStoreFailure}.
 * @packageDocumentation
 */
import { TaggedError } from '../taggedError';
import { type KeyStoreFailure, describePrivacyError } from './errors';

/** Length of a data-encryption key in bytes (AES-256). */
export const KEY_BYTES = 32;

/** Key ids travel inside envelopes: short, and free of the envelope's separator. */
export const KEY_ID_PATTERN = /^[A-Za-z0-9_-]{1,64}$/;

/** A data-encryption key of one complainant (the "subject"). */
export interface DataKey {
  /** Opaque id written into every envelope it encrypts ({@link KEY_ID_PATTERN}). */
  readonly keyId: string;
  /** The complainant the key belongs to (`complainant.id`). */
  readonly subjectId: string;
  /** {@link KEY_BYTES} random bytes. */
  readonly material: Uint8Array;
}

/** What the key store knows about a key id: the key, or that it was erased (and when). */
export type KeyLookup =
  | { readonly status: 'active'; readonly key: DataKey }
  | { readonly status: 'erased'; readonly keyId: string; readonly subjectId: string; readonly erasedAt: Date };

/** The record of an erasure. */
export interface ErasureReceipt {
  readonly subjectId: string;
  /** Keys destroyed by this call (empty when there was nothing left to erase). */
  readonly erasedKeyIds: readonly string[];
  /** When this call ran. */
  readonly erasedAt: Date;
  /** True when the subject had no live key: an earlier erasure, or no personal data recorded yet. */
  readonly nothingToErase: boolean;
}

/**
 * Holds complainants' data-encryption keys.
 *
 * Rules an implementation must keep:
 * - `getOrCreate` returns the subject's live key, creating one (random, {@link KEY_BYTES})
 *   on first use and after an erasure. Concurrent calls for one subject get the same key.
 * - `get` answers `erased` for a key that was erased (keep a tombstone: key id, subject,
 *   time — no key material), and rejects with `UnknownKey` for an id it never held, so a
 *   misconfigured key store is an error, not a silent erasure.
 * - `erase` destroys every key of the subject, irreversibly (including in the
 *   implementation's own replicas and caches); repeating it is harmless.
 */
export interface KeyStore {
  /** The subject's live key, created on first use (or after an erasure). */
  getOrCreate(subjectId: string): Promise<DataKey>;
  /** A key by id: live, or erased. Rejects with `UnknownKey` for an id never held. */
  get(keyId: string): Promise<KeyLookup>;
  /** Destroys every key of the subject. Idempotent. */
  erase(subjectId: string): Promise<ErasureReceipt>;
}

/** The Error every {@link KeyStore} method rejects with; `error` holds the tagged cause, `_tag` its tag. */
export class KeyStoreError extends TaggedError<KeyStoreFailure> {
  override readonly name = 'KeyStoreError';
  constructor(error: KeyStoreFailure, options?: { cause?: unknown }) {
    super(error, describePrivacyError(error), options);
  }
}

/** The tagged failure of a key-store call's rejection (unexpected rejections are `KeyStoreRefused`). */
export const keyStoreFailureOf = (e: unknown): KeyStoreFailure => {
  if (e instanceof KeyStoreError) return e.error;
  if (typeof e === 'object' && e !== null && 'error' in e) {
    const inner: unknown = e.error;
    if (typeof inner === 'object' && inner !== null && '_tag' in inner) {
      const tag: unknown = inner._tag;
      if (tag === 'UnknownKey' || tag === 'KeyStoreUnavailable' || tag === 'KeyStoreRefused') return inner as KeyStoreFailure;
    }
  }
  return { _tag: 'KeyStoreRefused', message: e instanceof Error ? e.message : String(e) };
};
