/**
 * Telemetry and logging of the projection runner and the deadline watcher: batch spans
 * linked to the requests that appended their events, the events / problems / lag metrics,
 * and what goes to the logger — read back with the SDK's in-memory exporters.
 */
import { SpanStatusCode, context, trace } from '@opentelemetry/api';
import { ComplaintService } from '../../src/application/complaintService';
import { InMemoryEventStore } from '../../src/eventstore/inMemory/inMemoryEventStore';
import type { AllSubscription, EventStore } from '../../src/eventstore/port';
import { ATTRIBUTES, METRIC_NAMES } from '../../src/observability/names';
import { type Checkpoint, InMemoryCheckpointStore } from '../../src/projections/checkpointStore';
import { watchDeadlines } from '../../src/application/deadlineWatcher';
import { ProjectionRunner } from '../../src/projections/runner';
import { slaProjection } from '../../src/projections/sla';
import { ForwardingStore, meta, plain } from '../application/harness';
import { ID, cmd, history } from '../domain/spec';
import { appendHistory, complaintUuid } from '../projections/fixtures';
import { type TestTelemetry, expectNoConsoleOutput, testTelemetry, useContextManager } from './otel';
import { recordingLogger } from './recordingLogger';

useContextManager();
expectNoConsoleOutput();

let otel: TestTelemetry;
beforeEach(() => {
  otel = testTelemetry();
});
afterEach(() => otel.shutdown());

const story = history(
  { command: cmd.receive(), now: '2022-01-10T16:00:00+01:00' },
  { command: cmd.acknowledge(), now: '2022-01-11T10:00:00+01:00' },
);

const seeded = async (complaints: number): Promise<InMemoryEventStore> => {
  const store = new InMemoryEventStore();
  for (let i = 0; i < complaints; i++) await appendHistory(store, complaintUuid(i), story);
  return store;
};

