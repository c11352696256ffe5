/**
 * What every command gets: the io, the language's messages, the global flags, and helpers
 * to read and write files and to turn library errors into one sentence.
 */
import { readFile, writeFile } from 'node:fs/promises';
import { isAbsolute, resolve } from 'node:path';
import { type AuditError, AuditFailure, describeAuditError } from '../audit';
import { ComplaintServiceError, EventStoreError } from '../index';
import { CliError, EXIT } from './errors';
import type { CliIo } from './io';
import type { Lang, Messages } from './messages';
import { type Progress, progress } from './progress';
import { signatureMessagesFor } from './signatureMessages';

/** One run of the command line. */
export interface CliContext {
  readonly io: CliIo;
  readonly lang: Lang;
  readonly m: Messages;
  /** False with `--no-progress`. */
  readonly showProgress: boolean;
  /**
   * Where progress bars are drawn: the terminal's own stderr, whose escape sequences are
   * the bar's. Everything else goes through `io`, whose streams escape them (terminalText.ts).
   */
  readonly progressStream?: CliIo['stderr'];
}

/** A progress bar on stderr (silent in pipes). */
export const progressOf = (ctx: CliContext, label: string): Progress => progress(ctx.progressStream ?? ctx.io.stderr, label, ctx.showProgress);

/** `path` resolved against the run's directory. */
export const pathOf = (ctx: CliContext, path: string): string => (isAbsolute(path) ? path : resolve(ctx.io.cwd, path));

const reasonOf = (e: unknown): string => {
  const code = typeof e === 'object' && e !== null && 'code' in e ? String(e.code) : '';
  return code !== '' ? code : e instanceof Error ? e.message : String(e);
};

/** A text file's content; a one-sentence error when it is missing or unreadable. */
export const readText = async (ctx: CliContext, path: string): Promise<string> => {
  try {
    return await readFile(pathOf(ctx, path), 'utf8');
  } catch (e) {
    if (reasonOf(e) === 'ENOENT') throw new CliError(ctx.m.errors.missingFile(path), EXIT.failure, { cause: e });
    throw new CliError(ctx.m.errors.unreadableFile(path, reasonOf(e)), EXIT.failure, { cause: e });
  }
};

/** Writes a text file; a one-sentence error when it cannot be written. */
export const writeText = async (ctx: CliContext, path: string, text: string): Promise<void> => {
  try {
    await writeFile(pathOf(ctx, path), text, 'utf8');
  } catch (e) {
    throw new CliError(ctx.m.errors.cannotWrite(path, reasonOf(e)), EXIT.failure, { cause: e });
  }
};

/** Output to `--out` when given, else to stdout. */
export const emit = async (ctx: CliContext, text: string, out: string | undefined): Promise<void> => {
  if (out === undefined) ctx.io.stdout.write(text);
  else await writeText(ctx, out, text);
};

/** The one-sentence, translated description of a library error (tagged union). */
export const describeFailure = (ctx: CliContext, e: AuditError, file?: string): CliError => {
  const m = ctx.m;
  switch (e._tag) {
    case 'UnknownComplaint':
      return new CliError(m.errors.unknownComplaint(e.complaintId));
    case 'InvalidExport':
      return new CliError(m.errors.invalidExport(file ?? 'The export', e.line, e.fault, e.reason), EXIT.invalidExport);
    case 'InvalidSignature':
      return new CliError(signatureMessagesFor(ctx.lang).invalidSignature(file ?? 'The export', e.line, e.problem, e.reason), EXIT.invalidExport);
    case 'StoreUnavailable':
      // The transport's own words go to --debug only.
      return new CliError(m.errors.storeUnavailable(e), EXIT.failure, e.detail === undefined ? {} : { cause: new Error(e.detail) });
    default:
      return new CliError(describeAuditError(e));
  }
};

/** True for a failure that is neither the command line's own nor a known library error (a bug). */
export const isUnexpected = (e: unknown): boolean =>
  !(e instanceof CliError || e instanceof ComplaintServiceError || e instanceof AuditFailure || e instanceof EventStoreError);

/** Any thrown value as a {@link CliError} (library errors worded, others "unexpected"). */
export const toCliError = (ctx: CliContext, e: unknown): CliError => {
  if (e instanceof CliError) return e;
  const tagged = e instanceof ComplaintServiceError || e instanceof AuditFailure || e instanceof EventStoreError ? e.error : undefined;
  if (tagged !== undefined) {
    const out = describeFailure(ctx, tagged);
    return new CliError(out.message, out.exitCode, { cause: out.cause ?? e });
  }
  return new CliError(ctx.m.errors.unexpected(e instanceof Error ? e.message : String(e)), EXIT.failure, { cause: e });
};
