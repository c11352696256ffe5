/**
 * Progress of long operations, on stderr, only when stderr is a terminal (never in pipes
 * or files) and only once an operation has lasted a moment.
 */
import cliProgress from 'cli-progress';
import type { CliStream } from './io';

/** A progress report. */
export interface Progress {
  /** `done` items so far (of `total`, when known). */
  update(done: number, total?: number): void;
  /** Removes the bar. */
  stop(): void;
}

const DELAY_MS = 300;

/** A progress bar labelled `label`, or a silent one when `enabled` is false or `stream` is not a terminal. */
export const progress = (stream: CliStream, label: string, enabled: boolean): Progress => {
  if (!enabled || stream.isTTY !== true) return { update: () => undefined, stop: () => undefined };
  const started = Date.now();
  let bar: cliProgress.SingleBar | undefined;
  let barTotal = 0;
  return {
    update(done, total) {
      if (bar === undefined) {
        if (Date.now() - started < DELAY_MS) return;
        const known = total !== undefined && total > 0;
        bar = new cliProgress.SingleBar(
          {
            stream: stream as unknown as NodeJS.WritableStream,
            format: known ? `${label} [{bar}] {value}/{total}` : `${label}: {value}`,
            hideCursor: true,
            clearOnComplete: true,
            barsize: 30,
          },
          cliProgress.Presets.shades_classic,
        );
        barTotal = known ? total : 0;
        bar.start(barTotal, done);
      }
      if (total !== undefined && total !== barTotal) {
        barTotal = total;
        bar.setTotal(total);
      }
      bar.update(done);
    },
    stop() {
      bar?.stop();
      bar = undefined;
    },
  };
};
