/**
 * Errors of the audit export / import, tagged like the service's, plus one Error subclass
 * for the Promise API.
 */
import { type ServiceError, describeServiceError } from '../application/errors';
import { TaggedError } from '../taggedError';

/**
 * What is wrong with an export line: not a well-formed line (`malformed`), changed after it
 * was hashed (`tampered`), lines missing or out of order (`missing`, `reordered`), or — found
 * by an import, which replays each stream through the service's rules — a history the
 * service could not have written (`illegal`: a forged event, a refused command, a stream
 * that is not a complaint stream).
 */
export type ExportFault = 'malformed' | 'tampered' | 'missing' | 'reordered' | 'illegal';

/** An NDJSON export failed verification at `line` (1-based); nothing was imported. */
export interface InvalidExport {
  readonly _tag: 'InvalidExport';
  readonly line: number;
  readonly fault: ExportFault;
  readonly reason: string;
}

/** The target store already holds something else where an imported event belongs; nothing was imported. */
export interface ImportConflict {
  readonly _tag: 'ImportConflict';
  readonly streamName: string;
  readonly revision: bigint;
  readonly reason: string;
}

/** What is wrong with an export's signature. */
export type SignatureProblem = 'unsigned' | 'malformed-trailer' | 'unknown-key' | 'bad-signature' | 'trailer-mismatch';

/**
 * An export's hash chain is intact but its signature trailer is not acceptable: missing
 * when a signature is required (`unsigned`), not a well-formed trailer, made with a key
 * that is not trusted (`unknown-key`), not verifying with the trusted key of its key id
 * (`bad-signature`), or signing other lines than the file holds (`trailer-mismatch`:
 * lines added, removed or re-hashed since signing). `line` is the trailer's line (or the
 * line after the last one when there is none). Nothing was imported.
 */
export interface InvalidSignature {
  readonly _tag: 'InvalidSignature';
  readonly line: number;
  readonly problem: SignatureProblem;
  readonly reason: string;
}

/** A signing or verifying key was refused (not Ed25519, not a key of the expected kind, unreadable). */
export interface InvalidKey {
  readonly _tag: 'InvalidKey';
  /** Which key: "the signing key", "trusted key 2". */
  readonly key: string;
  readonly reason: string;
}

/** Every failure of the audit API. */
export type AuditError = ServiceError | InvalidExport | InvalidSignature | InvalidKey | ImportConflict;

/** A one-sentence description of an audit error. */
export const describeAuditError = (e: AuditError): string => {
  switch (e._tag) {
    case 'InvalidExport':
      return `Export line ${e.line} is ${e.fault}: ${e.reason}`;
    case 'InvalidSignature':
      return `The export's signature is not accepted (${e.problem}, line ${e.line}): ${e.reason}`;
    case 'InvalidKey':
      return `${e.key.charAt(0).toUpperCase()}${e.key.slice(1)} cannot be used: ${e.reason}`;
    case 'ImportConflict':
      return `Cannot import ${e.streamName}@${e.revision}: ${e.reason}`;
    default:
      return describeServiceError(e);
  }
};

/** The Error the audit Promise API rejects with; `error` holds the tagged cause, `_tag` its tag. */
export class AuditFailure extends TaggedError<AuditError> {
  override readonly name = 'AuditFailure';
  constructor(error: AuditError, options?: { cause?: unknown }) {
    super(error, describeAuditError(error), options);
  }
}
