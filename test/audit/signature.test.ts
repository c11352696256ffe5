/**
 * Signed exports: a trailer signs the head hash with Ed25519; a verifier holding the trusted
 * public keys refuses a file whose lines were tampered with, re-hashed, truncated or
 * extended, whose trailer was altered or removed, or that another key signed.
 */
import { createHash, generateKeyPairSync } from 'node:crypto';
import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { exportStreamsTE, exportStreams, importStreamsTE, verifyExport } from '../../src/audit/ndjson';
import { GENESIS_HASH, hashLine, type ExportLine } from '../../src/audit/exportLine';
import { keyIdOf, signExport, trailerLine } from '../../src/audit/signature';
import type { VerifyOptions } from '../../src/audit/verify';
import { InMemoryEventStore } from '../../src/eventstore/inMemoryEventStore';
import { ID, story } from './fixtures';

const SIGNED_AT = new Date('2022-04-30T10:00:00Z');
const auditKey = generateKeyPairSync('ed25519');
const nextKey = generateKeyPairSync('ed25519');
const strangerKey = generateKeyPairSync('ed25519');
const trusted: VerifyOptions = { publicKeys: [auditKey.publicKey] };

const lines = (text: string): string[] => text.trimEnd().split('\n');
const join = (ls: readonly string[]): string => ls.map((l) => `${l}\n`).join('');
const refusal = (text: string, options: VerifyOptions = trusted) => {
  const r = verifyExport(text, options);
  if (E.isRight(r)) throw new Error('expected the export to be refused');
  return r.left;
};

/** Recomputes every hash of the event lines (what someone who edits a file can always do). */
const rehash = (eventLines: readonly string[]): string[] => {
  let prevHash = GENESIS_HASH;
  return eventLines.map((l) => {
    const { hash: _old, ...content } = JSON.parse(l) as ExportLine;
    const line = { ...content, prevHash };
    prevHash = hashLine(line);
    return JSON.stringify({ ...line, hash: prevHash });
  });
};

const headOf = (eventLines: readonly string[]): string => (JSON.parse(eventLines[eventLines.length - 1] ?? '{}') as ExportLine).hash;

let signed = '';
beforeAll(async () => {
  const w = await story();
  signed = await exportStreams(w.store, [ID], { sign: { privateKey: auditKey.privateKey, clock: () => SIGNED_AT } });
});
const eventLines = (): string[] => lines(signed).slice(0, -1);
const trailerOf = (text: string) => (JSON.parse(lines(text).at(-1) ?? '{}') as { signature: Record<string, unknown> }).signature;

describe('a signed export', () => {
  it('ends with a trailer naming the key, the signing time, the lines signed and the head hash; it verifies with the trusted key', () => {
    const trailer = trailerOf(signed);
    const keyId = createHash('sha256').update(auditKey.publicKey.export({ type: 'spki', format: 'der' })).digest('hex');
    expect(trailer).toEqual({
      algorithm: 'Ed25519',
      keyId,
      signedAt: '2022-04-30T10:00:00.000Z',
      lines: { first: 1, last: 6, count: 6 },
      head: headOf(eventLines()),
      value: expect.stringMatching(/^[A-Za-z0-9+/]+=*$/),
    });
    const verified = verifyExport(signed, trusted);
    expect(E.isRight(verified) && verified.right).toMatchObject({ head: headOf(eventLines()), signature: { keyId, verified: true } });
    expect(E.isRight(verified) && verified.right.lines).toHaveLength(6);
  });

  it('without trusted keys still verifies, saying the signature was not checked', () => {
    const verified = verifyExport(signed);
    expect(E.isRight(verified) && verified.right.signature?.verified).toBe(false);
  });

  it('an empty export can be signed too: it signs zero lines and the genesis hash', () => {
    const trailer = signExport(auditKey.privateKey, GENESIS_HASH, 0, SIGNED_AT);
    expect(trailer.lines).toEqual({ first: 0, last: 0, count: 0 });
    expect(E.isRight(verifyExport(trailerLine(trailer), trusted))).toBe(true);
  });
});

