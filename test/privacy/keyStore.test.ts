/** The in-memory key store keeps the port's rules: one live key per complainant, tombstones, irreversible erasure. */
import { InMemoryKeyStore, KEY_BYTES, KeyStoreError, keyStoreFailureOf } from '../../src/privacy/index';

describe('InMemoryKeyStore', () => {
  it('creates one random 256-bit key per complainant on first use, and returns it afterwards', async () => {
    const keys = new InMemoryKeyStore();
    const a = await keys.getOrCreate('client-1');
    const again = await keys.getOrCreate('client-1');
    const b = await keys.getOrCreate('client-2');
    expect(a.material).toHaveLength(KEY_BYTES);
    expect(again).toEqual(a);
    expect(b.keyId).not.toBe(a.keyId);
    expect(Buffer.from(b.material).equals(Buffer.from(a.material))).toBe(false);
    expect(await keys.get(a.keyId)).toEqual({ status: 'active', key: a });
  });

  it('hands out copies: a caller zeroing its key does not touch the store', async () => {
    const keys = new InMemoryKeyStore();
    const a = await keys.getOrCreate('client-1');
    const copy = Uint8Array.from(a.material);
    a.material.fill(0);
    expect((await keys.getOrCreate('client-1')).material).toEqual(copy);
  });

  it('erasure destroys every key of the complainant, keeps a tombstone, and a later use creates a new key', async () => {
    const erasedAt = new Date('2024-05-01T12:00:00Z');
    const keys = new InMemoryKeyStore({ clock: () => erasedAt });
    const first = await keys.getOrCreate('client-1');
    const other = await keys.getOrCreate('client-2');
    expect(await keys.erase('client-1')).toEqual({ subjectId: 'client-1', erasedKeyIds: [first.keyId], erasedAt, nothingToErase: false });
    expect(await keys.get(first.keyId)).toEqual({ status: 'erased', keyId: first.keyId, subjectId: 'client-1', erasedAt });
    expect((await keys.get(other.keyId)).status).toBe('active');
    const second = await keys.getOrCreate('client-1');
    expect(second.keyId).not.toBe(first.keyId);
    expect((await keys.get(first.keyId)).status).toBe('erased');
    expect(await keys.erase('client-1')).toMatchObject({ erasedKeyIds: [second.keyId] });
    expect(await keys.erase('client-1')).toMatchObject({ erasedKeyIds: [], nothingToErase: true });
  });

  it('an id it never held is an UnknownKey rejection, not an erased key', async () => {
    const keys = new InMemoryKeyStore();
    const error = await keys.get('never-held').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(KeyStoreError);
    expect(keyStoreFailureOf(error)).toEqual({ _tag: 'UnknownKey', keyId: 'never-held' });
  });

  it('refuses blank or oversized complainant ids and malformed generated key ids', async () => {
    const keys = new InMemoryKeyStore({ newKeyId: () => 'has.dot' });
    for (const bad of ['', '   ', 'x'.repeat(201)]) await expect(keys.getOrCreate(bad)).rejects.toMatchObject({ error: { _tag: 'KeyStoreRefused' } });
    await expect(keys.getOrCreate('client-1')).rejects.toMatchObject({ error: { _tag: 'KeyStoreRefused' } });
    await expect(keys.erase('')).rejects.toBeInstanceOf(KeyStoreError);
  });
});
