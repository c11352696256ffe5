/**
 * Spans for event store calls: an {@link EventStore} decorator that wraps each call of the
 * port in an active span (`store.appendToStream`, `store.readStream`, `store.readAll`), so
 * that a client's own instrumentation (e.g. `@kurrent/opentelemetry`'s append span) nests
 * under it. The service and the projection runner wrap their store with it; wrap a store
 * yourself for the audit functions. Wrapping twice adds nothing.
 *
 * A store span is a child: it is started only under a recording span (a command's, a
 * request's), so a call made outside any trace, or without an SDK, costs one context lookup.
 */
import { type Attributes, SpanKind, SpanStatusCode, type Tracer, trace } from '@opentelemetry/api';
import type {
  AllSubscription,
  AppendResult,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamMetadata,
  SubscribeToAllOptions,
} from '../eventstore/port';
import { ATTRIBUTES, SPAN_NAMES } from './names';
import { type TelemetryOptions, tracerOf } from './telemetry';

/** `read()` now, as a promise (a throw becomes its rejection, as from a store's `readAll`). */
const readNow = <T>(read: () => T): Promise<T> => new Promise<T>((resolve) => resolve(read()));

/** True under a recording span: store spans are children only. */
const traced = (): boolean => trace.getActiveSpan()?.isRecording() === true;

class TracedEventStore implements EventStore {
  constructor(
    readonly inner: EventStore,
    private readonly tracer: Tracer,
  ) {}

  get readsMayChange(): boolean {
    return this.inner.readsMayChange === true;
  }

  appendToStream(streamName: string, events: readonly EventToAppend[], options?: { readonly expectedRevision?: ExpectedRevision }): Promise<AppendResult> {
    if (!traced()) return this.inner.appendToStream(streamName, events, options);
    const expected = options?.expectedRevision ?? 'any';
    return this.call('appendToStream', { [ATTRIBUTES.stream]: streamName, [ATTRIBUTES.events]: events.length, 'complaints.expected_revision': String(expected) }, () =>
      this.inner.appendToStream(streamName, events, options),
    );
  }

  readStream(streamName: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    if (!traced()) return this.inner.readStream(streamName, options);
    return this.call('readStream', { [ATTRIBUTES.stream]: streamName }, () => this.inner.readStream(streamName, options), (r) => r.length);
  }

  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    if (!traced()) return this.inner.readAll(options);
    return this.call('readAll', {}, () => this.inner.readAll(options), (r) => r.length);
  }

  setStreamMetadata(streamName: string, metadata: StreamMetadata): Promise<void> {
    if (!traced()) return this.inner.setStreamMetadata(streamName, metadata);
    return this.call('setStreamMetadata', { [ATTRIBUTES.stream]: streamName }, () => this.inner.setStreamMetadata(streamName, metadata));
  }

  getStreamMetadata(streamName: string): Promise<StreamMetadata> {
    if (!traced()) return this.inner.getStreamMetadata(streamName);
    return this.call('getStreamMetadata', { [ATTRIBUTES.stream]: streamName }, () => this.inner.getStreamMetadata(streamName));
  }

  /** `read` under the span `readAll` would have had (see {@link tracedReadAll}). */
  readAllBy<T extends readonly unknown[]>(read: () => T): Promise<T> {
    if (!traced()) return readNow(read);
    return this.call('readAll', {}, async () => read(), (r) => r.length);
  }

  subscribeToAll(options?: SubscribeToAllOptions): AllSubscription {
    // A subscription lives as long as its consumer: the runner's batch spans cover its events.
    return this.inner.subscribeToAll(options);
  }

  private call<T>(operation: string, attributes: Attributes, run: () => Promise<T>, count?: (result: T) => number): Promise<T> {
    return this.tracer.startActiveSpan(`${SPAN_NAMES.store}.${operation}`, { kind: SpanKind.INTERNAL, attributes: { [ATTRIBUTES.operation]: operation, ...attributes } }, async (span) => {
      try {
        const result = await run();
        if (count !== undefined) span.setAttribute(ATTRIBUTES.events, count(result));
        return result;
      } catch (error) {
        span.recordException(error instanceof Error ? error : String(error));
        span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
        throw error;
      } finally {
        span.end();
      }
    });
  }
}

/**
 * The store with a span around each call (see the module docs). The spans go to
 * `options.tracerProvider` (default: the global one); a store already wrapped is returned as is.
 */
export const traceEventStore = (store: EventStore, options?: TelemetryOptions): EventStore =>
  store instanceof TracedEventStore ? store : new TracedEventStore(store, tracerOf(options));

/**
 * Runs `read`, a page of `store`'s log read without its `readAll` (the projection runner's
 * page of the in-memory log in place), under the `store.readAll` span a traced store starts
 * for a page: what a trace shows does not depend on how the page was read.
 */
export const tracedReadAll = <T extends readonly unknown[]>(store: EventStore, read: () => T): Promise<T> =>
  store instanceof TracedEventStore ? store.readAllBy(read) : readNow(read);
