/**
 * CFPB import: 1,000 real US consumer complaints (2013, public domain) mapped to Lukéa
 * complaint commands — received, answered, disputed → internal appeal — on the in-memory
 * store, then both projections (SLA breaches and recurring issues) run on them.
 * The mapping rules are documented at the top of examples/cfpb/mapping.ts.
 *
 *   npx tsx examples/cfpb-import.ts
 *
 * The CSV is looked up in $CFPB_CSV, $CFPB_DATA_DIR, ../shared/data/cfpb/ next to the
 * repository, then the unmodified copy bundled in examples/cfpb/data/.
 */
import { readFileSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { ComplaintService, InMemoryEventStore, type CalendarDate } from '../src/index';
import {
  InMemoryCheckpointStore,
  ProjectionRunner,
  breachesIn,
  compliance,
  countsByPeriod,
  overdueNow,
  pareto,
  recourseRates,
  recurringIssuesProjection,
  repeatComplainants,
  slaProjection,
  spikes,
} from '../src/projections';
import { CHANNEL_OF, IMPORT_NOW, cfpbPolicy, findCfpbCsv, importCfpb, readCfpb } from './cfpb/mapping';
import { days, pct, printTable } from './table';

const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const d = (s: string): CalendarDate => s as CalendarDate;

async function main(): Promise<void> {
  const file = findCfpbCsv(repoRoot);
  if (file === undefined) {
    console.error('CFPB data not found: set CFPB_CSV or CFPB_DATA_DIR, put consumer_complaints_2013.csv in ../shared/data/cfpb/, or restore examples/cfpb/data/.');
    process.exitCode = 1;
    return;
  }
  const { rows, skipped } = readCfpb(readFileSync(file, 'utf8'));
  const store = new InMemoryEventStore();
  const service = new ComplaintService({ store, clock: () => new Date(IMPORT_NOW), policy: cfpbPolicy(rows) });
  const started = Date.now();
  const summary = await importCfpb(service, rows);
  console.log(`Read ${file}`);
  console.log(
    `  ${rows.length} rows imported, ${skipped.length} skipped; ${summary.commands} commands → ${summary.answered} answered, ${summary.appeals} internal appeals (${Date.now() - started} ms)`,
  );
  for (const s of skipped) console.log(`  skipped line ${s.line} (CFPB ${s.cfpbId}): ${s.reason}`);
  console.log(`  ${summary.adjusted.length} rows answered on the day of receipt because the CFPB sent them to the company earlier (rule 6)`);

  const sla = new ProjectionRunner({ store, checkpoints: new InMemoryCheckpointStore(), projection: slaProjection() });
  const issues = new ProjectionRunner({ store, checkpoints: new InMemoryCheckpointStore(), projection: recurringIssuesProjection() });
  await Promise.all([sla.catchUp(), issues.catchUp()]);
  console.log(`  projections caught up: ${sla.progress().eventsProcessed} events, ${sla.progress().problems} problems`);

  // --- SLA ---
  const period = { from: '2013-08-01T00:00:00Z', to: '2013-11-01T00:00:00Z', now: IMPORT_NOW };
  const rowsOf = (groupBy: 'channel' | 'month') =>
    compliance(sla.model(), { ...period, groupBy }).map((r) => [
      r.group,
      r.complaints,
      pct(r.acknowledgements.share),
      r.acknowledgements.waived,
      pct(r.answers.share),
      r.answeredWithinWeek,
      r.answeredWithin15Days,
      r.answeredLater,
      r.stillOpen,
      days(r.timeToAnswer.medianMs),
      days(r.timeToAnswer.p90Ms),
    ]);
  const head = ['group', 'complaints', 'ack on time', 'ack waived', 'answer on time', '≤7d', '8–15d', '>15d', 'open', 'median', 'p90'];
  printTable('Compliance by channel (received Aug–Oct 2013; answer = day sent to the company)', head, rowsOf('channel'));
  printTable('Compliance by month of receipt', head, rowsOf('month'));
  const timely = rows.filter((r) => r.timely).length;
  console.log(`  (the CFPB's own "timely_response" flag: ${timely} of ${rows.length} = ${pct(timely / rows.length)})`);

  const overdue = overdueNow(sla.model(), IMPORT_NOW);
  const byKind = new Map<string, number>();
  for (const o of overdue) byKind.set(o.deadline, (byKind.get(o.deadline) ?? 0) + 1);
  printTable(`Overdue at ${IMPORT_NOW} (no appeal decision is in the data)`, ['deadline', 'overdue'], [...byKind]);

  const breaches = breachesIn(sla.model(), '2013-09-01T00:00:00+02:00', '2013-10-01T00:00:00+02:00');
  const breachKinds = new Map<string, number>();
  for (const b of breaches) breachKinds.set(b.deadline, (breachKinds.get(b.deadline) ?? 0) + 1);
  printTable('Breaches of deadlines dated in September 2013 (Paris days)', ['deadline', 'breaches'], [...breachKinds]);

  // --- Recurring issues ---
  const m = issues.model();
  const byMonth = countsByPeriod(m, { by: 'category', period: 'month' });
  const months = [...new Set(byMonth.map((c) => c.period))];
  const categories = [...new Set(byMonth.map((c) => c.key))].sort();
  printTable(
    'Complaints per month by category (CFPB product)',
    ['category', ...months],
    categories.map((k) => [k, ...months.map((p) => byMonth.find((c) => c.period === p && c.key === k)?.count ?? 0)]),
  );
  const channels = countsByPeriod(m, { by: 'channel', period: 'month' });
  printTable(
    `Complaints per month by channel (${Object.entries(CHANNEL_OF).map(([k, v]) => `${k}→${v}`).join(', ')})`,
    ['channel', ...months],
    [...new Set(channels.map((c) => c.key))].sort().map((k) => [k, ...months.map((p) => channels.find((c) => c.period === p && c.key === k)?.count ?? 0)]),
  );
  const reported = pareto(m, { by: 'reportedProblem' });
  printTable(
    `Pareto of reported problems (CFPB issue at submission: all ${reported.reduce((n, r) => n + r.count, 0)} complaints), top 10`,
    ['reported problem', 'count', 'share', 'cumulative'],
    reported.slice(0, 10).map((r) => [r.key, r.count, pct(r.share), pct(r.cumulativeShare)]),
  );
  printTable(
    'Pareto of root causes (CFPB issue, answered complaints only), top 10',
    ['root cause', 'count', 'share', 'cumulative'],
    pareto(m, { by: 'rootCause' }).slice(0, 10).map((r) => [r.key, r.count, pct(r.share), pct(r.cumulativeShare)]),
  );
  printTable(
    // The sample starts on 30 August 2013: weeks from 16 September have 3 weeks of past to compare with.
    'Weekly spikes by category from 16 September (Poisson, 3-week baseline, p < 0.01, count ≥ 3)',
    ['week', 'category', 'count', 'baseline', 'p-value'],
    spikes(m, { by: 'category', period: 'week', window: 3, range: { from: d('2013-09-16'), to: d('2013-10-16') } }).map((s) => [s.period, s.key, s.count, s.baseline.toFixed(2), s.pValue.toExponential(1)]),
  );
  const repeats = repeatComplainants(m, { windowDays: 30 });
  printTable(
    `Repeat "complainants" within 30 days (ZIP-code proxy, rule 5): ${repeats.complainants.length}; top 5`,
    ['complainant', 'max in 30 days', 'complaints'],
    repeats.complainants.slice(0, 5).map((c) => [c.complainantId, c.maxInWindow, c.complaintIds.length]),
  );
  printTable(
    'Recourse rates by category (dispute → internal appeal)',
    ['category', 'complaints', 'appealed', 'rate', 'mediator'],
    recourseRates(m).map((r) => [r.category, r.complaints, r.appealed, pct(r.appealRate), r.referredToMediator]),
  );
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
