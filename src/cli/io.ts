/**
 * What the command line touches of the outside world, injected so that the program can be
 * run in-process by tests: two output streams, the environment and the current directory.
 */

/** An output stream. */
export interface CliStream {
  write(text: string): unknown;
  /** True when the stream is a terminal (progress bars are drawn only then). */
  readonly isTTY?: boolean;
  /** Terminal width, when known. */
  readonly columns?: number;
}

/** The outside world of one run. */
export interface CliIo {
  readonly stdout: CliStream;
  readonly stderr: CliStream;
  readonly env: Readonly<Record<string, string | undefined>>;
  /** Directory relative paths are resolved against. */
  readonly cwd: string;
  /** The clock ("now" when `--at` is not given). */
  readonly now: () => Date;
}

/** The process's own streams, environment and clock. */
export const processIo = (): CliIo => ({
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  cwd: process.cwd(),
  now: () => new Date(),
});
