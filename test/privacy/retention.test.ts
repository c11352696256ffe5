/**
 * Retention: complainants whose complaints all ended longer ago than the policy's
 * `retentionYearsAfterClosing` are crypto-shredded through the existing erasure; the run is
 * idempotent, reports what it erased and who it kept, and every analytic is the same before
 * and after.
 */
import { InMemoryCheckpointStore } from '../../src/projections/checkpointStore';
import { encodeRecurringIssues, recurringIssuesProjection } from '../../src/projections/recurring';
import { ProjectionRunner } from '../../src/projections/runner';
import { compliance, encodeSla, slaProjection } from '../../src/projections/sla';
import { ERASED } from '../../src/privacy/personalFields';
import { applyRetention } from '../../src/privacy/retention';
import { keptUntil } from '../../src/privacy/retentionPlan';
import { defaultPolicy } from '../../src/domain/policy/policy';
import type { EventStore } from '../../src/eventstore/port';
import { at, cmd } from '../domain/spec';
import { CAMILLE, DOMINIQUE, ID, OTHER_ID, fullStory, protectedWorld } from './fixtures';

// Camille's complaint (ID) was closed on 2022-03-15; Dominique's contact (OTHER_ID) requalified on 2022-04-01.
const BEFORE_CAMILLE = new Date('2025-03-15T23:59:59+01:00');
const AFTER_CAMILLE = new Date('2025-03-16T00:00:00+01:00');
const AFTER_BOTH = new Date('2025-04-02T00:00:00+02:00');

const analytics = async (store: EventStore) => {
  const sla = new ProjectionRunner({ store, checkpoints: new InMemoryCheckpointStore(), projection: slaProjection() });
  const issues = new ProjectionRunner({ store, checkpoints: new InMemoryCheckpointStore(), projection: recurringIssuesProjection() });
  await sla.catchUp();
  await issues.catchUp();
  return {
    sla: encodeSla(sla.model()),
    recurring: encodeRecurringIssues(issues.model()),
    compliance: compliance(sla.model(), { from: '2022-01-01T00:00:00Z', to: '2023-01-01T00:00:00Z' }),
  };
};

describe('the retention period', () => {
  it('ends with the local day that is N years after the local day the complaint ended; 29 February rolls to 1 March', () => {
    expect(keptUntil('2022-03-15T10:00:00+01:00', 'Europe/Paris', 3)).toBe('2025-03-15');
    expect(keptUntil('2021-12-31T23:30:00Z', 'Europe/Paris', 3)).toBe('2025-01-01'); // already 1 January in Paris
    expect(keptUntil('2020-02-29T12:00:00+01:00', 'Europe/Paris', 3)).toBe('2023-03-01');
    expect(keptUntil('2020-02-29T12:00:00+01:00', 'Europe/Paris', 4)).toBe('2024-02-29');
  });

  it('keeps a complainant to the last instant of that day, and is due for erasure from the next (dry run: nothing erased)', async () => {
    const w = await fullStory();
    const inside = await applyRetention({ store: w.store, keyStore: w.keyStore, at: BEFORE_CAMILLE, dryRun: true });
    expect(inside).toMatchObject({ years: 3, policyVersion: '2021-06-25', dryRun: true, erased: [], alreadyErased: [] });
    expect(inside.kept).toEqual([
      { complainantId: CAMILLE.id, reason: 'retention', complaintId: ID, keptUntil: '2025-03-15' },
      { complainantId: DOMINIQUE.id, reason: 'retention', complaintId: OTHER_ID, keptUntil: '2025-04-01' },
    ]);
    const after = await applyRetention({ store: w.store, keyStore: w.keyStore, at: AFTER_CAMILLE, dryRun: true });
    expect(after.erased).toEqual([
      { complainantId: CAMILLE.id, alreadyErased: false, complaints: [{ complaintId: ID, endedAt: '2022-03-15T09:00:00.000Z', endedBy: 'closed', keptUntil: '2025-03-15' }] },
    ]);
    expect((await w.service.getComplaint(ID)).complainant.name).toBe(CAMILLE.name);
  });

  it('the rule is the policy’s: a 5-year policy keeps them longer', async () => {
    const w = await fullStory();
    const five = await applyRetention({ store: w.store, keyStore: w.keyStore, at: AFTER_BOTH, policy: { ...defaultPolicy, retentionYearsAfterClosing: 5 }, dryRun: true });
    expect(five.erased).toEqual([]);
    expect(five.kept.map((k) => k.keptUntil)).toEqual(['2027-03-15', '2027-04-01']);
  });
});

