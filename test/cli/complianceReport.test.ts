/**
 * `complaints report compliance` (in-process, on the demo export): the table, the JSON and
 * the HTML page print the same report, the one the library builds; French on request.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { history } from '../../src/audit/history';
import { recordDemo } from '../../src/cli/demo';
import { InMemoryCheckpointStore } from '../../src/projections/checkpointStore';
import { recurringIssuesProjection } from '../../src/projections/recurring';
import { toJsonValue } from '../../src/projections/reportExport';
import { ProjectionRunner } from '../../src/projections/runner';
import { slaProjection } from '../../src/projections/sla';
import { complianceHtml } from '../../src/reports/complianceHtml';
import { complianceReport } from '../../src/reports/complianceReport';
import { run } from './inProcessIo';

const dir = mkdtempSync(join(tmpdir(), 'complaints-compliance-'));
const AT = '2022-02-01T00:00:00+01:00';
const args = ['report', 'compliance', '--file', 'demo.ndjson', '--from', '2022-01-01', '--to', '2022-05-01', '--at', AT];

beforeAll(async () => {
  expect((await run(['demo', '--out', 'demo.ndjson'], dir)).code).toBe(0);
});

/** The library's report of the demo as recorded at AT. */
const libraryReport = async () => {
  const demo = await recordDemo();
  // Fold only what was recorded by AT, as the command line does.
  const limit = Date.parse(AT);
  const sla = new ProjectionRunner({ store: demo.store, checkpoints: new InMemoryCheckpointStore(), projection: { ...slaProjection(), apply: (m, e) => (Date.parse(e.metadata.recordedAt) <= limit ? slaProjection().apply(m, e) : m) } });
  const issues = new ProjectionRunner({
    store: demo.store,
    checkpoints: new InMemoryCheckpointStore(),
    projection: { ...recurringIssuesProjection(), apply: (m, e) => (Date.parse(e.metadata.recordedAt) <= limit ? recurringIssuesProjection().apply(m, e) : m) },
  });
  await Promise.all([sla.catchUp(), issues.catchUp()]);
  expect(await history(demo.store, demo.complaintIds[0])).not.toHaveLength(0);
  return complianceReport(sla.model(), issues.model(), { from: '2022-01-01' as never, to: '2022-05-01' as never, at: new Date(AT) });
};

describe('complaints report compliance', () => {
  it('--format json is the library’s report; --format html its page, byte for byte', async () => {
    const report = await libraryReport();
    const json = await run([...args, '--format', 'json'], dir);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.stdout)).toEqual(toJsonValue(report));
    expect((await run([...args, '--format', 'html', '--out', 'report.html'], dir)).code).toBe(0);
    expect(readFileSync(join(dir, 'report.html'), 'utf8')).toBe(complianceHtml(report));
  });

  it('the table shows the same figures, in English or French', async () => {
    const table = await run(args, dir);
    expect(table.stdout).toContain('Complaints received                             3');
    expect(table.stdout).toMatch(/6f1c1c7e-3d5a-4c53-9a4e-0c2b8e7d1a03 +acknowledgement +2022-01-26 +5 +no/);
    const fr = await run([...args, '--lang', 'fr'], dir);
    expect(fr.stdout).toContain('Réclamations reçues');
    expect(fr.stdout).toMatch(/6f1c1c7e-3d5a-4c53-9a4e-0c2b8e7d1a03 +accusé de réception +2022-01-26 +5 +non/);
  });

  it('needs --from and --to, in order (exit 2)', async () => {
    expect(await run(['report', 'compliance', '--file', 'demo.ndjson', '--to', '2022-05-01'], dir)).toMatchObject({ code: 2, stderr: 'Option --from needs a value; see --help.\n' });
    expect((await run(['report', 'compliance', '--file', 'demo.ndjson', '--from', '2022-05-01', '--to', '2022-01-01'], dir)).code).toBe(2);
  });
});
