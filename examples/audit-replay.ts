/**
 * Audit replay: a short complaint story on the in-memory store, then what an auditor sees —
 * the timeline, the state as the records stood at three instants, an NDJSON export with its
 * hash chain, signed with an Ed25519 key, verified against the public key, restored into an
 * empty store, and a tampered copy refused — even when the tamperer recomputes every hash.
 *
 *   npx tsx examples/audit-replay.ts
 */
import { generateKeyPairSync } from 'node:crypto';
import { mkdtemp, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ComplaintService, InMemoryEventStore, type Actor } from '../src/index';
import { history, stateAsOf } from '../src/audit/history';
import { exportStreams, importStreams, verifyExport } from '../src/audit/ndjson';
import { formatTimeline, localDateTime } from '../src/audit/timeline';
import { hashLine } from '../src/audit/exportLine';

// One clock we move by hand: the service's recorded-at and the store's createdAt.
let now = new Date('2022-01-11T14:00:00+01:00');
const clock = () => now;
const setNow = (iso: string) => (now = new Date(iso));

const store = new InMemoryEventStore({ clock });
const complaints = new ComplaintService({ store, clock });

const complaintId = '6f1c1c7e-3d5a-4c53-9a4e-0c2b8e7d1a01';
const ana: Actor = { id: 'ana.lopez', role: 'agent' };
const watcher: Actor = { id: 'deadline-watcher', role: 'system' };
let n = 0;
const meta = (actor: Actor) => ({ commandId: `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`, actor });

async function story(): Promise<void> {
  // The letter arrived on Monday; it was typed in on Tuesday afternoon.
  await complaints.handle(
    {
      type: 'ReceiveComplaint',
      complaintId,
      receivedAt: '2022-01-10T09:00:00+01:00',
      channel: 'postal_mail',
      complainant: { id: 'client-42', kind: 'client', name: 'Camille Martin', email: 'camille.martin@example.fr' },
      category: 'billing',
      product: 'electricity-contract',
      subject: 'Charged twice in December',
      description: 'My December invoice was debited twice from my account.',
    },
    meta(ana),
  );
  await complaints.handle({ type: 'AssignComplaint', complaintId, assignee: { id: 'ana.lopez', name: 'Ana Lopez' } }, meta(ana));
  setNow('2022-01-18T08:00:00+01:00');
  await complaints.handle({ type: 'RecordDeadlineMissed', complaintId, deadline: 'acknowledgement' }, meta(watcher));
  setNow('2022-01-18T10:00:00+01:00');
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
  await complaints.handle({ type: 'DelayAnswer', complaintId, reason: 'The bank has not confirmed the second debit yet.', newAnswerDue: '2022-02-04' }, meta(ana));
  setNow('2022-02-03T16:00:00+01:00');
  await complaints.handle(
    {
      type: 'AnswerComplaint',
      complaintId,
      channel: 'email',
      facts: 'A batch rerun debited the December invoice twice.',
      decision: 'The second debit is refunded.',
      correctiveMeasures: ['Refund of the duplicate debit'],
      rootCause: 'billing-batch-rerun',
    },
    meta(ana),
  );
  await complaints.handle({ type: 'CloseComplaint', complaintId }, meta(ana));
}

async function main(): Promise<void> {
  await story();

  console.log('— Timeline —');
  console.log(formatTimeline(await history(store, complaintId)));

  console.log('— As the records stood —');
  for (const instant of ['2022-01-10T18:00:00+01:00', '2022-01-20T12:00:00+01:00', '2022-02-01T12:00:00+01:00']) {
    const { state, eventCount } = await stateAsOf(store, complaintId, instant);
    const detail = state.status === 'none' ? 'not yet recorded (the letter was typed in the next day)' : `answer due ${state.answer.due}, missed deadlines: ${state.missedDeadlines.length}`;
    console.log(`  ${localDateTime(instant, 'Europe/Paris')} Paris: ${state.status} after ${eventCount} event(s) — ${detail}`);
  }

  const file = join(await mkdtemp(join(tmpdir(), 'lukea-audit-')), 'complaints.ndjson');
  // The audit team's signing key: in production the private key stays with whoever makes
  // exports (docs/audit-replay.md, "Key custody"); verifiers hold only the public key.
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  await writeFile(file, await exportStreams(store, [complaintId], { sign: { privateKey } }));
  const text = await readFile(file, 'utf8');
  const verified = verifyExport(text, { publicKeys: [publicKey] });
  if (verified._tag === 'Left') throw new Error(`the fresh export does not verify: ${verified.left.reason}`);
  const signature = verified.right.signature;
  console.log(`\n— Export —\n  ${file}: ${verified.right.lines.length} lines, head hash ${verified.right.head.slice(0, 16)}…, verified`);
  console.log(`  signed by key ${signature?.keyId.slice(0, 16)}… at ${signature?.signedAt}: signature verified ${signature?.verified}`);

  const restored = new InMemoryEventStore();
  const imported = await importStreams(restored, text);
  const again = await importStreams(restored, text);
  const same = JSON.stringify(await new ComplaintService({ store: restored }).getComplaint(complaintId)) === JSON.stringify(await complaints.getComplaint(complaintId));
  console.log(`  imported into an empty store: ${imported.appended} events; imported again: ${again.appended} more; same state: ${same}`);

  // Someone edits the acknowledgement line to make it look on time.
  const lines = text.trimEnd().split('\n');
  const index = lines.findIndex((l) => l.includes('"type":"ComplaintAcknowledged"'));
  lines[index] = (lines[index] ?? '').replace('"onTime":false', '"onTime":true');
  const tampered = verifyExport(`${lines.join('\n')}\n`, { publicKeys: [publicKey] });
  console.log(
    tampered._tag === 'Left' && tampered.left._tag === 'InvalidExport'
      ? `  tampered copy: line ${tampered.left.line} is ${tampered.left.fault} — ${tampered.left.reason}`
      : '  tampered copy: NOT detected',
  );
  // A careful tamperer recomputes every hash after the edit: the chain is intact again, but
  // the signed trailer names the old head hash, and they cannot sign a new one.
  let prevHash = '0'.repeat(64);
  const rehashed = lines.map((l) => {
    if (l.startsWith('{"signature"')) return l;
    const { hash: _old, ...content } = JSON.parse(l) as Parameters<typeof hashLine>[0] & { hash: string };
    const line = { ...content, prevHash };
    prevHash = hashLine(line);
    return JSON.stringify({ ...line, hash: prevHash });
  });
  const forged = verifyExport(`${rehashed.join('\n')}\n`, { publicKeys: [publicKey] });
  console.log(
    forged._tag === 'Left' && forged.left._tag === 'InvalidSignature'
      ? `  re-hashed copy: refused (${forged.left.problem}) — ${forged.left.reason}`
      : '  re-hashed copy: NOT detected',
  );
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
