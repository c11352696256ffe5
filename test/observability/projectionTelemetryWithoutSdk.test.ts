/**
 * Without an OpenTelemetry SDK a projection runner's batches collect no links (it reads no
 * event's trace context: its batch spans record nothing). Whether a batch links is decided
 * when the batch opens, so an SDK registered after the runner was built still gets the
 * links of the batches that follow.
 */
import { TraceFlags, context, trace } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ComplaintService } from '../../src/application/complaintService';
import { InMemoryEventStore } from '../../src/eventstore/inMemory/inMemoryEventStore';
import { InMemoryCheckpointStore } from '../../src/projections/checkpointStore';
import { ProjectionRunner } from '../../src/projections/runner';
import { slaProjection } from '../../src/projections/sla';
import { fixedClock, meta, plain } from '../application/harness';
import { cmd } from '../domain/spec';
import { expectNoConsoleOutput, useContextManager } from './otel';

useContextManager();
expectNoConsoleOutput();

afterEach(() => trace.disable());

const TRACE_ID = '0af7651916cd43dd8448eb211c80319c';

/** Runs `command` under a caller's sampled span context with span id `spanId`: its events carry both ids. */
const underCaller = (service: ComplaintService, command: Parameters<typeof plain>[0], spanId: string) =>
  context.with(trace.setSpan(context.active(), trace.wrapSpanContext({ traceId: TRACE_ID, spanId, traceFlags: TraceFlags.SAMPLED })), () => service.handle(plain(command), meta()));

describe('projection batches without an OpenTelemetry SDK', () => {
  it('an SDK registered after the runner was built gets the links of the next batch, to the span that appended its events', async () => {
    const store = new InMemoryEventStore();
    const service = new ComplaintService({ store, clock: fixedClock });
    await underCaller(service, cmd.receive(), 'b7ad6b7169203331');
    const runner = new ProjectionRunner({ store, checkpoints: new InMemoryCheckpointStore(), projection: slaProjection() });
    await runner.catchUp();
    const exporter = new InMemorySpanExporter();
    trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
    await underCaller(service, cmd.acknowledge(), 'c8be7c827a314442');
    await runner.catchUp();
    // The acknowledgement's command span (a child of the caller's, now that spans record) appended it.
    const spans = exporter.getFinishedSpans();
    const handle = spans.find((s) => s.name === 'handle AcknowledgeComplaint');
    const batches = spans.filter((s) => s.name.startsWith('projection.batch'));
    expect(handle?.spanContext().traceId).toBe(TRACE_ID);
    expect(batches.map((b) => b.links.map((l) => [l.context.traceId, l.context.spanId]))).toEqual([[[TRACE_ID, handle?.spanContext().spanId]]]);
  });
});
