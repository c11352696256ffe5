/**
 * The built `complaints` command against EventStoreDB: an in-process fake server speaking
 * the real gRPC protocol, seeded with the demo, reached with `--store esdb://…?tls=false`
 * (or the EVENTSTORE_CONNECTION_STRING environment variable), and with
 * `--store kurrentdb://…` through @kurrent/kurrentdb-client.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { verifyExport } from '../../src/audit/verify';
import type { EventStoreDBEventStore } from '../../src/eventstore/eventstoredb/eventStoreDBEventStore';
import { FakeEventStoreDBServer } from '../esdb/fakeEventStoreDBServer';
import { kurrentConnectionString, kurrentStoreOn, storeOn } from '../esdb/esdbTestKit';
import { PHONE, STORY, WEB, cli, expectOneSentence, requireBuiltCli } from './cliRunner';

// Each test starts node a few times; on a loaded machine that takes seconds.
jest.setTimeout(120_000);

let dir: string;
let demo: string;
let server: FakeEventStoreDBServer;
let store: EventStoreDBEventStore;
let url: string;

beforeAll(async () => {
  requireBuiltCli();
  dir = mkdtempSync(join(tmpdir(), 'complaints-cli-esdb-'));
  demo = join(dir, 'demo.ndjson');
  expect((await cli(['demo', '--out', demo])).code).toBe(0);
  server = await FakeEventStoreDBServer.start();
  store = storeOn(server);
  url = server.connectionString();
});

afterAll(async () => {
  await store.close();
  await server.close();
  rmSync(dir, { recursive: true, force: true });
});

describe('complaints --store esdb://…', () => {
  it('imports the demo export, and importing again appends nothing', async () => {
    const first = await cli(['import', demo, '--store', url]);
    expect(first.code).toBe(0);
    expect(first.stdout).toMatch(/Imported 3 complaint stream\(s\): \d+ event\(s\) appended, 0 already present\./);
    expect((await store.readStream(`complaint-${STORY}`)).length).toBe(10);
    const again = await cli(['import', demo], { env: { EVENTSTORE_CONNECTION_STRING: url } });
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/0 event\(s\) appended, \d+ already present/);
  });

  it('replays a complaint from the store, as of a past instant too', async () => {
    const r = await cli(['replay', STORY, '--store', url]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Referred to the mediator');
    const asOf = await cli(['replay', STORY, '--as-of', '2022-01-12', '--format', 'json'], { env: { EVENTSTORE_CONNECTION_STRING: url } });
    expect(asOf.code).toBe(0);
    const json = JSON.parse(asOf.stdout) as { events: unknown[]; state: { status: string } };
    expect(json.events).toHaveLength(2);
    expect(json.state.status).toBe('received');
  });

  it('exports every complaint of the store into a file that verifies', async () => {
    const out = join(dir, 'from-store.ndjson');
    const r = await cli(['export', '--all', '--store', url, '--out', out]);
    expect(r.code).toBe(0);
    const text = readFileSync(out, 'utf8');
    const verified = verifyExport(text);
    expect(verified._tag).toBe('Right');
    if (verified._tag === 'Right') expect(verified.right.streams.map((s) => s.streamName)).toEqual([STORY, PHONE, WEB].map((id) => `complaint-${id}`));
    expect((await cli(['verify', out])).code).toBe(0);
  });

  it('prints the SLA and recurring reports', async () => {
    const sla = await cli(['report', 'sla', '--store', url, '--at', '2022-01-27T12:00:00+01:00', '--format', 'json']);
    expect(sla.code).toBe(0);
    const parsed = JSON.parse(sla.stdout) as { overdue: { complaintId: string }[]; dueSoon: { complaintId: string }[] };
    expect(parsed.overdue.map((d) => d.complaintId)).toEqual([WEB]);
    expect(parsed.dueSoon.map((d) => d.complaintId)).toEqual([PHONE]);
    const recurring = await cli(['report', 'recurring', '--store', url, '--by', 'product']);
    expect(recurring.stdout).toMatch(/electricity-contract\s+2/);
  });

  it('watch-deadlines records each miss once; a second run records nothing', async () => {
    const first = await cli(['watch-deadlines', '--store', url, '--format', 'json']);
    expect(first.code).toBe(0);
    const results = (JSON.parse(first.stdout) as { outcomes: { result: string }[] }).outcomes.map((o) => o.result);
    expect(results).toEqual(['recorded', 'recorded', 'recorded']);
    const second = await cli(['watch-deadlines', '--store', url]);
    expect(second.code).toBe(0);
    expect(second.stdout).toContain('0 missed deadline(s) recorded');
    const misses = (await store.readStream(`complaint-${WEB}`)).filter((e) => e.type === 'ComplaintDeadlineMissed');
    expect(misses).toHaveLength(2);
  });

  it('an unknown complaint is one sentence', async () => {
    const r = await cli(['replay', '6f1c1c7e-3d5a-4c53-9a4e-0c2b8e7d1a77', '--store', url]);
    expect(r.code).toBe(1);
    expectOneSentence(r.stderr);
  });
});

describe('complaints --store kurrentdb://…', () => {
  let kurrent: FakeEventStoreDBServer;

  beforeAll(async () => {
    kurrent = await FakeEventStoreDBServer.start();
  });

  afterAll(async () => {
    await kurrent.close();
  });

  it('imports the demo, replays a complaint and exports a file that verifies, through @kurrent/kurrentdb-client', async () => {
    const kurl = kurrentConnectionString(kurrent);
    const imported = await cli(['import', demo, '--store', kurl]);
    expect(imported.code).toBe(0);
    expect(imported.stdout).toMatch(/Imported 3 complaint stream\(s\)/);
    const replayed = await cli(['replay', STORY, '--store', kurl]);
    expect(replayed.code).toBe(0);
    expect(replayed.stdout).toContain('Referred to the mediator');
    const out = join(dir, 'from-kurrentdb.ndjson');
    expect((await cli(['export', '--all', '--out', out], { env: { EVENTSTORE_CONNECTION_STRING: kurl } })).code).toBe(0);
    expect((await cli(['verify', out])).code).toBe(0);

    const reader = kurrentStoreOn(kurrent);
    expect((await reader.readStream(`complaint-${STORY}`)).length).toBe(10);
    await reader.close();
  });
});
