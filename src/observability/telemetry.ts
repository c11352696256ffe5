/**
 * Where the library's spans and metrics go: OpenTelemetry through `@opentelemetry/api` only.
 * Without an SDK the API is a no-op, so telemetry costs next to nothing until a service
 * registers one (see docs/observability.md). Components take the providers when they are
 * built: register the SDK first, as OpenTelemetry asks.
 */
import { ProxyTracerProvider, metrics, trace, type Meter, type MeterProvider, type Tracer, type TracerProvider } from '@opentelemetry/api';
import { INSTRUMENTATION_SCOPE } from './names';

/** Options of the library's OpenTelemetry instrumentation, on every component that emits telemetry. */
export interface TelemetryOptions {
  /**
   * Where spans go. Default: the global tracer provider (`trace.getTracerProvider()`), which
   * follows an SDK registered later too.
   */
  readonly tracerProvider?: TracerProvider;
  /**
   * Where metrics go. Default: the global meter provider as it is when the component is
   * built (register the SDK's `MeterProvider` before building services and runners).
   */
  readonly meterProvider?: MeterProvider;
}

/** The tracer of the library. */
export const tracerOf = (options: TelemetryOptions | undefined): Tracer =>
  (options?.tracerProvider ?? trace.getTracerProvider()).getTracer(INSTRUMENTATION_SCOPE);

/** The meter of the library. */
export const meterOf = (options: TelemetryOptions | undefined): Meter =>
  (options?.meterProvider ?? metrics.getMeterProvider()).getMeter(INSTRUMENTATION_SCOPE);

/** What a proxy provider delegates to before an SDK is registered (the API's no-op provider). */
const NO_SDK = new ProxyTracerProvider().getDelegate();

/**
 * A check, cheap enough for every command, that spans would record nothing now: true while
 * the tracer is the global proxy's and no SDK is registered behind it. It follows an SDK
 * registered later (the check then answers false). A provider given in the options is taken
 * at its word: never off.
 */
export const tracingOff = (options: TelemetryOptions | undefined): (() => boolean) => {
  if (options?.tracerProvider !== undefined) return () => false;
  const global = trace.getTracerProvider();
  if (!(global instanceof ProxyTracerProvider)) return () => false;
  return () => global.getDelegate() === NO_SDK;
};
