/**
 * Classifying what a client call threw, written once for both clients: `@eventstore/db-client`
 * and `@kurrent/kurrentdb-client` throw errors of the same classes under the same names, and
 * differ only in a few fields and in errors one of them alone has (each driver handles those
 * first, see {@link classifyWith}).
 * @packageDocumentation
 */
import type { UnavailableReason } from '../errors';
import type { ClientFailure } from './grpcDriver';
import { NOT_HANDLED, messageOf, reasonInText } from './grpcClientCommon';

/** A client's error class (only `instanceof` is used on it). */
type ErrorClass<T = object> = abstract new (...args: never[]) => Error & T;

/** The error classes and helpers of one client that the classification tells apart. */
export interface ClientErrors {
  readonly isCommandError: (e: Error) => boolean;
  readonly convertToCommandError: (e: Error) => unknown;
  readonly StreamNotFoundError: ErrorClass;
  readonly StreamDeletedError: ErrorClass<{ readonly streamName?: unknown }>;
  readonly AccessDeniedError: ErrorClass<{ readonly code?: number }>;
  readonly MaxAppendSizeExceededError: ErrorClass<{ readonly maxAppendSize: number }>;
  readonly UnknownError: ErrorClass;
  readonly UnavailableError: ErrorClass;
  readonly DeadlineExceededError: ErrorClass;
  readonly NotLeaderError: ErrorClass;
  readonly CancelledError: ErrorClass;
  readonly TimeoutError: ErrorClass;
}

/** gRPC's UNAUTHENTICATED status code. */
const GRPC_UNAUTHENTICATED = 16;

/** The stream a deletion names, unless it names none (an empty name). */
export const deletedStreamName = (name: unknown): string | undefined => (typeof name === 'string' && name !== '' ? name : undefined);

/** The refusal of a batch over the server's maximum append size. */
export const appendTooLarge = (maxAppendSize: number): ClientFailure => ({
  kind: 'failure',
  message: `the batch is larger than the server's maximum append size (${maxAppendSize} bytes, counted as data + metadata + 2 × the type's length of each event); append fewer or smaller events at a time`,
});

/**
 * A classifier for one client: raw gRPC errors (e.g. from a subscription stream) become the
 * client's typed errors first; then `specific` (the client's own fields and errors) has the
 * first word; then a missing or deleted stream, a refusal of credentials or rights, an append
 * over the maximum size, a node not ready or too busy (retried), and the transient transport
 * failures (retried) are told apart; anything else is a failure with the client's message.
 */
export const classifyWith =
  (errors: ClientErrors, specific: (e: unknown) => ClientFailure | undefined) =>
  (error: unknown): ClientFailure => {
    const e = error instanceof Error && !errors.isCommandError(error) ? errors.convertToCommandError(error) : error;
    const own = specific(e);
    if (own !== undefined) return own;
    if (e instanceof errors.StreamNotFoundError) return { kind: 'stream_not_found' };
    if (e instanceof errors.StreamDeletedError) return { kind: 'stream_deleted', streamName: deletedStreamName(e.streamName) };
    // UNAUTHENTICATED: the node did not accept the credentials; otherwise the ACL said no.
    // Errors the bridge builds carry no code (and only their kind as message).
    if (e instanceof errors.AccessDeniedError) {
      return { kind: 'access_denied', unauthenticated: e.code === undefined ? undefined : e.code === GRPC_UNAUTHENTICATED, message: messageOf(e) };
    }
    if (e instanceof errors.MaxAppendSizeExceededError) return appendTooLarge(e.maxAppendSize);
    if (e instanceof errors.UnknownError && NOT_HANDLED.test(messageOf(e))) {
      return { kind: 'transient', message: `the server did not take the write (${messageOf(e).replace(/^Could not recognize /, '')})`, reason: 'busy' };
    }
    if (
      e instanceof errors.UnavailableError ||
      e instanceof errors.DeadlineExceededError ||
      e instanceof errors.NotLeaderError ||
      e instanceof errors.CancelledError ||
      e instanceof errors.TimeoutError
    ) {
      return { kind: 'transient', message: messageOf(e), reason: reasonOf(errors, e) };
    }
    return { kind: 'failure', message: messageOf(e) };
  };

/** Why a transient failure happened: a leader change, a deadline, or what its text tells. */
const reasonOf = (errors: ClientErrors, e: Error): UnavailableReason => {
  if (e instanceof errors.NotLeaderError) return 'not-leader';
  if (e instanceof errors.DeadlineExceededError || e instanceof errors.TimeoutError) return 'timed-out';
  return reasonInText(messageOf(e));
};
