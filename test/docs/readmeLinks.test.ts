/**
 * The package check refuses a README whose links do not work from the package page: a
 * relative link (docs/ is not in the package), a link to a file the repository does not
 * have, or no word on the registry the package is published to (scripts/readme-user.mjs).
 */
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';

const root = resolve(__dirname, '..', '..');
const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { publishConfig: { registry: string } };
const base = 'https://github.com/lukea/complaints/blob/main';

/** Runs checkReadmeLinks (an ES module of the package check) on `readme`: its count, or its error message. */
const check = (readme: string, overrides: Record<string, unknown> = {}): string => {
  const script = `
    import { checkReadmeLinks } from ${JSON.stringify(join(root, 'scripts', 'readme-user.mjs'))};
    const pkg = { ...JSON.parse(process.argv[1]), ...JSON.parse(process.argv[2]) };
    try { console.log(checkReadmeLinks({ root: ${JSON.stringify(root)}, readme: process.argv[3], pkg })); } catch (e) { console.log(e.message); }`;
  const r = spawnSync(process.execPath, ['--input-type=module', '-e', script, readFileSync(join(root, 'package.json'), 'utf8'), JSON.stringify(overrides), readme], { encoding: 'utf8' });
  return `${r.stdout}${r.stderr}`.trim();
};

describe('README links, as seen from the package page', () => {
  const registry = `Published to ${pkg.publishConfig.registry}.`;

  it('the repository README passes: every link absolute, into files that exist', () => {
    expect(Number(check(readFileSync(join(root, 'README.md'), 'utf8')))).toBeGreaterThan(10);
  });

  it('a relative link is refused: docs/ is not in the package', () => {
    expect(check(`${registry} See [guide](docs/getting-started.md).`)).toBe(
      `README check: link docs/getting-started.md is relative: it is broken on the package page (docs/ and examples/ are not in the package); link to https://github.com/lukea/complaints/blob/main/…`,
    );
  });

  it('a link into the repository to a file it does not have is refused', () => {
    expect(check(`${registry} See [guide](${base}/docs/nowhere.md).`)).toBe(`README check: link ${base}/docs/nowhere.md names docs/nowhere.md, which is not in the repository`);
  });

  it('a README that does not say where the package is published is refused', () => {
    expect(check(`See [guide](${base}/docs/getting-started.md).`)).toBe(`README check: the README must say where the package is published (${pkg.publishConfig.registry})`);
  });
});
