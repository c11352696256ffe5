/**
 * The in-memory store's word on the events it hands out. It stores deep-frozen copies of
 * what was appended (fresh plain objects and arrays with data properties only), so the data
 * and metadata objects of a stored event can never change, and every read hands out those
 * very objects in a fresh {@link FrozenEventView}. A decoder may therefore keep what it
 * concluded about such an event with it and answer that on the next reads instead of
 * checking the event again (`decodeStored` does). Only the store's own views of its own
 * objects are vouched for: events read from EventStoreDB, imported, built or copied by a
 * caller, or a view whose fields a caller reassigned, are checked on every read.
 *
 * Internal to the package (not exported).
 */
import type { JsonObject, JsonValue, Position, RecordedEvent } from '../port';

/** Where a decoder keeps what it concluded about one stored event. */
export interface EventMemo {
  /**
   * The decoder's conclusion (undefined: nothing yet). Its own business: it must hold only
   * what no caller can change (frozen values).
   */
  verdict: unknown;
}

/**
 * An event as the in-memory store keeps it: its data, metadata and position deep-frozen; the
 * record itself never leaves the store (readers get a {@link FrozenEventView}), so it shares
 * nothing mutable with any caller.
 */
export interface FrozenEvent {
  readonly id: string;
  readonly type: string;
  readonly data: JsonValue;
  readonly metadata: JsonObject;
  readonly streamName: string;
  readonly revision: bigint;
  readonly position: Position;
  readonly createdAtMs: number;
  /** The one mutable part, kept for decoders. */
  readonly memo: EventMemo;
}

/**
 * A fresh view of a stored event, as reads return it: reassigning its fields or its date
 * cannot touch the store. Plain data (own enumerable fields only); the link to the stored
 * event is private.
 */
export class FrozenEventView implements RecordedEvent {
  readonly id: string;
  readonly type: string;
  readonly data: JsonValue;
  readonly metadata: JsonObject;
  readonly streamName: string;
  readonly revision: bigint;
  readonly position: Position;
  readonly createdAt: Date;
  readonly #stored: FrozenEvent;

  constructor(e: FrozenEvent) {
    this.id = e.id;
    this.type = e.type;
    this.data = e.data;
    this.metadata = e.metadata;
    this.streamName = e.streamName;
    this.revision = e.revision;
    this.position = e.position;
    this.createdAt = new Date(e.createdAtMs);
    this.#stored = e;
  }

  /**
   * The stored event `r` shows, when `r` is one of the store's views whose type, data and
   * metadata are still the stored ones; undefined for anything else.
   */
  static storedOf(r: RecordedEvent): FrozenEvent | undefined {
    if (!(#stored in r)) return undefined;
    const s = r.#stored;
    return r.type === s.type && r.data === s.data && r.metadata === s.metadata ? s : undefined;
  }
}

/** The stored event a view `r` shows (see {@link FrozenEventView.storedOf}): its memo is the decoder's. */
export const storedOf = (r: RecordedEvent): FrozenEvent | undefined => FrozenEventView.storedOf(r);
