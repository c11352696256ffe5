/**
 * Helpers for the service tests: plain command input from the domain spec's builders,
 * command metadata, a fixed clock, and event-store wrappers that misbehave on purpose.
 */
import * as E from 'fp-ts/Either';
import { v4 as uuidv4 } from 'uuid';
import type { ServiceError } from '../../src/application/errors';
import type { CommandMetadataInput } from '../../src/stream/metadata';
import type { ComplaintCommand, ComplaintCommandInput } from '../../src/domain/commands';
import type { Actor } from '../../src/domain/vocabulary';
import { EventStoreError } from '../../src/eventstore/errors';
import type {
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
} from '../../src/eventstore/port';
import { agent } from '../domain/spec';

/** A decoded command from the spec's builders, as a caller would write it (plain strings, JSON). */
export const plain = (command: ComplaintCommand): ComplaintCommandInput => JSON.parse(JSON.stringify(command)) as ComplaintCommandInput;

/** Command metadata with a fresh command id (or the one given). */
export const meta = (over: Partial<CommandMetadataInput> = {}, actor: Actor = agent): CommandMetadataInput => ({
  commandId: uuidv4(),
  actor,
  ...over,
});

/** The instant the tests' clock shows: the day after the spec's complaint was received. */
export const NOW = new Date('2022-01-11T10:00:00+01:00');
export const fixedClock = (): Date => NOW;

/** The left of an Either, failing the test on a right. */
export const leftOf = <A>(r: E.Either<ServiceError, A>): ServiceError => {
  if (E.isRight(r)) throw new Error(`expected a typed error, got ${JSON.stringify(r.right, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v))}`);
  return r.left;
};

/** The right of an Either, failing the test on a left. */
export const rightOf = <A>(r: E.Either<ServiceError, A>): A => {
  if (E.isLeft(r)) throw new Error(`expected a result, got ${r.left._tag}: ${JSON.stringify(r.left, (_k, v: unknown) => (typeof v === 'bigint' ? `${v}n` : v))}`);
  return r.right;
};

/** An event store that forwards everything to another one; override a method to misbehave. */
export class ForwardingStore implements EventStore {
  appends = 0;
  conflicts = 0;
  constructor(protected readonly inner: EventStore) {}

  /** Forwarded, as a decorator must for the service to keep states over an immutable store. */
  get readsMayChange(): boolean | undefined {
    return this.inner.readsMayChange;
  }

  async appendToStream(
    streamName: string,
    events: readonly EventToAppend[],
    options?: { readonly expectedRevision?: ExpectedRevision },
  ): Promise<AppendResult> {
    this.appends++;
    try {
      return await this.inner.appendToStream(streamName, events, options);
    } catch (e) {
      if (e instanceof EventStoreError && e.error._tag === 'ConcurrencyConflict') this.conflicts++;
      throw e;
    }
  }

  readStream(streamName: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    return this.inner.readStream(streamName, options);
  }

  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.inner.readAll(options);
  }

  subscribeToAll(options?: SubscribeToAllOptions): AllSubscription {
    return this.inner.subscribeToAll(options);
  }

  setStreamMetadata(streamName: string, metadata: StreamMetadata): Promise<void> {
    return this.inner.setStreamMetadata(streamName, metadata);
  }

  getStreamMetadata(streamName: string): Promise<StreamMetadata> {
    return this.inner.getStreamMetadata(streamName);
  }
}

/** A store on which every append conflicts, as if another process always got there first. */
export class AlwaysConflictingStore extends ForwardingStore {
  override async appendToStream(streamName: string, _events: readonly EventToAppend[], options?: { readonly expectedRevision?: ExpectedRevision }): Promise<AppendResult> {
    this.appends++;
    this.conflicts++;
    throw new EventStoreError({ _tag: 'ConcurrencyConflict', streamName, expected: options?.expectedRevision ?? 'any', actual: 99n });
  }
}

/** A store whose first append is stored but answered with StoreUnavailable (a lost answer, a timeout). */
export class LostAnswerStore extends ForwardingStore {
  lost = 0;
  constructor(inner: EventStore, private remaining = 1) {
    super(inner);
  }

  override async appendToStream(
    streamName: string,
    events: readonly EventToAppend[],
    options?: { readonly expectedRevision?: ExpectedRevision },
  ): Promise<AppendResult> {
    const result = await super.appendToStream(streamName, events, options);
    if (this.remaining > 0) {
      this.remaining--;
      this.lost++;
      throw new EventStoreError({ _tag: 'StoreUnavailable', message: 'deadline exceeded (the append was stored)' });
    }
    return result;
  }
}

/** A store whose reads wait for a macrotask, so concurrent commands interleave between read and append. */
export class SlowReadStore extends ForwardingStore {
  override async readStream(streamName: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    const events = await this.inner.readStream(streamName, options);
    await new Promise<void>((resolve) => setImmediate(resolve));
    return events;
  }
}
