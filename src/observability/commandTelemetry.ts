/**
 * Telemetry of the complaint service: one span per command (`handle <CommandType>`) with its
 * outcome, refusal tag, conflicts retried and duplicate flag, and the command metrics.
 */
import { type Attributes, type Counter, type Histogram, type Span, SpanKind, SpanStatusCode, type Tracer, createNoopMeter } from '@opentelemetry/api';
import * as E from 'fp-ts/lib/Either.js';
import { type ServiceError, describeServiceError } from '../application/errors';
import { isComplaintCommandType } from '../domain/commands';
import type { Logger } from './logger';
import { ATTRIBUTES, METRIC_NAMES, SPAN_NAMES } from './names';
import { type TelemetryOptions, meterOf, tracerOf, tracingOff } from './telemetry';

/** How a command ended, as the `complaints.outcome` attribute says it. */
export type CommandOutcome = 'appended' | 'duplicate' | 'refused' | 'failed';

/** Errors that answer the caller's input or the complaint's state (a refusal), as opposed to a failure to serve. */
const REFUSALS: ReadonlySet<ServiceError['_tag']> = new Set([
  'DecodeError',
  'ComplaintNotFound',
  'ComplaintAlreadyExists',
  'InvalidTransition',
  'NotAuthorised',
  'RuleViolation',
  'UnknownComplaint',
  'CommandIdReused',
]);

/** The outcome of a handled command. */
export const outcomeOf = (result: E.Either<ServiceError, { readonly duplicate: boolean }>): CommandOutcome =>
  E.isRight(result) ? (result.right.duplicate ? 'duplicate' : 'appended') : REFUSALS.has(result.left._tag) ? 'refused' : 'failed';

/** What the service tells the telemetry while it handles one command. */
export interface CommandTrace {
  /** The command decoded: its ids go on the span. */
  identify(complaintId: string, commandId: string): void;
  /** The attempt met a concurrency conflict and the command will be read and decided again. */
  conflict(retrying: boolean): void;
}

/** The service's instruments. */
export class CommandTelemetry {
  private readonly tracer: Tracer;
  /** True while nothing would record this instance's spans (see `tracingOff`). */
  private readonly noTracing: () => boolean;
  /** The meter is the API's no-op one: its instruments never record (metrics have no proxy). */
  private readonly noMetrics: boolean;
  private readonly commands: Counter;
  private readonly duration: Histogram;
  private readonly conflicts: Counter;
  private readonly retries: Counter;

  constructor(
    options: TelemetryOptions | undefined,
    private readonly logger: Logger | undefined,
  ) {
    this.tracer = tracerOf(options);
    this.noTracing = tracingOff(options);
    const meter = meterOf(options);
    this.noMetrics = meter === createNoopMeter();
    this.commands = meter.createCounter(METRIC_NAMES.commands, { description: 'Commands handled, by type and outcome.', unit: '{command}' });
    this.duration = meter.createHistogram(METRIC_NAMES.commandDuration, { description: 'Time to handle a command.', unit: 's' });
    this.conflicts = meter.createCounter(METRIC_NAMES.conflicts, { description: 'Concurrency conflicts met by commands.', unit: '{conflict}' });
    this.retries = meter.createCounter(METRIC_NAMES.retries, { description: 'Commands read and decided again after a conflict.', unit: '{retry}' });
  }

