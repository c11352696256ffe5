/**
 * `complaints import <file> --store esdb://… [--head <hash>] [--policy <file>…]`: imports an
 * export into EventStoreDB (verified first — against `--head` when given, so a file cut short
 * or rewritten whole is refused — and each stream replayed through the service's rules;
 * nothing is written unless every check passes; importing again appends nothing).
 */
import * as E from 'fp-ts/lib/Either.js';
import { importStreamsTE } from '../../audit';
import { type CliContext, describeFailure, progressOf, readText } from '../context';
import { CliError, EXIT } from '../errors';
import { readTrustedKeys } from '../keys';
import { connectionStringOf, openStore } from '../source';
import { parseHead } from '../values';
import { describeDecodeError, type Policy, parsePolicy } from '../../index';

/** Options of `import`. */
export interface ImportCommandOptions {
  readonly store?: string;
  /** Trusted public key files (`--public-key`, repeatable): the file must be signed by one of them. */
  readonly publicKey?: readonly string[];
  /** The export's last hash, noted when it was made. */
  readonly head?: string;
  /** Policy files (JSON) besides the default policy. */
  readonly policy?: readonly string[];
}

/** The policies of `--policy` files, read and checked before anything is opened. */
const readPolicies = async (ctx: CliContext, files: readonly string[]): Promise<Policy[]> => {
  const out: Policy[] = [];
  for (const file of files) {
    let json: unknown;
    try {
      json = JSON.parse(await readText(ctx, file));
    } catch (e) {
      if (e instanceof CliError) throw e;
      throw new CliError(ctx.m.errors.badPolicy(file, e instanceof Error ? e.message : String(e)), EXIT.usage);
    }
    const policy = parsePolicy(json);
    if (E.isLeft(policy)) throw new CliError(ctx.m.errors.badPolicy(file, describeDecodeError(policy.left)), EXIT.usage);
    out.push(policy.right);
  }
  return out;
};

/** Runs `import`. */
export const importCommand = async (ctx: CliContext, file: string, options: ImportCommandOptions): Promise<void> => {
  const connection = connectionStringOf(ctx, options);
  if (connection === undefined) throw new CliError(ctx.m.errors.importNeedsStore, EXIT.usage);
  const publicKeys = await readTrustedKeys(ctx, options.publicKey);
  const head = options.head === undefined ? undefined : parseHead(options.head, ctx.m);
  const policies = await readPolicies(ctx, options.policy ?? []);
  const text = await readText(ctx, file);
  const source = await openStore(ctx, connection);
  try {
    const checking = progressOf(ctx, ctx.m.out.progressImportCheck);
    const appending = progressOf(ctx, ctx.m.out.progressImportAppend);
    const r = await importStreamsTE(source.store, text, {
      ...(publicKeys === undefined ? {} : { publicKeys }),
      policies,
      ...(head === undefined ? {} : { expectedHead: head }),
      onProgress: ({ phase, done, total }) => {
        if (phase === 'check') checking.update(done, total);
        else {
          if (done === 1) checking.stop();
          appending.update(done, total);
        }
      },
    })().finally(() => {
      checking.stop();
      appending.stop();
    });
    if (E.isLeft(r)) throw describeFailure(ctx, r.left, file);
    ctx.io.stdout.write(`${ctx.m.out.imported(r.right.appended, r.right.alreadyPresent, r.right.streams.length)}\n`);
  } finally {
    await source.close();
  }
};
