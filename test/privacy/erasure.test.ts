/**
 * Crypto-shredding end to end: a protected store reads exactly like a plain one, holds no
 * plaintext, and after an erasure every personal field of that complainant reads `[erased]`
 * everywhere while statuses, deadlines and analytics stay what they were.
 */
import * as E from 'fp-ts/lib/Either.js';
import { ComplaintService } from '../../src/application/complaintService';
import type { StoredComplaintEvent } from '../../src/stream/decodeStream';
import { history } from '../../src/audit/history';
import { exportStreams, importStreams, verifyExport } from '../../src/audit/ndjson';
import { formatTimeline } from '../../src/audit/timeline';
import type { ComplaintEvent } from '../../src/domain/events';
import { fold } from '../../src/domain/evolve';
import { pendingDeadlines } from '../../src/domain/pendingDeadlines';
import { InMemoryEventStore } from '../../src/eventstore/inMemory/inMemoryEventStore';
import type { EventStore, JsonValue } from '../../src/eventstore/port';
import { InMemoryCheckpointStore } from '../../src/projections/checkpointStore';
import { encodeRecurringIssues, recurringIssuesProjection, repeatComplainants } from '../../src/projections/recurring';
import { ProjectionRunner } from '../../src/projections/runner';
import { compliance, encodeSla, slaProjection } from '../../src/projections/sla';
import { mapFields } from '../../src/privacy/fieldPaths';
import { ERASED, PERSONAL_FIELDS, eraseComplainant, eraseComplainantTE } from '../../src/privacy/index';
import { agent, at, cmd } from '../domain/spec';
import { CAMILLE, DOMINIQUE, ID, OTHER_ID, SECRETS, camillesPlaintexts, fullStory, json, protectedWorld } from './fixtures';

/** The events with every personal field replaced by `[erased]`: what an erased complaint must read as. */
const erasedCopy = async (events: readonly StoredComplaintEvent[]): Promise<ComplaintEvent[]> => {
  const out: ComplaintEvent[] = [];
  for (const e of events) {
    const data = await mapFields(e.event.data as unknown as JsonValue, PERSONAL_FIELDS[e.event.type], async (_f, v) => (typeof v === 'string' ? ERASED : v));
    out.push({ ...e.event, data } as ComplaintEvent);
  }
  return out;
};

const projections = async (store: EventStore) => {
  const sla = new ProjectionRunner({ store, checkpoints: new InMemoryCheckpointStore(), projection: slaProjection() });
  const recurring = new ProjectionRunner({ store, checkpoints: new InMemoryCheckpointStore(), projection: recurringIssuesProjection() });
  await sla.catchUp();
  await recurring.catchUp();
  expect([...sla.problems(), ...recurring.problems()]).toEqual([]);
  return { sla: encodeSla(sla.model()), recurring: encodeRecurringIssues(recurring.model()), slaModel: sla.model(), recurringModel: recurring.model() };
};

const containsAny = (text: string, secrets: readonly string[]): string[] => secrets.filter((s) => text.includes(s));

describe('a protected store reads exactly like a plain one', () => {
  it('state, stream, history, timeline, NDJSON export and projections are identical to the unprotected story', async () => {
    const plain = await fullStory(protectedWorld(undefined, { protect: false }));
    const safe = await fullStory();
    for (const id of [ID, OTHER_ID]) {
      expect(await safe.service.getComplaint(id)).toEqual(await plain.service.getComplaint(id));
      expect(await safe.service.listStream(id)).toEqual(await plain.service.listStream(id));
      const [h1, h2] = [await history(safe.store, id), await history(plain.store, id)];
      expect(h1).toEqual(h2);
      expect(formatTimeline(h1)).toBe(formatTimeline(h2));
    }
    expect(await exportStreams(safe.store, [ID, OTHER_ID])).toBe(await exportStreams(plain.store, [ID, OTHER_ID]));
    const [p1, p2] = [await projections(safe.store), await projections(plain.store)];
    expect(p1.sla).toEqual(p2.sla);
    expect(p1.recurring).toEqual(p2.recurring);
  });

  it('the inner store never holds a personal plaintext, but keeps ids, dates, statuses and labels readable', async () => {
    const w = await fullStory();
    const raw = json(await w.inner.readAll({ maxCount: 10_000 }));
    expect(containsAny(raw, [...camillesPlaintexts(), DOMINIQUE.name, DOMINIQUE.email])).toEqual([]);
    for (const clear of ['client-42', 'client-77', 'payments', 'direct-debit', 'critical', '2022-01-10T09:00:00+01:00', 'MED-2022-0042', 'Ana Lopez', 'ComplaintAnswered'])
      expect(raw).toContain(clear);
    expect(raw).toContain('"name":"pd1.');
  });

  it('the same plaintext encrypts differently every time (random IV), even in the same event', async () => {
    const w = protectedWorld();
    await w.service.handle(cmd.receive({ subject: 'same text', description: 'same text' }), w.meta());
    const [received] = await w.inner.readStream(`complaint-${ID}`);
    const data = received?.data as { subject: string; description: string };
    expect(data.subject).not.toBe(data.description);
    expect((await w.service.getComplaint(ID)).subject).toBe('same text');
  });
});

