/**
 * Structural sharing between a projection's model and its copies (the checkpoints a runner
 * saves). A copy takes the model's records as they are — no record is copied — and from
 * then on the model copies a shared record before its first change after the copy (copy on
 * write). Copying a model costs a list of its records, not a deep copy of each; a record is
 * copied only when it changes after a save. The copy builds its lookup map from that list
 * the first time it is read (a checkpoint kept in memory is often never read).
 *
 * Which records a model may change in place is kept on the model under a symbol, out of
 * sight of keys, spreads, JSON and equality, so that models stay plain data.
 */

/**
 * Where a model keeps the records it may change in place (made or copied since it was last
 * shared): a property of its own under a symbol, not enumerable, so the model stays plain
 * data to everything else (keys, spreads, JSON, equality). Absent: no record is shared.
 */
const OWNED = Symbol('records this model may change in place');
type Shareable = { [OWNED]?: Set<object> };

/** From now on, every record `model` holds is shared with a copy: it changes none in place. */
export const shareRecords = (model: object): void => {
  Object.defineProperty(model, OWNED, { value: new Set<object>(), writable: true, configurable: true, enumerable: false });
};

/**
 * Whether `model` may change `record` in place. When not, the caller changes a copy instead,
 * puts it where the record was, and calls {@link ownRecord} with it.
 */
export const mayChange = (model: object, record: object): boolean => {
  const owned = (model as Shareable)[OWNED];
  return owned === undefined || owned.has(record);
};

/** `record` (new, or a copy of a shared one) is `model`'s own: it may change it in place. */
export const ownRecord = (model: object, record: object): void => {
  (model as Shareable)[OWNED]?.add(record);
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
