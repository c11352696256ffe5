/**
 * `complaints watch-deadlines [--at <instant>]`: runs the deadline watcher once — every
 * overdue deadline not yet recorded is recorded as missed (`ComplaintDeadlineMissed`),
 * exactly once even when run again or from several places.
 */
import { ComplaintService } from '../../index';
import { watchDeadlines, slaProjection } from '../../projections';
import { type CliContext, emit } from '../context';
import { EXIT } from '../errors';
import { textTable } from '../table';
import { parseChoice, parseInstant, showInstant } from '../values';
import { allComplaintIds, exportText } from './export';
import { foldAll, requireReadable } from './fold';
import { type SourceOptions, withSource } from '../source';

/** Options of `watch-deadlines`. */
export interface WatchCommandOptions extends SourceOptions {
  readonly at?: string;
  readonly format?: string;
  /** With `--file`: where to write the export with the recorded misses. */
  readonly out?: string;
  readonly skipUnreadable?: boolean;
}

const FORMATS = ['table', 'json'] as const;

/** Runs `watch-deadlines`; the exit code is 1 when some misses could not be recorded. */
export const watchCommand = async (ctx: CliContext, options: WatchCommandOptions): Promise<number> => {
  const m = ctx.m;
  const format = parseChoice(options.format ?? 'table', '--format', FORMATS, m);
  const at = options.at === undefined ? ctx.io.now() : parseInstant(options.at, '--at', m);
  return withSource(ctx, options, async (source) => {
    const folded = await foldAll(ctx, source, slaProjection());
    requireReadable(ctx, folded, options.skipUnreadable);
    const model = folded.model;
    const service = new ComplaintService({ store: source.store, clock: ctx.io.now });
    const outcomes = await watchDeadlines({ service, model, now: at });
    const count = (r: string): number => outcomes.filter((o) => o.result === r).length;
    const failed = count('failed');
    if (format === 'json') {
      ctx.io.stdout.write(`${JSON.stringify({ at: at.toISOString(), outcomes }, null, 2)}\n`);
    } else {
      const rows = outcomes.map((o) => [o.deadline.complaintId, m.deadline(o.deadline.deadline), o.deadline.due, showInstant(o.deadline.dueAt), m.watchResult(o.result)]);
      const header = [m.columns.complaint, m.columns.deadline, m.columns.due, m.columns.dueAt, m.columns.result];
      ctx.io.stdout.write(`${textTable(m.out.overdueTitle(showInstant(at)), header, rows, m.out.none)}\n${m.out.watched(count('recorded'), count('duplicate'), count('refused'), failed)}\n`);
    }
    if (source.kind === 'file' && options.out !== undefined) {
      const { text } = await exportText(ctx, source.store, await allComplaintIds(source.store));
      await emit(ctx, text, options.out);
      ctx.io.stderr.write(`${m.out.watchSaved(options.out)}\n`);
    }
    return failed > 0 ? EXIT.failure : EXIT.ok;
  });
};
