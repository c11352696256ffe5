/**
 * `complaints verify <file> [--head <hash>] [--public-key <pem>…]`: checks an export's hash
 * chain and, with trusted keys, its signature. Exit code 0 when intact, 3 with the first
 * bad line (or what is wrong with the signature) when not.
 */
import * as E from 'fp-ts/lib/Either.js';
import { verifyExport } from '../../audit';
import { type CliContext, describeFailure, readText } from '../context';
import { readTrustedKeys } from '../keys';
import { signatureMessagesFor } from '../signatureMessages';
import { showInstant, parseHead } from '../values';

/** Options of `verify`. */
export interface VerifyCommandOptions {
  readonly head?: string;
  /** Trusted public key files (`--public-key`, repeatable). */
  readonly publicKey?: readonly string[];
}

/** Runs `verify`. */
export const verifyCommand = async (ctx: CliContext, file: string, options: VerifyCommandOptions): Promise<void> => {
  const head = options.head === undefined ? undefined : parseHead(options.head, ctx.m);
  const publicKeys = await readTrustedKeys(ctx, options.publicKey);
  const text = await readText(ctx, file);
  const r = verifyExport(text, { ...(head === undefined ? {} : { expectedHead: head }), ...(publicKeys === undefined ? {} : { publicKeys }) });
  if (E.isLeft(r)) throw describeFailure(ctx, r.left, file);
  ctx.io.stdout.write(`${ctx.m.out.verified(file, r.right.lines.length, r.right.streams.length, r.right.head)}\n`);
  const s = r.right.signature;
  const say = signatureMessagesFor(ctx.lang);
  ctx.io.stdout.write(`${s === undefined ? say.unsigned : s.verified ? say.signedBy(s.keyId, showInstant(new Date(s.signedAt))) : say.signedUnchecked(s.keyId, showInstant(new Date(s.signedAt)))}\n`);
};
