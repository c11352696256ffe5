/**
 * The compliance report on the 1,000 CFPB complaints: every figure of the HTML page equals
 * the JSON report's, and both equal the projections' own queries (compliance, pareto,
 * recourseRates, overdueNow); the page is self-contained and escapes every text from events.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ComplaintService } from '../../src/application/complaintService';
import { InMemoryEventStore } from '../../src/eventstore/inMemory/inMemoryEventStore';
import type { CalendarDate } from '../../src/domain/primitives';
import { InMemoryCheckpointStore } from '../../src/projections/checkpointStore';
import { openComplaintsByAge } from '../../src/projections/openComplaints';
import { pareto, recourseRates, recurringIssuesProjection } from '../../src/projections/recurring';
import { toJsonValue } from '../../src/projections/reportExport';
import { ProjectionRunner } from '../../src/projections/runner';
import { compliance, overdueNow, slaProjection } from '../../src/projections/sla';
import { complianceHtml } from '../../src/reports/complianceHtml';
import { complianceReport } from '../../src/reports/complianceReport';
import { frenchComplianceWording } from '../../src/reports/complianceWording';
import { IMPORT_NOW, cfpbPolicy, findCfpbCsv, importCfpb, readCfpb } from '../../examples/cfpb/mapping';
import { at, cmd } from '../domain/spec';

jest.setTimeout(60_000);

const d = (s: string): CalendarDate => s as CalendarDate;

/** Every `data-figure` of a page with its `data-value` (entities decoded). */
export const figuresOf = (html: string): Map<string, string> => {
  const decode = (s: string): string => s.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&#39;/g, "'").replace(/&amp;/g, '&');
  const out = new Map<string, string>();
  for (const m of html.matchAll(/data-figure="([^"]*)" data-value="([^"]*)"/g)) out.set(decode(m[1] ?? ''), decode(m[2] ?? ''));
  return out;
};

/** The value at a figure's path in the JSON report (`months.2013-09.answers.share` → months[i where month = 2013-09]…). */
const valueAt = (json: unknown, path: string): unknown => {
  let node: unknown = json;
  for (const part of path.split('.')) {
    if (Array.isArray(node)) node = /^\d+$/.test(part) ? node[Number(part)] : node.find((x: { month?: string; age?: string }) => x.month === part || x.age === part);
    else if (typeof node === 'object' && node !== null) node = (node as Record<string, unknown>)[part];
    else return undefined;
  }
  return node;
};
const asFigure = (v: unknown): string => (v === null || v === undefined ? '' : String(v));

const csvPath = findCfpbCsv(join(__dirname, '..', '..'));
const describeWithData = csvPath === undefined ? describe.skip : describe;

