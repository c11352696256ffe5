/**
 * Without an OpenTelemetry SDK the service skips the no-op command span and instruments (a
 * check per command): what it does then must be what the no-op span did — the retries still
 * logged, the caller's sampled span context still in the events' metadata — and an SDK
 * registered after the service was built must still receive its spans.
 */
import { TraceFlags, context, trace } from '@opentelemetry/api';
import { BasicTracerProvider, InMemorySpanExporter, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import { ComplaintService } from '../../src/application/complaintService';
import { InMemoryEventStore } from '../../src/eventstore/inMemory/inMemoryEventStore';
import { ATTRIBUTES } from '../../src/observability/names';
import { FaultInjectingEventStore, faults } from '../../src/testing/faultInjectingEventStore';
import { fixedClock, meta, plain } from '../application/harness';
import { ID, cmd } from '../domain/spec';
import { expectNoConsoleOutput, useContextManager } from './otel';
import { recordingLogger } from './recordingLogger';

useContextManager();
expectNoConsoleOutput();

afterEach(() => trace.disable());

describe('commands without an OpenTelemetry SDK', () => {
  it('conflicts retried are still logged at debug level, with the complaint, command type and count', async () => {
    const store = new FaultInjectingEventStore(new InMemoryEventStore());
    const { logger, entries } = recordingLogger();
    const service = new ComplaintService({ store, clock: fixedClock, logger, stateCache: 0 });
    await service.handle(plain(cmd.receive()), meta());
    store.injectNext('append', faults.conflict());
    store.injectNext('append', faults.conflict());
    await service.handle(plain(cmd.acknowledge()), meta());
    expect(entries.filter((e) => e.level === 'debug').map((e) => e.fields)).toEqual([
      expect.objectContaining({ complaintId: ID, commandType: 'AcknowledgeComplaint', conflicts: 1 }),
      expect.objectContaining({ complaintId: ID, commandType: 'AcknowledgeComplaint', conflicts: 2 }),
    ]);
  });

  it("events appended under a caller's sampled span context carry its ids, as under the no-op span that inherited them", async () => {
    const store = new InMemoryEventStore();
    const service = new ComplaintService({ store, clock: fixedClock });
    const caller = trace.wrapSpanContext({ traceId: '0af7651916cd43dd8448eb211c80319c', spanId: 'b7ad6b7169203331', traceFlags: TraceFlags.SAMPLED });
    const result = await context.with(trace.setSpan(context.active(), caller), () => service.handle(plain(cmd.receive()), meta()));
    const [stored] = await store.readStream(`complaint-${ID}`);
    expect(stored?.metadata).toMatchObject({ $traceId: '0af7651916cd43dd8448eb211c80319c', $spanId: 'b7ad6b7169203331' });
    expect(result.events[0]?.metadata).toMatchObject({ $traceId: '0af7651916cd43dd8448eb211c80319c', $spanId: 'b7ad6b7169203331' });
  });

  it('an SDK registered after the service was built receives the spans of the next commands', async () => {
    const service = new ComplaintService({ store: new InMemoryEventStore(), clock: fixedClock });
    await service.handle(plain(cmd.receive()), meta());
    const exporter = new InMemorySpanExporter();
    trace.setGlobalTracerProvider(new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(exporter)] }));
    await service.handle(plain(cmd.acknowledge()), meta());
    const spans = exporter.getFinishedSpans();
    // A warm command: one append (kept state, optimistic), under the command's span.
    expect(spans.map((s) => s.name)).toEqual(['store.appendToStream', 'handle AcknowledgeComplaint']);
    const [append, handle] = spans;
    expect(append?.parentSpanContext?.spanId).toBe(handle?.spanContext().spanId);
    expect(handle?.attributes).toMatchObject({ [ATTRIBUTES.complaintId]: ID, [ATTRIBUTES.outcome]: 'appended' });
  });
});
