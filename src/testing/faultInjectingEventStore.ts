/**
 * A fault-injecting {@link EventStore} wrapper, for tests (ours and users'): it forwards
 * every call to another store and, on the calls it is told to, fails before writing, fails
 * after writing (the answer is lost but the events are stored), delays, times out, or
 * answers with a concurrency conflict. Faults are scheduled per call, either one by one
 * ({@link FaultInjectingEventStore.injectNext}) or at a seeded random rate (deterministic
 * for a given seed and call order). Every failure is the package's {@link EventStoreError}.
 *
 * ```ts
 * const store = new FaultInjectingEventStore(new InMemoryEventStore());
 * store.injectNext('append', faults.failAfterWrite());
 * // the next append is stored, but the caller sees StoreUnavailable
 * ```
 * @packageDocumentation
 */
import { EventStoreError } from '../eventstore/errors';
import type {
  ActualRevision,
  AllSubscription,
  AppendResult,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamMetadata,
  SubscribeToAllOptions,
} from '../eventstore/port';
import { seededRandom } from './seededRandom';

/** The store calls faults can be injected into (subscriptions and stream metadata are forwarded untouched). */
export type FaultOperation = 'append' | 'readStream' | 'readAll';

/** Every operation faults can be injected into. */
export const FAULT_OPERATIONS: readonly FaultOperation[] = ['append', 'readStream', 'readAll'];

/** Fail with `StoreUnavailable` without calling the wrapped store: nothing is written. */
export interface FailBeforeWrite {
  readonly kind: 'failBeforeWrite';
}

/**
 * Call the wrapped store, then fail with `StoreUnavailable`: for an append, the events are
 * stored but the answer is lost. On a read, the result is thrown away.
 */
export interface FailAfterWrite {
  readonly kind: 'failAfterWrite';
}

/** Wait `ms` milliseconds, then forward the call normally. */
export interface Delay {
  readonly kind: 'delay';
  readonly ms: number;
}

/**
 * Wait `ms` milliseconds, then fail with `StoreUnavailable` (a deadline exceeded). With
 * `afterWrite`, the wrapped store is called first (the append is stored, as when a server
 * commits after the client gave up); without it nothing is written.
 */
export interface Timeout {
  readonly kind: 'timeout';
  readonly ms: number;
  readonly afterWrite: boolean;
}

/**
 * Fail with a `ConcurrencyConflict` without writing, as if another writer had got there
 * first. The conflict reports the stream's real current revision. Appends only.
 */
export interface Conflict {
  readonly kind: 'conflict';
}

/** A fault to inject into one store call. */
export type Fault = FailBeforeWrite | FailAfterWrite | Delay | Timeout | Conflict;

/** The kinds of {@link Fault}. */
export type FaultKind = Fault['kind'];

/** Every fault kind. */
export const FAULT_KINDS: readonly FaultKind[] = ['failBeforeWrite', 'failAfterWrite', 'delay', 'timeout', 'conflict'];

/** Builders of {@link Fault}s. */
export const faults = {
  /** {@inheritDoc FailBeforeWrite} */
  failBeforeWrite: (): FailBeforeWrite => ({ kind: 'failBeforeWrite' }),
  /** {@inheritDoc FailAfterWrite} */
  failAfterWrite: (): FailAfterWrite => ({ kind: 'failAfterWrite' }),
  /** {@inheritDoc Delay} */
  delay: (ms: number): Delay => ({ kind: 'delay', ms }),
  /** {@inheritDoc Timeout} */
  timeout: (ms: number, options: { readonly afterWrite?: boolean } = {}): Timeout => ({ kind: 'timeout', ms, afterWrite: options.afterWrite ?? false }),
  /** {@inheritDoc Conflict} */
  conflict: (): Conflict => ({ kind: 'conflict' }),
} as const;

/**
 * Faults injected at random: each call of one of `operations` draws, from a generator seeded
 * with `seed`, whether it faults (probability `rate`) and which of `faults` it gets. The
 * same seed and the same call order give the same faults.
 */
export interface RandomFaults {
  readonly seed: number;
  /** Probability in [0, 1] that a call faults. */
  readonly rate: number;
  /** The faults to choose from (uniformly). A `conflict` drawn for a read is skipped. */
  readonly faults: readonly Fault[];
  /** The operations that may fault. Default: all of {@link FAULT_OPERATIONS}. */
  readonly operations?: readonly FaultOperation[];
}

