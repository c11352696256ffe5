/**
 * Key files of `export --sign` and `--public-key`: PEM files read and checked before any
 * work starts, so a wrong key is one sentence naming the option and the file (exit 2).
 */
import type { KeyObject } from 'node:crypto';
import { isKeyProblem, signingKeyOf, verifyingKeyOf } from '../audit/signature';
import { type CliContext, readText } from './context';
import { CliError, EXIT } from './errors';
import { signatureMessagesFor } from './signatureMessages';

/** The Ed25519 private key of `--sign <file>`. */
export const readSigningKey = async (ctx: CliContext, path: string): Promise<KeyObject> => {
  const key = signingKeyOf(await readText(ctx, path));
  if (isKeyProblem(key)) throw new CliError(signatureMessagesFor(ctx.lang).badKey('--sign', path, key.problem), EXIT.usage);
  return key;
};

/** The Ed25519 public keys of `--public-key <file…>` (undefined when none is given). */
export const readTrustedKeys = async (ctx: CliContext, paths: readonly string[] | undefined): Promise<KeyObject[] | undefined> => {
  if (paths === undefined || paths.length === 0) return undefined;
  const keys: KeyObject[] = [];
  for (const path of paths) {
    const key = verifyingKeyOf(await readText(ctx, path));
    if (isKeyProblem(key)) throw new CliError(signatureMessagesFor(ctx.lang).badKey('--public-key', path, key.problem), EXIT.usage);
    keys.push(key);
  }
  return keys;
};
