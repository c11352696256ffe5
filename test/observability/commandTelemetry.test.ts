/**
 * The service's OpenTelemetry: a span per command with its outcome, a span per store call
 * under it, the command metrics, and the command span's trace context in every event's
 * metadata — read back with the SDK's in-memory exporters.
 */
import { SpanStatusCode, context, trace } from '@opentelemetry/api';
import * as E from 'fp-ts/lib/Either.js';
import { ComplaintService } from '../../src/application/complaintService';
import { EventMetadata, TraceContextFields } from '../../src/stream/metadata';
import { exportStreams, importStreams } from '../../src/audit/ndjson';
import { InMemoryEventStore } from '../../src/eventstore/inMemoryEventStore';
import type { EventStore, EventToAppend, ExpectedRevision } from '../../src/eventstore/port';
import { ATTRIBUTES, METRIC_NAMES } from '../../src/observability/names';
import { traceContextOf } from '../../src/observability/traceContext';
import { FaultInjectingEventStore, faults } from '../../src/testing/faultInjectingEventStore';
import { ForwardingStore, fixedClock, meta, plain } from '../application/harness';
import { ID, cmd } from '../domain/spec';
import { type TestTelemetry, expectNoConsoleOutput, testTelemetry, useContextManager } from './otel';
import { recordingLogger } from './recordingLogger';

useContextManager();
expectNoConsoleOutput();

let otel: TestTelemetry;
beforeEach(() => {
  otel = testTelemetry();
});
afterEach(() => otel.shutdown());

const serviceOn = (store: EventStore, more: Partial<ConstructorParameters<typeof ComplaintService>[0]> = {}) =>
  new ComplaintService({ store, clock: fixedClock, telemetry: otel.telemetry, ...more });

