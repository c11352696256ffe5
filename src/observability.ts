/**
 * `@lukea/complaints/observability` — the names the library reports under (span and metric
 * names, attributes, instrumentation scope) for dashboards and alerts, the trace context it
 * stores in event metadata, and {@link traceEventStore} to trace a store the service does not
 * own. The service traces itself: it needs nothing from here (docs/observability.md).
 * @packageDocumentation
 */
export { ATTRIBUTES, INSTRUMENTATION_SCOPE, METRIC_NAMES, SPAN_NAMES, SPAN_ID_KEY, TRACE_ID_KEY, traceContextOf, traceEventStore } from './observability/index';
export type { Logger, LogFields, TelemetryOptions, TraceFields } from './observability/index';
export { SpanId, TraceContextFields, TraceId } from './stream/metadata';