/** Options of {@link FaultInjectingEventStore}. */
export interface FaultInjectingEventStoreOptions {
  /** Random faults, in addition to those scheduled with `injectNext`. Default: none. */
  readonly random?: RandomFaults;
}

/** How many faults were injected, by kind and by operation. */
export interface FaultCounts {
  /** Total faults injected. */
  readonly total: number;
  readonly byKind: Readonly<Record<FaultKind, number>>;
  readonly byOperation: Readonly<Record<FaultOperation, number>>;
}

/** One injected fault, as recorded in {@link FaultInjectingEventStore.log}. */
export interface InjectedFault {
  readonly operation: FaultOperation;
  readonly fault: Fault;
  /** The stream of an append or `readStream`; undefined for `readAll`. */
  readonly streamName: string | undefined;
}


const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

const unavailable = (message: string): EventStoreError => new EventStoreError({ _tag: 'StoreUnavailable', message: `${message} (injected fault)` });

const checkFault = (operation: FaultOperation, fault: Fault): void => {
  if (!FAULT_KINDS.includes(fault.kind)) throw new RangeError(`Unknown fault kind ${String(fault.kind)}.`);
  if (fault.kind === 'conflict' && operation !== 'append') throw new RangeError(`A conflict can only be injected into appends, not ${operation}.`);
  if ((fault.kind === 'delay' || fault.kind === 'timeout') && !(Number.isFinite(fault.ms) && fault.ms >= 0))
    throw new RangeError(`A ${fault.kind} needs a finite, non-negative ms (got ${fault.ms}).`);
};

const zeroKinds = (): Record<FaultKind, number> => ({ failBeforeWrite: 0, failAfterWrite: 0, delay: 0, timeout: 0, conflict: 0 });
const zeroOperations = (): Record<FaultOperation, number> => ({ append: 0, readStream: 0, readAll: 0 });

/**
 * An {@link EventStore} that forwards to `inner` and injects scheduled faults. See the
 * module documentation. Subscriptions and stream metadata are forwarded without faults.
 */
export class FaultInjectingEventStore implements EventStore {
  private readonly queues: Record<FaultOperation, Fault[]> = { append: [], readStream: [], readAll: [] };
  private readonly random: { readonly next: () => number; readonly spec: RandomFaults; readonly operations: ReadonlySet<FaultOperation> } | undefined;
  private readonly kinds = zeroKinds();
  private readonly operations = zeroOperations();
  private readonly injected: InjectedFault[] = [];
  private randomEnabled = true;

  /**
   * @param inner - the store to forward to (the one that really holds the events).
   * @param options - random faults; scheduled faults are added with {@link injectNext}.
   */
  constructor(
    readonly inner: EventStore,
    options: FaultInjectingEventStoreOptions = {},
  ) {
    const random = options.random;
    if (random !== undefined) {
      if (!(random.rate >= 0 && random.rate <= 1)) throw new RangeError(`The random fault rate must be in [0, 1] (got ${random.rate}).`);
      const operations = random.operations ?? FAULT_OPERATIONS;
      for (const f of random.faults) {
        if (f.kind !== 'conflict') for (const op of operations) checkFault(op, f);
      }
      this.random = { next: seededRandom(random.seed), spec: random, operations: new Set(operations) };
    } else {
      this.random = undefined;
    }
  }

  /**
   * Schedules `faults`, in order, for the next calls of `operation` (one fault per call).
   * Scheduled faults go before random ones. Returns this store, for chaining.
   */
  injectNext(operation: FaultOperation, ...faultsToInject: readonly Fault[]): this {
    for (const f of faultsToInject) checkFault(operation, f);
    this.queues[operation].push(...faultsToInject);
    return this;
  }

  /** Drops every scheduled fault not injected yet. */
  clearScheduled(): void {
    for (const op of FAULT_OPERATIONS) this.queues[op].length = 0;
  }

  /** Number of scheduled faults not injected yet, for `operation` or all operations. */
  pending(operation?: FaultOperation): number {
    return operation === undefined ? FAULT_OPERATIONS.reduce((n, op) => n + this.queues[op].length, 0) : this.queues[operation].length;
  }

