/**
 * `complaints verify <file> [--head <hash>]`: checks an export's hash chain. Exit code 0
 * when intact, 3 with the first bad line when not.
 */
import * as E from 'fp-ts/lib/Either.js';
import { verifyExport } from '../../audit/verify';
import { type CliContext, describeFailure, readText } from '../context';
import { parseHead } from '../values';

/** Options of `verify`. */
export interface VerifyCommandOptions {
  readonly head?: string;
}

/** Runs `verify`. */
export const verifyCommand = async (ctx: CliContext, file: string, options: VerifyCommandOptions): Promise<void> => {
  const head = options.head === undefined ? undefined : parseHead(options.head, ctx.m);
  const text = await readText(ctx, file);
  const r = verifyExport(text, head === undefined ? {} : { expectedHead: head });
  if (E.isLeft(r)) throw describeFailure(ctx, r.left, file);
  ctx.io.stdout.write(`${ctx.m.out.verified(file, r.right.lines.length, r.right.streams.length, r.right.head)}\n`);
};
