/**
 * SLA report: a month of complaints handled through the service on the in-memory store —
 * on time, late, delayed, a verbal complaint (no acknowledgement due), a written one
 * answered so fast its acknowledgement is waived, a requalified contact, deadlines that fall
 * on the night the clocks go forward — then the SLA projection, run by the checkpointed
 * runner, answers: what is overdue now, what falls due soon, what was breached in March,
 * and compliance per channel, urgency and assignee.
 *
 *   npx tsx examples/sla-report.ts
 */
import {
  ComplaintService,
  InMemoryEventStore,
  type Actor,
  type ComplaintCommandInput,
} from '../src/index';
import {
  InMemoryCheckpointStore,
  ProjectionRunner,
  breachesIn,
  compliance,
  dueWithin,
  overdueNow,
  slaProjection,
  toCsv,
  watchDeadlines,
  type ComplianceRow,
} from '../src/projections';
import { days, pct, printTable, utc } from './table';

let now = new Date('2022-03-01T09:00:00+01:00');
const store = new InMemoryEventStore({ clock: () => now });
const service = new ComplaintService({ store, clock: () => now });
const agent: Actor = { id: 'ana.lopez', role: 'agent' };
const supervisor: Actor = { id: 'sam.leroy', role: 'supervisor' };

let n = 0;
const uuid = (prefix: string): string => `${prefix}-0000-4000-8000-${String(++n).padStart(12, '0')}`;

/** Runs a command as of `when` (Paris local time with its offset). */
const at = async (when: string, command: ComplaintCommandInput, actor: Actor = agent): Promise<void> => {
  now = new Date(when);
  await service.handle(command, { commandId: uuid('0000c0de'), actor });
};

type Channel = 'web' | 'email' | 'postal_mail' | 'phone';
const receive = async (when: string, channel: Channel, over: Partial<{ urgency: 'low' | 'normal' | 'high' | 'critical'; category: string; client: string }> = {}): Promise<string> => {
  const complaintId = uuid('5eed0001');
  await at(when, {
    type: 'ReceiveComplaint',
    complaintId,
    receivedAt: when,
    channel,
    complainant: { id: over.client ?? `client-${n}`, kind: 'client', name: `Client ${n}` },
    category: over.category ?? 'billing',
    product: 'electricity-contract',
    subject: 'Invoice dispute',
    description: 'The client disputes an invoice.',
    ...(over.urgency === undefined ? {} : { urgency: over.urgency }),
  });
  return complaintId;
};
const assign = (when: string, complaintId: string, who: string) => at(when, { type: 'AssignComplaint', complaintId, assignee: { id: who, name: who } });
const acknowledge = async (when: string, complaintId: string) =>
  at(when, {
    type: 'AcknowledgeComplaint',
    complaintId,
    contactPerson: { id: 'ana.lopez', name: 'Ana Lopez', email: 'ana.lopez@lukea.fr' },
    handlingSteps: 'Billing checks the invoice; we answer by email.',
    expectedAnswerDate: (await service.getComplaint(complaintId)).answer.due, // the answer deadline itself
  });
const answer = (when: string, complaintId: string) =>
  at(when, { type: 'AnswerComplaint', complaintId, channel: 'email', facts: 'Checked.', decision: 'Corrected.', correctiveMeasures: ['Invoice corrected'], rootCause: 'meter-misread' });

