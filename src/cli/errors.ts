/**
 * Failures of the command line: one sentence for the person at the terminal, an exit code.
 */

/** Exit codes of `complaints`. */
export const EXIT = {
  /** Done. */
  ok: 0,
  /** The operation failed: unknown complaint, unreadable file, store unreachable, import conflict… */
  failure: 1,
  /** The command line itself is wrong: unknown option, missing argument, bad value. */
  usage: 2,
  /** An export failed verification (tampered, missing, reordered or malformed line). */
  invalidExport: 3,
} as const;

/** An exit code of `complaints`. */
export type ExitCode = (typeof EXIT)[keyof typeof EXIT];

/** A failure already worded for the user. */
export class CliError extends Error {
  override readonly name = 'CliError';
  constructor(
    message: string,
    readonly exitCode: ExitCode = EXIT.failure,
    options?: { readonly cause?: unknown },
  ) {
    super(message, options);
  }
}
