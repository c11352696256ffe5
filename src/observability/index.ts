/**
 * Observability: OpenTelemetry spans and metrics through `@opentelemetry/api` (a no-op until
 * a service registers an SDK), trace context in event metadata, and the logging hook.
 * The `@lukea/complaints/observability` entry (`src/observability.ts`) re-exports it. See docs/observability.md.
 * @packageDocumentation
 */
export type { Logger, LogFields } from './logger';
export type { TelemetryOptions } from './telemetry';
export { ATTRIBUTES, INSTRUMENTATION_SCOPE, METRIC_NAMES, SPAN_NAMES } from './names';
export { SPAN_ID_KEY, TRACE_ID_KEY, traceContextOf } from './traceContext';
export type { TraceFields } from './traceContext';
export { traceEventStore } from './tracedEventStore';
