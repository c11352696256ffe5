/**
 * The library writes nothing to the console itself: what it has to say goes to the logger a
 * service hands it. (The `complaints` command line, src/cli/, is a program and writes to its
 * own output streams.) The suites of this directory and test/cancellation also spy on the
 * console while the library runs (expectNoConsoleOutput).
 */
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const root = join(__dirname, '..', '..');
const sources = (dir: string): string[] =>
  readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sources(path) : path.endsWith('.ts') ? [path] : [];
  });

it('no library source outside the command line calls console or writes to stdout/stderr', () => {
  const offenders = sources(join(root, 'src'))
    .filter((path) => !relative(root, path).startsWith(join('src', 'cli')))
    // Wraps the EventStoreDB client's own console.warn while it parses a connection string, to
    // redact the password from it: the library itself writes nothing there.
    .filter((path) => relative(root, path) !== join('src', 'eventstore', 'connectionStrings.ts'))
    .flatMap((path) =>
      readFileSync(path, 'utf8')
        .split('\n')
        .map((line, i) => ({ line, at: `${relative(root, path)}:${i + 1}` }))
        .filter(({ line }) => /\bconsole\.(log|info|warn|error|debug|trace)\b|process\.(stdout|stderr)\b/.test(line.replace(/\/\/.*$|^\s*\*.*$/, '')))
        .map(({ at, line }) => `${at}: ${line.trim()}`),
    );
  expect(offenders).toEqual([]);
});
