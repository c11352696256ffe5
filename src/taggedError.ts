/**
 * The one shape of every Error the library throws or rejects with.
 * @packageDocumentation
 */

/** A value of a tagged union: what the fp-ts API returns as its `Left`. */
export interface Tagged {
  readonly _tag: string;
}

/**
 * The base of every Error class of the library (`ComplaintServiceError`, `EventStoreError`,
 * `AuditFailure`, `PersonalDataError`, `KeyStoreError`, `QueryError`): `error` is the tagged
 * cause — the same value the fp-ts API puts in its `Left` —, `_tag` is that cause's tag, and `message`
 * is one sentence describing it. So a caller can `switch (e._tag)` on any of them and read
 * the details from `e.error`, whichever API or module the error came from.
 */
export abstract class TaggedError<E extends Tagged> extends Error {
  /** The tag of the cause: `error._tag`, for `switch`es without reaching into `error`. */
  readonly _tag: E['_tag'];
  /** The tagged cause. */
  readonly error: E;

  protected constructor(error: E, message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.error = error;
    this._tag = error._tag;
  }
}
