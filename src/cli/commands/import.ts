/**
 * `complaints import <file> --store esdb://…`: imports an export into EventStoreDB
 * (verified first; nothing is written unless every check passes; importing again appends
 * nothing).
 */
import * as E from 'fp-ts/lib/Either.js';
import { importStreams } from '../../audit/ndjson';
import { type CliContext, describeFailure, progressOf, readText } from '../context';
import { CliError, EXIT } from '../errors';
import { readTrustedKeys } from '../keys';
import { connectionStringOf, openStore } from '../source';

/** Options of `import`. */
export interface ImportCommandOptions {
  readonly store?: string;
  /** Trusted public key files (`--public-key`, repeatable): the file must be signed by one of them. */
  readonly publicKey?: readonly string[];
}

/** Runs `import`. */
export const importCommand = async (ctx: CliContext, file: string, options: ImportCommandOptions): Promise<void> => {
  const connection = connectionStringOf(ctx, options);
  if (connection === undefined) throw new CliError(ctx.m.errors.importNeedsStore, EXIT.usage);
  const publicKeys = await readTrustedKeys(ctx, options.publicKey);
  const text = await readText(ctx, file);
  const source = await openStore(ctx, connection);
  try {
    const checking = progressOf(ctx, ctx.m.out.progressImportCheck);
    const appending = progressOf(ctx, ctx.m.out.progressImportAppend);
    const r = await importStreams(source.store, text, {
      ...(publicKeys === undefined ? {} : { publicKeys }),
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
