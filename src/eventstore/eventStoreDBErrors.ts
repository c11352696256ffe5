/**
 * Turns whatever a client call failed with into the port's typed {@link EventStoreError}.
 * @packageDocumentation
 */
import { EventStoreError } from './errors';
import type { ClientFailure } from './grpcDriver';
import { RetriesExhausted } from './eventStoreDBRetry';
import type { ExpectedRevision } from './port';

/** The append a failure belongs to, so that a WrongExpectedVersion can name it. */
export interface AppendContext {
  readonly streamName: string;
  readonly expected: ExpectedRevision;
}

/**
 * Maps a failure: WrongExpectedVersion → `ConcurrencyConflict` (with both revisions);
 * exhausted retries or a transient failure → `StoreUnavailable` naming `serverName`;
 * anything else → `StoreFailure` with the server's message. `EventStoreError`s pass through.
 * `classifyFailure` is the client driver's own.
 */
export const toStoreError = (
  error: unknown,
  serverName: string,
  classifyFailure: (error: unknown) => ClientFailure,
  append?: AppendContext,
): EventStoreError => {
  if (error instanceof EventStoreError) return error;
  if (error instanceof RetriesExhausted) {
    const last = classifyFailure(error.lastError);
    const reason = last.kind === 'transient' || last.kind === 'failure' ? last.message : String(error.lastError);
    return new EventStoreError(
      {
        _tag: 'StoreUnavailable',
        message: `no answer from ${serverName} after ${error.attempts} attempts (${reason}); check that the server is running and reachable.`,
      },
      { cause: error.lastError },
    );
  }
  const failure = classifyFailure(error);
  switch (failure.kind) {
    case 'wrong_expected_version':
      if (append === undefined) {
        return new EventStoreError({ _tag: 'StoreFailure', message: 'WrongExpectedVersion outside an append' }, { cause: error });
      }
      return new EventStoreError({ _tag: 'ConcurrencyConflict', ...append, actual: failure.actual }, { cause: error });
    case 'transient':
      return new EventStoreError({ _tag: 'StoreUnavailable', message: `${serverName}: ${failure.message}` }, { cause: error });
    case 'stream_not_found':
      return new EventStoreError({ _tag: 'StoreFailure', message: 'the stream was not found' }, { cause: error });
    case 'failure':
      return new EventStoreError({ _tag: 'StoreFailure', message: failure.message }, { cause: error });
  }
};
