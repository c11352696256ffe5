/**
 * `complaints export --sign`, `verify --public-key` and `import --public-key` (in-process):
 * a signed file verifies with the right public key, is refused with exit code 3 naming what
 * failed otherwise, in English or French; a key file that is not an Ed25519 key is a usage
 * error naming the option and the file.
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { run } from './inProcessIo';

const dir = mkdtempSync(join(tmpdir(), 'complaints-sign-'));
const pem = (name: string, text: string | Buffer): string => {
  writeFileSync(join(dir, name), text);
  return name;
};
const audit = generateKeyPairSync('ed25519');
const next = generateKeyPairSync('ed25519');
const privatePem = pem('audit.pem', audit.privateKey.export({ type: 'pkcs8', format: 'pem' }));
const publicPem = pem('audit.pub.pem', audit.publicKey.export({ type: 'spki', format: 'pem' }));
const nextPem = pem('next.pub.pem', next.publicKey.export({ type: 'spki', format: 'pem' }));
const rsaPem = pem('rsa.pem', generateKeyPairSync('rsa', { modulusLength: 1024 }).privateKey.export({ type: 'pkcs8', format: 'pem' }));

beforeAll(async () => {
  expect((await run(['demo', '--out', 'demo.ndjson'], dir)).code).toBe(0);
  const signed = await run(['export', '--all', '--file', 'demo.ndjson', '--sign', privatePem, '--out', 'signed.ndjson'], dir);
  expect(signed.code).toBe(0);
  expect(signed.stdout).toMatch(/Signed with key [0-9a-f]{64} at 2022-05-01 14:00 \+02:00/);
});

describe('complaints export --sign / verify --public-key', () => {
  it('a signed export verifies with its public key, among several trusted ones', async () => {
    const ok = await run(['verify', 'signed.ndjson', '--public-key', nextPem, publicPem], dir);
    expect(ok).toMatchObject({ code: 0, stderr: '' });
    expect(ok.stdout).toMatch(/^signed\.ndjson is intact: \d+ lines, 3 complaint stream\(s\), last hash [0-9a-f]{64}\.\nSigned by key [0-9a-f]{64} at 2022-05-01 14:00 \+02:00: signature verified\.\n$/);
    const unchecked = await run(['verify', 'signed.ndjson'], dir);
    expect(unchecked.stdout).toContain('signature NOT checked');
  });

  it('an export signed by another key, or not signed, exits with 3 naming the problem', async () => {
    const foreign = await run(['verify', 'signed.ndjson', '--public-key', nextPem], dir);
    expect(foreign.code).toBe(3);
    expect(foreign.stderr).toMatch(/^signed\.ndjson failed signature verification at line \d+ \(unknown-key\): it was signed with key [0-9a-f]{12}…, which is not among the 1 trusted key\(s\)\.\n$/);
    const unsigned = await run(['verify', 'demo.ndjson', '--public-key', publicPem, '--lang', 'fr'], dir);
    expect(unsigned.code).toBe(3);
    expect(unsigned.stderr).toMatch(/^demo\.ndjson n’a pas une signature valide à la ligne \d+ \(non signé\) : l’export se termine sans ligne de signature/);
  });

  it('a re-hashed or truncated signed file exits with 3', async () => {
    const ls = readFileSync(join(dir, 'signed.ndjson'), 'utf8').trimEnd().split('\n');
    writeFileSync(join(dir, 'cut.ndjson'), [...ls.slice(0, 3), ls.at(-1)].map((l) => `${l ?? ''}\n`).join(''));
    const cut = await run(['verify', 'cut.ndjson', '--public-key', publicPem], dir);
    expect(cut.code).toBe(3);
    expect(cut.stderr).toContain('(trailer-mismatch): the trailer signs');
  });

  it('a key file that is not an Ed25519 key is a usage error naming the option and the file', async () => {
    const wrong = await run(['export', '--all', '--file', 'demo.ndjson', '--sign', rsaPem], dir);
    expect(wrong).toMatchObject({ code: 2, stderr: `--sign ${rsaPem} cannot be used: it is a rsa key, not Ed25519.\n` });
    const notPublic = await run(['verify', 'signed.ndjson', '--public-key', 'demo.ndjson'], dir);
    expect(notPublic.code).toBe(2);
    expect(notPublic.stderr).toMatch(/^--public-key demo\.ndjson cannot be used: it is not a public key in PEM/);
  });

  it('import --public-key refuses an unsigned file before touching the store', async () => {
    // The store is never reached: the key and the file are checked first (exit 3, not 1).
    const refused = await run(['import', 'demo.ndjson', '--store', 'esdb://127.0.0.1:1?tls=false', '--public-key', publicPem], dir);
    expect(refused.code).toBe(3);
    expect(refused.stderr).toContain('(unsigned)');
  });
});
