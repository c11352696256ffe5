/**
 * Folds a projection over the whole log of a source (a one-off catch-up with a progress bar).
 */
import { InMemoryCheckpointStore } from '../../projections/checkpointStore';
import type { Projection } from '../../projections/projection';
import { ProjectionRunner } from '../../projections/runner';
import { type CliContext, progressOf } from '../context';
import type { Source } from '../source';

/** The caught-up model, and how many complaint events could not be read. */
export interface Folded<M> {
  readonly model: M;
  readonly problems: number;
}

/**
 * Catches `projection` up on the source's whole log; with `recordedUpTo`, folds only the
 * events recorded (`metadata.recordedAt`) at or before it: the records as they stood then.
 */
export const foldAll = async <M>(ctx: CliContext, source: Source, projection: Projection<M>, recordedUpTo?: Date): Promise<Folded<M>> => {
  const limit = recordedUpTo?.getTime() ?? Number.POSITIVE_INFINITY;
  const bar = progressOf(ctx, ctx.m.out.progressFold);
  let seen = 0;
  const counted: Projection<M> = {
    ...projection,
    apply: (model, event) => {
      seen += 1;
      if (seen % 500 === 0) bar.update(seen, source.events);
      return Date.parse(event.metadata.recordedAt) <= limit ? projection.apply(model, event) : model;
    },
  };
  const runner = new ProjectionRunner({ store: source.store, checkpoints: new InMemoryCheckpointStore(), projection: counted });
  try {
    const progress = await runner.catchUp();
    return { model: runner.model(), problems: progress.problems };
  } finally {
    bar.stop();
  }
};
