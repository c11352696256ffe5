/**
 * Runs a {@link Projection} over the global log: loads its checkpoint, catches up by
 * reading pages of `$all` (filtered to `complaint-` streams), then follows live events
 * through a catch-up subscription. Checkpoint and model are saved together after a batch,
 * no more often than the throttle allows and only when events were folded since the last
 * save. Events that do not decode are reported, never silently dropped — whatever their type;
 * events of a type the projection does not handle (its `eventTypes`) are decoded but not
 * folded. The
 * projection's own codec (`encode`/`decode`), if it has one, goes to the checkpoint store
 * with every save and load.
 */
import * as E from 'fp-ts/lib/Either.js';
import type { CorruptedEvent } from '../stream/errors';
import { type StoredComplaintEvent, decodeKept, decodeStored, decodeStoredQuickly } from '../stream/decodeStream';
import { COMPLAINT_STREAM_PREFIX } from '../stream/streams';
import { UpcasterRegistry } from '../stream/upcasting';
import { COMPLAINT_EVENT_TYPES } from '../domain/events';
import type { AllSubscription, EventStore, Position, RecordedEvent } from '../eventstore/port';
import { type StoredEvent, toRecorded } from '../eventstore/inMemory/storedLog';
import { storedLogOf, storedPage } from '../eventstore/inMemory/storedReads';
import { type CheckpointError, isCheckpointFenced } from './checkpointErrors';
import type { Logger } from '../observability/logger';
import { ProjectionTelemetry } from '../observability/projectionTelemetry';
import type { TelemetryOptions } from '../observability/telemetry';
import { traceEventStore, tracedReadAll } from '../observability/tracedEventStore';
import type { CheckpointStore } from './checkpointStore';
import { type Projection, type ProjectionCodec, codecOf } from './projection';

/** An event of the complaint category the runner could not fold. The runner goes on past it. */
export interface ProjectionProblem {
  /** `'undecodable'`: unknown type, bad metadata, schema or data; `'apply-failed'`: the fold threw. */
  readonly kind: 'undecodable' | 'apply-failed';
  readonly streamName: string;
  readonly revision: bigint;
  readonly position: Position;
  readonly eventType: string;
  readonly message: string;
  readonly issues?: CorruptedEvent['issues'];
}

/** What a runner has done so far. */
export interface ProjectionProgress {
  /** Complaint events folded into the model (problems excluded). */
  readonly eventsProcessed: number;
  /** Complaint events reported as problems. */
  readonly problems: number;
  /** Last global-log position handled (null: none yet). */
  readonly position: Position | null;
  /** Store time of the last event handled. */
  readonly lastEventAt: Date | null;
  /** True once the runner has read to the end of the log (and, live, stays there). */
  readonly caughtUp: boolean;
  /** `now − lastEventAt` in ms while catching up; 0 once caught up. */
  readonly lagMs: number;
  /** True while the live subscription runs. */
  readonly live: boolean;
}

