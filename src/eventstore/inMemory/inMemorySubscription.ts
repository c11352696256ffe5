/**
 * The in-memory store's `$all` subscription: one cursor over the log, read as the consumer
 * pulls, so catch-up and live leave no gap and no duplicate and a slow consumer costs the
 * store nothing (see `InMemoryEventStore.subscribeToAll`).
 * @packageDocumentation
 */
import { checkFilter, matchesFilter } from '../eventFilter';
import { checkPosition } from '../validation';
import type { AllSubscription, RecordedEvent, SubscribeToAllOptions } from '../port';
import { type LogSource, type StoredEvent, indexFrom, toRecorded } from './storedLog';

/** Events a subscription examines before it lets the event loop run (long filtered stretches). */
const SCAN_SLICE = 8192;

const yieldToEventLoop = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

/** A catch-up subscription: a cursor over the log, advanced as the consumer pulls. */
export class InMemoryAllSubscription implements AllSubscription {
  private readonly iterator: AsyncGenerator<RecordedEvent, void, undefined>;
  private readonly matches: ((e: StoredEvent) => boolean) | undefined;
  /** Index in the log of the next event to examine. */
  private cursor = 0;
  /** A matching event found by a scan and not delivered yet. */
  private held: StoredEvent | undefined;
  private skipped = 0;
  private lastSkipped: StoredEvent | undefined;
  private caughtUp = false;
  private started = false;
  private closed = false;
  private failure: { readonly error: unknown } | undefined;
  private wake: (() => void) | undefined;

  constructor(
    private readonly source: LogSource,
    private readonly options: SubscribeToAllOptions,
    private readonly checkpointInterval: number,
  ) {
    this.iterator = this.run();
    let matches: ((e: StoredEvent) => boolean) | undefined;
    try {
      const from = checkPosition(options.fromPosition ?? 'start', ['start', 'end'] as const, 'fromPosition');
      this.cursor = from === 'start' ? 0 : from === 'end' ? source.log.length : indexFrom(from, false);
      const filter = checkFilter(options.filter);
      matches = filter === undefined ? undefined : matchesFilter(filter);
    } catch (error: unknown) {
      this.failure = { error };
    }
    this.matches = matches;
    // Look ahead once, so that a subscription with nothing to catch up says so without being
    // iterated; once the consumer pulls, only its pulls advance the cursor (checkpoint safety).
    if (this.failure === undefined) queueMicrotask(() => this.guard(() => this.started || this.scan()));
  }

  [Symbol.asyncIterator](): AsyncIterator<RecordedEvent> {
    return this.iterator;
  }

  async unsubscribe(): Promise<void> {
    this.close();
  }

  private async *run(): AsyncGenerator<RecordedEvent, void, undefined> {
    this.started = true;
    try {
      for (;;) {
        if (this.failure !== undefined) throw this.failure.error;
        if (this.closed) return;
        if (this.held === undefined) {
          const found = this.scan();
          if (found === 'more') await yieldToEventLoop();
          else if (found === 'end') await this.nextAppend();
          continue;
        }
        const event = this.held;
        this.held = undefined;
        yield toRecorded(event);
      }
    } finally {
      this.close();
    }
  }

  /**
   * Advances the cursor to the next matching event (held for delivery), the log's end, or
   * at most {@link SCAN_SLICE} events. Runs only when every earlier match was delivered,
   * which is what makes a checkpoint safe to resume from.
   */
  private scan(): 'held' | 'end' | 'more' {
    if (this.held !== undefined) return 'held';
    if (this.closed) return 'end';
    const { log } = this.source;
    const stop = Math.min(log.length, this.cursor + SCAN_SLICE);
    while (this.cursor < stop) {
      const e = log[this.cursor];
      this.cursor += 1;
      if (e === undefined) continue;
      if (this.matches === undefined || this.matches(e)) {
        this.skipped = 0;
        this.lastSkipped = undefined;
        this.held = e;
        return 'held';
      }
      this.skipped += 1;
      this.lastSkipped = e;
      if (this.skipped >= this.checkpointInterval) this.checkpoint();
    }
    if (this.cursor < log.length) return 'more';
    if (this.lastSkipped !== undefined) this.checkpoint();
    if (!this.caughtUp) {
      this.caughtUp = true;
      this.options.onCaughtUp?.();
    }
    return 'end';
  }

  private checkpoint(): void {
    const passed = this.lastSkipped;
    this.skipped = 0;
    this.lastSkipped = undefined;
    if (passed !== undefined) this.options.onCheckpoint?.(passed.position);
  }

  private guard(step: () => void): void {
    try {
      step();
    } catch (error: unknown) {
      this.failure ??= { error };
    }
  }

  private nextAppend(): Promise<void> {
    if (this.closed || this.cursor < this.source.log.length) return Promise.resolve();
    return new Promise((resolve) => {
      const wake = (): void => {
        this.wake = undefined;
        resolve();
      };
      this.wake = wake;
      this.source.addWaiter(wake);
    });
  }

  private close(): void {
    this.closed = true;
    this.held = undefined;
    const wake = this.wake;
    if (wake !== undefined) {
      this.source.removeWaiter(wake);
      wake();
    }
  }
}
