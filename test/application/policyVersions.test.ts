import * as E from 'fp-ts/Either';
import { ComplaintService } from '../../src/application/complaintService';
import { defaultPolicy, parsePolicy, type Policy } from '../../src/domain/policy/policy';
import { InMemoryEventStore } from '../../src/eventstore/inMemory/inMemoryEventStore';
import { ID, cmd, given, history, only } from '../domain/spec';
import { NOW, fixedClock, leftOf, meta, plain } from './harness';

const policyA = defaultPolicy;
const parsed = parsePolicy({ ...defaultPolicy, version: '2030-01-01', acknowledgementDays: 10, answerDays: 30, urgencyTargets: { critical: 5, high: 10 } });
if (E.isLeft(parsed)) throw new Error('policy B does not parse');
const policyB: Policy = parsed.right;

const urgencyTargetUnder = (policy: Policy): string | null => {
  const events = history({ command: cmd.receive(), now: NOW.toISOString(), policy });
  return only(given(...events).when(cmd.urgency(), { now: NOW.toISOString(), policy }).events(), 'ComplaintUrgencyReassessed').data.urgencyTargetDue;
};

describe('policy versions', () => {
  it('a complaint received under policy A is handled under A even when the service’s current policy is B', async () => {
    const store = new InMemoryEventStore();
    const underA = new ComplaintService({ store, clock: fixedClock, policy: policyA });
    const received = await underA.handle(plain(cmd.receive()), meta());
    expect(received.state.policyVersion).toBe(policyA.version);

    const underB = new ComplaintService({ store, clock: fixedClock, policy: policyB, policies: [policyA] });
    const r = await underB.handle(plain(cmd.urgency()), meta());
    const reassessed = only(
      r.events.map((e) => e.event),
      'ComplaintUrgencyReassessed',
    );
    expect(urgencyTargetUnder(policyA)).not.toEqual(urgencyTargetUnder(policyB));
    expect(reassessed.data.urgencyTargetDue).toEqual(urgencyTargetUnder(policyA));
    expect(r.events[0]?.metadata.policyVersion).toBe(policyA.version);
    expect(r.state.policyVersion).toBe(policyA.version);
    expect(r.state.answer.due).toBe(received.state.answer.due);
  });

  it('a new complaint is received under the service’s current policy', async () => {
    const service = new ComplaintService({ store: new InMemoryEventStore(), clock: fixedClock, policy: policyB, policies: [policyA] });
    const r = await service.handle(plain(cmd.receive()), meta());
    expect(r.state.policyVersion).toBe(policyB.version);
    expect(r.events[0]?.metadata.policyVersion).toBe(policyB.version);
    const underA = given().when(cmd.receive(), { now: NOW.toISOString(), policy: policyA }).state();
    expect(r.state.answer.due).not.toBe(underA.answer.due);
    expect(service.policyFor(policyA.version)).toBe(policyA);
    expect(service.policyFor(policyB.version)).toBe(policyB);
  });

  it('a complaint received under a policy version the service was not given is UnknownPolicyVersion and changes nothing', async () => {
    const store = new InMemoryEventStore();
    await new ComplaintService({ store, clock: fixedClock, policy: policyB }).handle(plain(cmd.receive()), meta());
    const before = await store.readAll();
    const withoutB = new ComplaintService({ store, clock: fixedClock, policy: policyA });
    expect(withoutB.policyFor(policyB.version)).toBeUndefined();
    const e = leftOf(await withoutB.handleTE(plain(cmd.contact()), meta())());
    expect(e).toEqual({ _tag: 'UnknownPolicyVersion', complaintId: ID, policyVersion: policyB.version, known: [policyA.version] });
    await expect(withoutB.handle(plain(cmd.contact()), meta())).rejects.toMatchObject({ _tag: 'UnknownPolicyVersion' });
    expect(await store.readAll()).toEqual(before);
    // Queries do not need the policy: the stored events say everything.
    expect((await withoutB.getComplaint(ID)).policyVersion).toBe(policyB.version);
  });
});