async function main(): Promise<void> {
  // 1. On time: acknowledged in 2 days, answered in 10.
  const onTime = await receive('2022-03-01T10:00:00+01:00', 'email');
  await assign('2022-03-01T11:00:00+01:00', onTime, 'ana.lopez');
  await acknowledge('2022-03-03T10:00:00+01:00', onTime);
  await answer('2022-03-11T10:00:00+01:00', onTime);
  // 2. Late on both: acknowledged on day 9, answered on day 18.
  const late = await receive('2022-03-02T10:00:00+01:00', 'web');
  await assign('2022-03-02T11:00:00+01:00', late, 'bob.martin');
  await acknowledge('2022-03-11T10:00:00+01:00', late);
  await answer('2022-03-20T10:00:00+01:00', late);
  // 3. Delayed by an explanatory email before the deadline, answered by the new date.
  const delayed = await receive('2022-03-03T09:30:00+01:00', 'postal_mail');
  await assign('2022-03-03T10:00:00+01:00', delayed, 'bob.martin');
  await acknowledge('2022-03-04T10:00:00+01:00', delayed);
  await at('2022-03-16T10:00:00+01:00', { type: 'DelayAnswer', complaintId: delayed, reason: 'Waiting for the meter reading.', newAnswerDue: '2022-03-25' });
  await answer('2022-03-24T15:00:00+01:00', delayed);
  // 4. Verbal (phone): no acknowledgement is due; answered in 4 days.
  const verbal = await receive('2022-03-07T14:00:00+01:00', 'phone');
  await assign('2022-03-07T14:05:00+01:00', verbal, 'ana.lopez');
  await answer('2022-03-11T09:00:00+01:00', verbal);
  // 5. Written, answered on day 2: the answer stands in for the acknowledgement (waived).
  const waived = await receive('2022-03-08T10:00:00+01:00', 'email', { urgency: 'high' });
  await answer('2022-03-10T10:00:00+01:00', waived);
  // 6. Not a complaint: requalified as an information request, its clocks stop.
  const requalified = await receive('2022-03-09T10:00:00+01:00', 'web');
  await at('2022-03-09T15:00:00+01:00', { type: 'RequalifyComplaint', complaintId: requalified, requalifiedAs: 'information_request', reason: 'Asked how to read the bill.' }, supervisor);
  // 7. Critical, answered on day 3: the 2-day urgency target is missed, the answer is on time.
  const critical = await receive('2022-03-10T08:00:00+01:00', 'phone', { urgency: 'critical' });
  await assign('2022-03-10T08:10:00+01:00', critical, 'bob.martin');
  await answer('2022-03-13T12:00:00+01:00', critical);
  // 8. Answered, then appealed to the direction: the decision target runs.
  const appealed = await receive('2022-03-11T10:00:00+01:00', 'email');
  await answer('2022-03-15T10:00:00+01:00', appealed);
  await at('2022-03-17T10:00:00+01:00', { type: 'OpenInternalAppeal', complaintId: appealed, grounds: 'unsatisfied_with_answer', statement: 'The correction is wrong.', channel: 'email' });
  // 9–10. Received on Sunday 20 March: acknowledgement due Sunday 27, the night Paris moves to
  // summer time (falls due at 22:00Z, not 23:00Z); one acknowledged, one never.
  const dstAcked = await receive('2022-03-20T11:00:00+01:00', 'web', { category: 'metering' });
  await acknowledge('2022-03-27T20:00:00+02:00', dstAcked);
  const dstOpen = await receive('2022-03-20T12:00:00+01:00', 'email', { category: 'metering' });
  await assign('2022-03-21T09:00:00+01:00', dstOpen, 'ana.lopez');
  // 11–12. Still open, acknowledged, answer due in the next days.
  const soon1 = await receive('2022-03-15T16:00:00+01:00', 'web', { category: 'metering' });
  await acknowledge('2022-03-16T09:00:00+01:00', soon1);
  const soon2 = await receive('2022-03-16T10:00:00+01:00', 'postal_mail');
  await acknowledge('2022-03-18T09:00:00+01:00', soon2);

  // The report runs on Monday 28 March, 09:00 in Paris (07:00Z, summer time).
  const reportAt = new Date('2022-03-28T09:00:00+02:00');
  const runner = new ProjectionRunner({ store, checkpoints: new InMemoryCheckpointStore(), projection: slaProjection(), pageSize: 10, batchSize: 20 });
  const progress = await runner.catchUp();
  console.log(`SLA projection: ${progress.eventsProcessed} events folded, checkpoint at commit ${progress.position?.commit}, ${progress.problems} problems`);
  const m = runner.model();
  const name = new Map([
    [onTime, 'on-time'], [late, 'late'], [delayed, 'delayed'], [verbal, 'verbal'], [waived, 'ack-waived'], [requalified, 'requalified'],
    [critical, 'critical'], [appealed, 'appealed'], [dstAcked, 'dst-acked'], [dstOpen, 'dst-open'], [soon1, 'open-1'], [soon2, 'open-2'],
  ]);
  const who = (id: string): string => name.get(id) ?? id;

  printTable(`Overdue now (${utc(reportAt)})`, ['complaint', 'deadline', 'due (Paris)', 'fell due at', 'miss recorded'],
    overdueNow(m, reportAt).map((d) => [who(d.complaintId), d.deadline, d.due, utc(d.dueAt), d.missRecorded ? 'yes' : 'no']));
  printTable('Due within 3 days (not yet overdue)', ['complaint', 'deadline', 'due (Paris)', 'falls due at'],
    dueWithin(m, reportAt, 3).map((d) => [who(d.complaintId), d.deadline, d.due, utc(d.dueAt)]));
  // A breach period should end by now: a deadline still pending at the period's end counts as missed.
  printTable('Breaches that fell due from 1 March (Paris) to the report', ['complaint', 'deadline', 'due', 'done at'],
    breachesIn(m, '2022-03-01T00:00:00+01:00', reportAt).map((b) => [who(b.complaintId), b.deadline, b.due, b.doneAt === undefined ? 'not done' : utc(b.doneAt)]));

  const row = (r: ComplianceRow) => [
    r.group, r.complaints, r.requalified, pct(r.acknowledgements.share), r.acknowledgements.waived, pct(r.answers.share), r.answers.pending,
    r.answeredWithinWeek, r.answeredWithin15Days, r.answeredLater, r.stillOpen, days(r.timeToAnswer.medianMs), days(r.timeToAnswer.p90Ms),
  ];
  const head = ['group', 'complaints', 'requal.', 'ack on time', 'waived', 'answer on time', 'pending', '≤7d', '8–15d', '>15d', 'open', 'median', 'p90'];
  const march = { from: '2022-03-01T00:00:00+01:00', to: '2022-04-01T00:00:00+02:00', now: reportAt };
  for (const groupBy of ['channel', 'urgency', 'assignee', 'all'] as const)
    printTable(`Compliance of complaints received in March${groupBy === 'all' ? '' : `, by ${groupBy}`} (as of the report)`, head, compliance(m, { ...march, groupBy }).map(row));

  // The deadline watcher records each overdue deadline once (deterministic command ids).
  now = reportAt;
  const first = await watchDeadlines({ service, model: m, now: reportAt, actor: { id: 'deadline-watcher', role: 'system' } });
  await runner.catchUp();
  const second = await watchDeadlines({ service, model: runner.model(), now: reportAt });
  console.log(`
Deadline watcher: first run ${first.map((o) => `${who(o.deadline.complaintId)} ${o.deadline.deadline} → ${o.result}`).join(', ')}; second run sends ${second.length} command(s)`);

  console.log('\nThe overdue list as CSV (toCsv), for a spreadsheet:');
  process.stdout.write(toCsv(overdueNow(m, reportAt).map((d) => ({ ...d, complaintId: who(d.complaintId) }))));
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
