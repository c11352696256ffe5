import { InMemoryEventStore } from '../../src/eventstore/inMemory/inMemoryEventStore';
import type { JsonValue } from '../../src/eventstore/port';
import { EventStoreCheckpointStore } from '../../src/projections/eventStoreCheckpointStore';
import { ProjectionRunner } from '../../src/projections/runner';
import { breachesIn, compliance, decodeSla, dueWithin, encodeSla, overdueNow, slaProjection } from '../../src/projections/sla';
import { cmd, history, system } from '../domain/spec';
import { appendHistory, complaintUuid } from './fixtures';

describe('SLA model JSON codec', () => {
  it('round-trips through an event-store checkpoint, and a restarted runner resumes from it', async () => {
    const store = new InMemoryEventStore();
    const stories = [
      history({ command: cmd.receive(), now: '2022-01-10T16:00:00+01:00' }, { command: cmd.missed('acknowledgement'), now: '2022-01-18T08:00:00+01:00', actor: system }),
      history(
        { command: cmd.receive({ urgency: 'critical' }), now: '2022-01-10T16:00:00+01:00' },
        { command: cmd.acknowledge(), now: '2022-01-11T10:00:00+01:00' },
        { command: cmd.delay(), now: '2022-01-27T10:00:00+01:00' },
      ),
      history({ command: cmd.receive({ channel: 'phone' }), now: '2022-01-10T16:00:00+01:00' }, { command: cmd.answer(), now: '2022-01-30T10:00:00+01:00' }),
    ];
    for (const [i, s] of stories.entries()) await appendHistory(store, complaintUuid(i), s);
    const codec = {
      encode: (_name: string, model: unknown): JsonValue => encodeSla(model as ReturnType<typeof decodeSla>),
      decode: (_name: string, json: JsonValue): unknown => decodeSla(json),
    };
    const checkpoints = new EventStoreCheckpointStore(store, { codec });
    const first = new ProjectionRunner({ store, checkpoints, projection: slaProjection() });
    await first.catchUp();
    const restarted = new ProjectionRunner({ store, checkpoints, projection: slaProjection() });
    await restarted.catchUp();
    expect(restarted.progress().eventsProcessed).toBe(first.progress().eventsProcessed);
    const a = first.model();
    const b = decodeSla(JSON.parse(JSON.stringify(encodeSla(a))) as JsonValue);
    for (const model of [b, restarted.model()]) {
      for (const now of ['2022-01-18T12:00:00Z', '2022-02-10T00:00:00Z']) {
        expect(overdueNow(model, now)).toEqual(overdueNow(a, now));
        expect(dueWithin(model, now, 5)).toEqual(dueWithin(a, now, 5));
      }
      expect(breachesIn(model, '2022-01-01T00:00:00Z', '2022-03-01T00:00:00Z')).toEqual(breachesIn(a, '2022-01-01T00:00:00Z', '2022-03-01T00:00:00Z'));
      expect(compliance(model, { from: '2022-01-01T00:00:00Z', to: '2022-03-01T00:00:00Z', groupBy: 'urgency' })).toEqual(
        compliance(a, { from: '2022-01-01T00:00:00Z', to: '2022-03-01T00:00:00Z', groupBy: 'urgency' }),
      );
    }
    expect(overdueNow(b, '2022-01-18T12:00:00Z').find((d) => d.deadline === 'acknowledgement')?.missRecorded).toBe(true);
    expect(() => decodeSla({ format: 2 })).toThrow(TypeError);
    expect(() => decodeSla({ format: 1, zones: [], assignees: [], records: [['x', 'y']] })).toThrow(TypeError);
  });
});
