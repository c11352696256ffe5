import * as E from 'fp-ts/lib/Either.js';
import { historyTE, history, stateAsOfTE } from '../../src/audit/history';
import { complaintStreamName } from '../../src/stream/streams';
import type { JsonObject, JsonValue } from '../../src/eventstore/port';
import { cmd, history as decided, only } from '../domain/spec';
import { ID, agent, world } from './fixtures';

const stream = complaintStreamName(ID);
const envelope = (schemaVersion: number, commandId: string, recordedAt: string): JsonObject => ({
  actor: agent,
  commandId,
  commandType: 'ReceiveComplaint',
  correlationId: commandId,
  causationId: commandId,
  policyVersion: '2022-01',
  schemaVersion,
  recordedAt,
});

/** A ComplaintReceived as schema 1 wrote it: no timeZone, no deadlines.urgencyTargetDue. */
const schemaOneReceived = (): JsonValue => {
  const received = only(decided({ command: cmd.receive(), now: '2022-01-10T17:00:00+01:00' }), 'ComplaintReceived');
  const { timeZone: _zone, deadlines, ...rest } = received.data;
  const { urgencyTargetDue: _target, ...oldDeadlines } = deadlines;
  return { ...rest, deadlines: oldDeadlines } as unknown as JsonValue;
};

describe('an old-schema stream', () => {
  it('replays through the ComplaintReceived 1→2 upcaster', async () => {
    const w = world();
    const data = schemaOneReceived();
    expect(data).not.toHaveProperty('timeZone');
    const policyVersion = (data as { policyVersion: string }).policyVersion;
    await w.store.appendToStream(
      stream,
      [{ id: '11111111-1111-4111-8111-111111111111', type: 'ComplaintReceived', data, metadata: { ...envelope(1, '00000000-0000-4000-8000-0000000000a1', '2022-01-10T16:05:00.000Z'), policyVersion } }],
      { expectedRevision: 'no_stream' },
    );
    const complaint = await w.service.getComplaint(ID);
    expect(complaint.timeZone).toBe('Europe/Paris');
    expect(complaint.urgencyTargetDue).toBeNull();
    const entries = await history(w.store, ID);
    expect(entries).toHaveLength(1);
    expect(entries[0]?.metadata.schemaVersion).toBe(1);
    expect(entries[0]?.state).toEqual(complaint);
    // The upcast stream accepts new commands, written at the current schema.
    w.set('2022-01-11T10:00:00+01:00');
    const acknowledged = await w.service.handle(cmd.acknowledge(), { commandId: '00000000-0000-4000-8000-0000000000a2', actor: agent });
    expect(acknowledged.state.status).toBe('acknowledged');
  });
});

describe('a corrupted stored event', () => {
  it('stops replay with a CorruptedEvent naming stream, revision and path', async () => {
    const w = world();
    await w.service.handle(cmd.receive(), { commandId: '00000000-0000-4000-8000-0000000000b1', actor: agent });
    await w.store.appendToStream(
      stream,
      [
        {
          id: '22222222-2222-4222-8222-222222222222',
          type: 'ComplaintAssigned',
          data: { assignedAt: 'last tuesday', assignee: { id: 'agent-ana', name: 'Ana Lopez' } },
          metadata: { ...envelope(1, '00000000-0000-4000-8000-0000000000b2', '2022-01-11T13:00:00.000Z'), commandType: 'AssignComplaint' },
        },
      ],
      { expectedRevision: 0n },
    );
    const r = await historyTE(w.store, ID)();
    expect(E.isLeft(r) && r.left).toMatchObject({
      _tag: 'CorruptedEvent',
      streamName: stream,
      revision: 1n,
      eventType: 'ComplaintAssigned',
      issues: [expect.objectContaining({ path: 'data.assignedAt' })],
    });
    // Even an instant before the corrupted event reports it rather than hiding it.
    const asOf = await stateAsOfTE(w.store, ID, '2022-01-11T12:00:00Z')();
    expect(E.isLeft(asOf) && asOf.left._tag).toBe('CorruptedEvent');
    await expect(w.service.getComplaint(ID)).rejects.toMatchObject({ _tag: 'CorruptedEvent' });
  });
});
