/**
 * Structural sharing between a projection's model and its copies (the checkpoints a runner
 * saves). A copy takes the model's records as they are — no record is copied — and from
 * then on the model copies a shared record before its first change after the copy (copy on
 * write). Copying a model costs a list of its records, not a deep copy of each; a record is
 * copied only when it changes after a save. The copy builds its lookup map from that list
 * the first time it is read (a checkpoint kept in memory is often never read).
 *
 * Which records a model may change in place is kept here, per model, so that models stay
 * plain data.
 */

/** Model → the records it may change in place (made or copied since it was last shared); absent: all. */
const ownedByModel = new WeakMap<object, Set<object>>();
// The model asked about last: a fold asks about the same model event after event.
let lastModel: object | undefined;
let lastOwned: Set<object> | undefined;

const ownedOf = (model: object): Set<object> | undefined => {
  if (model !== lastModel) {
    lastModel = model;
    lastOwned = ownedByModel.get(model);
  }
  return lastOwned;
};

/** From now on, every record `model` holds is shared with a copy: it changes none in place. */
export const shareRecords = (model: object): void => {
  const owned = new Set<object>();
  ownedByModel.set(model, owned);
  if (model === lastModel) lastOwned = owned;
};

/**
 * Whether `model` may change `record` in place. When not, the caller changes a copy instead,
 * puts it where the record was, and calls {@link ownRecord} with it.
 */
export const mayChange = (model: object, record: object): boolean => {
  const owned = ownedOf(model);
  return owned === undefined || owned.has(record);
};

/** `record` (new, or a copy of a shared one) is `model`'s own: it may change it in place. */
export const ownRecord = (model: object, record: object): void => {
  ownedOf(model)?.add(record);
};

/**
 * Defines `target[key]` (enumerable, as a plain data property would be) as the value of
 * `build()`, computed on the first read and kept.
 */
export const defineLazy = <T>(target: object, key: string, build: () => T): void => {
  Object.defineProperty(target, key, {
    enumerable: true,
    configurable: true,
    get(): T {
      const value = build();
      Object.defineProperty(target, key, { value, enumerable: true, configurable: true, writable: true });
      return value;
    },
  });
};
