/**
 * "Identifier les problèmes récurrents": the problem the complainant reports at receipt, a
 * code from the policy's own list — optional (then `unknown`), refused when not listed, and
 * read as `unknown` from complaints stored before the field existed (schema 2 → 3).
 */
import * as E from 'fp-ts/lib/Either.js';
import { complaintStreamName } from '../../src/stream/streams';
import { receivedV2toV3 } from '../../src/stream/upcasting';
import { decodeCommand } from '../../src/domain/decode';
import { DEFAULT_REPORTED_PROBLEMS, UNKNOWN_PROBLEM, defaultPolicy, parsePolicy } from '../../src/domain/policy/policy';
import type { JsonObject, JsonValue } from '../../src/eventstore/port';
import { ID, agent, world } from '../audit/fixtures';
import { cmd, given, history, only } from './spec';

const NOW = { now: '2022-01-10T16:05:00+01:00' };

describe('the reported problem at receipt', () => {
  it('is recorded on the complaint when it is a code of the policy’s list', () => {
    const when = given().when(cmd.receive({ reportedProblem: 'billing_error' }), NOW);
    expect(only(when.events(), 'ComplaintReceived').data.reportedProblem).toBe('billing_error');
    expect(when.state().reportedProblem).toBe('billing_error');
  });

  it('is optional: a complaint received without one reports "unknown"', () => {
    const e = only(given().when(cmd.receive(), NOW).events(), 'ComplaintReceived');
    expect(e.data.reportedProblem).toBe(UNKNOWN_PROBLEM);
  });

  it('a code that is not in the list of the complaint’s policy is refused, naming the list', () => {
    const error = given().when(cmd.receive({ reportedProblem: 'noisy_neighbours' }), NOW).error();
    expect(error).toMatchObject({ _tag: 'RuleViolation', rule: 'unknown-reported-problem', status: 'none' });
    expect(error).toMatchObject({ detail: expect.stringContaining('"noisy_neighbours" is not in the list of policy 2021-06-25 (billing_error, ') });
    const custom = { ...defaultPolicy, version: 'with-neighbours', reportedProblems: ['noisy_neighbours'] };
    expect(only(given().when(cmd.receive({ reportedProblem: 'noisy_neighbours' }), { ...NOW, policy: custom }).events(), 'ComplaintReceived').data.reportedProblem).toBe('noisy_neighbours');
  });

  it('a code is snake_case, at most 64 characters: anything else is a decode error naming the path', () => {
    const r = decodeCommand({ ...cmd.receive(), reportedProblem: 'Billing Error' });
    expect(E.isLeft(r) && r.left.issues.map((i) => i.path)).toEqual(['reportedProblem']);
    expect(E.isLeft(decodeCommand({ ...cmd.receive(), reportedProblem: 'a'.repeat(65) }))).toBe(true);
  });
});

describe('the policy’s list of reported problems', () => {
  it('defaults to Lukéa’s list, also for a policy file written before the field existed', () => {
    expect(defaultPolicy.reportedProblems).toEqual(DEFAULT_REPORTED_PROBLEMS);
    const { reportedProblems: _dropped, ...older } = JSON.parse(JSON.stringify(defaultPolicy)) as Record<string, unknown>;
    const parsed = parsePolicy(older);
    expect(E.isRight(parsed) && parsed.right.reportedProblems).toEqual(DEFAULT_REPORTED_PROBLEMS);
  });

  it('refuses "unknown" in the list, a code listed twice, and a code that is not snake_case', () => {
    const r = parsePolicy({ ...defaultPolicy, reportedProblems: ['delay', 'unknown', 'delay'] });
    expect(E.isLeft(r) && r.left.issues.map((i) => i.message)).toEqual([
      'reportedProblems[1]: "unknown" is reserved for complaints without a reported problem',
      'reportedProblems[2]: "delay" is already listed at reportedProblems[0]',
    ]);
    const bad = parsePolicy({ ...defaultPolicy, reportedProblems: ['Late Delivery'] });
    expect(E.isLeft(bad) && bad.left.issues[0]?.path).toBe('reportedProblems[0]');
  });
});

describe('complaints stored before the field existed (ComplaintReceived schema 2)', () => {
  it('are upcast to schema 3 with reportedProblem "unknown", and keep a recorded one', () => {
    expect(receivedV2toV3.upcast({ complaintId: ID })).toEqual({ complaintId: ID, reportedProblem: 'unknown' });
    expect(receivedV2toV3.upcast({ reportedProblem: 'delay' })).toEqual({ reportedProblem: 'delay' });
  });

  it('a stored schema-2 stream reads, replays and takes new commands', async () => {
    const w = world();
    const received = only(history({ command: cmd.receive(), now: '2022-01-10T17:00:00+01:00' }), 'ComplaintReceived');
    const { reportedProblem: _new, ...schemaTwo } = received.data;
    const metadata: JsonObject = {
      actor: agent,
      commandId: '00000000-0000-4000-8000-0000000000c1',
      commandType: 'ReceiveComplaint',
      correlationId: '00000000-0000-4000-8000-0000000000c1',
      causationId: '00000000-0000-4000-8000-0000000000c1',
      policyVersion: schemaTwo.policyVersion,
      schemaVersion: 2,
      recordedAt: '2022-01-10T16:05:00.000Z',
    };
    await w.store.appendToStream(complaintStreamName(ID), [{ id: '33333333-3333-4333-8333-333333333333', type: 'ComplaintReceived', data: schemaTwo as unknown as JsonValue, metadata }], {
      expectedRevision: 'no_stream',
    });
    expect((await w.service.getComplaint(ID)).reportedProblem).toBe('unknown');
    w.set('2022-01-11T10:00:00+01:00');
    expect((await w.service.handle(cmd.acknowledge(), { commandId: '00000000-0000-4000-8000-0000000000c2', actor: agent })).state.status).toBe('acknowledged');
  });
});
