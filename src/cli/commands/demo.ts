/** `complaints demo --out demo.ndjson`: records the demo complaints and writes their export. */
import { recordDemo } from '../demo';
import { type CliContext, writeText } from '../context';
import { exportText } from './export';

/** Options of `demo`. */
export interface DemoOptions {
  readonly out: string;
}

/** Runs `demo`. */
export const demoCommand = async (ctx: CliContext, options: DemoOptions): Promise<void> => {
  const demo = await recordDemo();
  const { text, events } = await exportText(ctx, demo.store, demo.complaintIds);
  await writeText(ctx, options.out, text);
  ctx.io.stdout.write(`${ctx.m.out.demoRecorded(demo.complaintIds.length, events, options.out)}\n`);
  ctx.io.stdout.write(`${demo.complaintIds.join('\n')}\n${ctx.m.out.demoNext}\n`);
};