  /** Runs `handle` inside the command's span and records its outcome. */
  observe<A extends { readonly duplicate: boolean; readonly events: readonly unknown[]; readonly revision: bigint }>(
    commandInput: unknown,
    handle: (trace: CommandTrace) => Promise<E.Either<ServiceError, A>>,
  ): Promise<E.Either<ServiceError, A>> {
    // Without an SDK (the default until a service registers one) the span would be a no-op
    // and the instruments record nothing: handle the command without them, at the cost of a
    // check per command instead of a span, a context and the attribute objects. The caller's
    // active span, if any, stays active, so events carry the trace fields they would under
    // the no-op span (which inherits its parent's context).
    if (this.noMetrics && this.noTracing()) return handle(this.logger === undefined ? SILENT : new LoggedTrace(this.logger, commandInput));
    const type = commandTypeOf(commandInput);
    return this.tracer.startActiveSpan(`${SPAN_NAMES.handle} ${type}`, { kind: SpanKind.INTERNAL, attributes: { [ATTRIBUTES.commandType]: type } }, async (span) => {
      const started = performance.now();
      let conflicts = 0;
      let ids: { complaintId?: string; commandId?: string } = {};
      const trace: CommandTrace = {
        identify: (complaintId, commandId) => {
          ids = { complaintId, commandId };
          if (span.isRecording()) span.setAttributes({ [ATTRIBUTES.complaintId]: complaintId, [ATTRIBUTES.commandId]: commandId });
        },
        conflict: (retrying) => {
          conflicts += 1;
          this.conflicts.add(1, { [ATTRIBUTES.commandType]: type });
          if (!retrying) return;
          this.retries.add(1, { [ATTRIBUTES.commandType]: type });
          this.logger?.debug({ ...ids, commandType: type, conflicts }, `${type}: concurrency conflict; reading the complaint again and deciding anew`);
        },
      };
      try {
        const result = await handle(trace);
        this.finish(span, type, result, conflicts, (performance.now() - started) / 1000);
        return result;
      } catch (error) {
        // The service answers with Eithers; a throw here is a bug of a store or of the library.
        span.recordException(error instanceof Error ? error : String(error));
        span.setStatus({ code: SpanStatusCode.ERROR, message: error instanceof Error ? error.message : String(error) });
        this.commands.add(1, { [ATTRIBUTES.commandType]: type, [ATTRIBUTES.outcome]: 'failed' });
        throw error;
      } finally {
        span.end();
      }
    });
  }

  private finish<A extends { readonly duplicate: boolean; readonly events: readonly unknown[]; readonly revision: bigint }>(
    span: Span,
    type: string,
    result: E.Either<ServiceError, A>,
    conflicts: number,
    seconds: number,
  ): void {
    const outcome = outcomeOf(result);
    const metric: Attributes = { [ATTRIBUTES.commandType]: type, [ATTRIBUTES.outcome]: outcome };
    if (E.isLeft(result)) metric[ATTRIBUTES.error] = result.left._tag;
    this.commands.add(1, metric);
    this.duration.record(seconds, { [ATTRIBUTES.commandType]: type, [ATTRIBUTES.outcome]: outcome });
    // Without an SDK (or unsampled) the span records nothing: spare building its attributes.
    if (!span.isRecording()) return;
    span.setAttributes({ [ATTRIBUTES.outcome]: outcome, [ATTRIBUTES.conflicts]: conflicts });
    if (E.isRight(result)) {
      span.setAttributes({ [ATTRIBUTES.duplicate]: result.right.duplicate, [ATTRIBUTES.events]: result.right.events.length, [ATTRIBUTES.revision]: Number(result.right.revision) });
    } else {
      const error = result.left;
      span.setAttribute(ATTRIBUTES.error, error._tag);
      if (error._tag === 'RuleViolation') span.setAttribute(ATTRIBUTES.rule, error.rule);
      // A refusal is the service doing its job (like an HTTP 4xx); only failures are span errors.
      if (outcome === 'failed') span.setStatus({ code: SpanStatusCode.ERROR, message: describeServiceError(error) });
    }
  }
}

/** A trace that records nothing (no SDK, no logger). */
const SILENT: CommandTrace = { identify: () => undefined, conflict: () => undefined };

/** A trace without an SDK: only the debug log of retries remains. */
class LoggedTrace implements CommandTrace {
  private ids: { complaintId?: string; commandId?: string } = {};
  private conflicts = 0;

  constructor(
    private readonly logger: Logger,
    private readonly commandInput: unknown,
  ) {}

  identify(complaintId: string, commandId: string): void {
    this.ids = { complaintId, commandId };
  }

  conflict(retrying: boolean): void {
    this.conflicts += 1;
    if (!retrying) return;
    const type = commandTypeOf(this.commandInput);
    this.logger.debug({ ...this.ids, commandType: type, conflicts: this.conflicts }, `${type}: concurrency conflict; reading the complaint again and deciding anew`);
  }
}

/** The command type for span names and metrics: a known type, or `unknown` (never caller text: low cardinality). */
const commandTypeOf = (input: unknown): string => {
  const type = typeof input === 'object' && input !== null && 'type' in input ? input.type : undefined;
  return typeof type === 'string' && isComplaintCommandType(type) ? type : 'unknown';
};