/** Options of {@link ProjectionRunner}. */
export interface ProjectionRunnerOptions<M> {
  readonly store: EventStore;
  readonly checkpoints: CheckpointStore;
  readonly projection: Projection<M>;
  /** Upcasters for old schema versions (the package's defaults otherwise). */
  readonly upcasters?: UpcasterRegistry;
  /** Events per `readAll` page during catch-up (default 1000). */
  readonly pageSize?: number;
  /** Events folded between two checkpoint saves (default 1000), throttle permitting. */
  readonly batchSize?: number;
  /**
   * Live mode: how long (ms) after an event its checkpoint save is due (default 200),
   * throttle permitting. Nothing is saved while no event arrives, whatever else the log gets.
   */
  readonly flushIntervalMs?: number;
  /**
   * Throttle of checkpoint saves, for models that take long to save: after a save that took
   * d ms (clone and store), the next batch or live save waits until `saveSpacing × d` ms
   * have passed since it ended. Default 9, so saving takes at most about a tenth of the
   * runner's time however large the model; 0 turns the throttle off. The last save of
   * `catchUp` and the save of `stop` never wait. Measured with `clock`.
   */
  readonly saveSpacing?: number;
  /** Called with every problem (also kept, up to 1000, in {@link ProjectionRunner.problems}). */
  readonly onProblem?: (problem: ProjectionProblem) => void;
  /**
   * Called when the live subscription fails, or a live save fails. A `CheckpointError`
   * `CheckpointFenced` (another runner saves this projection) is reported once: the runner
   * then saves no more, and `catchUp` and `stop` reject with it.
   */
  readonly onError?: (error: unknown) => void;
  /** Clock for the lag and the save throttle (default: system clock). */
  readonly clock?: () => Date;
  /**
   * OpenTelemetry: a span per batch (linked to the spans that appended its events) and per
   * store call, events, problems and lag metrics. Default: the global providers (a no-op
   * until a service registers an SDK). See docs/observability.md.
   */
  readonly telemetry?: TelemetryOptions;
  /** Where the runner logs problems, failed checkpoint saves and a failed live subscription. Default: nowhere. */
  readonly logger?: Logger;
}

/** Options of {@link ProjectionRunner.catchUp}, {@link ProjectionRunner.rebuild} and {@link ProjectionRunner.start}. */
export interface RunOptions {
  /**
   * Stops the run: between two events, never in the middle of a store call or of a
   * checkpoint save, so the saved checkpoint is always a whole one. `catchUp` and `rebuild`
   * then reject with the signal's reason without saving again; a live runner stops as
   * {@link ProjectionRunner.stop} does.
   */
  readonly signal?: AbortSignal;
}

const MAX_KEPT_PROBLEMS = 1000;
const FILTER = { streamNamePrefixes: [COMPLAINT_STREAM_PREFIX] } as const;

const samePosition = (a: Position, b: Position): boolean => a.commit === b.commit && a.prepare === b.prepare;

/**
 * Runs one projection. Not re-entrant: call `catchUp`, `rebuild` and `start` one at a time.
 *
 * @example
 * const runner = new ProjectionRunner({ store, checkpoints: new InMemoryCheckpointStore(), projection: slaProjection() });
 * await runner.catchUp();
 * overdueNow(runner.model(), new Date());
 */
export class ProjectionRunner<M> {
  private current: M;
  private position: Position | null = null;
  private processed = 0;
  private problemCount = 0;
  private readonly kept: ProjectionProblem[] = [];
  /** Store time (epoch ms) of the last event handled. */
  private lastEventMs: number | null = null;
  private caughtUp = false;
  private loaded = false;
  private unsaved = 0;
  private subscription: AllSubscription | undefined;
  private loop: Promise<void> | undefined;
  private timer: ReturnType<typeof setTimeout> | undefined;
  /** The save under way, if any: saves never overlap. */
  private inFlight: Promise<void> | undefined;
  /** Complaint events handled (folded or reported) since the model was initial or loaded. */
  private handled = 0;
  /** `handled` as of the checkpoint last saved (or loaded): equal means nothing to save. */
  private savedHandled = 0;
  private lastSaveEndMs = Number.NEGATIVE_INFINITY;
  private lastSaveTookMs = 0;
  /** Set when another runner took the checkpoint over: this one saves no more. */
  private fenced: CheckpointError | undefined;
  private readonly upcasters: UpcasterRegistry;
  private readonly pageSize: number;
  private readonly batchSize: number;
  private readonly flushIntervalMs: number;
  private readonly saveSpacing: number;
  private readonly clock: () => Date;
  private readonly store: EventStore;
  private readonly telemetry: ProjectionTelemetry;
  private stopOnAbort: (() => void) | undefined;
  private abortedBy: AbortSignal | undefined;
  /** Complaint event types the projection does not handle: decoded (checked), not folded. */
  private readonly passedOver: ReadonlySet<string>;
  /** The projection's own checkpoint codec, handed to the checkpoint store. */
  private readonly codec: ProjectionCodec<M> | undefined;

