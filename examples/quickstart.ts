/**
 * Quickstart: a written complaint's whole story on the embedded in-memory store, as in
 * Lukéa's policy — received by post, acknowledged, delayed, answered, appealed to the
 * direction, referred to the mediator, closed — printed as a timeline with statuses and
 * deadlines.
 *
 *   npm run demo
 *
 * The story itself is in src/cli/demo.ts (`recordDemo`), the same one `complaints demo`
 * exports: each step is one `complaints.handle(command, { commandId, actor })` call with a
 * clock moved by hand, so three months pass in a second. Two more complaints (a phone one
 * and a web one, both left open) are recorded beside it for the CLI's reports.
 */
import { pendingDeadlines } from '../src/index';
import { formatTimeline, history } from '../src/audit';
import { recordDemo } from '../src/cli/demo';

async function main(): Promise<void> {
  const { store, complaintIds, story } = await recordDemo();
  const complaintId = complaintIds[0];
  const d = story.received;
  console.log(`Complaint ${complaintId} — ${d.form} (${d.channel}), received ${d.receivedAt}, policy ${d.policyVersion}`);
  console.log(`  acknowledgement due by the end of ${d.acknowledgement.due}, answer due by the end of ${d.answer.due} (${d.timeZone})\n`);

  // The auditor's view: every event with who did it, when, and the status after it.
  console.log(formatTimeline(await history(store, complaintId)));
  const s = story.closed;
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
