/**
 * Errors of the audit export / import, tagged like the service's, plus one Error subclass
 * for the Promise API.
 */
import { type ServiceError, describeServiceError } from '../application/errors';

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

/** Every failure of the audit API. */
export type AuditError = ServiceError | InvalidExport | ImportConflict;

/** A one-sentence description of an audit error. */
export const describeAuditError = (e: AuditError): string => {
  switch (e._tag) {
    case 'InvalidExport':
      return `Export line ${e.line} is ${e.fault}: ${e.reason}`;
    case 'ImportConflict':
      return `Cannot import ${e.streamName}@${e.revision}: ${e.reason}`;
    default:
      return describeServiceError(e);
  }
};

/** The Error the audit Promise API rejects with; `error` holds the tagged cause. */
export class AuditFailure extends Error {
  override readonly name = 'AuditFailure';
  /** The tag of the cause. */
  readonly _tag: AuditError['_tag'];
  constructor(readonly error: AuditError) {
    super(describeAuditError(error));
    this._tag = error._tag;
  }
}