describe('command spans', () => {
  it('a handled command is one span "handle <type>" with its ids, outcome, events and revision', async () => {
    const service = serviceOn(new InMemoryEventStore());
    const m = meta();
    await service.handle(plain(cmd.receive()), m);
    const [span] = otel.spansNamed('handle');
    expect(span?.name).toBe('handle ReceiveComplaint');
    expect(span?.attributes).toMatchObject({
      [ATTRIBUTES.commandType]: 'ReceiveComplaint',
      [ATTRIBUTES.complaintId]: ID,
      [ATTRIBUTES.commandId]: m.commandId,
      [ATTRIBUTES.outcome]: 'appended',
      [ATTRIBUTES.duplicate]: false,
      [ATTRIBUTES.conflicts]: 0,
      [ATTRIBUTES.events]: 1,
      [ATTRIBUTES.revision]: 0,
    });
    expect(span?.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('the store calls of a command are child spans of its span, named after the port method', async () => {
    const service = serviceOn(new InMemoryEventStore());
    await service.handle(plain(cmd.receive()), meta());
    const [handle] = otel.spansNamed('handle');
    const stores = otel.spans().filter((s) => s.name.startsWith('store.'));
    expect(stores.map((s) => s.name)).toEqual(['store.readStream', 'store.appendToStream']);
    for (const s of stores) {
      expect(s.parentSpanContext?.spanId).toBe(handle?.spanContext().spanId);
      expect(s.spanContext().traceId).toBe(handle?.spanContext().traceId);
    }
    expect(stores[1]?.attributes).toMatchObject({ [ATTRIBUTES.operation]: 'appendToStream', [ATTRIBUTES.stream]: `complaint-${ID}`, [ATTRIBUTES.events]: 1 });
  });

  it('a refusal carries its tag and rule and is not a span error', async () => {
    const service = serviceOn(new InMemoryEventStore());
    await service.handle(plain(cmd.receive({ channel: 'phone' })), meta());
    const refused = await service.handleTE(plain(cmd.acknowledge()), meta())();
    expect(E.isLeft(refused) && refused.left._tag).toBe('RuleViolation');
    const span = otel.spansNamed('handle AcknowledgeComplaint')[0];
    expect(span?.attributes).toMatchObject({
      [ATTRIBUTES.outcome]: 'refused',
      [ATTRIBUTES.error]: 'RuleViolation',
      [ATTRIBUTES.rule]: 'acknowledgement-not-expected',
    });
    expect(span?.status.code).toBe(SpanStatusCode.UNSET);
  });

  it('a malformed command is refused under the name "handle unknown" (caller text never names a span)', async () => {
    const service = serviceOn(new InMemoryEventStore());
    await service.handleTE({ type: 'DropTable; --', complaintId: ID }, meta())();
    const [span] = otel.spansNamed('handle');
    expect(span?.name).toBe('handle unknown');
    expect(span?.attributes).toMatchObject({ [ATTRIBUTES.outcome]: 'refused', [ATTRIBUTES.error]: 'DecodeError' });
  });

  it('a repeated command id is a duplicate outcome', async () => {
    const service = serviceOn(new InMemoryEventStore());
    const m = meta();
    await service.handle(plain(cmd.receive()), m);
    await service.handle(plain(cmd.receive()), m);
    const spans = otel.spansNamed('handle ReceiveComplaint');
    expect(spans.map((s) => s.attributes[ATTRIBUTES.outcome])).toEqual(['appended', 'duplicate']);
    expect(spans[1]?.attributes[ATTRIBUTES.duplicate]).toBe(true);
  });

  it('conflicts retried are counted on the span, and the retries are logged at debug level', async () => {
    const store = new FaultInjectingEventStore(new InMemoryEventStore());
    const { logger, entries } = recordingLogger();
    const service = serviceOn(store, { logger, stateCache: 0 });
    await service.handle(plain(cmd.receive()), meta());
    store.injectNext('append', faults.conflict());
    store.injectNext('append', faults.conflict());
    await service.handle(plain(cmd.acknowledge()), meta());
    const span = otel.spansNamed('handle AcknowledgeComplaint')[0];
    expect(span?.attributes).toMatchObject({ [ATTRIBUTES.outcome]: 'appended', [ATTRIBUTES.conflicts]: 2 });
    expect(entries.filter((e) => e.level === 'debug').map((e) => e.fields)).toEqual([
      expect.objectContaining({ complaintId: ID, commandType: 'AcknowledgeComplaint', conflicts: 1 }),
      expect.objectContaining({ complaintId: ID, commandType: 'AcknowledgeComplaint', conflicts: 2 }),
    ]);
  });

  it('a store failure is a failed outcome and a span error naming it', async () => {
    const store = new FaultInjectingEventStore(new InMemoryEventStore());
    const service = serviceOn(store);
    store.injectNext('append', faults.failBeforeWrite());
    await service.handleTE(plain(cmd.receive()), meta())();
    const [span] = otel.spansNamed('handle');
    expect(span?.attributes).toMatchObject({ [ATTRIBUTES.outcome]: 'failed', [ATTRIBUTES.error]: 'StoreUnavailable' });
    expect(span?.status.code).toBe(SpanStatusCode.ERROR);
    const append = otel.spansNamed('store.appendToStream')[0];
    expect(append?.status.code).toBe(SpanStatusCode.ERROR);
  });
});

describe('command metrics', () => {
  it('count commands by type and outcome, their duration, conflicts and retries', async () => {
    const store = new FaultInjectingEventStore(new InMemoryEventStore());
    const service = serviceOn(store, { stateCache: 0, maxConflictRetries: 1 });
    await service.handle(plain(cmd.receive()), meta());
    const m = meta();
    await service.handle(plain(cmd.acknowledge()), m);
    await service.handle(plain(cmd.acknowledge()), m); // duplicate
    await service.handleTE(plain(cmd.receive()), meta())(); // ComplaintAlreadyExists
    store.injectNext('append', faults.conflict());
    store.injectNext('append', faults.conflict());
    await service.handleTE(plain(cmd.answer()), meta())(); // conflicts twice: retried once, then gives up

    const commands = METRIC_NAMES.commands;
    expect(await otel.sum(commands, { [ATTRIBUTES.commandType]: 'ReceiveComplaint', [ATTRIBUTES.outcome]: 'appended' })).toBe(1);
    expect(await otel.sum(commands, { [ATTRIBUTES.commandType]: 'AcknowledgeComplaint', [ATTRIBUTES.outcome]: 'appended' })).toBe(1);
    expect(await otel.sum(commands, { [ATTRIBUTES.outcome]: 'duplicate' })).toBe(1);
    expect(await otel.sum(commands, { [ATTRIBUTES.outcome]: 'refused', [ATTRIBUTES.error]: 'ComplaintAlreadyExists' })).toBe(1);
    expect(await otel.sum(commands, { [ATTRIBUTES.commandType]: 'AnswerComplaint', [ATTRIBUTES.outcome]: 'failed', [ATTRIBUTES.error]: 'ConcurrencyConflict' })).toBe(1);
    expect(await otel.sum(commands)).toBe(5);
    expect(await otel.sum(METRIC_NAMES.conflicts)).toBe(2);
    expect(await otel.sum(METRIC_NAMES.retries)).toBe(1);
    const durations = await otel.points(METRIC_NAMES.commandDuration);
    expect(durations.reduce((n, p) => n + (p.count ?? 0), 0)).toBe(5);
  });
});

/** A store that rewrites the trace fields of what it appends, as @kurrent/opentelemetry 1.3 does on the client. */
class RetracingStore extends ForwardingStore {
  override appendToStream(streamName: string, events: readonly EventToAppend[], options?: { readonly expectedRevision?: ExpectedRevision }) {
    const retraced = events.map((e) => ({ ...e, metadata: { ...e.metadata, $traceId: 'a'.repeat(32), $spanId: 'b'.repeat(16) } }));
    return super.appendToStream(streamName, retraced, options);
  }
}

describe('trace context in event metadata', () => {
  it("every event carries its command span's trace and span ids, in the request's trace, and they decode", async () => {
    const store = new InMemoryEventStore();
    const service = serviceOn(store);
    const request = otel.tracer.startSpan('POST /complaints/:id/commands');
    const result = await context.with(trace.setSpan(context.active(), request), () => service.handle(plain(cmd.receive()), meta()));
    request.end();
    const [handle] = otel.spansNamed('handle');
    const [stored] = await store.readStream(`complaint-${ID}`);
    expect(stored?.metadata).toMatchObject({ $traceId: handle?.spanContext().traceId, $spanId: handle?.spanContext().spanId });
    expect(handle?.spanContext().traceId).toBe(request.spanContext().traceId);
    expect(E.isRight(EventMetadata.decode(stored?.metadata))).toBe(true);
    expect(traceContextOf(result.events[0]?.metadata ?? {})?.traceId).toBe(request.spanContext().traceId);
    expect(traceContextOf(stored?.metadata ?? {})).toMatchObject({ traceId: request.spanContext().traceId, spanId: handle?.spanContext().spanId, isRemote: true });
  });

  it('without an SDK the envelope is exactly as before: no trace fields', async () => {
    const store = new InMemoryEventStore();
    await new ComplaintService({ store, clock: fixedClock }).handle(plain(cmd.receive()), meta());
    const [stored] = await store.readStream(`complaint-${ID}`);
    expect(Object.keys(stored?.metadata ?? {}).sort()).toEqual(['actor', 'causationId', 'commandId', 'commandType', 'correlationId', 'policyVersion', 'recordedAt', 'schemaVersion']);
  });

  it('a client instrumentation that rewrites the trace fields on append does not turn a new command into a duplicate', async () => {
    const inner = new InMemoryEventStore();
    const service = serviceOn(new RetracingStore(inner));
    const first = await service.handle(plain(cmd.receive()), meta());
    const second = await service.handle(plain(cmd.acknowledge()), meta());
    expect([first.duplicate, second.duplicate]).toEqual([false, false]);
    expect(otel.spansNamed('handle').map((s) => s.attributes[ATTRIBUTES.outcome])).toEqual(['appended', 'appended']);
    const stored = await inner.readStream(`complaint-${ID}`);
    expect(stored.map((e) => e.metadata['$traceId'])).toEqual(['a'.repeat(32), 'a'.repeat(32)]);
  });

  it('an import through a client instrumentation that rewrites the trace fields can be run again: everything is found present', async () => {
    const source = new InMemoryEventStore();
    const service = serviceOn(source);
    const request = otel.tracer.startSpan('import job');
    await context.with(trace.setSpan(context.active(), request), () => service.handle(plain(cmd.receive()), meta()));
    request.end();
    const ndjson = await exportStreams(source, [ID]);
    const target = new InMemoryEventStore();
    expect((await importStreams(new RetracingStore(target), ndjson)).appended).toBe(1);
    expect((await target.readStream(`complaint-${ID}`))[0]?.metadata['$traceId']).toBe('a'.repeat(32));
    expect(await importStreams(new RetracingStore(target), ndjson)).toMatchObject({ appended: 0, alreadyPresent: 1 });
  });

  it('a stored trace id of another shape is ignored: the event still reads, and links to nothing', async () => {
    const store = new InMemoryEventStore();
    const service = serviceOn(store);
    await service.handle(plain(cmd.receive()), meta());
    const [stored] = await store.readStream(`complaint-${ID}`);
    const other = new InMemoryEventStore();
    if (stored === undefined) throw new Error('nothing stored');
    await other.appendToStream(stored.streamName, [{ id: stored.id, type: stored.type, data: stored.data, metadata: { ...stored.metadata, $traceId: 'XYZ' } }]);
    const read = await new ComplaintService({ store: other }).listStreamTE(ID)();
    expect(E.isRight(read)).toBe(true);
    expect(E.isRight(read) && traceContextOf(read.right[0]?.metadata ?? {})).toBeUndefined();
    expect(E.isRight(TraceContextFields.decode({ $traceId: 'XYZ' }))).toBe(false);
  });
});
