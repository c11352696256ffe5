/**
 * The API reference builds from a fresh clone (`npm run docs` runs TypeDoc on the public
 * entry points), and every public export carries TSDoc: TypeDoc's validation reports an
 * export without documentation, or a type a public signature uses that is not exported.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';

const root = join(__dirname, '..', '..');

describe('API reference (TypeDoc)', () => {
  const run = spawnSync(process.execPath, [join(root, 'node_modules', 'typedoc', 'bin', 'typedoc'), '--emit', 'none'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '0' },
  });
  // eslint-disable-next-line no-control-regex
  const output = `${run.stdout}\n${run.stderr}`.replace(/\u001b\[[0-9;]*m/g, '');
  const warnings = output.split('\n').filter((line) => line.startsWith('[warning]'));

  it('TypeDoc converts the public entry points without errors', () => {
    expect(output).toMatch(/Found 0 errors/);
    expect(run.status).toBe(0);
  });

  it('every public export has TSDoc', () => {
    expect(warnings.filter((w) => w.includes('does not have any documentation'))).toEqual([]);
  });

  it('every type used by a public signature is itself exported', () => {
    expect(warnings.filter((w) => w.includes('not included in the documentation'))).toEqual([]);
  });

  it('links in our own TSDoc resolve (the re-exported EventStoreDB and KurrentDB clients’ own comments aside)', () => {
    const clients = ['EventStoreDBClient.', 'KurrentDBClient.'];
    const ours = warnings.filter((w) => w.includes('Failed to resolve link') && !clients.some((c) => w.includes(c)));
    expect(ours).toEqual([]);
  });
});
