/**
 * Recurring issues: six months of complaints (October 2021 – March 2022) handled through the
 * service on the in-memory store — a steady mix of billing, metering and payment problems,
 * a burst of meter misreads in March, clients who come back, answers appealed to the
 * direction and referred to the mediator, contacts requalified as information requests, a
 * recategorisation — then the recurring-issues projection, run by the checkpointed runner,
 * answers the policy's "identifier les problèmes récurrents".
 *
 *   npx tsx examples/recurring-issues.ts
 */
import {
  ComplaintService,
  InMemoryEventStore,
  type Actor,
  type CalendarDate,
  type ComplaintCommandInput,
} from '../src/index';
import {
  InMemoryCheckpointStore,
  ProjectionRunner,
  countsByPeriod,
  pareto,
  recourseRates,
  recurringIssuesProjection,
  repeatComplainants,
  requalifiedCounts,
  spikes,
  toJson,
  type IssueDimension,
  type RecurringIssuesModel,
} from '../src/projections';
import { pct, printTable } from './table';

let now = new Date('2021-10-01T09:00:00+02:00');
const store = new InMemoryEventStore({ clock: () => now });
const service = new ComplaintService({ store, clock: () => now });
const agent: Actor = { id: 'ana.lopez', role: 'agent' };
const supervisor: Actor = { id: 'sam.leroy', role: 'supervisor' };
const director: Actor = { id: 'dominique.roux', role: 'direction' };

let n = 0;
const uuid = (prefix: string): string => `${prefix}-0000-4000-8000-${String(++n).padStart(12, '0')}`;
const run = async (when: Date, command: ComplaintCommandInput, actor: Actor = agent): Promise<void> => {
  now = when;
  await service.handle(command, { commandId: uuid('0000c0de'), actor });
};
const plusDays = (d: Date, k: number): Date => new Date(d.getTime() + k * 86_400_000);

// What goes wrong, and how often per month (before March's metering problem).
const CAUSES = [
  { category: 'billing', product: 'electricity-contract', rootCause: 'billing-batch-rerun', perMonth: 4 },
  { category: 'billing', product: 'gas-contract', rootCause: 'tariff-not-updated', perMonth: 2 },
  { category: 'metering', product: 'electricity-contract', rootCause: 'meter-misread', perMonth: 2 },
  { category: 'payments', product: 'direct-debit', rootCause: 'mandate-not-registered', perMonth: 1 },
  { category: 'customer-service', product: 'phone-line', rootCause: 'callback-not-made', perMonth: 1 },
] as const;
const CHANNELS = ['web', 'email', 'phone', 'postal_mail', 'web', 'in_person'] as const;
const MONTHS = ['2021-10', '2021-11', '2021-12', '2022-01', '2022-02', '2022-03'];

interface Plan {
  readonly receivedAt: Date;
  readonly cause: (typeof CAUSES)[number];
  readonly client: string;
  readonly appeal: boolean;
  readonly mediator: boolean;
  readonly requalify: boolean;
}

const plans = (): Plan[] => {
  const out: Plan[] = [];
  let k = 0;
  for (const month of MONTHS) {
    for (const cause of CAUSES) {
      // March: the meter-reading contractor changed, misreads jump from 2 to 9.
      const count = month === '2022-03' && cause.rootCause === 'meter-misread' ? 9 : cause.perMonth;
      for (let i = 0; i < count; i++, k++) {
        const day = 2 + ((k * 7) % 26);
        out.push({
          receivedAt: new Date(`${month}-${String(day).padStart(2, '0')}T09:00:00Z`), // 10:00 or 11:00 in Paris
          cause,
          // Three clients come back within weeks; everyone else complains once.
          client: k % 13 === 0 ? 'client-durand' : k % 17 === 0 ? 'client-petit' : k % 19 === 0 ? 'client-moreau' : `client-${k}`,
          appeal: k % 6 === 1,
          mediator: k % 12 === 1,
          requalify: k % 15 === 7,
        });
      }
    }
  }
  return out.sort((a, b) => a.receivedAt.getTime() - b.receivedAt.getTime());
};

