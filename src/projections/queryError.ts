/**
 * The Error a projection query throws for a query it cannot answer as asked.
 * @packageDocumentation
 */
import { type DecodeError, describeDecodeError } from '../domain/decoding';
import { TaggedError } from '../taggedError';

/**
 * A query of a read model was given a bad argument (e.g. `listComplaints` with `limit: 0`,
 * `dateRange('2022-02-30', …)`): `error` is a `DecodeError` naming each bad key by its path,
 * `_tag` is `'DecodeError'` — the same shape as every error class of the package. Nothing
 * was read or changed.
 */
export class QueryError extends TaggedError<DecodeError> {
  override readonly name = 'QueryError';
  constructor(error: DecodeError) {
    super(error, describeDecodeError(error));
  }
}
