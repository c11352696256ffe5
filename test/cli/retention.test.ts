/**
 * `complaints retention`: a dry run on an export file or a store, erasure on EventStoreDB
 * (the in-process fake server) with the key store loaded from `--key-store <module>`;
 * idempotent; usage errors name what is missing.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ComplaintService } from '../../src/application/complaintService';
import { recordDemo } from '../../src/cli/demo';
import type { EventStoreDBEventStore } from '../../src/eventstore/eventstoredb/eventStoreDBEventStore';
import { ERASED } from '../../src/privacy/personalFields';
import { protectPersonalData } from '../../src/privacy/protectedEventStore';
import { FakeEventStoreDBServer } from '../esdb/fakeEventStoreDBServer';
import { storeOn } from '../esdb/esdbTestKit';
import { run } from './inProcessIo';
import { sharedKeyStore } from './retentionKeyStore';

jest.setTimeout(60_000);

const dir = mkdtempSync(join(tmpdir(), 'complaints-retention-'));
const KEY_STORE = join(__dirname, 'retentionKeyStore.ts');
const STORY = '6f1c1c7e-3d5a-4c53-9a4e-0c2b8e7d1a01'; // closed on 2022-04-12 (client-42); the other two stay open
let server: FakeEventStoreDBServer;
let store: EventStoreDBEventStore;

beforeAll(async () => {
  expect((await run(['demo', '--out', 'demo.ndjson'], dir)).code).toBe(0);
  server = await FakeEventStoreDBServer.start();
  store = storeOn(server);
  await recordDemo({ store: protectPersonalData(store, { keyStore: sharedKeyStore }) });
});

afterAll(async () => {
  await store.close();
  await server.close();
});

describe('complaints retention', () => {
  it('--dry-run on an export lists who would be erased and who is kept, and why', async () => {
    const inside = await run(['retention', '--dry-run', '--file', 'demo.ndjson', '--at', '2025-04-12T23:00:00+02:00'], dir);
    expect(inside.code).toBe(0);
    expect(inside.stdout).toContain('Retention: 3 year(s) after closing, at 2025-04-12 23:00 +02:00 (dry run: nothing erased)');
    expect(inside.stdout).toContain('0 complainant(s) would be erased, 0 already erased; kept: 2 with an open complaint, 1 within the retention period.');
    const after = await run(['retention', '--dry-run', '--file', 'demo.ndjson', '--at', '2025-04-13', '--format', 'json'], dir);
    const report = JSON.parse(after.stdout) as { erased: { complainantId: string; complaints: { complaintId: string; keptUntil: string }[] }[]; dryRun: boolean };
    expect(report.dryRun).toBe(true);
    expect(report.erased).toEqual([expect.objectContaining({ complainantId: 'client-42', complaints: [expect.objectContaining({ complaintId: STORY, keptUntil: '2025-04-12' })] })]);
    const fr = await run(['retention', '--dry-run', '--file', 'demo.ndjson', '--at', '2025-04-13', '--lang', 'fr'], dir);
    expect(fr.stdout).toContain('1 réclamant(s) seraient effacé(s)');
  });

  it('--apply on EventStoreDB destroys the keys of the expired complainants, once; the data then reads [erased]', async () => {
    const argv = ['retention', '--apply', '--store', server.connectionString(), '--key-store', KEY_STORE, '--at', '2025-04-13', '--format', 'json'];
    const first = await run(argv, dir);
    expect(first).toMatchObject({ code: 0, stderr: '' });
    const report = JSON.parse(first.stdout) as { erased: { complainantId: string; erasedKeyIds: string[] }[]; alreadyErased: unknown[] };
    expect(report.erased).toEqual([expect.objectContaining({ complainantId: 'client-42', erasedKeyIds: [expect.any(String)] })]);
    const service = new ComplaintService({ store: protectPersonalData(store, { keyStore: sharedKeyStore }) });
    expect((await service.getComplaint(STORY)).complainant.name).toBe(ERASED);
    expect((await service.getComplaint('6f1c1c7e-3d5a-4c53-9a4e-0c2b8e7d1a02')).complainant.name).toBe('Louis Bernard');
    const again = JSON.parse((await run(argv, dir)).stdout) as { erased: unknown[]; alreadyErased: { complainantId: string }[] };
    expect(again.erased).toEqual([]);
    expect(again.alreadyErased.map((c) => c.complainantId)).toEqual(['client-42']);
  });

  it('refuses what it cannot do, naming what is missing (exit 2)', async () => {
    expect(await run(['retention', '--file', 'demo.ndjson'], dir)).toMatchObject({ code: 2, stderr: 'Say what to do: --dry-run (report only) or --apply (erase).\n' });
    expect((await run(['retention', '--apply', '--file', 'demo.ndjson', '--key-store', KEY_STORE], dir)).stderr).toMatch(/^--apply erases keys of a store’s complainants: give --store/);
    expect((await run(['retention', '--apply', '--store', server.connectionString()], dir)).stderr).toBe('--apply needs the key store holding the complainants’ keys: --key-store <module>.\n');
    expect((await run(['retention', '--dry-run', '--file', 'demo.ndjson', '--years', '0'], dir)).stderr).toBe('--years expects a whole number of years from 1 to 100, not "0".\n');
    const notOne = await run(['retention', '--apply', '--store', server.connectionString(), '--key-store', join(__dirname, 'inProcessIo.ts')], dir);
    expect(notOne).toMatchObject({ code: 2, stderr: expect.stringContaining('does not export a KeyStore') });
  });
});
