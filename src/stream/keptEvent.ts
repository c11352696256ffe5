/**
 * A stored event of the in-memory store found valid, as its memo keeps it: the decoded event
 * and envelope, deep-frozen, together with its place in the log — a {@link StoredComplaintEvent}
 * in its own right, so that a reader folding the log (the projection runner) can hand this very
 * object to a fold, read after read, without building a wrapper per event.
 *
 * Nothing in it can change: the object and what it holds are frozen, and `createdAt` is not a
 * kept `Date` (a `Date` can be changed through its setters even when frozen) but an accessor
 * that answers a fresh one on every read. Plain data to everything else: `id`, `streamName`,
 * `revision`, `event`, `metadata` and `createdAt` are its own enumerable properties, in that
 * order (keys, spreads and JSON see what they see of a decoded event); the link to the stored
 * event is private.
 *
 * Internal to the package (not exported).
 */
import type { ComplaintEvent } from '../domain/events';
import type { FrozenEvent } from '../eventstore/inMemory/frozenEvents';
import type { StoredComplaintEvent } from './decodeStream';
import type { EventMetadata } from './metadata';

export class KeptEvent implements StoredComplaintEvent {
  readonly id: string;
  readonly streamName: string;
  readonly revision: bigint;
  readonly event: ComplaintEvent;
  readonly metadata: EventMetadata;
  /** A fresh `Date` of the store time on every read (an own enumerable accessor, see the constructor). */
  declare readonly createdAt: Date;
  readonly #stored: FrozenEvent;
  /** The schema version it was stored at (`metadata.schemaVersion`), kept here too so that checking a verdict reads this object only. */
  readonly #schemaVersion: number;

  /**
   * One descriptor for every kept event: objects given the same accessor in the same order
   * share their hidden class, so folds reading them stay monomorphic.
   */
  static readonly #createdAt: PropertyDescriptor = {
    get(this: KeptEvent): Date {
      return new Date(this.#stored.createdAtMs);
    },
    enumerable: true,
    configurable: false,
  };

  /** `event` and `metadata` must be deep-frozen, and what decoding `stored` at today's schema version gives. */
  constructor(stored: FrozenEvent, event: ComplaintEvent, metadata: EventMetadata) {
    this.id = stored.id;
    this.streamName = stored.streamName;
    this.revision = stored.revision;
    this.event = event;
    this.metadata = metadata;
    this.#stored = stored;
    this.#schemaVersion = metadata.schemaVersion;
    Object.defineProperty(this, 'createdAt', KeptEvent.#createdAt);
    Object.freeze(this);
  }

  /** `verdict` when it is a kept event stored at schema version `version`; undefined otherwise. */
  static at(verdict: unknown, version: number): KeptEvent | undefined {
    return verdict instanceof KeptEvent && verdict.#schemaVersion === version ? verdict : undefined;
  }
}
