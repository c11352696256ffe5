// Required by the package check from a scratch CommonJS project with the packed tarball installed.
import complaints = require('@lukea/complaints');
import testing = require('@lukea/complaints/testing');

const service = new complaints.ComplaintService({ store: new complaints.InMemoryEventStore() });
service
  .handle(
    {
      type: 'ReceiveComplaint',
      complaintId: '6f1c1c7e-3d5a-4c53-9a4e-0c2b8e7d1a01',
      receivedAt: '2022-01-10T09:00:00+01:00',
      channel: 'phone',
      complainant: { id: 'c-1', kind: 'partner', name: 'Atelier Durand' },
      category: 'delivery',
      product: 'meter',
      subject: 'Late meter',
      description: 'The meter was installed late.',
    },
    { commandId: '00000000-0000-4000-8000-000000000002', actor: { id: 'a', role: 'agent' } },
  )
  .then((result: complaints.HandleResult) => {
    if (result.state.acknowledgement.due !== null) throw new Error('CJS: a verbal complaint should owe no acknowledgement');
    console.log(`CJS require ok: ${result.state.form}, policy ${complaints.defaultPolicy.version}`);
  })
  .catch((e: unknown) => {
    console.error(e);
    process.exitCode = 1;
  });

// The test tools load on their own.
if (typeof testing.describeEventStoreContract !== 'function' || typeof testing.FaultInjectingEventStore !== 'function') throw new Error('CJS: testing entry');
console.log('CJS require of @lukea/complaints/testing ok');

// Each layer's entry loads on its own under require.
import projections = require('@lukea/complaints/projections');
import audit = require('@lukea/complaints/audit');
import privacy = require('@lukea/complaints/privacy');
import contract = require('@lukea/complaints/contract');
import observability = require('@lukea/complaints/observability');

if (typeof projections.ProjectionRunner !== 'function' || typeof projections.slaProjection().apply !== 'function') throw new Error('CJS: projections entry');
if (typeof audit.history !== 'function' || typeof audit.historyTE !== 'function' || audit.exportStreamsAsync !== audit.exportStreams) throw new Error('CJS: audit entry');
if (typeof privacy.protectPersonalData !== 'function' || typeof privacy.InMemoryKeyStore !== 'function') throw new Error('CJS: privacy entry');
if (contract.contractSchemas()[contract.METADATA_SCHEMA_FILE] === undefined) throw new Error('CJS: contract entry');
if (observability.SPAN_NAMES.handle !== 'handle') throw new Error('CJS: observability entry');
console.log('CJS require of every entry ok (projections, audit, privacy, contract, observability)');
