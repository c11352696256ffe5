/**
 * Trace context in event metadata: the ids of the span that caused an event, under the keys
 * KurrentDB's own clients and `@kurrent/opentelemetry` use (`$traceId`, `$spanId`), so that
 * a complaint's events link back to the requests that caused them and KurrentDB tools read
 * them as theirs. When `@kurrent/opentelemetry` instruments the client it overwrites both keys
 * with its append span — a child of the library's, in the same trace — so an import's
 * comparison of an exported event with what is stored ignores these two keys.
 */
import { type SpanContext, TraceFlags, isSpanContextValid, trace } from '@opentelemetry/api';
import type { JsonObject, JsonValue } from '../eventstore/port';

/** Metadata key of the trace id (32 lower-case hex digits) of the span that appended an event. */
export const TRACE_ID_KEY = '$traceId';
/** Metadata key of the span id (16 lower-case hex digits) of the span that appended an event. */
export const SPAN_ID_KEY = '$spanId';

/** The trace fields of event metadata. */
export interface TraceFields {
  readonly $traceId: string;
  readonly $spanId: string;
}

/** The trace fields for events appended under the active span: none without a sampled span (no SDK, not sampled). */
export const activeTraceFields = (): TraceFields | undefined => {
  const span = trace.getActiveSpan();
  if (span === undefined) return undefined;
  const ctx = span.spanContext();
  if (!isSpanContextValid(ctx) || (ctx.traceFlags & TraceFlags.SAMPLED) === 0) return undefined;
  return { $traceId: ctx.traceId, $spanId: ctx.spanId };
};

const TRACE_ID = /^[0-9a-f]{32}$/;
const SPAN_ID = /^[0-9a-f]{16}$/;

/**
 * The span context stored in an event's metadata (`$traceId`, `$spanId`), as a remote,
 * sampled context to link to or continue from; undefined when the event carries none.
 */
export const traceContextOf = (metadata: { readonly [key: string]: unknown }): SpanContext | undefined => {
  const traceId = metadata[TRACE_ID_KEY];
  const spanId = metadata[SPAN_ID_KEY];
  if (typeof traceId !== 'string' || typeof spanId !== 'string' || !TRACE_ID.test(traceId) || !SPAN_ID.test(spanId)) return undefined;
  const ctx: SpanContext = { traceId, spanId, traceFlags: TraceFlags.SAMPLED, isRemote: true };
  return isSpanContextValid(ctx) ? ctx : undefined;
};

/** True when metadata holds a trace field. */
const hasTraceFields = (m: JsonObject): boolean => TRACE_ID_KEY in m || SPAN_ID_KEY in m;

/** The metadata without its trace fields (the same object when it has none). */
export const withoutTraceFields = (m: JsonObject): JsonObject => {
  if (!hasTraceFields(m)) return m;
  const out: { [key: string]: JsonValue } = {};
  for (const [k, v] of Object.entries(m)) if (k !== TRACE_ID_KEY && k !== SPAN_ID_KEY) out[k] = v;
  return out;
};
