/**
 * The built `complaints` command, run as a child process, working offline on export files:
 * demo, verify, replay, export / import round trip, reports, deadline watcher, errors,
 * help and languages.
 */
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { hashLine } from '../../src/audit/exportLine';
import { GENESIS_HASH } from '../../src/audit';
import { PHONE, STORY, WEB, cli, expectOneSentence, requireBuiltCli } from './cliRunner';

// Each test starts node a few times; on a loaded machine that takes seconds.
jest.setTimeout(120_000);

let dir: string;
let demo: string;

beforeAll(async () => {
  requireBuiltCli();
  dir = mkdtempSync(join(tmpdir(), 'complaints-cli-'));
  demo = join(dir, 'demo.ndjson');
  const r = await cli(['demo', '--out', demo]);
  expect(r).toMatchObject({ code: 0, stderr: '' });
});

afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('demo and verify', () => {
  it('records the demo and names its complaints', async () => {
    const r = await cli(['demo', '--out', join(dir, 'again.ndjson')]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('3 complaints');
    expect(r.stdout).toContain(STORY);
    // Deterministic: the same story gives the same file.
    expect(readFileSync(join(dir, 'again.ndjson'), 'utf8')).toBe(readFileSync(demo, 'utf8'));
  });

  it('verifies an intact export', async () => {
    const r = await cli(['verify', demo]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/is intact: \d+ lines, 3 complaint stream\(s\), last hash [0-9a-f]{64}\./);
  });

  it('names the first tampered line and exits with 3', async () => {
    const lines = readFileSync(demo, 'utf8').split('\n');
    lines[4] = (lines[4] ?? '').replace('ana.lopez', 'someone.else');
    const bad = join(dir, 'tampered.ndjson');
    writeFileSync(bad, lines.join('\n'));
    const r = await cli(['verify', bad]);
    expect(r.code).toBe(3);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain('line 5');
    expect(r.stderr).toContain('tampered');
    expectOneSentence(r.stderr);
  });

  it('detects a removed line', async () => {
    const lines = readFileSync(demo, 'utf8').split('\n');
    lines.splice(2, 1);
    const bad = join(dir, 'missing.ndjson');
    writeFileSync(bad, lines.join('\n'));
    const r = await cli(['verify', bad]);
    expect(r.code).toBe(3);
    expect(r.stderr).toMatch(/line 3: the line is missing/);
  });

  it('detects truncation against --head', async () => {
    const head = /last hash ([0-9a-f]{64})/.exec((await cli(['verify', demo])).stdout)?.[1] ?? '';
    const lines = readFileSync(demo, 'utf8').trimEnd().split('\n');
    const cut = join(dir, 'cut.ndjson');
    writeFileSync(cut, `${lines.slice(0, -1).join('\n')}\n`);
    expect((await cli(['verify', cut])).code).toBe(0);
    const r = await cli(['verify', cut, '--head', head]);
    expect(r.code).toBe(3);
  });
});

describe('replay', () => {
  it('prints the timeline with the state after each event', async () => {
    const r = await cli(['replay', STORY, '--file', demo]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Complaint ${STORY} (times in Europe/Paris)`);
    expect(r.stdout).toContain('#0  2022-01-10 09:00  Complaint received by postal mail');
    expect(r.stdout).toContain('status: mediator referral');
    expect(r.stdout).toContain('status: closed');
  });

  it('--as-of shows the records as they stood then', async () => {
    const r = await cli(['replay', STORY, '--file', demo, '--as-of', '2022-02-01T00:00:00+01:00']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Answer postponed');
    expect(r.stdout).not.toContain('Answered by');
    expect(r.stdout).toContain('As recorded at 2022-02-01 00:00 +01:00: status delayed, 4 of 10 events.');
  });

  it('--as-of before the complaint was recorded shows nothing yet', async () => {
    const r = await cli(['replay', STORY, '--file', demo, '--as-of', '2022-01-10']);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('No events.');
    expect(r.stdout).toContain('0 of 10 events');
  });

  it('--format json gives every event, its state and the final state', async () => {
    const r = await cli(['replay', STORY, '--file', demo, '--format', 'json', '--as-of', '2022-02-04T00:00:00+01:00']);
    expect(r.code).toBe(0);
    const json = JSON.parse(r.stdout) as { complaintId: string; asOf: string; events: { revision: string; type: string; status: string }[]; state: { status: string } };
    expect(json.complaintId).toBe(STORY);
    expect(json.asOf).toBe('2022-02-03T23:00:00.000Z');
    expect(json.events.map((e) => e.type)).toEqual([
      'ComplaintReceived',
      'ComplaintAssigned',
      'ComplaintAcknowledged',
      'ComplaintAnswerDelayed',
      'ComplaintAnswered',
    ]);
    expect(json.events[0]?.revision).toBe('0');
    expect(json.state.status).toBe('answered');
  });

  it('--lang fr uses the policy’s terms', async () => {
    const r = await cli(['replay', STORY, '--file', demo, '--lang', 'fr']);
    expect(r.code).toBe(0);
    for (const term of ['Réclamation reçue par courrier', 'accusé de réception', 'Recours interne auprès de la direction', 'Saisine du Médiateur', 'réponse définitive'])
      expect(r.stdout).toContain(term);
  });

  it('French comes from the locale when --lang is not given', async () => {
    const r = await cli(['replay', PHONE, '--file', demo], { env: { LANG: 'fr_FR.UTF-8' } });
    expect(r.stdout).toContain('Réclamation reçue par téléphone (verbale');
    expect(r.stdout).toContain('aucun accusé de réception');
    const en = await cli(['replay', PHONE, '--file', demo, '--lang', 'en'], { env: { LANG: 'fr_FR.UTF-8' } });
    expect(en.stdout).toContain('Complaint received by phone');
  });
});

describe('export and import', () => {
  it('re-exports a file source identically (--all and --ids)', async () => {
    const all = join(dir, 'all.ndjson');
    const r = await cli(['export', '--all', '--file', demo, '--out', all]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/Exported \d+ events of 3 complaint\(s\)/);
    expect(readFileSync(all, 'utf8')).toBe(readFileSync(demo, 'utf8'));
    const one = await cli(['export', '--ids', WEB, '--file', demo]);
    expect(one.code).toBe(0);
    expect(one.stdout.trim().split('\n')).toHaveLength(1);
    expect(one.stderr).toContain('Exported 1 events of 1 complaint(s) to -');
  });

  it('needs --ids or --all', async () => {
    const r = await cli(['export', '--file', demo]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain('--ids');
    expectOneSentence(r.stderr);
  });

  it('import needs a store', async () => {
    const r = await cli(['import', demo]);
    expect(r.code).toBe(2);
    expectOneSentence(r.stderr);
  });
});

describe('reports', () => {
  const at = '2022-01-27T12:00:00+01:00';

  it('report sla: overdue and due-soon tables as the records stood at --at', async () => {
    const r = await cli(['report', 'sla', '--file', demo, '--at', at]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain('Deadlines overdue at 2022-01-27 12:00 +01:00');
    expect(r.stdout).toMatch(new RegExp(`${WEB}\\s+acknowledgement\\s+2022-01-26\\s+2022-01-27 00:00 \\+01:00\\s+no`));
    expect(r.stdout).toContain('Deadlines due within 2 day(s)');
    expect(r.stdout).toMatch(new RegExp(`${PHONE}\\s+answer\\s+2022-01-29`));
  });

  it('report sla --horizon widens the warning window; csv and json for files', async () => {
    const wide = await cli(['report', 'sla', '--file', demo, '--at', at, '--horizon', '10d', '--format', 'csv']);
    expect(wide.code).toBe(0);
    const lines = wide.stdout.trim().split('\r\n');
    expect(lines[0]).toBe('section,complaintId,deadline,due,dueAt,missRecorded');
    expect(lines).toContain(`overdue,${WEB},acknowledgement,2022-01-26,2022-01-26T23:00:00.000Z,false`);
    expect(lines.filter((l) => l.startsWith('due_soon')).length).toBeGreaterThanOrEqual(3);
    const out = join(dir, 'sla.json');
    const json = await cli(['report', 'sla', '--file', demo, '--at', at, '--format', 'json', '--out', out]);
    expect(json).toMatchObject({ code: 0, stdout: '' });
    const parsed = JSON.parse(readFileSync(out, 'utf8')) as { horizonDays: number; overdue: { complaintId: string }[] };
    expect(parsed.horizonDays).toBe(2);
    expect(parsed.overdue.map((d) => d.complaintId)).toEqual([WEB]);
  });

  it('report recurring: Pareto and per-period counts, by any dimension', async () => {
    const r = await cli(['report', 'recurring', '--file', demo]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/billing\s+2\s+66\.7%\s+66\.7%/);
    expect(r.stdout).toMatch(/2022-01\s+metering\s+1/);
    const csv = await cli(['report', 'recurring', '--file', demo, '--by', 'channel', '--format', 'csv']);
    expect(csv.stdout.split('\r\n')[0]).toBe('key,count,share,cumulativeShare');
    expect(csv.stdout).toContain('postal_mail,1,');
    const periods = await cli(['report', 'recurring', '--file', demo, '--by', 'root-cause', '--view', 'periods', '--format', 'csv']);
    expect(periods.stdout).toBe('period,key,count\r\n2022-01,billing-batch-rerun,1\r\n');
    const json = await cli(['report', 'recurring', '--file', demo, '--from', '2022-01-14', '--to', '2022-02-01', '--format', 'json']);
    const parsed = JSON.parse(json.stdout) as { pareto: { key: string; count: number }[] };
    expect(parsed.pareto).toEqual([
      { key: 'billing', count: 1, share: 0.5, cumulativeShare: 0.5 },
      { key: 'metering', count: 1, share: 0.5, cumulativeShare: 1 },
    ]);
  });

  it('French tables', async () => {
    const r = await cli(['report', 'sla', '--file', demo, '--at', at, '--lang', 'fr']);
    expect(r.stdout).toContain('Délais dépassés au 2022-01-27 12:00 +01:00');
    expect(r.stdout).toContain('accusé de réception');
    expect(r.stdout).toContain('réponse définitive');
  });
});

/**
 * An export whose hash chain is intact but whose third line (the story's acknowledgement,
 * revision 2) has metadata no reader accepts: a report folded without it would call the
 * acknowledgement overdue.
 */
const unreadableAcknowledgement = (source: string, target: string): void => {
  const lines = readFileSync(source, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
  const third = lines[2];
  if (third === undefined) throw new Error('demo export too short');
  third.metadata = { foo: 1 };
  let prevHash = GENESIS_HASH;
  const out = lines.map((line) => {
    const { hash: _old, ...rest } = line;
    const content = { ...rest, prevHash } as Parameters<typeof hashLine>[0];
    prevHash = hashLine(content);
    return JSON.stringify({ ...content, hash: prevHash });
  });
  writeFileSync(target, `${out.join('\n')}\n`);
};

describe('a stored event that cannot be read', () => {
  let bad: string;
  beforeAll(() => {
    bad = join(dir, 'unreadable-ack.ndjson');
    unreadableAcknowledgement(demo, bad);
  });

  it.each([
    [['report', 'sla', '--at', '2022-01-20T12:00:00+01:00']],
    [['report', 'recurring']],
    [['watch-deadlines', '--at', '2022-01-20T12:00:00+01:00']],
  ])('%j refuses to report (exit 1), naming the event, rather than print a wrong report', async (args) => {
    const r = await cli([...args, '--file', bad]);
    expect(r.code).toBe(1);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(`complaint-${STORY}@2 (ComplaintAcknowledged)`);
    expect(r.stderr).toContain('--skip-unreadable');
    expectOneSentence(r.stderr);
  });

  it('--skip-unreadable reports without it and says so on stderr', async () => {
    const r = await cli(['report', 'sla', '--file', bad, '--at', '2022-01-20T12:00:00+01:00', '--skip-unreadable', '--format', 'csv']);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('1 stored event(s) could not be read and were left out of the report.\n');
    expect(r.stdout).toContain(`overdue,${STORY},acknowledgement`);
  });

  it('the intact export reports no overdue acknowledgement for that complaint', async () => {
    const r = await cli(['report', 'sla', '--file', demo, '--at', '2022-01-20T12:00:00+01:00', '--format', 'csv']);
    expect(r.code).toBe(0);
    expect(r.stdout).not.toContain(`overdue,${STORY},acknowledgement`);
  });
});

describe('watch-deadlines on a file', () => {
  it('records each overdue deadline once; running again on the result records nothing', async () => {
    const watched = join(dir, 'watched.ndjson');
    const first = await cli(['watch-deadlines', '--file', demo, '--out', watched]);
    expect(first.code).toBe(0);
    expect(first.stdout).toContain('3 missed deadline(s) recorded');
    expect((await cli(['verify', watched])).code).toBe(0);
    const second = await cli(['watch-deadlines', '--file', watched, '--format', 'json']);
    expect(second.code).toBe(0);
    expect((JSON.parse(second.stdout) as { outcomes: unknown[] }).outcomes).toEqual([]);
    const replay = await cli(['replay', WEB, '--file', watched]);
    expect(replay.stdout).toContain('MISSED: acknowledgement deadline of 2022-01-26');
  });

  it('--at in the past selects fewer deadlines', async () => {
    const r = await cli(['watch-deadlines', '--file', demo, '--at', '2022-01-28T00:00:00+01:00', '--format', 'json']);
    expect(r.code).toBe(0);
    const outcomes = (JSON.parse(r.stdout) as { outcomes: { deadline: { complaintId: string; deadline: string }; result: string }[] }).outcomes;
    expect(outcomes.map((o) => [o.deadline.complaintId, o.deadline.deadline, o.result])).toEqual([[WEB, 'acknowledgement', 'recorded']]);
  });
});

describe('errors are one sentence with a non-zero exit code', () => {
  it.each([
    [['replay', '6f1c1c7e-3d5a-4c53-9a4e-0c2b8e7d1a99', '--file', 'DEMO'], 1, 'No complaint 6f1c1c7e-3d5a-4c53-9a4e-0c2b8e7d1a99 has been received.'],
    [['replay', 'not-an-id', '--file', 'DEMO'], 2, '"not-an-id" is not a complaint id'],
    [['replay', STORY, '--file', 'DEMO', '--as-of', 'last tuesday'], 2, '--as-of expects an instant'],
    [['replay', STORY, '--file', 'nowhere.ndjson'], 1, 'File nowhere.ndjson does not exist.'],
    [['replay', STORY], 2, 'Say where the complaints are'],
    [['report', 'sla', '--file', 'DEMO', '--horizon', 'soon'], 2, '--horizon expects a number of days'],
    [['report', 'recurring', '--file', 'DEMO', '--by', 'colour'], 2, '--by expects one of category, product, reported-problem, root-cause, channel, not "colour".'],
    [['report', 'recurring', '--file', 'DEMO', '--from', '2022-13-01'], 2, '--from expects a date'],
    [['report', 'recurring', '--file', 'DEMO', '--from', '2022-02-01', '--to', '2022-01-01'], 2, '--to (2022-01-01) must come after --from (2022-02-01).'],
    [['verify', 'DEMO', '--head', 'abc'], 2, '--head expects a SHA-256 hash (64 hexadecimal characters), not "abc".'],
    [['replay', STORY, '--file', 'DEMO', '--format', 'xml'], 2, '--format expects one of text, json'],
    [['frobnicate'], 2, 'Unknown command frobnicate'],
    [['verify'], 2, 'Missing argument file'],
    [['verify', 'DEMO', '--frob'], 2, 'Unknown option --frob'],
    [['replay', STORY, '--store', 'http://db:2113'], 2, '--store expects an EventStoreDB connection string'],
    [['replay', STORY, '--store', 'esdb://localhost:1?tls=false', '--file', 'DEMO'], 2, 'either --store or --file'],
  ])('%j → exit %i', async (args, code, sentence) => {
    const r = await cli(args.map((a) => (a === 'DEMO' ? demo : a)));
    expect(r.code).toBe(code);
    expect(r.stdout).toBe('');
    expect(r.stderr).toContain(sentence);
    expectOneSentence(r.stderr);
  });

  it('French errors', async () => {
    const r = await cli(['replay', '6f1c1c7e-3d5a-4c53-9a4e-0c2b8e7d1a99', '--file', demo, '--lang', 'fr']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('Aucune réclamation 6f1c1c7e-3d5a-4c53-9a4e-0c2b8e7d1a99 n’a été reçue.\n');
  });

  it('--debug adds the stack trace', async () => {
    const r = await cli(['replay', STORY, '--file', join(dir, 'nowhere.ndjson'), '--debug']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/does not exist\.\n/);
    expect(r.stderr).toMatch(/\n\s+at /);
  });

  it('an unreachable store is one sentence', async () => {
    const r = await cli(['replay', STORY, '--store', 'esdb://127.0.0.1:1?tls=false']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'The event store cannot be reached: no answer from EventStoreDB at esdb://127.0.0.1:1?tls=false after 5 attempts (connection refused); check that the server is running and reachable.\n',
    );
    expectOneSentence(r.stderr);
  });

  it('an unreachable store, in French, is one French sentence: address, attempts and reason, no gRPC text', async () => {
    const r = await cli(['replay', STORY, '--store', 'esdb://127.0.0.1:1?tls=false', '--lang', 'fr']);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe(
      'La base d’évènements EventStoreDB esdb://127.0.0.1:1?tls=false ne répond pas après 5 tentatives (connexion refusée) ; vérifiez que le serveur est démarré et joignable (--debug pour le détail technique).\n',
    );
    expectOneSentence(r.stderr);
  });

  it('--debug shows the transport’s own text as the cause', async () => {
    const r = await cli(['replay', STORY, '--store', 'esdb://127.0.0.1:1?tls=false', '--lang', 'fr', '--debug']);
    expect(r.code).toBe(1);
    expect(r.stderr).toMatch(/\n.*UNAVAILABLE.*ECONNREFUSED/);
  });
});

describe('help', () => {
  it.each([[[]], [['replay']], [['export']], [['verify']], [['import']], [['report']], [['report', 'sla']], [['report', 'recurring']], [['watch-deadlines']], [['demo']]])(
    '%j --help',
    async (command) => {
      const r = await cli([...command, '--help']);
      expect(r.code).toBe(0);
      expect(r.stdout).toContain(`Usage: complaints ${command.join(' ')}`.trimEnd());
      expect(r.stdout).toContain('--help');
      expect(r.stderr).toBe('');
    },
  );

  it('help in French', async () => {
    const r = await cli(['replay', '--help', '--lang', 'fr']);
    expect(r.stdout).toContain('Utilisation : complaints replay');
    expect(r.stdout).toContain('l’historique d’une réclamation');
  });

  it('--version', async () => {
    const r = await cli(['--version']);
    expect(r.code).toBe(0);
    expect(r.stdout.trim()).toMatch(/^\d+\.\d+\.\d+/);
  });
});

describe('progress', () => {
  it('draws no progress bar when the output is not a terminal', async () => {
    const r = await cli(['export', '--all', '--file', demo, '--out', join(dir, 'p.ndjson')]);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    expect(r.stdout).not.toContain(String.fromCharCode(27));
    expect(r.stdout).not.toMatch(/[\u2588\u2591]/);
  });
});