describe('erasing a complainant', () => {
  it('turns every personal field into [erased] in state, stream, history, timeline and export', async () => {
    const w = await fullStory();
    const before = await w.service.listStream(ID);
    const stateBefore = await w.service.getComplaint(ID);
    const receipt = await eraseComplainant(w.keyStore, CAMILLE.id);
    expect(receipt).toMatchObject({ subjectId: CAMILLE.id, nothingToErase: false });
    expect(receipt.erasedKeyIds).toHaveLength(1);

    const expected = await erasedCopy(before);
    const after = await w.service.listStream(ID);
    expect(after.map((e) => e.event)).toEqual(expected);
    expect(after.map((e) => ({ ...e, event: null }))).toEqual(before.map((e) => ({ ...e, event: null })));
    const state = await w.service.getComplaint(ID);
    expect(state).toEqual(fold(expected));
    expect(state.complainant).toEqual({ kind: 'client', id: CAMILLE.id, name: ERASED, email: ERASED, phone: ERASED, postalAddress: ERASED });
    expect([state.subject, state.description]).toEqual([ERASED, ERASED]);
    // What deadlines and statuses run on is untouched.
    const clocks = (c: typeof state) => [c.status, c.receivedAt, c.category, c.product, c.urgency, c.urgencyTargetDue, c.missedDeadlines, c.closedAt, c.closeReason, c.acknowledgement.due, c.answer.due, c.answer.originalDue, c.answer.at, c.answer.onTime, c.answer.rootCause, c.answer.delays.map((d) => d.newAnswerDue), c.appeal?.decisionTargetDue, c.appeal?.outcome, c.mediation?.referredAt, c.mediation?.outcome];
    expect(clocks(state)).toEqual(clocks(stateBefore));
    expect(pendingDeadlines(state)).toEqual(pendingDeadlines(stateBefore));

    const entries = await history(w.store, ID);
    expect(entries.map((e) => e.event)).toEqual(expected);
    expect(entries.map((e) => e.state.status)).toEqual((await history(w.store, ID)).map((e) => e.state.status));
    const timeline = formatTimeline(entries);
    expect(timeline).toContain(ERASED);
    expect(containsAny(timeline, camillesPlaintexts())).toEqual([]);

    const exported = await exportStreams(w.store, [ID]);
    expect(containsAny(exported, camillesPlaintexts())).toEqual([]);
    expect(E.isRight(verifyExport(exported))).toBe(true);
    expect(exported.split('\n').filter(Boolean)).toHaveLength(before.length);
  });

  it('leaves statuses, deadlines and the SLA and recurring-issue projections exactly as they were', async () => {
    const w = await fullStory();
    const statuses = async () => Promise.all([ID, OTHER_ID].map(async (id) => (await history(w.store, id)).map((e) => [e.state.status, e.state.answer.due, e.state.acknowledgement.due, e.state.urgencyTargetDue, e.occurredAt])));
    const [statusesBefore, projectionsBefore] = [await statuses(), await projections(w.store)];
    await eraseComplainant(w.keyStore, CAMILLE.id);
    const [statusesAfter, projectionsAfter] = [await statuses(), await projections(w.store)];
    expect(statusesAfter).toEqual(statusesBefore);
    // The read models (and so their saved checkpoints) never held a personal field: nothing to rebuild.
    expect(containsAny(json(projectionsBefore.sla) + json(projectionsBefore.recurring), camillesPlaintexts())).toEqual([]);
    expect(projectionsAfter.sla).toEqual(projectionsBefore.sla);
    expect(projectionsAfter.recurring).toEqual(projectionsBefore.recurring);
    const range = { from: '2022-01-01T00:00:00Z', to: '2023-01-01T00:00:00Z', groupBy: 'month' } as const;
    expect(compliance(projectionsAfter.slaModel, range)).toEqual(compliance(projectionsBefore.slaModel, range));
    expect(compliance(projectionsAfter.slaModel, range).length).toBeGreaterThan(0);
    expect(repeatComplainants(projectionsAfter.recurringModel, { minComplaints: 1 })).toEqual(repeatComplainants(projectionsBefore.recurringModel, { minComplaints: 1 }));
  });

  it('keys are per complainant: erasing one leaves the others readable', async () => {
    const w = await fullStory();
    await eraseComplainant(w.keyStore, CAMILLE.id);
    const other = await w.service.getComplaint(OTHER_ID);
    expect(other.complainant).toEqual({ kind: 'client', ...DOMINIQUE });
    expect(other.subject).toBe('Late meter reading');
    expect((await w.service.getComplaint(ID)).complainant.name).toBe(ERASED);
  });

  it('is idempotent and irreversible: a second erasure has nothing to erase and the data stays erased', async () => {
    const w = await fullStory();
    await eraseComplainant(w.keyStore, CAMILLE.id);
    const again = await eraseComplainantTE(w.keyStore, CAMILLE.id)();
    expect(E.isRight(again) && again.right).toMatchObject({ subjectId: CAMILLE.id, erasedKeyIds: [], nothingToErase: true });
    expect((await w.service.getComplaint(ID)).description).toBe(ERASED);
    // A complainant who never had a key: nothing to erase, no error.
    expect(await eraseComplainant(w.keyStore, 'client-never-seen')).toMatchObject({ nothingToErase: true });
  });

  it('a complainant who comes back after an erasure gets a new key; the old data stays erased', async () => {
    const w = await fullStory();
    await eraseComplainant(w.keyStore, CAMILLE.id);
    const newId = '9b2e4f60-1c3d-4e5f-8a9b-0c1d2e3f4a5b';
    w.set('2022-05-02T10:00:00+02:00');
    await w.service.handle({ ...cmd.receive({ receivedAt: at('2022-05-02T09:00:00+02:00'), complainant: { kind: 'client', ...CAMILLE }, subject: 'New issue' }), complaintId: newId as ReturnType<typeof cmd.receive>['complaintId'] }, w.meta(agent));
    const fresh = await w.service.getComplaint(newId);
    expect(fresh.complainant.name).toBe(CAMILLE.name);
    expect((await w.service.getComplaint(ID)).complainant.name).toBe(ERASED);
    expect(w.keyStore.size).toBe(3); // two complainants' first keys (one erased) and Camille's new one
  });

  it('new facts recorded on an erased complaint are encrypted with the new key and readable', async () => {
    const w = protectedWorld();
    await w.service.handle(cmd.receive(), w.meta());
    await eraseComplainant(w.keyStore, 'client-42');
    await w.service.handle(cmd.contact({ summary: 'Called back after the erasure request.' }), w.meta());
    const events = await w.service.listStream(ID);
    expect(events.map((e) => e.event.type)).toEqual(['ComplaintReceived', 'ComplaintClientContacted']);
    expect((await w.service.getComplaint(ID)).complainant.name).toBe(ERASED);
    const contacted = events[1]?.event;
    expect(contacted?.type === 'ComplaintClientContacted' && contacted.data.summary).toBe('Called back after the erasure request.');
  });

  it('a command after the erasure answers a state that reads [erased]', async () => {
    const w = protectedWorld();
    await w.service.handle(cmd.receive(), w.meta());
    await eraseComplainant(w.keyStore, 'client-42');
    const result = await w.service.handle(cmd.contact({ summary: 'After the erasure.' }), w.meta());
    expect([result.state.complainant.name, result.state.description]).toEqual([ERASED, ERASED]);
  });

  // ComplaintService keeps the states of recently handled complaints (stateCache, default
  // 10,000) and decides the next command on the kept state. A kept state would outlive an
  // erasure, so a store whose reads may change (readsMayChange, as the protected store)
  // turns the cache off: the first command after an erasure reads [erased] from the store.
  it('with the service’s default state cache, a command after the erasure answers [erased] (protected stores turn the cache off)', async () => {
    const w = protectedWorld();
    const service = new ComplaintService({ store: w.store, clock: () => new Date('2022-01-11T14:00:00+01:00') });
    await service.handle(cmd.receive(), w.meta());
    await eraseComplainant(w.keyStore, 'client-42');
    const result = await service.handle(cmd.contact({ summary: 'After the erasure.' }), w.meta());
    expect(result.state.complainant.name).toBe(ERASED);
  });

  it('an old plaintext export imported into a protected store is encrypted (the migration path onto protection)', async () => {
    const plain = await fullStory(protectedWorld(undefined, { protect: false }));
    const exported = await exportStreams(plain.store, [ID, OTHER_ID]);
    const target = protectedWorld(new InMemoryEventStore());
    const result = await importStreams(target.store, exported);
    expect(result.appended).toBe(exported.split('\n').filter(Boolean).length);
    expect(containsAny(json(await target.inner.readAll()), camillesPlaintexts())).toEqual([]);
    expect(await target.service.getComplaint(ID)).toEqual(await plain.service.getComplaint(ID));
    // Re-importing is still idempotent: the store compares decrypted data with the export.
    expect((await importStreams(target.store, exported)).appended).toBe(0);
    await eraseComplainant(target.keyStore, CAMILLE.id);
    expect((await target.service.getComplaint(ID)).complainant.email).toBe(ERASED);
  });

  it('a pre-erasure export cannot be re-imported into its store: the stored data now reads differently', async () => {
    const w = await fullStory();
    const exported = await exportStreams(w.store, [ID]);
    await eraseComplainant(w.keyStore, CAMILLE.id);
    await expect(importStreams(w.store, exported)).rejects.toMatchObject({ name: 'AuditFailure', _tag: 'ImportConflict', error: { revision: 0n } });
    expect((await w.service.getComplaint(ID)).complainant.name).toBe(ERASED);
  });

  it('a 200-character name (the ShortText maximum, in multi-byte characters) stores and round-trips', async () => {
    const w = protectedWorld();
    const name = 'É'.repeat(100) + '😀'.repeat(50);
    expect(name.length).toBe(200);
    await w.service.handle(cmd.receive({ complainant: { id: 'client-42', kind: 'client', name, email: 'x'.repeat(200) }, subject: 'ß'.repeat(200), description: '€'.repeat(20_000) }), w.meta());
    const state = await w.service.getComplaint(ID);
    expect([state.complainant.name, state.complainant.email, state.subject, state.description.length]).toEqual([name, 'x'.repeat(200), 'ß'.repeat(200), 20_000]);
    await eraseComplainant(w.keyStore, 'client-42');
    expect((await w.service.getComplaint(ID)).complainant.name).toBe(ERASED);
  });
});

describe('the story covers every personal field', () => {
  it('every path of PERSONAL_FIELDS is present in the story and encrypted in the inner store', async () => {
    const w = await fullStory();
    const raw = await w.inner.readAll({ maxCount: 10_000 });
    for (const [type, paths] of Object.entries(PERSONAL_FIELDS)) {
      for (const path of paths) {
        const seen: string[] = [];
        for (const r of raw.filter((e) => e.type === type))
          await mapFields(r.data, [path], async (_f, v) => {
            seen.push(String(v));
            return v;
          });
        expect({ type, path, found: seen.length > 0 }).toEqual({ type, path, found: true });
        expect(seen.every((v) => v.startsWith('pd1.'))).toBe(true);
      }
    }
    expect(SECRETS.measures).toHaveLength(2);
  });
});
