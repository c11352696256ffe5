/** An in-process run of the command line: captured streams, a fixed clock, a working directory. */
import type { CliIo, CliStream } from '../../src/cli/io';
import { runCli } from '../../src/cli/program';

/** A captured output stream. */
export const capture = (isTTY = false): CliStream & { text: () => string } => {
  const chunks: string[] = [];
  return { isTTY, write: (s: string) => chunks.push(s), text: () => chunks.join('') };
};

/** Runs `complaints <argv>` in-process in `cwd`; its exit code and what it printed. */
export const run = async (argv: readonly string[], cwd: string, env: Record<string, string> = {}, now = '2022-05-01T12:00:00Z') => {
  const out = capture();
  const err = capture();
  const io: CliIo = { stdout: out, stderr: err, env, cwd, now: () => new Date(now) };
  const code = await runCli(argv, io);
  return { code, stdout: out.text(), stderr: err.text() };
};
