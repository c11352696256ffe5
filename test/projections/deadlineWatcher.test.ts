import { ComplaintService } from '../../src/application/complaintService';
import { InMemoryEventStore } from '../../src/eventstore/inMemory/inMemoryEventStore';
import { InMemoryCheckpointStore } from '../../src/projections/checkpointStore';
import { missCommandId, watchDeadlines } from '../../src/application/deadlineWatcher';
import { ProjectionRunner } from '../../src/projections/runner';
import { overdueNow, slaProjection } from '../../src/projections/sla';
import { ID, OTHER_ID, agent, at, cmd } from '../domain/spec';

describe('deadline watcher', () => {
  it('records each missed deadline exactly once, even from several processes at once', async () => {
    let now = new Date('2022-01-10T16:00:00+01:00');
    const store = new InMemoryEventStore({ clock: () => now });
    const services = [0, 1, 2].map(() => new ComplaintService({ store, clock: () => now }));
    const [service] = services;
    if (service === undefined) throw new Error('no service');
    let n = 0;
    const meta = () => ({ commandId: `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`, actor: agent });
    await service.handle(cmd.receive(), meta());
    await service.handle({ ...cmd.receive({ receivedAt: at('2022-01-10T16:00:00+01:00') }), complaintId: OTHER_ID }, meta());
    await service.handle({ ...cmd.acknowledge(), complaintId: OTHER_ID }, meta());

    now = new Date('2022-01-18T08:00:00+01:00'); // acknowledgement of ID was due on the 17th
    const runners = services.map(() => new ProjectionRunner({ store, checkpoints: new InMemoryCheckpointStore(), projection: slaProjection() }));
    await Promise.all(runners.map((r) => r.catchUp()));
    expect(overdueNow(runners[0]?.model() ?? slaProjection().initial(), now).map((d) => [d.complaintId, d.deadline])).toEqual([[ID, 'acknowledgement']]);

    const outcomes = await Promise.all(services.map((s, i) => watchDeadlines({ service: s, model: runners[i]?.model() ?? slaProjection().initial(), now })));
    const results = outcomes.flat().map((o) => o.result);
    // Concurrent runs send the same command (same id, same event ids): the store keeps one copy.
    // (The service may report the idempotent re-append as 'recorded' rather than 'duplicate'.)
    expect(results.filter((r) => r === 'recorded').length).toBeGreaterThanOrEqual(1);
    expect(results.every((r) => r === 'recorded' || r === 'duplicate' || r === 'refused')).toBe(true);

    const misses = (await service.listStream(ID)).filter((e) => e.event.type === 'ComplaintDeadlineMissed');
    expect(misses).toHaveLength(1);
    expect(misses[0]?.metadata.commandId).toBe(missCommandId({ complaintId: ID, deadline: 'acknowledgement', due: '2022-01-17' as never }));

    // Once the model has seen the miss, the next run sends nothing.
    const runner = runners[0];
    if (runner === undefined) throw new Error('no runner');
    await runner.catchUp();
    expect(overdueNow(runner.model(), now)[0]?.missRecorded).toBe(true);
    expect(await watchDeadlines({ service, model: runner.model(), now })).toEqual([]);
    // A stale model that still sends it is refused, and nothing is appended.
    const again = await watchDeadlines({ service, model: runner.model(), now, includeRecorded: true });
    expect(again.map((o) => o.result)).toEqual(['duplicate']);
    expect((await service.listStream(ID)).filter((e) => e.event.type === 'ComplaintDeadlineMissed')).toHaveLength(1);
  });
});
