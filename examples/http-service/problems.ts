/**
 * Typed errors as RFC 9457 problem details (`application/problem+json`): one problem type per
 * kind of answer, the library's tag and message, and the fields a client acts on — the paths
 * of a request that does not decode, the rule of a rule violation.
 */
import { type ServiceError, describeServiceError } from '../../src/index';

/** The media type of every error response. */
export const PROBLEM_JSON = 'application/problem+json';

/** Problem type URIs (tag URIs: identifiers, not pages). */
const TYPE = (name: string): string => `tag:lukea.fr,2021:complaints/problems/${name}`;

/** One problem of a request that does not decode. */
export interface PathIssue {
  readonly path: string;
  readonly message: string;
}

/** An RFC 9457 problem details object. */
export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail?: string;
  readonly instance?: string;
  readonly tag?: string;
  readonly rule?: string;
  readonly errors?: readonly PathIssue[];
}

/** A request that does not decode (JSON Schema or the library's codecs): 400 with every path. */
export const invalidRequest = (errors: readonly PathIssue[], detail?: string): Problem => ({
  type: TYPE('invalid-request'),
  title: 'The request does not decode',
  status: 400,
  detail: detail ?? errors.map((e) => `${e.path}: ${e.message}`).join('; '),
  tag: 'DecodeError',
  errors,
});

/** A route that does not exist. */
export const noSuchRoute = (method: string, url: string): Problem => ({ type: TYPE('no-such-route'), title: 'No such route', status: 404, detail: `${method} ${url} is not a route of this service.` });

/** Whatever went wrong outside the library's typed errors (a bug): 500 without internals. */
export const internalError = (): Problem => ({ type: TYPE('internal-error'), title: 'Internal error', status: 500, detail: 'The service failed unexpectedly; the error is in its log.' });

/** Where in the request the library found a decode issue: the command is the body, its metadata the headers. */
const METADATA_HEADERS: { readonly [path: string]: string } = {
  commandId: 'headers.idempotency-key',
  'actor.id': 'headers.x-actor-id',
  'actor.role': 'headers.x-actor-role',
  correlationId: 'headers.x-correlation-id',
};
const requestPath = (subject: string, path: string): string =>
  subject === 'command metadata' ? (METADATA_HEADERS[path] ?? `headers.${path}`) : subject === 'complaint id' ? 'params.id' : subject === 'instant' ? 'query' : subject.startsWith('command') ? `body.${path}` : path;

/** The problem answering a library error. */
export const problemOf = (error: ServiceError): Problem => {
  const detail = describeServiceError(error);
  const tag = error._tag;
  switch (error._tag) {
    case 'DecodeError':
      return invalidRequest(
        error.issues.map((i) => ({ path: requestPath(error.subject, i.path), message: i.message })),
        detail,
      );
    case 'NotAuthorised':
      return { type: TYPE('not-authorised'), title: 'Not authorised', status: 403, detail, tag };
    case 'UnknownComplaint':
    case 'ComplaintNotFound':
      return { type: TYPE('unknown-complaint'), title: 'No such complaint', status: 404, detail, tag };
    case 'ConcurrencyConflict':
      return { type: TYPE('concurrency-conflict'), title: 'The complaint changed meanwhile; retry with the same Idempotency-Key', status: 409, detail, tag };
    case 'CommandIdReused':
      return { type: TYPE('idempotency-key-reused'), title: 'The Idempotency-Key was used for another command', status: 409, detail, tag };
    case 'ComplaintAlreadyExists':
    case 'InvalidTransition':
      return { type: TYPE('conflicting-state'), title: "The command does not fit the complaint's current state", status: 409, detail, tag };
    case 'RuleViolation':
      return { type: TYPE('rule-violation'), title: 'A rule of the complaint-handling policy refuses the command', status: 422, detail, tag, rule: error.rule };
    case 'StoreUnavailable':
      return { type: TYPE('store-unavailable'), title: 'The event store is unavailable; retry with the same Idempotency-Key', status: 503, detail, tag };
    case 'AccessDenied':
      return { type: TYPE('store-access-denied'), title: "The event store refused the service's credentials or rights", status: 503, detail, tag };
    case 'StreamDeleted':
      return { type: TYPE('complaint-deleted'), title: 'The complaint was deleted from the event store', status: 410, detail, tag };
    case 'StoreFailure':
    case 'InvalidAppend':
    case 'CorruptedEvent':
    case 'UnknownPolicyVersion':
    case 'Aborted':
      return { type: TYPE('service-failure'), title: 'The service could not handle the request', status: 500, detail, tag };
  }
};