describe('applying retention', () => {
  it('crypto-shreds the expired complainants (closed, or requalified), reports it, and leaves every analytic as it was', async () => {
    const w = await fullStory();
    const before = await analytics(w.store);
    const report = await applyRetention({ store: w.store, keyStore: w.keyStore, at: AFTER_BOTH });
    expect(report.dryRun).toBe(false);
    expect(report.erased.map((c) => [c.complainantId, c.complaints.map((x) => [x.complaintId, x.endedBy])])).toEqual([
      [CAMILLE.id, [[ID, 'closed']]],
      [DOMINIQUE.id, [[OTHER_ID, 'requalified']]],
    ]);
    for (const c of report.erased) expect(c).toMatchObject({ erasedKeyIds: [expect.any(String)], erasedAt: expect.any(String) });
    expect(report.kept).toEqual([]);
    const camille = await w.service.getComplaint(ID);
    expect([camille.complainant.name, camille.complainant.email, camille.subject, camille.description]).toEqual([ERASED, ERASED, ERASED, ERASED]);
    expect((await w.service.getComplaint(OTHER_ID)).complainant.name).toBe(ERASED);
    expect(await analytics(w.store)).toEqual(before);
  });

  it('is idempotent: a second run erases nothing and reports them as already erased', async () => {
    const w = await fullStory();
    await applyRetention({ store: w.store, keyStore: w.keyStore, at: AFTER_BOTH });
    const again = await applyRetention({ store: w.store, keyStore: w.keyStore, at: AFTER_BOTH });
    expect(again.erased).toEqual([]);
    expect(again.alreadyErased.map((c) => [c.complainantId, c.alreadyErased])).toEqual([
      [CAMILLE.id, true],
      [DOMINIQUE.id, true],
    ]);
  });

  it('also when the log is read without decryption: the key store then says there was nothing left to erase', async () => {
    const w = await fullStory();
    const first = await applyRetention({ store: w.inner, keyStore: w.keyStore, at: AFTER_BOTH });
    expect(first.erased).toHaveLength(2);
    const again = await applyRetention({ store: w.inner, keyStore: w.keyStore, at: AFTER_BOTH });
    expect(again).toMatchObject({ erased: [], alreadyErased: [{ complainantId: CAMILLE.id }, { complainantId: DOMINIQUE.id }] });
  });

  it('keeps a complainant who has a complaint still open, even when an older one expired: their key erases all of them', async () => {
    const w = await fullStory();
    w.set('2025-03-20T10:00:00+01:00');
    const third = '3c1e5f00-0000-4000-8000-000000000003';
    await w.service.handle({ ...cmd.receive({ receivedAt: at('2025-03-20T09:00:00+01:00'), complainant: { kind: 'client', ...CAMILLE } }), complaintId: third as never }, w.meta());
    const report = await applyRetention({ store: w.store, keyStore: w.keyStore, at: AFTER_BOTH });
    expect(report.kept).toEqual([{ complainantId: CAMILLE.id, reason: 'open', complaintId: third }]);
    expect(report.erased.map((c) => c.complainantId)).toEqual([DOMINIQUE.id]);
    expect((await w.service.getComplaint(ID)).complainant.name).toBe(CAMILLE.name);
  });

  it('never erases anyone whose complaints are all still within the period, nor a complainant of an empty store', async () => {
    const empty = protectedWorld();
    expect(await applyRetention({ store: empty.store, keyStore: empty.keyStore, at: AFTER_BOTH })).toMatchObject({ erased: [], alreadyErased: [], kept: [] });
  });
});