  /** Turns random faults on or off (on by default when configured); scheduled ones still apply. */
  setRandomFaults(enabled: boolean): void {
    this.randomEnabled = enabled;
  }

  /** How many faults were injected so far. */
  get counts(): FaultCounts {
    return { total: this.injected.length, byKind: { ...this.kinds }, byOperation: { ...this.operations } };
  }

  /** As the wrapped store's, undeclared included (see {@link EventStore.readsMayChange}). */
  get readsMayChange(): boolean | undefined {
    return this.inner.readsMayChange;
  }

  /** Every fault injected so far, in order. */
  get log(): readonly InjectedFault[] {
    return [...this.injected];
  }

  /** Appends through the wrapped store, subject to faults scheduled for `'append'`. */
  async appendToStream(
    streamName: string,
    events: readonly EventToAppend[],
    options?: { readonly expectedRevision?: ExpectedRevision },
  ): Promise<AppendResult> {
    const fault = this.take('append', streamName);
    if (fault?.kind === 'conflict') {
      throw new EventStoreError({
        _tag: 'ConcurrencyConflict',
        streamName,
        expected: options?.expectedRevision ?? 'any',
        actual: await this.actualRevision(streamName),
      });
    }
    return this.apply(fault, 'append', () => this.inner.appendToStream(streamName, events, options));
  }

  /** Reads a stream through the wrapped store, subject to faults scheduled for `'readStream'`. */
  async readStream(streamName: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    const fault = this.take('readStream', streamName);
    return this.apply(fault, 'readStream', () => this.inner.readStream(streamName, options));
  }

  /** Reads the global log through the wrapped store, subject to faults scheduled for `'readAll'`. */
  async readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    const fault = this.take('readAll', undefined);
    return this.apply(fault, 'readAll', () => this.inner.readAll(options));
  }

  /** Sets stream metadata on the wrapped store, forwarded without faults. */
  setStreamMetadata(streamName: string, metadata: StreamMetadata): Promise<void> {
    return this.inner.setStreamMetadata(streamName, metadata);
  }

  /** Reads stream metadata from the wrapped store, forwarded without faults. */
  getStreamMetadata(streamName: string): Promise<StreamMetadata> {
    return this.inner.getStreamMetadata(streamName);
  }

  /** Subscribes to the global log of the wrapped store, forwarded without faults. */
  subscribeToAll(options?: SubscribeToAllOptions): AllSubscription {
    return this.inner.subscribeToAll(options);
  }

  /** The fault for this call, if any (scheduled first, then random), counted. */
  private take(operation: FaultOperation, streamName: string | undefined): Fault | undefined {
    let fault = this.queues[operation].shift();
    if (fault === undefined && this.random !== undefined && this.randomEnabled && this.random.operations.has(operation)) {
      const { next, spec } = this.random;
      const hit = next() < spec.rate;
      const pick = next();
      if (hit && spec.faults.length > 0) {
        const chosen = spec.faults[Math.min(spec.faults.length - 1, Math.floor(pick * spec.faults.length))];
        if (chosen !== undefined && !(chosen.kind === 'conflict' && operation !== 'append')) fault = chosen;
      }
    }
    if (fault !== undefined) {
      this.kinds[fault.kind] += 1;
      this.operations[operation] += 1;
      this.injected.push({ operation, fault, streamName });
    }
    return fault;
  }

  private async apply<A>(fault: Fault | undefined, operation: FaultOperation, call: () => Promise<A>): Promise<A> {
    if (fault === undefined) return call();
    switch (fault.kind) {
      case 'failBeforeWrite':
        throw unavailable(`${operation} failed before reaching the store`);
      case 'failAfterWrite':
        await call();
        throw unavailable(`${operation} reached the store but its answer was lost`);
      case 'delay':
        await sleep(fault.ms);
        return call();
      case 'timeout':
        if (fault.afterWrite) await call();
        await sleep(fault.ms);
        throw unavailable(`${operation} timed out after ${fault.ms} ms${fault.afterWrite ? ' (the store had done it)' : ''}`);
      case 'conflict':
        throw new RangeError(`A conflict can only be injected into appends, not ${operation}.`);
    }
  }

  private async actualRevision(streamName: string): Promise<ActualRevision> {
    const [last] = await this.inner.readStream(streamName, { direction: 'backwards', maxCount: 1 });
    return last === undefined ? 'no_stream' : last.revision;
  }
}
