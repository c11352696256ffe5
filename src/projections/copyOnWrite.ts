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
/**
 * For models whose records carry their place in a list that only grows (the SLA model's
 * `ix`): the list's length when it was last shared. A record at or past it was added since,
 * so it is the model's own without a look-up in the set (issue #16: adding every new record
 * to the set cost more than the copies it saves).
 */
const SHARED_BELOW = Symbol('records placed below this index are shared unless owned');
type Shareable = { [OWNED]?: Set<object>; [SHARED_BELOW]?: number };

/**
 * From now on, every record `model` holds is shared with a copy: it changes none in place.
 * `placed`: for a model whose records carry their index in a list that only grows, that
 * list's length — records placed at or past it later are the model's own (see
 * {@link mayChange}'s `index`).
 */
export const shareRecords = (model: object, placed = Number.POSITIVE_INFINITY): void => {
  Object.defineProperty(model, OWNED, { value: new Set<object>(), writable: true, configurable: true, enumerable: false });
  Object.defineProperty(model, SHARED_BELOW, { value: placed, writable: true, configurable: true, enumerable: false });
};

/**
 * Whether `model` may change `record` in place. When not, the caller changes a copy instead,
 * puts it where the record was, and calls {@link ownRecord} with it. `index`: the record's
 * place in its model's growing list, when the model was shared with its length.
 */
export const mayChange = (model: object, record: object, index?: number): boolean => {
  const owned = (model as Shareable)[OWNED];
  if (owned === undefined) return true;
  if (index !== undefined && index >= ((model as Shareable)[SHARED_BELOW] ?? Number.POSITIVE_INFINITY)) return true;
  return owned.has(record);
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
