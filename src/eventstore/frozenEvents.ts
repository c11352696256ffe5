/**
 * The in-memory store's word on the events it hands out. It stores deep-frozen copies of
 * what was appended (fresh plain objects and arrays with data properties only), so the data
 * and metadata objects of a stored event can never change, and every read hands out those
 * very objects. A decoder may therefore remember that it found such an event valid and skip
 * checking it again on the next read (`decodeStored` does). Only objects the store made are
 * vouched for: events read from EventStoreDB, imported, or built by a caller — frozen or not
 * — are checked on every read.
 *
 * Internal to the package (not exported): the store marks, the decoders read.
 */

/** What the store knows of one stored event, plus a decoder's verdict on it. */
export interface FrozenEvent {
  /** The event type it was stored with. */
  readonly type: string;
  /** Its stored (frozen) metadata object. */
  readonly metadata: object;
  /**
   * What a decoder concluded about the event, for its next reads (undefined: nothing yet).
   * The decoder's own business: it must hold only what no caller can change (frozen values).
   */
  verdict: unknown;
}

/** Stored (frozen) data object → what the store knows of its event. */
const byData = new WeakMap<object, FrozenEvent>();

/** Called by the in-memory store for each event it stores: its own frozen data and metadata. */
export const vouchForStored = (type: string, data: unknown, metadata: object): void => {
  if (typeof data === 'object' && data !== null) byData.set(data, { type, metadata, verdict: undefined });
};

/**
 * The store's record of an event whose type, data and metadata are exactly those it stored
 * (the same objects), or undefined for anything else.
 */
export const frozenByStore = (type: string, data: unknown, metadata: unknown): FrozenEvent | undefined => {
  if (typeof data !== 'object' || data === null) return undefined;
  const known = byData.get(data);
  return known !== undefined && known.type === type && known.metadata === metadata ? known : undefined;
};