  constructor(private readonly options: ProjectionRunnerOptions<M>) {
    this.store = traceEventStore(options.store, options.telemetry);
    this.telemetry = new ProjectionTelemetry(options.projection.name, options.telemetry, options.logger);
    this.current = options.projection.initial();
    this.upcasters = options.upcasters ?? new UpcasterRegistry();
    this.pageSize = options.pageSize ?? 1000;
    this.batchSize = options.batchSize ?? 1000;
    this.flushIntervalMs = options.flushIntervalMs ?? 200;
    this.saveSpacing = options.saveSpacing ?? 9;
    if (!(Number.isFinite(this.saveSpacing) && this.saveSpacing >= 0)) throw new RangeError(`saveSpacing ${this.saveSpacing} must be a finite number >= 0.`);
    this.clock = options.clock ?? (() => new Date());
    const handled = options.projection.eventTypes;
    this.passedOver = new Set(handled === undefined ? [] : COMPLAINT_EVENT_TYPES.filter((type) => !handled.includes(type)));
    this.codec = codecOf(options.projection);
  }

  /** The model as of {@link ProjectionProgress.position}. Owned by the runner: read, don't mutate. */
  model(): M {
    return this.current;
  }

  /** Progress so far. */
  progress(): ProjectionProgress {
    const lastEventMs = this.lastEventMs;
    const lagMs = this.caughtUp || lastEventMs === null ? 0 : Math.max(0, this.clock().getTime() - lastEventMs);
    return {
      eventsProcessed: this.processed,
      problems: this.problemCount,
      position: this.position,
      lastEventAt: lastEventMs === null ? null : new Date(lastEventMs),
      caughtUp: this.caughtUp,
      lagMs,
      live: this.subscription !== undefined,
    };
  }

  /** The problems reported so far (the first 1000). */
  problems(): readonly ProjectionProblem[] {
    return this.kept;
  }

  /** Reads the log from the checkpoint to its current end, folding and saving by batches. */
  catchUp(options: RunOptions = {}): Promise<ProjectionProgress> {
    return this.telemetry.catchingUp(() => this.catchUpTraced(options));
  }

  private async catchUpTraced(options: RunOptions): Promise<ProjectionProgress> {
    const { signal } = options;
    signal?.throwIfAborted();
    await this.ensureLoaded();
    for (;;) {
      signal?.throwIfAborted();
      const from = this.position;
      // readAll is inclusive: the checkpoint's own event (if it passes the filter) comes
      // back first and was already folded, so ask for one more.
      const maxCount = from === null ? this.pageSize : this.pageSize + 1;
      const query = { fromPosition: from ?? 'start', maxCount, filter: FILTER } as const;
      // The in-memory store's own records, when its reads are its own: each event's kept
      // verdict is folded as it is, with no view, Date or wrapper per event (storedReads.ts).
      const log = storedLogOf(this.options.store);
      const page: ReadonlyArray<StoredEvent | RecordedEvent> = log === undefined ? await this.store.readAll(query) : await tracedReadAll(this.store, () => storedPage(log, query));
      const first = from !== null && page[0] !== undefined && samePosition(page[0].position, from) ? 1 : 0;
      for (let i = first; i < page.length; i++) {
        signal?.throwIfAborted();
        const r = page[i] as StoredEvent | RecordedEvent;
        if (log === undefined) this.handle(r as RecordedEvent);
        else this.handleStored(r as StoredEvent);
        if (this.batchDue()) await this.save();
      }
      if (page.length < maxCount || page.length === first) break;
    }
    signal?.throwIfAborted();
    await this.save();
    this.caughtUp = true;
    this.telemetry.caughtUp();
    return this.progress();
  }

  /** Forgets the checkpoint and the model, and folds the whole log again. */
  async rebuild(options: RunOptions = {}): Promise<ProjectionProgress> {
    options.signal?.throwIfAborted();
    await this.stop();
    await this.options.checkpoints.delete(this.options.projection.name);
    this.reset();
    this.fenced = undefined;
    this.loaded = true;
    return this.catchUp(options);
  }