describeWithData('the compliance report of the CFPB sample (August–December 2013)', () => {
  const store = new InMemoryEventStore();
  const sla = new ProjectionRunner({ store, checkpoints: new InMemoryCheckpointStore(), projection: slaProjection() });
  const issues = new ProjectionRunner({ store, checkpoints: new InMemoryCheckpointStore(), projection: recurringIssuesProjection() });
  const options = { from: d('2013-08-01'), to: d('2014-01-01'), at: new Date(IMPORT_NOW) };
  const period = { from: '2013-08-01T00:00:00+02:00', to: '2014-01-01T00:00:00+01:00', now: IMPORT_NOW };

  beforeAll(async () => {
    const { rows } = readCfpb(readFileSync(csvPath ?? '', 'utf8'));
    await importCfpb(new ComplaintService({ store, clock: () => new Date(IMPORT_NOW), policy: cfpbPolicy(rows) }), rows);
    await Promise.all([sla.catchUp(), issues.catchUp()]);
  });

  it('holds the projections’ own figures', () => {
    const report = complianceReport(sla.model(), issues.model(), options);
    const [all] = compliance(sla.model(), { ...period, groupBy: 'all' });
    expect(report).toMatchObject({ received: 1000, requalified: 0, closed: 0, overall: all });
    expect(report.months).toEqual(
      compliance(sla.model(), { ...period, groupBy: 'month' }).map((r) => ({ month: r.group, complaints: r.complaints, acknowledgements: r.acknowledgements, answers: r.answers })),
    );
    expect(report.pareto).toEqual({ by: 'reportedProblem', rows: pareto(issues.model(), { by: 'reportedProblem', range: options }) });
    expect(report.pareto.rows.reduce((n, r) => n + r.count, 0)).toBe(1000);
    expect(report.recourse.byCategory).toEqual(recourseRates(issues.model(), options));
    expect(report.recourse).toMatchObject({ complaints: 1000, appealed: 211, appealRate: 0.211 });
    expect(report.overdue.map(({ daysOverdue: _d, ...rest }) => rest)).toEqual(overdueNow(sla.model(), IMPORT_NOW).map((r) => ({ ...r })));
    expect(report.openByAge).toEqual(openComplaintsByAge(sla.model(), IMPORT_NOW));
  });

  it('open complaints by age: the overdue ones are exactly the complaints listed by overdueNow; none is closed in the sample', () => {
    const ages = openComplaintsByAge(sla.model(), IMPORT_NOW);
    expect(ages.reduce((n, a) => n + a.total, 0)).toBe(1000);
    expect(ages.reduce((n, a) => n + a.overdue, 0)).toBe(new Set(overdueNow(sla.model(), IMPORT_NOW).map((o) => o.complaintId)).size);
  });

  it('the HTML page’s figures equal the JSON report’s, every one of them', () => {
    const report = complianceReport(sla.model(), issues.model(), options);
    const json = toJsonValue(report);
    const figures = figuresOf(complianceHtml(report));
    for (const [path, value] of figures) expect([path, value]).toEqual([path, asFigure(valueAt(json, path))]);
    // Nothing left out: every month, age bucket, Pareto row, category and overdue deadline is on the page.
    const count = (prefix: string, depth = 2): number => new Set([...figures.keys()].filter((k) => k.startsWith(prefix)).map((k) => k.split('.').slice(0, depth).join('.'))).size;
    expect(count('months.')).toBe(report.months.length);
    expect(count('openByAge.')).toBe(6);
    expect(count('pareto.rows.', 3)).toBe(report.pareto.rows.length);
    expect(count('overdue.')).toBe(report.overdue.length);
    expect(figures.get('received')).toBe('1000');
  });

  it('is one self-contained page: no script, no external resource, three inline SVG charts; French on request', () => {
    const report = complianceReport(sla.model(), issues.model(), options);
    const html = complianceHtml(report);
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).not.toMatch(/<script|<link|<img|<iframe|\ssrc=|url\(/i);
    expect(html.replace(/xmlns="http:\/\/www\.w3\.org\/2000\/svg"/g, '')).not.toMatch(/https?:\/\//);
    expect(html.match(/<svg /g)).toHaveLength(3);
    const fr = complianceHtml(report, { wording: frenchComplianceWording });
    expect(fr).toContain('<html lang="fr">');
    expect(fr).toContain('Réclamations reçues');
    expect(fr).toContain('Recours internes et saisines du Médiateur');
    expect(figuresOf(fr)).toEqual(figuresOf(html));
  });
});

describe('text from events on the page', () => {
  it('is escaped everywhere, tables and charts', async () => {
    const store = new InMemoryEventStore();
    const service = new ComplaintService({ store, clock: () => new Date('2022-02-01T12:00:00Z') });
    const evil = '<script>alert("x")</script> & <img src=x onerror=alert(1)>';
    await service.handle({ ...cmd.receive({ receivedAt: at('2022-01-10T09:00:00+01:00'), category: evil, product: evil }) }, { commandId: '00000000-0000-4000-8000-000000000001', actor: { id: 'a', role: 'agent' } });
    const sla = new ProjectionRunner({ store, checkpoints: new InMemoryCheckpointStore(), projection: slaProjection() });
    const issues = new ProjectionRunner({ store, checkpoints: new InMemoryCheckpointStore(), projection: recurringIssuesProjection() });
    await Promise.all([sla.catchUp(), issues.catchUp()]);
    const report = complianceReport(sla.model(), issues.model(), { from: d('2022-01-01'), to: d('2022-02-01'), by: 'category' });
    const html = complianceHtml(report);
    expect(html).not.toContain('<script');
    expect(html).not.toContain('<img');
    expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; &amp; &lt;img src=x onerror=alert(1)&gt;');
    expect(figuresOf(html).get('pareto.rows.0.key')).toBe(evil);
  });
});
