/**
 * Quickstart: a written complaint's whole story on the embedded in-memory store, as in
 * Lukéa's policy — received by post, acknowledged, delayed, answered, appealed to the
 * direction, referred to the mediator, closed — printed as a timeline with statuses and
 * deadlines.
 *
 *   npm run demo
 */
import { ComplaintService, InMemoryEventStore, formatTimeline, historyAsync, pendingDeadlines, type Actor } from '../src/index';

// A clock we move by hand, so the story spans three months in a second.
let now = new Date('2022-01-11T14:00:00+01:00');
const clock = () => now;
const setNow = (iso: string) => (now = new Date(iso));

const store = new InMemoryEventStore();
const complaints = new ComplaintService({ store, clock });

const complaintId = '6f1c1c7e-3d5a-4c53-9a4e-0c2b8e7d1a01';
const ana: Actor = { id: 'ana.lopez', role: 'agent' };
const director: Actor = { id: 'dominique.roux', role: 'direction' };
let n = 0;
// Each command gets its own id: retrying it with the same id can never append twice.
const meta = (actor: Actor) => ({ commandId: `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`, actor });

async function main(): Promise<void> {
  const received = await complaints.handle(
    {
      type: 'ReceiveComplaint',
      complaintId,
      receivedAt: '2022-01-10T09:00:00+01:00', // the letter was opened on Monday, typed in on Tuesday
      channel: 'postal_mail',
      complainant: { id: 'client-42', kind: 'client', name: 'Camille Martin', email: 'camille.martin@example.fr' },
      category: 'billing',
      product: 'electricity-contract',
      subject: 'Charged twice in December',
      description: 'My December invoice was debited twice from my account.',
    },
    meta(ana),
  );
  const d = received.state;
  console.log(`Complaint ${complaintId} — ${d.form} (${d.channel}), received ${d.receivedAt}, policy ${d.policyVersion}`);
  console.log(`  acknowledgement due by the end of ${d.acknowledgement.due}, answer due by the end of ${d.answer.due} (${d.timeZone})\n`);

  await complaints.handle({ type: 'AssignComplaint', complaintId, assignee: { id: 'ana.lopez', name: 'Ana Lopez' } }, meta(ana));
  setNow('2022-01-13T10:00:00+01:00');
  await complaints.handle(
    {
      type: 'AcknowledgeComplaint',
      complaintId,
      contactPerson: { id: 'ana.lopez', name: 'Ana Lopez', email: 'ana.lopez@lukea.fr' },
      handlingSteps: 'Billing checks both debits; we answer by email.',
      expectedAnswerDate: '2022-01-24',
    },
    meta(ana),
  );
  setNow('2022-01-24T10:00:00+01:00');
  await complaints.handle(
    { type: 'DelayAnswer', complaintId, reason: 'The bank has not confirmed the second debit yet.', newAnswerDue: '2022-02-04' },
    meta(ana),
  );
  setNow('2022-02-03T16:00:00+01:00');
  await complaints.handle(
    {
      type: 'AnswerComplaint',
      complaintId,
      channel: 'email',
      facts: 'A batch rerun debited the December invoice twice.',
      decision: 'The second debit is refunded.',
      correctiveMeasures: ['Refund of the duplicate debit', 'The batch now refuses to rerun a settled invoice'],
      rootCause: 'billing-batch-rerun',
    },
    meta(ana),
  );
  setNow('2022-02-07T09:30:00+01:00');
  await complaints.handle(
    { type: 'OpenInternalAppeal', complaintId, grounds: 'unsatisfied_with_answer', statement: 'My bank charged me fees for the second debit.', channel: 'email' },
    meta(ana),
  );
  setNow('2022-02-15T11:00:00+01:00');
  await complaints.handle(
    { type: 'DecideInternalAppeal', complaintId, outcome: 'rejected', decision: 'Bank fees are outside the contract.' },
    meta(director),
  );
  setNow('2022-02-21T10:00:00+01:00');
  await complaints.handle({ type: 'ReferToMediator', complaintId }, meta(ana));
  setNow('2022-04-12T15:00:00+02:00');
  await complaints.handle(
    { type: 'ConcludeMediation', complaintId, outcome: 'settlement', summary: 'Lukéa refunds half of the bank fees.' },
    meta(ana),
  );
  const closed = await complaints.handle({ type: 'CloseComplaint', complaintId }, meta(ana));

  // The auditor's view: every event with who did it, when, and the status after it.
  console.log(formatTimeline(await historyAsync(store, complaintId)));
  const s = closed.state;
  console.log(`\nFinal status: ${s.status} (${s.closeReason})`);
  console.log(`  acknowledged ${s.acknowledgement.at} — on time: ${s.acknowledgement.onTime}`);
  console.log(`  answer due ${s.answer.originalDue}, moved to ${s.answer.due} by ${s.answer.delays.length} delay notice(s); answered ${s.answer.at} — on time: ${s.answer.onTime}`);
  console.log(`  internal appeal: ${s.appeal?.outcome}, decided ${s.appeal?.decidedAt} by ${s.appeal?.decidedBy} (target ${s.appeal?.decisionTargetDue})`);
  console.log(`  mediator: ${s.mediation?.mediator.name}, ${s.mediation?.mediator.address.street}, ${s.mediation?.mediator.address.postalCode} ${s.mediation?.mediator.address.city} — ${s.mediation?.outcome}`);
  console.log(`  missed deadlines: ${s.missedDeadlines.length}; still pending: ${pendingDeadlines(s).length}`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
