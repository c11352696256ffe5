// Imported by the package check from a scratch ESM project with the packed tarball installed.
import * as E from 'fp-ts/lib/Either.js';
import { ComplaintService, InMemoryEventStore, decide, decodeCommand, defaultPolicy, initialState, type ComplaintCommandInput } from '@lukea/complaints';

const command: ComplaintCommandInput = {
  type: 'ReceiveComplaint',
  complaintId: '6f1c1c7e-3d5a-4c53-9a4e-0c2b8e7d1a01',
  receivedAt: '2022-01-10T09:00:00+01:00',
  channel: 'email',
  complainant: { id: 'c-1', kind: 'client', name: 'Camille' },
  category: 'billing',
  product: 'contract',
  subject: 'Double charge',
  description: 'Charged twice.',
};
const decoded = decodeCommand(command);
if (!E.isRight(decoded)) throw new Error('ESM: the sample command does not decode');
const decided = decide(decoded.right, initialState, { now: new Date('2022-01-10T10:00:00Z'), policy: defaultPolicy, actor: { id: 'a', role: 'agent' } });
if (!E.isRight(decided)) throw new Error('ESM: decide refused the sample command');
const store = new InMemoryEventStore();
const service = new ComplaintService({ store });
const result = await service.handle(command, { commandId: '00000000-0000-4000-8000-000000000001', actor: { id: 'a', role: 'agent' } });
if (result.state.answer.due !== '2022-01-25') throw new Error(`ESM: unexpected answer due ${result.state.answer.due}`);
console.log(`ESM import ok: ${result.events[0]?.event.type}, answer due ${result.state.answer.due}`);

// The EventStoreDB entry loads on its own and reports an unreachable server as a typed error.
const { EventStoreDBEventStore, redactConnectionString } = await import('@lukea/complaints/eventstoredb');
if (redactConnectionString('esdb://admin:changeit@db:2113?tls=false') !== 'esdb://db:2113?tls=false') throw new Error('ESM: redaction');
if (typeof EventStoreDBEventStore.fromConnectionString !== 'function') throw new Error('ESM: EventStoreDBEventStore missing');
console.log('ESM import of @lukea/complaints/eventstoredb ok');

// The test tools load on their own; the decider specification works without a test runner.
const testing = await import('@lukea/complaints/testing');
const received = testing.historyOf({ command, now: '2022-01-10T18:00:00+01:00', actor: { id: 'a', role: 'agent' } });
if (received[0]?.type !== 'ComplaintReceived' || typeof testing.describeEventStoreContract !== 'function') throw new Error('ESM: testing entry');
console.log('ESM import of @lukea/complaints/testing ok');

// Each layer loads on its own and works on the service's store.
const complaints = await import('@lukea/complaints');
const rootValues = Object.keys(complaints).length;
if (rootValues > 80) throw new Error(`ESM: the root entry exports ${rootValues} values (budget 80)`);
const projections = await import('@lukea/complaints/projections');
const runner = new projections.ProjectionRunner({ store: store, checkpoints: new projections.InMemoryCheckpointStore(), projection: projections.slaProjection() });
await runner.catchUp();
if (projections.overdueNow(runner.model(), '2022-03-01T00:00:00Z').length === 0) throw new Error('ESM: projections entry: the sample complaint should be overdue by March');
const audit = await import('@lukea/complaints/audit');
const entries = await audit.history(store, command.complaintId);
if (entries.length !== 1 || audit.historyAsync !== audit.history) throw new Error('ESM: audit entry');
const privacy = await import('@lukea/complaints/privacy');
const protectedStore = privacy.protectPersonalData(new InMemoryEventStore(), { keyStore: new privacy.InMemoryKeyStore() });
if (!(protectedStore instanceof privacy.ProtectedEventStore)) throw new Error('ESM: privacy entry');
const contract = await import('@lukea/complaints/contract');
if (contract.contractSchemas()[contract.METADATA_SCHEMA_FILE] === undefined) throw new Error('ESM: contract entry');
const observability = await import('@lukea/complaints/observability');
if (observability.SPAN_NAMES.handle !== 'handle') throw new Error('ESM: observability entry');
console.log(`ESM import of every entry ok (root: ${rootValues} values; projections, audit, privacy, contract, observability)`);
