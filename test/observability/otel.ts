/**
 * OpenTelemetry for tests: the SDK's in-memory span and metric exporters behind providers
 * handed to the library (no global provider), and the async-hooks context manager so that
 * active spans follow `await`s as they do under a real SDK setup.
 */
import { type Attributes, type Tracer, context } from '@opentelemetry/api';
import { AsyncLocalStorageContextManager } from '@opentelemetry/context-async-hooks';
import {
  AggregationTemporality,
  type DataPoint,
  type Histogram,
  InMemoryMetricExporter,
  MeterProvider,
  PeriodicExportingMetricReader,
} from '@opentelemetry/sdk-metrics';
import { BasicTracerProvider, InMemorySpanExporter, type ReadableSpan, SimpleSpanProcessor } from '@opentelemetry/sdk-trace-base';
import type { TelemetryOptions } from '../../src/observability/telemetry';

/** Installs the async-hooks context manager for the suite (call at the top of a describe). */
export const useContextManager = (): void => {
  const manager = new AsyncLocalStorageContextManager();
  beforeAll(() => {
    context.setGlobalContextManager(manager.enable());
  });
  afterAll(() => {
    manager.disable();
    context.disable();
  });
};

/** One metric data point, flattened: its attributes and value (a number, or a histogram's count and sum). */
export interface Point {
  readonly attributes: Attributes;
  readonly value: number;
  readonly count?: number;
}

/** In-memory telemetry: providers for the library and what they recorded. */
export interface TestTelemetry {
  readonly telemetry: TelemetryOptions;
  /** A tracer of the test's provider, for the spans a service's own code would start (an HTTP request). */
  readonly tracer: Tracer;
  /** Finished spans, oldest first. */
  spans(): ReadableSpan[];
  /** Finished spans of a name (or name prefix followed by a space). */
  spansNamed(name: string): ReadableSpan[];
  /** The data points of a metric, after a collection (cumulative). */
  points(metric: string): Promise<Point[]>;
  /** Sum of a counter's points whose attributes include `match`. */
  sum(metric: string, match?: Attributes): Promise<number>;
  shutdown(): Promise<void>;
}

export const testTelemetry = (): TestTelemetry => {
  const spanExporter = new InMemorySpanExporter();
  const tracerProvider = new BasicTracerProvider({ spanProcessors: [new SimpleSpanProcessor(spanExporter)] });
  const metricExporter = new InMemoryMetricExporter(AggregationTemporality.CUMULATIVE);
  // Exports only when flushed by the test (the interval is never reached).
  const reader = new PeriodicExportingMetricReader({ exporter: metricExporter, exportIntervalMillis: 3_600_000 });
  const meterProvider = new MeterProvider({ readers: [reader] });
  const points = async (metric: string): Promise<Point[]> => {
    metricExporter.reset();
    await reader.forceFlush();
    const out: Point[] = [];
    for (const rm of metricExporter.getMetrics())
      for (const sm of rm.scopeMetrics)
        for (const m of sm.metrics) {
          if (m.descriptor.name !== metric) continue;
          for (const p of m.dataPoints as DataPoint<number | Histogram>[]) {
            const v = p.value;
            out.push(typeof v === 'number' ? { attributes: p.attributes, value: v } : { attributes: p.attributes, value: v.sum ?? 0, count: v.count });
          }
        }
    return out;
  };
  const matches = (attributes: Attributes, match: Attributes): boolean => Object.entries(match).every(([k, v]) => attributes[k] === v);
  return {
    telemetry: { tracerProvider, meterProvider },
    tracer: tracerProvider.getTracer('test'),
    spans: () => spanExporter.getFinishedSpans(),
    spansNamed: (name) => spanExporter.getFinishedSpans().filter((s) => s.name === name || s.name.startsWith(`${name} `)),
    points,
    sum: async (metric, match = {}) => (await points(metric)).filter((p) => matches(p.attributes, match)).reduce((n, p) => n + p.value, 0),
    shutdown: async () => {
      await tracerProvider.shutdown();
      await meterProvider.shutdown();
    },
  };
};

const CONSOLE_METHODS = ['log', 'info', 'warn', 'error', 'debug', 'trace'] as const;

/**
 * Spies on the console for every test of the suite and fails a test during which the
 * library wrote to it: the library logs only through the logger it is given.
 */
export const expectNoConsoleOutput = (): void => {
  let spies: jest.SpyInstance[] = [];
  beforeEach(() => {
    spies = CONSOLE_METHODS.map((m) => jest.spyOn(console, m));
  });
  afterEach(() => {
    const calls = spies.flatMap((s, i) => s.mock.calls.map((args: unknown[]) => `console.${CONSOLE_METHODS[i]}(${args.map(String).join(', ')})`));
    for (const s of spies) s.mockRestore();
    expect(calls).toEqual([]);
  });
};
