/**
 * Turns whatever a client call failed with into the port's typed {@link EventStoreError}.
 * @packageDocumentation
 */
import { EventStoreError, type UnavailableReason } from '../errors';
import type { ClientFailure } from './grpcDriver';
import { RetriesExhausted } from './retry';
import type { ExpectedRevision } from '../port';

/** How the adapter names its server in messages, and its address without credentials when known. */
export interface ServerName {
  readonly name: string;
  readonly endpoint?: string;
}

/** The append a failure belongs to, so that a WrongExpectedVersion can name it. */
export interface AppendContext {
  readonly streamName: string;
  readonly expected: ExpectedRevision;
}

/** The read or subscription a failure belongs to, so that a deletion or a refusal can name it. */
export interface ReadContext {
  /** The stream read, or `'$all'`. */
  readonly streamName: string;
  readonly subscription?: boolean;
}

const isAppend = (context: AppendContext | ReadContext | undefined): context is AppendContext =>
  context !== undefined && 'expected' in context;

const operationOf = (context: AppendContext | ReadContext | undefined): string => {
  if (context === undefined) return 'the request';
  if (isAppend(context)) return `appending to ${context.streamName}`;
  const what = context.streamName === '$all' ? '$all' : context.streamName;
  return context.subscription === true ? `subscribing to ${what}` : `reading ${what}`;
};

/** What to do about a refusal: fix the credentials, or give the connection string's user the right it needs. */
const accessAdvice = (context: AppendContext | ReadContext | undefined, unauthenticated: boolean | undefined, serverMessage: string): string => {
  if (unauthenticated === true) return `the server did not accept the credentials: check the user and password in the connection string (server: ${serverMessage}).`;
  const right =
    context === undefined
      ? 'the right to do it'
      : isAppend(context)
        ? `write access to ${context.streamName}`
        : context.streamName === '$all'
          ? "read access to $all, which a secure node gives only to $admins by default: make the user a member of $admins, or grant it in $all's ACL (the $acl.$r of stream $$$all's metadata) or in the default system-stream ACL ($settings' $systemStreamAcl); see docs/eventstoredb.md"
          : `read access to ${context.streamName}`;
  // The client could not say whether the credentials or the rights were refused: both.
  if (unauthenticated === undefined) return `check the user and password in the connection string; if they are right, the user needs ${right} (server: ${serverMessage}).`;
  return `the connection string's user needs ${right} (server: ${serverMessage}).`;
};

/** The transport's reasons in plain words, for the English message. */
const REASON_WORDS: { readonly [R in UnavailableReason]: string } = {
  'connection-refused': 'connection refused',
  'host-not-found': 'host name not found',
  'timed-out': 'timed out',
  'connection-reset': 'connection reset',
  tls: 'TLS handshake failed — check tls= in the connection string',
  'not-leader': 'the node is not the leader',
  busy: 'the node is not ready or too busy',
  other: 'no connection',
};

/**
 * Maps a failure: WrongExpectedVersion → `ConcurrencyConflict` (with both revisions);
 * exhausted retries or a transient failure → `StoreUnavailable` naming the server, with the
 * reason in words and fields; a deleted stream → `StreamDeleted`; refused credentials or
 * rights → `AccessDenied` naming the right to grant; anything else → `StoreFailure` with the
 * server's message. `EventStoreError`s pass through. `classifyFailure` is the client driver's own.
 */
export const toStoreError = (
  error: unknown,
  server: ServerName,
  classifyFailure: (error: unknown) => ClientFailure,
  context?: AppendContext | ReadContext,
): EventStoreError => {
  const serverName = server.name;
  const where = server.endpoint === undefined ? { server: server.name } : { server: server.name, endpoint: server.endpoint };
  if (error instanceof EventStoreError) return error;
  if (error instanceof RetriesExhausted) {
    // The transport's own text (gRPC status, "Resolution note", …) stays in `cause`, for
    // --debug and logs; the message and the fields say what a person can act on.
    const last = classifyFailure(error.lastError);
    const reason = error.reason ?? (last.kind === 'transient' ? last.reason : 'other');
    return new EventStoreError(
      {
        _tag: 'StoreUnavailable',
        message: `no answer from ${serverName} after ${error.attempts} attempts (${REASON_WORDS[reason]}); check that the server is running and reachable.`,
        ...where,
        attempts: error.attempts,
        reason,
        detail: last.kind === 'transient' || last.kind === 'failure' ? last.message : String(error.lastError),
      },
      { cause: error.lastError },
    );
  }
  const failure = classifyFailure(error);
  switch (failure.kind) {
    case 'wrong_expected_version':
      if (!isAppend(context)) {
        return new EventStoreError({ _tag: 'StoreFailure', message: 'WrongExpectedVersion outside an append' }, { cause: error });
      }
      return new EventStoreError(
        { _tag: 'ConcurrencyConflict', streamName: context.streamName, expected: context.expected, actual: failure.actual },
        { cause: error },
      );
    case 'stream_deleted':
      return new EventStoreError({ _tag: 'StreamDeleted', streamName: context?.streamName ?? failure.streamName ?? 'the stream' }, { cause: error });
    case 'access_denied':
      return new EventStoreError(
        { _tag: 'AccessDenied', operation: `${operationOf(context)} on ${serverName}`, message: accessAdvice(context, failure.unauthenticated, failure.message) },
        { cause: error },
      );
    case 'transient':
      return new EventStoreError(
        { _tag: 'StoreUnavailable', message: `no answer from ${serverName} (${REASON_WORDS[failure.reason]}); check that the server is running and reachable.`, ...where, attempts: 1, reason: failure.reason, detail: failure.message },
        { cause: error },
      );
    case 'stream_not_found':
      return new EventStoreError({ _tag: 'StoreFailure', message: 'the stream was not found' }, { cause: error });
    case 'failure':
      return new EventStoreError({ _tag: 'StoreFailure', message: failure.message }, { cause: error });
  }
};
