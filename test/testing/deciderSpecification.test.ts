/** The shipped given / when / then helpers (`@lukea/complaints/testing`) report what they check. */
import { AssertionError } from 'node:assert';
import { DeciderSpecification, given, historyOf, resolveTestApi } from '../../src/testing';
import { agent, auditor, cmd } from '../domain/spec';

const receivedAt = { now: '2022-01-10T17:00:00+01:00', actor: agent } as const;
const past = historyOf({ command: cmd.receive(), ...receivedAt });

describe('DeciderSpecification', () => {
  it('then(events) passes when the command decides exactly those events', () => {
    const decided = given(...past).when(cmd.assign(), { now: '2022-01-11T10:00:00+01:00', actor: agent });
    const events = decided.thenEvents((e) => expect(e.map((x) => x.type)).toEqual(['ComplaintAssigned']));
    expect(decided.then(events)).toEqual(events);
    expect(decided.thenState().assignee).toEqual(cmd.assign().assignee);
  });

  it('then(events) throws an AssertionError naming the difference when the events differ', () => {
    const decided = given(...past).when(cmd.assign(), { now: '2022-01-11T10:00:00+01:00', actor: agent });
    expect(() => decided.then([])).toThrow(AssertionError);
  });

  it('thenRefused(tag, fields) passes for the refusal and throws for an acceptance or another tag', () => {
    const refused = given(...past).when(cmd.assign(), { now: '2022-01-11T10:00:00+01:00', actor: auditor });
    expect(refused.thenRefused('NotAuthorised', { command: 'AssignComplaint' })._tag).toBe('NotAuthorised');
    expect(() => refused.thenRefused('InvalidTransition')).toThrow(/Expected a InvalidTransition refusal; got NotAuthorised/);
    expect(() => refused.then([])).toThrow(/refused/);
    const accepted = given(...past).when(cmd.assign(), { now: '2022-01-11T10:00:00+01:00', actor: agent });
    expect(() => accepted.thenRefused('NotAuthorised')).toThrow(/accepted with ComplaintAssigned/);
  });

  it('historyOf runs steps through the decider and names a refused step', () => {
    expect(past.map((e) => e.type)).toEqual(['ComplaintReceived']);
    expect(() => historyOf({ command: cmd.assign(), ...receivedAt })).toThrow(/History step 1 \(AssignComplaint\) was refused/);
    expect(DeciderSpecification.given).toBe(given);
  });
});

describe('resolveTestApi', () => {
  it('uses the API given, else the runner globals, and names what is missing when there are none', () => {
    const api = resolveTestApi();
    expect(api.it).toBe(it);
    expect(resolveTestApi(api)).toBe(api);
    const g = globalThis as { afterEach?: unknown };
    const saved = g.afterEach;
    try {
      delete g.afterEach;
      expect(() => resolveTestApi()).toThrow(/need a test runner's afterEach/);
    } finally {
      g.afterEach = saved;
    }
  });
});

describe('DeciderSpecification input', () => {
  it('takes commands as plain JSON and fails, naming the path, on one that does not decode', () => {
    expect(given(...past).when(JSON.parse(JSON.stringify(cmd.assign())), { now: '2022-01-11T10:00:00+01:00', actor: agent }).thenState().status).toBe('received');
    expect(() => given(...past).when({ ...JSON.parse(JSON.stringify(cmd.assign())), complaintId: 'nope' }, { now: '2022-01-11T10:00:00+01:00', actor: agent })).toThrow(/does not decode: .*complaintId/);
  });
});