  /**
   * Catches up, then follows the log live until {@link stop} — or until `options.signal`
   * aborts: during the catch-up it rejects with the signal's reason, once live it stops.
   */
  async start(options: RunOptions = {}): Promise<void> {
    if (this.subscription !== undefined) return;
    const { signal } = options;
    await this.catchUp(options);
    // From here to the listener below nothing awaits: an abort is either seen now or heard later.
    signal?.throwIfAborted();
    const sub = this.store.subscribeToAll({
      fromPosition: this.position ?? 'start',
      filter: FILTER,
      // Passing unrelated events (its own checkpoint appends among them) moves the position
      // but changes nothing worth a save: the next save records it.
      onCheckpoint: (p) => {
        if (this.position === null || p.commit > this.position.commit) this.position = p;
      },
    });
    this.subscription = sub;
    this.loop = (async () => {
      try {
        for await (const r of sub) {
          this.handle(r);
          if (this.batchDue()) await this.save().catch((error: unknown) => this.reportSaveError(error));
          else this.scheduleFlush();
        }
      } catch (error) {
        this.telemetry.subscriptionFailed(error);
        this.options.onError?.(error);
      }
    })();
    if (signal !== undefined) {
      const stopOnAbort = (): void => void this.stop().catch((error: unknown) => this.options.onError?.(error));
      this.stopOnAbort = stopOnAbort;
      this.abortedBy = signal;
      signal.addEventListener('abort', stopOnAbort, { once: true });
    }
  }

  /** Stops following the log and saves the checkpoint. */
  async stop(): Promise<void> {
    if (this.stopOnAbort !== undefined) this.abortedBy?.removeEventListener('abort', this.stopOnAbort);
    this.stopOnAbort = undefined;
    this.abortedBy = undefined;
    const sub = this.subscription;
    if (sub !== undefined) {
      this.subscription = undefined;
      await sub.unsubscribe();
      await this.loop;
      this.loop = undefined;
    }
    if (this.timer !== undefined) clearTimeout(this.timer);
    this.timer = undefined;
    await this.save();
  }

  private reset(): void {
    this.current = this.options.projection.initial();
    this.position = null;
    this.processed = 0;
    this.problemCount = 0;
    this.kept.length = 0;
    this.lastEventMs = null;
    this.caughtUp = false;
    this.unsaved = 0;
    this.handled = 0;
    this.savedHandled = 0;
  }

  private async ensureLoaded(): Promise<void> {
    if (this.loaded) return;
    this.loaded = true;
    const { projection, checkpoints } = this.options;
    const saved = await checkpoints.load<M>(projection.name, this.codec);
    if (saved !== undefined && saved.version !== projection.version) this.telemetry.checkpointIgnored(saved.version, projection.version);
    if (saved === undefined || saved.version !== projection.version) return;
    this.current = projection.clone(saved.model);
    this.position = saved.position;
    this.processed = saved.eventsProcessed;
  }

  /**
   * A record of the in-memory store's log (a complaint event: the page's filter passed it):
   * its kept verdict folded as it is, or — when it does not decode as stored today — a view of
   * it handled as any store's event (decoded in full, or reported).
   */
  private handleStored(s: StoredEvent): void {
    const event = decodeKept(s, this.upcasters);
    if (event === undefined) {
      this.handle(toRecorded(s));
      return;
    }
    this.position = s.position;
    this.lastEventMs = s.createdAtMs;
    this.unsaved += 1;
    this.handled += 1;
    this.fold(event, s.position);
  }

