/**
 * Erasure on request (GDPR): complainants' personal data is encrypted with a key of their
 * own, held outside the event stream; destroying the key erases the data everywhere, while
 * the history, the deadlines and the analytics stay.
 *
 *   npx tsx examples/erasure.ts
 */
import { ComplaintService, InMemoryEventStore, type Actor } from '../src/index';
import {
  InMemoryCheckpointStore,
  ProjectionRunner,
  overdueNow,
  slaProjection,
} from '../src/projections';
import { exportStreams, formatTimeline, history } from '../src/audit';
import { InMemoryKeyStore, eraseComplainant, protectPersonalData } from '../src/privacy';

let now = new Date('2022-01-11T14:00:00+01:00');
const clock = () => now;

// 1. The event store, wrapped: personal fields are encrypted per complainant on append,
//    decrypted on every read. Everything above it (service, audit, projections) is unchanged.
const inner = new InMemoryEventStore();
const keyStore = new InMemoryKeyStore({ clock }); // production: a durable key store (KMS/HSM) behind the KeyStore port
const store = protectPersonalData(inner, { keyStore });
// A protected store says its reads may change (readsMayChange): the service keeps no states
// in memory that could outlive an erasure (docs/security.md).
const complaints = new ComplaintService({ store, clock });

const complaintId = '6f1c1c7e-3d5a-4c53-9a4e-0c2b8e7d1a01';
const ana: Actor = { id: 'ana.lopez', role: 'agent' };
let n = 0;
const meta = (actor: Actor) => ({ commandId: `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`, actor });

async function main(): Promise<void> {
  await complaints.handle(
    {
      type: 'ReceiveComplaint',
      complaintId,
      receivedAt: '2022-01-10T09:00:00+01:00',
      channel: 'postal_mail',
      complainant: { id: 'client-42', kind: 'client', name: 'Camille Martin', email: 'camille.martin@example.fr', postalAddress: '12 rue des Lilas, 69003 Lyon' },
      category: 'billing',
      product: 'electricity-contract',
      subject: 'Charged twice in December',
      description: 'My December invoice was debited twice from my account.',
    },
    meta(ana),
  );
  now = new Date('2022-01-13T10:00:00+01:00');
  await complaints.handle(
    { type: 'LogClientContact', complaintId, direction: 'inbound', channel: 'phone', summary: 'Camille called: the second debit left her overdrawn.' },
    meta(ana),
  );

  // 2. What the event store really holds: ciphertext envelopes, labels and dates in clear.
  const [stored] = await inner.readStream(`complaint-${complaintId}`, { maxCount: 1 });
  console.log('Stored in the event store:');
  console.log(`  ${JSON.stringify(stored?.data, null, 2).split('\n').join('\n  ')}\n`);

  // 3. Read through the protected store: the service sees plaintext.
  const before = await complaints.getComplaint(complaintId);
  console.log(`Before erasure: ${before.complainant.name} <${before.complainant.email}> — "${before.subject}" (${before.status}, answer due ${before.answer.due})\n`);

  // 4. Camille asks for her data to be erased: destroy her key.
  const receipt = await eraseComplainant(keyStore, 'client-42');
  console.log(`Erased ${receipt.erasedKeyIds.length} key(s) of ${receipt.subjectId} at ${receipt.erasedAt.toISOString()}\n`);

  // 5. Every read path now shows [erased]; statuses, deadlines and analytics are unchanged.
  const after = await complaints.getComplaint(complaintId);
  console.log(`After erasure:  ${after.complainant.name} <${after.complainant.email}> — "${after.subject}" (${after.status}, answer due ${after.answer.due})\n`);
  console.log(formatTimeline(await history(store, complaintId)));
  const exported = await exportStreams(store, [complaintId]);
  console.log(`\nThe audit export mentions Camille: ${exported.includes('Camille')}`);
  const sla = new ProjectionRunner({ store, checkpoints: new InMemoryCheckpointStore(), projection: slaProjection() });
  await sla.catchUp();
  console.log(`Overdue on 2022-02-01: ${overdueNow(sla.model(), '2022-02-01T12:00:00+01:00').map((d) => `${d.deadline} (due ${d.due})`).join(', ')}`);
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