describe('what a verifier with the trusted keys refuses', () => {
  it('a tampered line: the chain names it', () => {
    const ls = eventLines();
    ls[3] = (ls[3] ?? '').replace('"onTime":false', '"onTime":true');
    expect(refusal(join([...ls, lines(signed).at(-1) ?? '']))).toMatchObject({ _tag: 'InvalidExport', line: 4, fault: 'tampered' });
  });

  it('a re-hashed export (every hash recomputed after an edit): the trailer signs another head', () => {
    const ls = eventLines();
    ls[3] = (ls[3] ?? '').replace('"onTime":false', '"onTime":true');
    const forged = rehash(ls);
    expect(E.isRight(verifyExport(join(forged)))).toBe(true); // the chain alone cannot tell
    expect(refusal(join([...forged, lines(signed).at(-1) ?? '']))).toMatchObject({
      _tag: 'InvalidSignature',
      line: 7,
      problem: 'trailer-mismatch',
      reason: expect.stringContaining('a line was changed and the hashes recomputed after signing'),
    });
  });

  it('a re-hashed export whose trailer was edited to name the new head: the signature no longer verifies', () => {
    const ls = eventLines();
    ls[3] = (ls[3] ?? '').replace('"onTime":false', '"onTime":true');
    const forged = rehash(ls);
    const trailer = { ...trailerOf(signed), head: headOf(forged) };
    expect(refusal(join([...forged, JSON.stringify({ signature: trailer })]))).toMatchObject({ _tag: 'InvalidSignature', problem: 'bad-signature' });
  });

  it('a truncated export: lines cut before the trailer, or the trailer cut too', () => {
    const ls = eventLines();
    expect(refusal(join([...ls.slice(0, 4), lines(signed).at(-1) ?? '']))).toMatchObject({
      _tag: 'InvalidSignature',
      line: 5,
      problem: 'trailer-mismatch',
      reason: 'the trailer signs 6 line(s), the file has 4: lines were added or removed after signing',
    });
    expect(refusal(join(ls.slice(0, 4)))).toMatchObject({ _tag: 'InvalidSignature', line: 5, problem: 'unsigned' });
    expect(refusal(join(ls))).toMatchObject({ _tag: 'InvalidSignature', line: 7, problem: 'unsigned' });
  });

  it('an export signed with a key that is not trusted', async () => {
    const w = await story();
    const other = await exportStreams(w.store, [ID], { sign: { privateKey: strangerKey.privateKey, clock: () => SIGNED_AT } });
    expect(refusal(other)).toMatchObject({ _tag: 'InvalidSignature', problem: 'unknown-key', reason: expect.stringContaining('not among the 1 trusted key(s)') });
    // …even when its trailer claims a trusted key's id.
    const claimed = { ...trailerOf(other), keyId: keyIdOf(auditKey.publicKey) };
    expect(refusal(join([...lines(other).slice(0, -1), JSON.stringify({ signature: claimed })]))).toMatchObject({ problem: 'bad-signature' });
  });

  it('a trailer that is not well formed, or not on the last line', () => {
    const ls = eventLines();
    const trailer = lines(signed).at(-1) ?? '';
    expect(refusal(join([...ls, '{"signature":{"algorithm":"RSA"}}']))).toMatchObject({ _tag: 'InvalidSignature', problem: 'malformed-trailer', reason: expect.stringContaining('algorithm') });
    expect(refusal(join([...ls.slice(0, 3), trailer, ...ls.slice(3)]))).toMatchObject({ _tag: 'InvalidExport', line: 4, fault: 'malformed', reason: 'a signature trailer must be the last line' });
  });

  it('property: any cut of a signed export at a line boundary, and any re-hashed edit of any line, is refused', () => {
    const all = lines(signed);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: all.length - 1 }), (keep) => {
        expect(E.isLeft(verifyExport(join(all.slice(0, keep)), trusted))).toBe(true);
      }),
    );
    fc.assert(
      fc.property(fc.integer({ min: 0, max: eventLines().length - 1 }), fc.string({ minLength: 1, maxLength: 20 }), (at, text) => {
        const ls = eventLines();
        const line = JSON.parse(ls[at] ?? '{}') as ExportLine;
        ls[at] = JSON.stringify({ ...line, metadata: { ...line.metadata, forged: text } });
        expect(E.isLeft(verifyExport(join([...rehash(ls), all.at(-1) ?? '']), trusted))).toBe(true);
      }),
    );
  });
});

describe('key rotation and keys', () => {
  it('several trusted keys: exports signed by the old key and by the new one both verify', async () => {
    const w = await story();
    const newer = await exportStreams(w.store, [ID], { sign: { privateKey: nextKey.privateKey } });
    const both: VerifyOptions = { publicKeys: [auditKey.publicKey, nextKey.publicKey.export({ type: 'spki', format: 'pem' }).toString()] };
    expect(E.isRight(verifyExport(signed, both))).toBe(true);
    expect(E.isRight(verifyExport(newer, both))).toBe(true);
    expect(refusal(newer, trusted)).toMatchObject({ problem: 'unknown-key' });
  });

  it('a signing key that is not an Ed25519 private key, and a trusted key that is not an Ed25519 public key, are refused by name', async () => {
    const w = await story();
    const rsa = generateKeyPairSync('rsa', { modulusLength: 1024 });
    const r = await exportStreamsTE(w.store, [ID], { sign: { privateKey: rsa.privateKey } })();
    expect(E.isLeft(r) && r.left).toEqual({ _tag: 'InvalidKey', key: 'the signing key', reason: 'it is a rsa key, not Ed25519' });
    const pub = await exportStreamsTE(w.store, [ID], { sign: { privateKey: 'not a PEM' } })();
    expect(E.isLeft(pub) && pub.left._tag).toBe('InvalidKey');
    expect(refusal(signed, { publicKeys: [auditKey.publicKey, rsa.publicKey] })).toEqual({ _tag: 'InvalidKey', key: 'trusted public key 2', reason: 'it is a rsa key, not Ed25519' });
  });
});

describe('importStreams with trusted keys', () => {
  it('imports a signed export; refuses an unsigned or foreign-signed one and appends nothing', async () => {
    const target = new InMemoryEventStore();
    const unsigned = join(eventLines());
    const refused = await importStreamsTE(target, unsigned, trusted)();
    expect(E.isLeft(refused) && refused.left).toMatchObject({ _tag: 'InvalidSignature', problem: 'unsigned' });
    expect(await target.readAll({ maxCount: 100 })).toEqual([]);
    const imported = await importStreamsTE(target, signed, { publicKeys: [nextKey.publicKey, auditKey.publicKey] })();
    expect(E.isRight(imported) && imported.right.appended).toBe(6);
  });
});
