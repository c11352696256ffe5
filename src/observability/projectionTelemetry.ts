/**
 * Telemetry of a projection runner. A batch is what the runner folds between two checkpoint
 * saves: one span per batch (`projection.batch <name>`, from its first event to the end of its
 * save) linked to the spans that appended its events (their `$traceId`/`$spanId`), the events
 * and problems counters, and the lag gauge. Problems, failed saves, a checkpoint of another
 * version and a failed live subscription go to the logger.
 */
import { type Attributes, type Counter, type Gauge, type Link, SpanKind, SpanStatusCode, type Tracer } from '@opentelemetry/api';
import type { StoredComplaintEvent } from '../stream/decodeStream';
import type { Position } from '../eventstore/port';
import { type Logger, errorMessage } from './logger';
import { ATTRIBUTES, METRIC_NAMES, SPAN_NAMES } from './names';
import { type TelemetryOptions, meterOf, tracerOf, tracingOff } from './telemetry';
import { traceContextOf } from './traceContext';

/** At most this many links per batch span (distinct spans that appended its events). */
const MAX_LINKS = 32;

/** A problem as the runner reports it (the fields the telemetry reads). */
export interface ProblemFields {
  readonly kind: string;
  readonly streamName: string;
  readonly revision: bigint;
  readonly eventType: string;
  readonly message: string;
}

/** The instruments of one runner. */
export class ProjectionTelemetry {
  private readonly tracer: Tracer;
  private readonly events: Counter;
  private readonly problems: Counter;
  private readonly lag: Gauge;
  private readonly attributes: Attributes;
  private batchStart: number | undefined;
  private folded = 0;
  private problemsInBatch = 0;
  private links: Link[] = [];
  private readonly linked = new Set<string>();
  /** True while nothing would record the batch spans (see `tracingOff`). */
  private readonly noTracing: () => boolean;
  /**
   * Whether the open batch collects links, decided when it opens: without an SDK its span
   * records nothing, so no event's metadata is read for a trace context (one read of an
   * absent key per event otherwise — at a million events, a cache miss each).
   */
  private linking = false;

  constructor(
    private readonly projection: string,
    options: TelemetryOptions | undefined,
    private readonly logger: Logger | undefined,
  ) {
    this.tracer = tracerOf(options);
    this.noTracing = tracingOff(options);
    const meter = meterOf(options);
    this.events = meter.createCounter(METRIC_NAMES.projectionEvents, { description: 'Complaint events folded by projection runners (its rate: events/s).', unit: '{event}' });
    this.problems = meter.createCounter(METRIC_NAMES.projectionProblems, { description: 'Events a projection could not fold.', unit: '{problem}' });
    this.lag = meter.createGauge(METRIC_NAMES.projectionLag, { description: "How far behind the log's newest event the projection is (0 once caught up).", unit: 'ms' });
    this.attributes = { [ATTRIBUTES.projection]: projection };
  }

  /** An event was folded. */
  eventFolded(event: StoredComplaintEvent): void {
    this.open();
    this.folded += 1;
    if (!this.linking || this.links.length >= MAX_LINKS) return;
    const ctx = traceContextOf(event.metadata);
    if (ctx === undefined || this.linked.has(ctx.spanId)) return;
    this.linked.add(ctx.spanId);
    this.links.push({ context: ctx });
  }

  /** An event of a type the projection does not handle was passed over (counted as folded: it changes nothing). */
  eventSkipped(): void {
    this.open();
    this.folded += 1;
  }

  /** An event could not be folded. */
  problem(problem: ProblemFields): void {
    this.open();
    this.problemsInBatch += 1;
    this.problems.add(1, { ...this.attributes, [ATTRIBUTES.problemKind]: problem.kind });
    this.logger?.warn(
      { projection: this.projection, kind: problem.kind, streamName: problem.streamName, revision: String(problem.revision), eventType: problem.eventType, problem: problem.message },
      `Projection ${this.projection} skipped ${problem.streamName}@${problem.revision} (${problem.eventType}): ${problem.message}`,
    );
  }

  /**
   * The batch is being saved: ends the batch (a span covering it and its save, when it had
   * events) once `save` settles, and records the lag. Resolves and rejects as `save` does.
   */
  async saved(save: Promise<void>, position: Position | null, lagMs: () => number): Promise<void> {
    const start = this.batchStart;
    const batch: Attributes = {
      ...this.attributes,
      [ATTRIBUTES.events]: this.folded + this.problemsInBatch,
      'complaints.problems': this.problemsInBatch,
      ...(position === null ? {} : { [ATTRIBUTES.position]: position.commit.toString() }),
    };
    const folded = this.folded;
    const links = this.links;
    this.batchStart = undefined;
    this.folded = 0;
    this.problemsInBatch = 0;
    this.links = [];
    this.linked.clear();
    if (folded > 0) this.events.add(folded, this.attributes);
    const span = start === undefined ? undefined : this.tracer.startSpan(`${SPAN_NAMES.projectionBatch} ${this.projection}`, { kind: SpanKind.INTERNAL, startTime: start, attributes: batch, links });
    try {
      await save;
    } catch (error) {
      span?.recordException(error instanceof Error ? error : String(error));
      span?.setStatus({ code: SpanStatusCode.ERROR, message: `checkpoint save failed: ${errorMessage(error)}` });
      this.logger?.error(
        { projection: this.projection, position: position?.commit.toString() ?? null, error: errorMessage(error) },
        `Projection ${this.projection} could not save its checkpoint; it is saved again after the next batch: ${errorMessage(error)}`,
      );
      throw error;
    } finally {
      this.lag.record(lagMs(), this.attributes);
      span?.end();
    }
  }

  /** Runs a catch-up inside its span (`projection.catchUp <name>`), under which its page reads are store spans. */
  catchingUp<T extends { readonly eventsProcessed: number }>(run: () => Promise<T>): Promise<T> {
    return this.tracer.startActiveSpan(`${SPAN_NAMES.projectionCatchUp} ${this.projection}`, { kind: SpanKind.INTERNAL, attributes: this.attributes }, async (span) => {
      try {
        const progress = await run();
        span.setAttribute('complaints.events_processed', progress.eventsProcessed);
        return progress;
      } catch (error) {
        span.setStatus({ code: SpanStatusCode.ERROR, message: errorMessage(error) });
        throw error;
      } finally {
        span.end();
      }
    });
  }

  /** The runner has read to the end of the log. */
  caughtUp(): void {
    this.lag.record(0, this.attributes);
  }

  /** The saved checkpoint was written by another version of the projection: it is rebuilt. */
  checkpointIgnored(savedVersion: number, version: number): void {
    this.logger?.info(
      { projection: this.projection, savedVersion, version },
      `Projection ${this.projection}: the saved checkpoint is of version ${savedVersion}, not ${version}; folding the log again from the start`,
    );
  }

  /** The live subscription failed: the runner stopped following the log. */
  subscriptionFailed(error: unknown): void {
    this.logger?.error({ projection: this.projection, error: errorMessage(error) }, `Projection ${this.projection} stopped following the log: ${errorMessage(error)}`);
  }

  private open(): void {
    if (this.batchStart !== undefined) return;
    this.batchStart = Date.now();
    this.linking = !this.noTracing();
  }
}
