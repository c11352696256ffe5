/**
 * `complaints retention (--dry-run | --apply)`: applies the policy's retention rule
 * (`privacy/retention.ts`) to a source — a dry run anywhere, erasure only on a store, with
 * the key store given as a module (`--key-store`).
 */
import * as E from 'fp-ts/lib/Either.js';
import { defaultPolicy } from '../../index';
import { protectPersonalData, type RetentionReport, applyRetentionTE, describeRetentionError, type ExpiredComplainant } from '../../privacy';
import { type CliContext, emit } from '../context';
import { CliError, EXIT } from '../errors';
import { loadKeyStore } from '../keyStoreModule';
import { retentionMessagesFor } from '../retentionMessages';
import { type SourceOptions, withSource } from '../source';
import { textTable } from '../table';
import { parseChoice, parseInstant, showInstant } from '../values';

/** Options of `retention`. */
export interface RetentionCommandOptions extends SourceOptions {
  readonly dryRun?: boolean;
  readonly apply?: boolean;
  readonly at?: string;
  readonly years?: string;
  readonly keyStore?: string;
  readonly format?: string;
  readonly out?: string;
}

const lastEnded = (c: ExpiredComplainant): string => c.complaints.map((x) => x.endedAt).sort().at(-1) ?? '';
const lastKept = (c: ExpiredComplainant): string => c.complaints.map((x) => x.keptUntil).sort().at(-1) ?? '';

const asTable = (ctx: CliContext, r: RetentionReport): string => {
  const say = retentionMessagesFor(ctx.lang);
  const col = say.columns;
  const rows = (cs: readonly ExpiredComplainant[]): string[][] =>
    cs.map((c) => [c.complainantId, c.complaints.map((x) => x.complaintId).join(' '), showInstant(lastEnded(c)), lastKept(c), 'erasedKeyIds' in c ? String((c.erasedKeyIds as readonly string[]).length) : '']);
  const header = [col.complainant, col.complaints, col.ended, col.keptUntil, col.keys];
  const open = r.kept.filter((k) => k.reason === 'open').length;
  return [
    `${say.title(r.years, showInstant(r.at), r.dryRun)}\n\n`,
    textTable(say.erasedTitle(r.dryRun), header, rows(r.erased), ctx.m.out.none),
    '\n',
    textTable(say.alreadyTitle, header, rows(r.alreadyErased), ctx.m.out.none),
    '\n',
    textTable(say.keptTitle, [col.complainant, col.reason, col.complaints, col.keptUntil], r.kept.map((k) => [k.complainantId, say.reason(k.reason), k.complaintId, k.keptUntil ?? '']), ctx.m.out.none),
    `\n${say.summary(r.erased.length, r.alreadyErased.length, open, r.kept.length - open, r.dryRun)}\n`,
  ].join('');
};

/** Runs `retention`. */
export const retentionCommand = async (ctx: CliContext, options: RetentionCommandOptions): Promise<void> => {
  const say = retentionMessagesFor(ctx.lang);
  if ((options.dryRun === true) === (options.apply === true)) throw new CliError(say.oneMode, EXIT.usage);
  const format = parseChoice(options.format ?? 'table', '--format', ['table', 'json'] as const, ctx.m);
  const at = options.at === undefined ? ctx.io.now() : parseInstant(options.at, '--at', ctx.m);
  const years = options.years === undefined ? defaultPolicy.retentionYearsAfterClosing : Number(options.years.trim());
  if (!Number.isInteger(years) || years < 1 || years > 100) throw new CliError(say.badYears(options.years ?? ''), EXIT.usage);
  if (options.apply === true && options.file !== undefined) throw new CliError(say.applyNeedsStore, EXIT.usage);
  if (options.apply === true && options.keyStore === undefined) throw new CliError(say.applyNeedsKeyStore, EXIT.usage);
  const keyStore = options.keyStore === undefined ? undefined : await loadKeyStore(ctx, options.keyStore);
  const report = await withSource(ctx, options, async (source) => {
    // Read through the key store when there is one, so that earlier erasures show.
    const store = keyStore === undefined ? source.store : protectPersonalData(source.store, { keyStore });
    return applyRetentionTE({
      store,
      ...(keyStore === undefined ? {} : { keyStore }),
      at,
      policy: { ...defaultPolicy, retentionYearsAfterClosing: years },
      dryRun: options.dryRun === true,
    })();
  });
  if (E.isLeft(report)) throw new CliError(describeRetentionError(report.left), EXIT.failure);
  return emit(ctx, format === 'json' ? `${JSON.stringify(report.right, null, 2)}\n` : asTable(ctx, report.right), options.out);
};
