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
import { v5 as uuidv5 } from 'uuid';
import type { ComplaintService } from './complaintService';
import type { Actor } from '../domain/vocabulary';
import { type DueDeadline, type SlaModel, overdueNow } from '../projections/slaBreaches';

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
}

const REFUSALS = new Set(['RuleViolation', 'InvalidTransition', 'ComplaintNotFound', 'NotAuthorised']);

/**
 * Records every overdue, unrecorded deadline as missed, one command at a time (the
 * service serialises per complaint anyway). Safe to run on a schedule from several
 * processes at once. The service's clock decides `detectedAt`; `now` only selects deadlines.
 */
export const watchDeadlines = async (options: WatchOptions): Promise<WatchOutcome[]> => {
  const actor = options.actor ?? { id: 'deadline-watcher', role: 'system' };
  const out: WatchOutcome[] = [];
  for (const d of overdueNow(options.model, options.now)) {
    if (d.missRecorded && options.includeRecorded !== true) continue;
    try {
      const r = await options.service.handle(
        { type: 'RecordDeadlineMissed', complaintId: d.complaintId, deadline: d.deadline },
        { commandId: missCommandId(d), actor },
      );
      out.push({ deadline: d, result: r.duplicate ? 'duplicate' : 'recorded' });
    } catch (error) {
      const tag = typeof error === 'object' && error !== null && '_tag' in error ? String(error._tag) : '';
      const message = error instanceof Error ? error.message : String(error);
      out.push({ deadline: d, result: REFUSALS.has(tag) ? 'refused' : 'failed', message });
    }
  }
  return out;
};