  private handle(r: RecordedEvent): void {
    this.position = r.position;
    this.lastEventMs = r.createdAt.getTime();
    if (!r.streamName.startsWith(COMPLAINT_STREAM_PREFIX)) return;
    this.unsaved += 1;
    this.handled += 1;
    // The common case without an Either; decodeStored for the rest (and its errors).
    let event = decodeStoredQuickly(r, this.upcasters);
    if (event === undefined) {
      const decoded = decodeStored(r, this.upcasters);
      if (E.isLeft(decoded)) {
        const issues = decoded.left.issues;
        this.report({ kind: 'undecodable', streamName: r.streamName, revision: r.revision, position: r.position, eventType: r.type, message: issues.map((i) => i.message).join('; '), issues });
        return;
      }
      event = decoded.right;
    }
    this.fold(event, r.position);
  }

  /** Folds a decoded complaint event (or passes it over, when the projection does not handle its type). */
  private fold(event: StoredComplaintEvent, position: Position): void {
    const type = event.event.type;
    if (this.passedOver.has(type)) {
      // The projection declared that events of this type change nothing: decoded (a corrupt
      // event is still reported, whatever its type), never folded.
      this.processed += 1;
      this.telemetry.eventSkipped();
      return;
    }
    try {
      this.current = this.options.projection.apply(this.current, event);
      this.processed += 1;
      this.telemetry.eventFolded(event);
    } catch (error) {
      this.report({ kind: 'apply-failed', streamName: event.streamName, revision: event.revision, position, eventType: type, message: error instanceof Error ? error.message : String(error) });
    }
  }

  private report(problem: ProjectionProblem): void {
    this.problemCount += 1;
    if (this.kept.length < MAX_KEPT_PROBLEMS) this.kept.push(problem);
    this.telemetry.problem(problem);
    this.options.onProblem?.(problem);
  }

  /** How long (ms) the throttle still holds the next batch or live save back. */
  private throttleWaitMs(): number {
    return Math.max(0, this.lastSaveEndMs + this.saveSpacing * this.lastSaveTookMs - this.clock().getTime());
  }

  /** A batch is folded, no save is under way and the throttle lets the next one go. */
  private batchDue(): boolean {
    return this.unsaved >= this.batchSize && this.inFlight === undefined && this.fenced === undefined && this.throttleWaitMs() === 0;
  }

  private scheduleFlush(): void {
    if (this.timer !== undefined || this.fenced !== undefined || this.subscription === undefined) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      const busy = this.inFlight;
      // One save at a time: come back when the one under way is done.
      if (busy !== undefined) void busy.catch(() => undefined).then(() => this.scheduleFlush());
      else void this.save().catch((error: unknown) => this.reportSaveError(error));
    }, Math.max(this.flushIntervalMs, this.throttleWaitMs()));
  }

  /** Reports a failed live save (a fencing comes once: the runner saves no more after it). */
  private reportSaveError(error: unknown): void {
    this.options.onError?.(error);
  }

  /**
   * Saves the checkpoint once the save under way (if any) is done, if anything was folded
   * since the last one. A failed save leaves the model unsaved, so the next call saves it.
   */
  private async save(): Promise<void> {
    while (this.inFlight !== undefined) await this.inFlight.catch(() => undefined);
    if (this.handled === this.savedHandled) return;
    if (this.fenced !== undefined) throw this.fenced;
    const { projection, checkpoints } = this.options;
    const started = this.clock().getTime();
    const handled = this.handled;
    const checkpoint = { position: this.position, version: projection.version, model: projection.clone(this.current), eventsProcessed: this.processed };
    this.unsaved = 0;
    const run = this.telemetry
      .saved(checkpoints.save(projection.name, checkpoint, this.codec), checkpoint.position, () => this.progress().lagMs)
      .then(
        () => {
          this.savedHandled = handled;
        },
        (error: unknown) => {
          if (isCheckpointFenced(error) && this.fenced === undefined) {
            this.fenced = error;
            if (this.timer !== undefined) clearTimeout(this.timer);
            this.timer = undefined;
          }
          throw error;
        },
      )
      .finally(() => {
        const ended = this.clock().getTime();
        this.lastSaveTookMs = Math.max(0, ended - started);
        this.lastSaveEndMs = ended;
        this.inFlight = undefined;
      });
    this.inFlight = run;
    return run;
  }
}
