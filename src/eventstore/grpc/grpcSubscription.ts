/**
 * A catch-up subscription to `$all` that survives dropped connections: when the server or the
 * network drops it with a transient error, it resubscribes after the last position it
 * received (EventStoreDB subscriptions start *after* the given position), with bounded
 * exponential backoff, so the consumer sees every event once, in log order.
 * @packageDocumentation
 */
import type { RawSubscription, RawSubscriptionHandlers, ClientFailure } from './grpcDriver';
import { EventStoreError } from '../errors';
import { RetriesExhausted, backoffDelay, sleep, type RetryPolicy } from './retry';
import type { AllSubscription, Position, RecordedEvent, SubscribeToAllOptions } from '../port';

/** What the subscription needs from the adapter. */
export interface SubscriptionDeps {
  /** Opens a raw server subscription after `from` (exclusive). */
  readonly open: (from: 'start' | Position, handlers: RawSubscriptionHandlers) => RawSubscription;
  /** The position of the last event in `$all` now (undefined when it is empty), retried. */
  readonly readHead: () => Promise<Position | undefined>;
  /** Client-side filter: which received events the consumer gets. */
  readonly passes: (event: RecordedEvent) => boolean;
  readonly classify: (error: unknown) => ClientFailure;
  /** Maps a failure to the error the iteration rejects with. */
  readonly toError: (error: unknown) => EventStoreError;
  readonly policy: RetryPolicy;
  /** Called once when the subscription ends, whatever the reason. */
  readonly onClosed: () => void;
  /** Told of each drop: the failures in a row, the delay before resubscribing (undefined: giving up) and why. */
  readonly onDropped?: (failures: number, delayMs: number | undefined, reason: string) => void;
  /** Told when the subscription is opened again after a drop, after the position given. */
  readonly onResumed?: (from: 'start' | Position) => void;
}

type Item =
  | { readonly kind: 'event'; readonly event: RecordedEvent }
  | { readonly kind: 'checkpoint'; readonly position: Position }
  | { readonly kind: 'caughtUp' };

/** Above this many undelivered events the server stream is paused (flow control reaches the server). */
const HIGH_WATER = 512;
/** …and resumed below this many. */
const LOW_WATER = 128;

/** Orders `$all` positions: commit first, then prepare. */
export const comparePositions = (a: Position, b: Position): number =>
  a.commit !== b.commit ? (a.commit < b.commit ? -1 : 1) : a.prepare === b.prepare ? 0 : a.prepare < b.prepare ? -1 : 1;

const compare = comparePositions;

/** A subscription whose first step rejects with `error` (invalid options, closed store), as the port's iteration reports failures. */
export const failedSubscription = (error: unknown): AllSubscription => {
  let reported = false;
  return {
    unsubscribe: async () => {
      reported = true;
    },
    [Symbol.asyncIterator]: () => ({
      next: async () => {
        if (reported) return { done: true, value: undefined };
        reported = true;
        throw error;
      },
    }),
  };
};

/**
 * The port's {@link AllSubscription} over EventStoreDB. Checkpoints and the caught-up signal
 * are delivered in order with events: a callback fires once the consumer has taken every
 * event received before it (at once when there is none), so a checkpoint handed to
 * `onCheckpoint` never runs ahead of an event still waiting to be processed.
 */
export class GrpcAllSubscription implements AllSubscription {
  private readonly queue: Item[] = [];
  private waiter: (() => void) | undefined;
  /** Ends the iteration once the queued events are delivered: a store error, or a callback's. */
  private failure: { readonly error: unknown } | undefined;
  private closed = false;
  /** True between handing an event to the consumer and its next pull. */
  private inFlight = false;
  private caughtUpQueued = false;
  private lastCheckpoint: Position | undefined;
  /** Where the subscription started ('end' resolved to the head). */
  private origin: 'start' | Position = 'start';
  private head: Position | undefined;
  /** Last position received from the server (event, filtered-out event or checkpoint): the resume point. */
  private resumeFrom: 'start' | Position = 'start';
  private raw: RawSubscription | undefined;
  /** Bumped whenever `raw` is replaced, so late callbacks of a dropped subscription are ignored. */
  private generation = 0;
  private consecutiveFailures = 0;
  /** Whether `raw` is paused because the consumer is behind; checkpoint handlers wait for a resume. */
  private paused = false;
  private resumeWaiters: (() => void)[] = [];

