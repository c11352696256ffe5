/**
 * The one naming rule for the library's two API styles: the Promise form has the plain name
 * (`handle`, `history`, `exportStreams`, `eraseComplainant`) and rejects with the module's
 * `Error` class; the fp-ts form has the same name with a `TE` suffix (`handleTE`,
 * `historyTE`, …) and answers an `Either` of the typed error. Every Promise form is built
 * from its `TE` twin with {@link orThrow}, so both always agree.
 */
import * as E from 'fp-ts/lib/Either.js';

/**
 * The right of `result`, or throws what `rejection` makes of the left (an `Error` subclass
 * carrying the tagged error, or an abort's own reason).
 */
export const orThrow = <L, A>(result: E.Either<L, A>, rejection: (left: L) => unknown): A => {
  if (E.isLeft(result)) throw rejection(result.left);
  return result.right;
};
