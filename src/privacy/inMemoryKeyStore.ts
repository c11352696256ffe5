/**
 * An in-memory {@link KeyStore}: for tests, demos and single-process tools. Keys live in
 * this process only — losing the process loses every key, which reads as `UnknownKey`
 * errors, not as erasure. Production needs a durable key store (a KMS or HSM-backed
 * service) behind the same port; see docs/security.md.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { KeyStoreError, KEY_BYTES, KEY_ID_PATTERN, type DataKey, type ErasureReceipt, type KeyLookup, type KeyStore } from './keyStore';

/** Options of {@link InMemoryKeyStore}. */
export interface InMemoryKeyStoreOptions {
  /** Clock of erasure times. Default: the system clock. */
  readonly clock?: () => Date;
  /** Key id generator (must match `KEY_ID_PATTERN`). Default: a random UUID. */
  readonly newKeyId?: () => string;
}

interface Entry {
  readonly subjectId: string;
  /** null once erased. */
  material: Buffer | null;
  erasedAt: Date | null;
}

const MAX_SUBJECT_ID = 200;

/** A {@link KeyStore} held in this process's memory. Erasure zeroes the key bytes and keeps a tombstone. */
export class InMemoryKeyStore implements KeyStore {
  private readonly keys = new Map<string, Entry>();
  private readonly live = new Map<string, string>();
  private readonly bySubject = new Map<string, string[]>();
  private readonly clock: () => Date;
  private readonly newKeyId: () => string;

  constructor(options: InMemoryKeyStoreOptions = {}) {
    this.clock = options.clock ?? (() => new Date());
    this.newKeyId = options.newKeyId ?? randomUUID;
  }

  /** {@inheritDoc KeyStore.getOrCreate} */
  async getOrCreate(subjectId: string): Promise<DataKey> {
    checkSubject(subjectId);
    const existing = this.live.get(subjectId);
    const entry = existing === undefined ? undefined : this.keys.get(existing);
    if (existing !== undefined && entry !== undefined && entry.material !== null) return toKey(existing, entry.subjectId, entry.material);
    const keyId = this.newKeyId();
    if (!KEY_ID_PATTERN.test(keyId) || this.keys.has(keyId))
      throw new KeyStoreError({ _tag: 'KeyStoreRefused', message: `the key id generator produced ${JSON.stringify(keyId)}, which is malformed or already used.` });
    const material = randomBytes(KEY_BYTES);
    this.keys.set(keyId, { subjectId, material, erasedAt: null });
    this.live.set(subjectId, keyId);
    this.bySubject.set(subjectId, [...(this.bySubject.get(subjectId) ?? []), keyId]);
    return toKey(keyId, subjectId, material);
  }

  /** {@inheritDoc KeyStore.get} */
  async get(keyId: string): Promise<KeyLookup> {
    const entry = this.keys.get(keyId);
    if (entry === undefined) throw new KeyStoreError({ _tag: 'UnknownKey', keyId });
    if (entry.material === null || entry.erasedAt !== null)
      return { status: 'erased', keyId, subjectId: entry.subjectId, erasedAt: entry.erasedAt ?? new Date(0) };
    return { status: 'active', key: toKey(keyId, entry.subjectId, entry.material) };
  }

  /** {@inheritDoc KeyStore.erase} */
  async erase(subjectId: string): Promise<ErasureReceipt> {
    checkSubject(subjectId);
    const erasedAt = this.clock();
    const erasedKeyIds: string[] = [];
    for (const keyId of this.bySubject.get(subjectId) ?? []) {
      const entry = this.keys.get(keyId);
      if (entry === undefined || entry.material === null) continue;
      entry.material.fill(0);
      entry.material = null;
      entry.erasedAt = erasedAt;
      erasedKeyIds.push(keyId);
    }
    this.live.delete(subjectId);
    return { subjectId, erasedKeyIds, erasedAt, nothingToErase: erasedKeyIds.length === 0 };
  }

  /** The number of keys held, live and erased (tombstones). */
  get size(): number {
    return this.keys.size;
  }
}

const checkSubject = (subjectId: string): void => {
  if (typeof subjectId !== 'string' || subjectId.trim() === '' || subjectId.length > MAX_SUBJECT_ID)
    throw new KeyStoreError({ _tag: 'KeyStoreRefused', message: `a complainant id must be a non-blank string of at most ${MAX_SUBJECT_ID} characters (got ${JSON.stringify(String(subjectId)).slice(0, 80)}).` });
};

// A copy: a caller zeroing or keeping its copy does not touch the store's.
const toKey = (keyId: string, subjectId: string, material: Buffer): DataKey => ({ keyId, subjectId, material: Uint8Array.from(material) });