  constructor(
    private readonly deps: SubscriptionDeps,
    private readonly options: SubscribeToAllOptions,
  ) {
    void this.start();
  }

  /** Ends the subscription; a pending or later iteration step completes with `done`. */
  async unsubscribe(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    this.queue.length = 0;
    await this.dropRaw();
    this.wake();
    this.deps.onClosed();
  }

  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    return {
      next: () => this.next(),
      return: async () => {
        await this.unsubscribe();
        return { done: true, value: undefined };
      },
    };
  }

  private async start(): Promise<void> {
    try {
      this.head = await this.deps.readHead();
    } catch (error) {
      return this.fail(this.deps.toError(error));
    }
    const from = this.options.fromPosition ?? 'start';
    // 'end' becomes the current head, so that a resubscription after a drop misses nothing.
    this.resumeFrom = from === 'end' ? (this.head ?? 'start') : from;
    this.origin = this.resumeFrom;
    const nothingToCatchUp =
      from === 'end' || this.head === undefined || (this.resumeFrom !== 'start' && compare(this.resumeFrom, this.head) >= 0);
    if (nothingToCatchUp) this.queueCaughtUp();
    this.openRaw();
  }

  private openRaw(): void {
    if (this.closed) return;
    const generation = ++this.generation;
    const live = (): boolean => generation === this.generation && !this.closed;
    this.paused = false;
    this.raw = this.deps.open(this.resumeFrom, {
      onConfirmed: () => {
        if (live()) this.consecutiveFailures = 0;
      },
      onEvent: (event) => {
        if (!live()) return;
        this.received(event.position);
        if (this.deps.passes(event)) this.push({ kind: 'event', event });
        this.checkHead(event.position);
        if (this.queue.length >= HIGH_WATER && !this.paused) {
          this.paused = true;
          this.raw?.pause();
        }
      },
      onCheckpoint: async (position) => {
        // The client may still hold events received before this checkpoint: let them through first.
        await this.untilDrained(live);
        if (!live()) return;
        this.received(position);
        if (this.options.onCheckpoint !== undefined && this.isNew(position)) {
          this.lastCheckpoint = position;
          this.push({ kind: 'checkpoint', position });
        }
        this.checkHead(position);
      },
      onCaughtUp: () => {
        void this.untilDrained(live).then(() => {
          if (live()) this.queueCaughtUp();
        });
      },
      onError: (error) => {
        if (live()) void this.dropped(this.deps.classify(error), error);
      },
      onEnd: () => {
        // A server ending a subscription stream (shutdown) is as transient as an error.
        if (live()) void this.dropped({ kind: 'transient', message: 'the server ended the subscription', reason: 'connection-reset' }, undefined);
      },
    });
  }

  private received(position: Position): void {
    if (this.resumeFrom === 'start' || compare(position, this.resumeFrom) > 0) this.resumeFrom = position;
  }

  /** Fallback for servers before 23.10, which send no CaughtUp: the head read at start was reached. */
  private checkHead(position: Position): void {
    if (this.head !== undefined && compare(position, this.head) >= 0) this.queueCaughtUp();
  }

  private queueCaughtUp(): void {
    if (this.caughtUpQueued) return;
    this.caughtUpQueued = true;
    // Everything up to the head read at start has been considered by now: a filtered
    // subscription reports it, so a consumer can checkpoint past a stretch that did not match
    // even when the server's own checkpoint interval was not reached.
    const head = this.head;
    if (this.options.filter !== undefined && this.options.onCheckpoint !== undefined && head !== undefined && this.isNew(head)) {
      this.lastCheckpoint = head;
      this.push({ kind: 'checkpoint', position: head });
    }
    this.push({ kind: 'caughtUp' });
  }

  /** True when `p` lies after the start and after every checkpoint reported so far. */
  private isNew(p: Position): boolean {
    const afterStart = this.origin === 'start' || compare(p, this.origin) > 0;
    return afterStart && (this.lastCheckpoint === undefined || compare(p, this.lastCheckpoint) > 0);
  }

  /** Resolves once the client holds no undelivered event (or the raw subscription is gone). */
  private async untilDrained(live: () => boolean): Promise<void> {
    while (live() && (this.raw?.buffered() ?? 0) > 0) {
      if (this.paused) await new Promise<void>((resolve) => this.resumeWaiters.push(resolve));
      else await sleep(1);
    }
  }

  private resumeRaw(): void {
    if (!this.paused) return;
    this.paused = false;
    this.raw?.resume();
    this.releaseResumeWaiters();
  }

  private releaseResumeWaiters(): void {
    const waiters = this.resumeWaiters;
    this.resumeWaiters = [];
    for (const w of waiters) w();
  }

  private async dropped(failure: ClientFailure, error: unknown): Promise<void> {
    await this.dropRaw();
    if (this.closed) return;
    if (failure.kind !== 'transient') return this.fail(this.deps.toError(error));
    this.consecutiveFailures += 1;
    if (this.consecutiveFailures >= Math.max(1, this.deps.policy.maxAttempts)) {
      this.deps.onDropped?.(this.consecutiveFailures, undefined, failure.message);
      // Worded like any call that ran out of retries: the server, the attempts, the reason.
      return this.fail(this.deps.toError(new RetriesExhausted(this.consecutiveFailures, error ?? new Error(failure.message), failure.reason)));
    }
    const delay = backoffDelay(this.deps.policy, this.consecutiveFailures);
    this.deps.onDropped?.(this.consecutiveFailures, delay, failure.message);
    await sleep(delay);
    if (this.closed) return;
    this.openRaw();
    this.deps.onResumed?.(this.resumeFrom);
  }

  private async dropRaw(): Promise<void> {
    const raw = this.raw;
    this.raw = undefined;
    this.generation += 1;
    this.releaseResumeWaiters();
    if (raw !== undefined) await raw.unsubscribe().catch(() => undefined);
  }

  private fail(error: unknown): void {
    if (this.closed) return;
    this.failure = { error };
    this.closed = true;
    void this.dropRaw();
    this.wake();
    this.deps.onClosed();
  }

  private push(item: Item): void {
    if (this.closed) return;
    this.queue.push(item);
    this.fireCallbacksAtHead();
    this.wake();
  }

  /** Fires the callbacks queued before any event still to be taken, unless an event is being processed. */
  private fireCallbacksAtHead(): void {
    if (this.inFlight) return;
    for (let item = this.queue[0]; item !== undefined && item.kind !== 'event'; item = this.queue[0]) {
      this.queue.shift();
      try {
        if (item.kind === 'checkpoint') this.options.onCheckpoint?.(item.position);
        else this.options.onCaughtUp?.();
      } catch (error) {
        // As in the in-memory store: a throwing callback ends the iteration with its error.
        this.queue.length = 0;
        this.fail(error);
        return;
      }
    }
  }

  private wake(): void {
    const waiter = this.waiter;
    this.waiter = undefined;
    waiter?.();
  }

  private async next(): Promise<IteratorResult<RecordedEvent>> {
    this.inFlight = false;
    for (;;) {
      this.fireCallbacksAtHead();
      const item = this.queue.shift();
      if (item !== undefined && item.kind === 'event') {
        if (this.queue.length <= LOW_WATER) this.resumeRaw();
        this.inFlight = true;
        return { done: false, value: item.event };
      }
      if (this.failure !== undefined) {
        const { error } = this.failure;
        this.failure = undefined;
        throw error;
      }
      if (this.closed) return { done: true, value: undefined };
      await new Promise<void>((resolve) => (this.waiter = resolve));
    }
  }
}