async function handle(p: Plan, i: number): Promise<void> {
  const complaintId = uuid('5eed0001');
  await run(p.receivedAt, {
    type: 'ReceiveComplaint',
    complaintId,
    receivedAt: p.receivedAt.toISOString(),
    channel: CHANNELS[i % CHANNELS.length] ?? 'web',
    complainant: { id: p.client, kind: 'client', name: p.client },
    // A few billing complaints are first filed under the wrong category, then recategorised.
    category: i % 11 === 3 ? 'customer-service' : p.cause.category,
    product: p.cause.product,
    subject: p.cause.rootCause,
    description: `Complaint about ${p.cause.category}.`,
  });
  if (p.requalify) {
    await run(plusDays(p.receivedAt, 1), { type: 'RequalifyComplaint', complaintId, requalifiedAs: 'information_request', reason: 'Only asked for an explanation.' }, supervisor);
    return;
  }
  if (i % 11 === 3)
    await run(plusDays(p.receivedAt, 1), { type: 'RecategoriseComplaint', complaintId, category: p.cause.category, product: p.cause.product, reason: 'Filed under the wrong category.' });
  await run(plusDays(p.receivedAt, 5), {
    type: 'AnswerComplaint',
    complaintId,
    channel: 'email',
    facts: 'Facts established.',
    decision: 'Corrected.',
    correctiveMeasures: ['Corrected the account'],
    rootCause: p.cause.rootCause,
  });
  if (!p.appeal) return;
  await run(plusDays(p.receivedAt, 8), { type: 'OpenInternalAppeal', complaintId, grounds: 'unsatisfied_with_answer', statement: 'Not satisfied.', channel: 'email' });
  await run(plusDays(p.receivedAt, 15), { type: 'DecideInternalAppeal', complaintId, outcome: 'rejected', decision: 'The answer stands.' }, director);
  if (p.mediator) await run(plusDays(p.receivedAt, 20), { type: 'ReferToMediator', complaintId });
}

const byMonthTable = (m: RecurringIssuesModel, by: IssueDimension): void => {
  const counts = countsByPeriod(m, { by, period: 'month' });
  const months = [...new Set(counts.map((c) => c.period))];
  const keys = [...new Set(counts.map((c) => c.key))].sort();
  printTable(`Complaints per month by ${by}`, [by, ...months], keys.map((k) => [k, ...months.map((p) => counts.find((c) => c.period === p && c.key === k)?.count ?? 0)]));
};

async function main(): Promise<void> {
  const all = plans();
  for (const [i, p] of all.entries()) await handle(p, i);

  const runner = new ProjectionRunner({ store, checkpoints: new InMemoryCheckpointStore(), projection: recurringIssuesProjection() });
  const progress = await runner.catchUp();
  console.log(`Recurring-issues projection: ${all.length} contacts, ${progress.eventsProcessed} events folded, ${progress.problems} problems`);
  const m = runner.model();

  for (const by of ['category', 'product', 'rootCause', 'channel'] as const) byMonthTable(m, by);
  printTable('Requalified contacts per month (not complaints: counted apart)', ['month', 'count'], requalifiedCounts(m, { period: 'month' }).map((r) => [r.period, r.count]));

  const sixMonths = { from: '2021-10-01' as CalendarDate, to: '2022-04-01' as CalendarDate };
  printTable(
    'Pareto of root causes, October–March',
    ['root cause', 'count', 'share', 'cumulative'],
    pareto(m, { by: 'rootCause', range: sixMonths }).map((r) => [r.key, r.count, pct(r.share), pct(r.cumulativeShare)]),
  );
  printTable(
    'Spikes, January–March (month against the mean of the 3 months before; Poisson p < 0.01, count ≥ 3)',
    ['month', 'root cause', 'count', 'baseline', 'p-value'],
    spikes(m, { by: 'rootCause', period: 'month', window: 3, range: { from: '2022-01-01' as CalendarDate, to: '2022-04-01' as CalendarDate } }).map((s) => [
      s.period, s.key, s.count, s.baseline.toFixed(2), s.pValue.toExponential(2),
    ]),
  );
  const repeats = repeatComplainants(m, { windowDays: 90 });
  printTable(
    'Clients with 2 or more complaints within 90 days',
    ['client', 'most in 90 days', 'complaints'],
    repeats.complainants.map((c) => [c.complainantId, c.maxInWindow, c.complaintIds.length]),
  );
  const rates = recourseRates(m, sixMonths);
  printTable(
    'Recourse rates by category',
    ['category', 'complaints', 'internal appeal', 'rate', 'mediator', 'rate'],
    rates.map((r) => [r.category, r.complaints, r.appealed, pct(r.appealRate), r.referredToMediator, pct(r.mediatorRate)]),
  );
  console.log('\nThe same rates as JSON (toJson), first row:');
  console.log(toJson(rates.slice(0, 1)).trimEnd());
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
