/**
 * Everything the service can answer instead of a result: decode failures, the decider's
 * refusals, store failures, and the service's own. A tagged union for fp-ts callers, and
 * one Error subclass carrying it for Promise callers.
 */
import { type DecodeError, describeDecodeError } from '../domain/decoding';
import { type ComplaintError, describeComplaintError } from '../domain/errors';
import { type StoreError, describeStoreError } from '../eventstore/errors';
import type { CorruptedEvent } from '../stream/errors';
import { TaggedError } from '../taggedError';

export type { CorruptedEvent } from '../stream/errors';

/** The complaint was received under a policy version this service was not given. */
export interface UnknownPolicyVersion {
  readonly _tag: 'UnknownPolicyVersion';
  readonly complaintId: string;
  readonly policyVersion: string;
  readonly known: readonly string[];
}

/** A query named a complaint that was never received. */
export interface UnknownComplaint {
  readonly _tag: 'UnknownComplaint';
  readonly complaintId: string;
}

/** A command id was reused for a different command. */
export interface CommandIdReused {
  readonly _tag: 'CommandIdReused';
  readonly commandId: string;
  readonly originalCommand: string;
  readonly command: string;
}

/**
 * A long operation (history, export, import) was stopped by its `AbortSignal` before it
 * finished. It stops between two store calls, so whatever it wrote is whole. The Promise
 * forms reject with `reason` itself, as `fetch` does.
 */
export interface Aborted {
  readonly _tag: 'Aborted';
  /** What was stopped: `history`, `export` or `import`. */
  readonly operation: string;
  /** The signal's reason (an `AbortError` DOMException unless the caller aborted with another). */
  readonly reason: unknown;
}

/** Every failure of the complaint service. */
export type ServiceError =
  | DecodeError
  | ComplaintError
  | StoreError
  | CorruptedEvent
  | UnknownComplaint
  | UnknownPolicyVersion
  | CommandIdReused
  | Aborted;

/** A one-sentence description of any service error. */
export const describeServiceError = (e: ServiceError): string => {
  switch (e._tag) {
    case 'DecodeError':
      return describeDecodeError(e);
    case 'ComplaintNotFound':
    case 'ComplaintAlreadyExists':
    case 'InvalidTransition':
    case 'NotAuthorised':
    case 'RuleViolation':
      return describeComplaintError(e);
    case 'ConcurrencyConflict':
    case 'StoreUnavailable':
    case 'StoreFailure':
    case 'InvalidAppend':
    case 'StreamDeleted':
    case 'AccessDenied':
      return describeStoreError(e);
    case 'CorruptedEvent':
      return `Stored event ${e.streamName}@${e.revision} (${e.eventType}) cannot be read: ${e.issues.map((i) => i.message).join('; ')}`;
    case 'UnknownComplaint':
      return `No complaint ${e.complaintId} has been received.`;
    case 'UnknownPolicyVersion':
      return `Complaint ${e.complaintId} was received under policy ${e.policyVersion}, which this service does not know (known: ${e.known.join(', ')}); pass it in the service's policies.`;
    case 'CommandIdReused':
      return `Command id ${e.commandId} was already used for ${e.originalCommand}; ${e.command} needs a new command id.`;
    case 'Aborted':
      return `The ${e.operation} was aborted (${e.reason instanceof Error ? e.reason.message : String(e.reason)}); what it wrote is whole, and running it again finishes it.`;
  }
};

/** The Error the Promise API rejects with; `error` holds the tagged cause, `_tag` its tag. */
export class ComplaintServiceError extends TaggedError<ServiceError> {
  override readonly name = 'ComplaintServiceError';
  constructor(error: ServiceError, options?: { cause?: unknown }) {
    super(error, describeServiceError(error), options);
  }
}

/** The {@link Aborted} error of `operation`, if `signal` has been aborted. */
export const abortedBy = (operation: string, signal: AbortSignal | undefined): Aborted | undefined =>
  signal?.aborted === true ? { _tag: 'Aborted', operation, reason: signal.reason } : undefined;
