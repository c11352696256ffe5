/**
 * Runs the BUILT command line (`node dist/cli.js`) as a child process, as a user would.
 * The tests need `npm run build` first (the `test` script does it).
 */
import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The built entry. */
export const CLI = resolve(__dirname, '..', '..', 'dist', 'cli.js');

/** Fails with a clear message when the CLI is not built. */
export const requireBuiltCli = (): void => {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` before the CLI tests (\`npm test\` does).`);
};

/** What a run printed and its exit code. */
export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `complaints <args>` in `cwd`, with a neutral locale unless `env` says otherwise. */
export const cli = (args: readonly string[], options: { readonly cwd?: string; readonly env?: Record<string, string | undefined> } = {}): Promise<CliRun> =>
  new Promise((resolvePromise) => {
    const env: NodeJS.ProcessEnv = { PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'C', ...options.env };
    execFile(process.execPath, [CLI, ...args], { cwd: options.cwd, env, timeout: 60_000 }, (error, stdout, stderr) => {
      const code = error === null ? 0 : typeof error.code === 'number' ? error.code : -1;
      resolvePromise({ code, stdout, stderr });
    });
  });

/** `dir/name`. */
export const inDir = (dir: string, name: string): string => join(dir, name);

/** The demo's complaint ids (src/cli/demo.ts). */
export const STORY = '6f1c1c7e-3d5a-4c53-9a4e-0c2b8e7d1a01';
export const PHONE = '6f1c1c7e-3d5a-4c53-9a4e-0c2b8e7d1a02';
export const WEB = '6f1c1c7e-3d5a-4c53-9a4e-0c2b8e7d1a03';

/** One sentence, no stack trace. */
export const expectOneSentence = (stderr: string): void => {
  const lines = stderr.trim().split('\n');
  expect(lines).toHaveLength(1);
  expect(stderr).not.toMatch(/\n\s+at /);
  expect(stderr).not.toMatch(/^\w*Error\b/);
};
