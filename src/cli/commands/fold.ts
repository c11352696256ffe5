/**
 * Folds a projection over the whole log of a source (a one-off catch-up with a progress bar).
 */
import { InMemoryCheckpointStore, type Projection, type ProjectionProblem, ProjectionRunner } from '../../projections';
import { type CliContext, progressOf } from '../context';
import { CliError, EXIT } from '../errors';
import type { Source } from '../source';

/** The caught-up model, and how many complaint events could not be read (the first ones kept). */
export interface Folded<M> {
  readonly model: M;
  readonly problems: number;
  readonly firstProblem: ProjectionProblem | undefined;
}

/**
 * A model folded without some stored events is wrong (a complaint without its receipt
 * vanishes; one without its acknowledgement looks overdue): refuse it, naming the first
 * unreadable event — unless the user asked to skip them (`--skip-unreadable`), then say
 * how many were left out.
 */
export const requireReadable = (ctx: CliContext, folded: Folded<unknown>, skipUnreadable: boolean | undefined): void => {
  if (folded.problems === 0) return;
  if (skipUnreadable === true) {
    ctx.io.stderr.write(`${ctx.m.errors.problems(folded.problems)}\n`);
    return;
  }
  const p = folded.firstProblem;
  const where = p === undefined ? '?' : `${p.streamName}@${p.revision} (${p.eventType})`;
  const detail = p === undefined ? '' : p.issues?.[0]?.message ?? p.message;
  throw new CliError(ctx.m.errors.unreadable(where, detail, folded.problems), EXIT.failure);
};

/**
 * Catches `projection` up on the source's whole log, decoding every event (whatever types
 * the projection handles); with `recordedUpTo`, folds only the events recorded
 * (`metadata.recordedAt`) at or before it: the records as they stood then.
 */
export const foldAll = async <M>(ctx: CliContext, source: Source, projection: Projection<M>, recordedUpTo?: Date): Promise<Folded<M>> => {
  const limit = recordedUpTo?.getTime() ?? Number.POSITIVE_INFINITY;
  const bar = progressOf(ctx, ctx.m.out.progressFold);
  let seen = 0;
  // Every event of the file is decoded, also those of types the projection passes over: a
  // report refuses a file with any unreadable event rather than trust the rest of it.
  const { eventTypes: _passedOver, ...readsEveryType } = projection;
  const counted: Projection<M> = {
    ...readsEveryType,
    apply: (model, event) => {
      seen += 1;
      if (seen % 500 === 0) bar.update(seen, source.events);
      return Date.parse(event.metadata.recordedAt) <= limit ? projection.apply(model, event) : model;
    },
  };
  const runner = new ProjectionRunner({ store: source.store, checkpoints: new InMemoryCheckpointStore(), projection: counted });
  try {
    const progress = await runner.catchUp();
    return { model: runner.model(), problems: progress.problems, firstProblem: runner.problems()[0] };
  } finally {
    bar.stop();
  }
};
