/**
 * The deadline watcher: given `now`, records `ComplaintDeadlineMissed` through the service
 * for every pending deadline of the SLA model that is overdue and not yet recorded.
 *
 * Exactly once per missed deadline, even when several processes run it at the same time:
 * the command id is a UUID v5 of (complaint, deadline, due date), so two runs send the
 * *same* command — the service appends it once and answers the other as a duplicate — and
 * the decider refuses a miss already recorded (`deadline-already-recorded`). A stale model
 * only costs refused commands (`deadline-not-applicable` when the deadline was met meanwhile).
 */
import { SpanKind, SpanStatusCode } from '@opentelemetry/api';
import { v5 as uuidv5 } from 'uuid';
import type { ComplaintService } from './complaintService';
import { type Logger, errorMessage } from '../observability/logger';
import { ATTRIBUTES, METRIC_NAMES, SPAN_NAMES } from '../observability/names';
import { type TelemetryOptions, meterOf, tracerOf } from '../observability/telemetry';
import type { Actor } from '../domain/vocabulary';
import { type DueDeadline, type SlaModel, overdueNow } from '../projections/sla';

const NAMESPACE = uuidv5('@lukea/complaints/deadline-watcher', uuidv5.URL);

/** The command id the watcher uses for the miss of `deadline` on `due` (deterministic). */
export const missCommandId = (d: Pick<DueDeadline, 'complaintId' | 'deadline' | 'due'>): string =>
  uuidv5(`${d.complaintId}/${d.deadline}/${d.due}`, NAMESPACE);

/** What happened to one overdue deadline. */
export interface WatchOutcome {
  readonly deadline: DueDeadline;
  /**
   * - `'recorded'`: this run appended the miss;
   * - `'duplicate'`: another run had sent the same command (nothing appended);
   * - `'refused'`: the decider refused it (already recorded, or no longer pending);
   * - `'failed'`: the service failed (store error…); retried by the next run.
   */
  readonly result: 'recorded' | 'duplicate' | 'refused' | 'failed';
  readonly message?: string;
}

/** Options of {@link watchDeadlines}. */
export interface WatchOptions {
  readonly service: ComplaintService;
  /** The SLA model (e.g. `runner.model()` of a caught-up {@link ProjectionRunner}). */
  readonly model: SlaModel;
  readonly now: Date;
  /** Who records the misses (default `{ id: 'deadline-watcher', role: 'system' }`). */
  readonly actor?: Actor;
  /** Also send commands for misses the model already shows as recorded (default false). */
  readonly includeRecorded?: boolean;
  /**
   * Stops the run between two commands (never in the middle of one: each miss is recorded
   * whole or not at all); the run then rejects with the signal's reason. Running again
   * later records the rest, once each.
   */
  readonly signal?: AbortSignal;
  /**
   * OpenTelemetry: the run's span (`watchDeadlines`, the commands' spans under it) and the
   * outcomes counter. Default: the global providers. See docs/observability.md.
   */
  readonly telemetry?: TelemetryOptions;
  /** Where misses that could not be recorded are logged (warn). Default: nowhere. */
  readonly logger?: Logger;
}

const REFUSALS = new Set(['RuleViolation', 'InvalidTransition', 'ComplaintNotFound', 'NotAuthorised']);

/**
 * Records every overdue, unrecorded deadline as missed, one command at a time (the
 * service serialises per complaint anyway). Safe to run on a schedule from several
 * processes at once. The service's clock decides `detectedAt`; `now` only selects deadlines.
 */
export const watchDeadlines = (options: WatchOptions): Promise<WatchOutcome[]> => {
  const { signal, logger } = options;
  const actor = options.actor ?? { id: 'deadline-watcher', role: 'system' };
  const outcomes = meterOf(options.telemetry).createCounter(METRIC_NAMES.deadlineWatcherOutcomes, { description: 'Overdue deadlines the watcher handled, by result.', unit: '{deadline}' });
  return tracerOf(options.telemetry).startActiveSpan(SPAN_NAMES.watchDeadlines, { kind: SpanKind.INTERNAL }, async (span) => {
    const out: WatchOutcome[] = [];
    try {
      signal?.throwIfAborted();
      for (const d of overdueNow(options.model, options.now)) {
        if (d.missRecorded && options.includeRecorded !== true) continue;
        signal?.throwIfAborted();
        let outcome: WatchOutcome;
        try {
          const r = await options.service.handle(
            { type: 'RecordDeadlineMissed', complaintId: d.complaintId, deadline: d.deadline },
            { commandId: missCommandId(d), actor },
          );
          outcome = { deadline: d, result: r.duplicate ? 'duplicate' : 'recorded' };
        } catch (error) {
          const tag = typeof error === 'object' && error !== null && '_tag' in error ? String(error._tag) : '';
          outcome = { deadline: d, result: REFUSALS.has(tag) ? 'refused' : 'failed', message: errorMessage(error) };
          if (outcome.result === 'failed')
            logger?.warn(
              { complaintId: d.complaintId, deadline: d.deadline, due: d.due, error: errorMessage(error) },
              `The miss of the ${d.deadline} deadline of complaint ${d.complaintId} could not be recorded; the next run retries it: ${errorMessage(error)}`,
            );
        }
        out.push(outcome);
        outcomes.add(1, { [ATTRIBUTES.outcome]: outcome.result });
      }
      return out;
    } catch (error) {
      span.setStatus({ code: SpanStatusCode.ERROR, message: errorMessage(error) });
      throw error;
    } finally {
      for (const result of ['recorded', 'duplicate', 'refused', 'failed'] as const)
        span.setAttribute(`complaints.deadlines.${result}`, out.filter((o) => o.result === result).length);
      span.end();
    }
  });
};