describe('projection runner telemetry', () => {
  it('a catch-up is one span per batch (events, position), the events counter, and a lag of 0 once caught up', async () => {
    const store = await seeded(5); // 10 events
    const runner = new ProjectionRunner({ store, checkpoints: new InMemoryCheckpointStore(), projection: slaProjection(), batchSize: 4, saveSpacing: 0, telemetry: otel.telemetry });
    await runner.catchUp();
    const batches = otel.spansNamed('projection.batch');
    expect(batches.map((s) => s.name)).toEqual(['projection.batch sla-breaches', 'projection.batch sla-breaches', 'projection.batch sla-breaches']);
    expect(batches.map((s) => s.attributes[ATTRIBUTES.events])).toEqual([4, 4, 2]);
    const last = (await store.readAll({ maxCount: 100 })).at(-1);
    expect(batches[2]?.attributes[ATTRIBUTES.position]).toBe(last?.position.commit.toString());
    expect(await otel.sum(METRIC_NAMES.projectionEvents, { [ATTRIBUTES.projection]: 'sla-breaches' })).toBe(10);
    expect(await otel.points(METRIC_NAMES.projectionLag)).toEqual([{ attributes: { [ATTRIBUTES.projection]: 'sla-breaches' }, value: 0 }]);
    // The catch-up is a span, and each page read a store span under it.
    const [catchUp] = otel.spansNamed('projection.catchUp');
    expect(catchUp?.name).toBe('projection.catchUp sla-breaches');
    expect(catchUp?.attributes['complaints.events_processed']).toBe(10);
    const reads = otel.spansNamed('store.readAll');
    expect(reads.length).toBeGreaterThanOrEqual(1);
    for (const r of reads) expect(r.parentSpanContext?.spanId).toBe(catchUp?.spanContext().spanId);
  });

  it("a batch span links to the command spans that appended its events (the requests' traces)", async () => {
    const store = new InMemoryEventStore();
    const service = new ComplaintService({ store, telemetry: otel.telemetry, clock: () => new Date('2022-01-10T16:00:00+01:00') });
    const request = otel.tracer.startSpan('POST /complaints/:id/commands');
    await context.with(trace.setSpan(context.active(), request), () => service.handle(plain(cmd.receive()), meta()));
    request.end();
    const [handle] = otel.spansNamed('handle');
    await new ProjectionRunner({ store, checkpoints: new InMemoryCheckpointStore(), projection: slaProjection(), telemetry: otel.telemetry }).catchUp();
    const [batch] = otel.spansNamed('projection.batch');
    expect(batch?.links.map((l) => [l.context.traceId, l.context.spanId])).toEqual([[request.spanContext().traceId, handle?.spanContext().spanId]]);
  });

  it('problems are counted by kind and logged at warn, naming the stream, revision and event type', async () => {
    const store = await seeded(1);
    await store.appendToStream(`complaint-${ID}`, [{ id: '20000000-0000-4000-8000-000000000001', type: 'ComplaintTeleported', data: {}, metadata: {} }]);
    const { logger, entries } = recordingLogger();
    await new ProjectionRunner({ store, checkpoints: new InMemoryCheckpointStore(), projection: slaProjection(), telemetry: otel.telemetry, logger }).catchUp();
    expect(await otel.sum(METRIC_NAMES.projectionProblems, { [ATTRIBUTES.problemKind]: 'undecodable' })).toBe(1);
    expect(entries).toEqual([
      expect.objectContaining({ level: 'warn', fields: expect.objectContaining({ projection: 'sla-breaches', kind: 'undecodable', streamName: `complaint-${ID}`, revision: '0', eventType: 'ComplaintTeleported' }) }),
    ]);
    expect(otel.spansNamed('projection.batch')[0]?.attributes['complaints.problems']).toBe(1);
  });

  it('a failed checkpoint save is logged as an error and marks its batch span, and the next batch saves again', async () => {
    const store = await seeded(3);
    const { logger, entries } = recordingLogger();
    let failures = 1;
    const checkpoints = new (class extends InMemoryCheckpointStore {
      override async save<M>(name: string, checkpoint: Checkpoint<M>): Promise<void> {
        if (failures-- > 0) throw new Error('checkpoint store unreachable');
        return super.save(name, checkpoint);
      }
    })();
    const runner = new ProjectionRunner({ store, checkpoints, projection: slaProjection(), batchSize: 2, telemetry: otel.telemetry, logger });
    await expect(runner.catchUp()).rejects.toThrow('checkpoint store unreachable');
    expect(entries).toEqual([expect.objectContaining({ level: 'error', fields: expect.objectContaining({ projection: 'sla-breaches', error: 'checkpoint store unreachable' }) })]);
    expect(otel.spansNamed('projection.batch')[0]?.status.code).toBe(SpanStatusCode.ERROR);
    await runner.catchUp();
    expect((await checkpoints.load('sla-breaches'))?.eventsProcessed).toBe(6);
  });

  it('a checkpoint saved by another version of the projection is logged at info before the rebuild', async () => {
    const store = await seeded(1);
    const checkpoints = new InMemoryCheckpointStore();
    await new ProjectionRunner({ store, checkpoints, projection: slaProjection() }).catchUp();
    const { logger, entries } = recordingLogger();
    const bumped = { ...slaProjection(), version: slaProjection().version + 1 };
    await new ProjectionRunner({ store, checkpoints, projection: bumped, logger }).catchUp();
    expect(entries).toEqual([expect.objectContaining({ level: 'info', fields: { projection: 'sla-breaches', savedVersion: bumped.version - 1, version: bumped.version } })]);
  });

  it('a live subscription that fails is logged as an error', async () => {
    const failing: EventStore = new (class extends ForwardingStore {
      override subscribeToAll(): AllSubscription {
        return {
          unsubscribe: async () => undefined,
          [Symbol.asyncIterator]: () => ({ next: () => Promise.reject(new Error('connection reset')) }),
        };
      }
    })(new InMemoryEventStore());
    const { logger, entries } = recordingLogger();
    const errors: unknown[] = [];
    const runner = new ProjectionRunner({ store: failing, checkpoints: new InMemoryCheckpointStore(), projection: slaProjection(), logger, onError: (e) => errors.push(e) });
    await runner.start();
    await runner.stop();
    expect(errors).toHaveLength(1);
    expect(entries).toEqual([expect.objectContaining({ level: 'error', fields: { projection: 'sla-breaches', error: 'connection reset' } })]);
  });
});

describe('deadline watcher telemetry', () => {
  it("a run is one span with the commands' spans under it, and its outcomes are counted", async () => {
    let now = new Date('2022-01-10T16:00:00+01:00');
    const store = new InMemoryEventStore({ clock: () => now });
    const service = new ComplaintService({ store, clock: () => now, telemetry: otel.telemetry });
    await service.handle(plain(cmd.receive()), meta());
    now = new Date('2022-01-18T08:00:00+01:00');
    const runner = new ProjectionRunner({ store, checkpoints: new InMemoryCheckpointStore(), projection: slaProjection() });
    await runner.catchUp();
    const outcomes = await watchDeadlines({ service, model: runner.model(), now, telemetry: otel.telemetry });
    expect(outcomes.map((o) => o.result)).toEqual(['recorded']);
    const [run] = otel.spansNamed('watchDeadlines');
    const [miss] = otel.spansNamed('handle RecordDeadlineMissed');
    expect(miss?.parentSpanContext?.spanId).toBe(run?.spanContext().spanId);
    expect(run?.attributes).toMatchObject({ 'complaints.deadlines.recorded': 1, 'complaints.deadlines.failed': 0 });
    expect(await otel.sum(METRIC_NAMES.deadlineWatcherOutcomes, { [ATTRIBUTES.outcome]: 'recorded' })).toBe(1);
  });
});
