#!/usr/bin/env node
// Package check: build, pack, then prove the tarball is publishable and importable.
// 1. tsup build  2. npm pack  3. attw + publint on the tarball
// 4. install the tarball into scratch ESM and CJS projects (dependencies linked from this
//    repo's node_modules, so no network) and import it at runtime and through tsc (node16).
// 5. the README works from the package page: a scratch project follows its "Five minutes"
//    section with the tarball (scripts/readme-user.mjs), and its links are absolute links
//    to files of the repository.
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, symlinkSync, readFileSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { checkReadmeLinks, followReadme } from './readme-user.mjs';

const root = resolve(import.meta.dirname, '..');
const bin = (name) => join(root, 'node_modules', '.bin', name);
const run = (cmd, args, opts = {}) => {
  process.stdout.write(`$ ${[cmd, ...args].join(' ')}\n`);
  return execFileSync(cmd, args, { cwd: root, stdio: 'inherit', ...opts });
};

run('npm', ['run', 'build', '--silent']);
const work = mkdtempSync(join(tmpdir(), 'lukea-pack-'));
try {
  const packed = JSON.parse(execFileSync('npm', ['pack', '--json', '--pack-destination', work], { cwd: root }).toString());
  const tarball = join(work, packed[0].filename);
  process.stdout.write(`packed ${packed[0].filename}: ${packed[0].entryCount} files, ${packed[0].size} bytes\n`);

  run(bin('attw'), [tarball, '--format', 'table-flipped']);
  run(bin('publint'), ['run', tarball, '--strict']);

  const pkg = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8'));
  // What `npm install <tarball>` would do, offline: the package, its dependencies beside it.
  const install = (dir) => {
    const nm = join(dir, 'node_modules');
    mkdirSync(join(nm, '@lukea', 'complaints'), { recursive: true });
    execFileSync('tar', ['-xzf', tarball, '-C', join(nm, '@lukea', 'complaints'), '--strip-components=1']);
    for (const dep of Object.keys(pkg.dependencies ?? {})) {
      const target = join(nm, dep);
      mkdirSync(join(target, '..'), { recursive: true });
      if (!existsSync(target)) symlinkSync(join(root, 'node_modules', dep), target, 'dir');
    }
  };
  for (const kind of ['esm', 'cjs']) {
    const dir = join(work, kind);
    install(dir);
    writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: `scratch-${kind}`, private: true, type: kind === 'esm' ? 'module' : 'commonjs' }));
    const source = readFileSync(join(root, 'scripts', `smoke.${kind === 'esm' ? 'mts' : 'cts'}`), 'utf8');
    const ext = kind === 'esm' ? 'mts' : 'cts';
    writeFileSync(join(dir, `smoke.${ext}`), source);
    writeFileSync(join(dir, 'tsconfig.json'), JSON.stringify({
      compilerOptions: { module: 'node16', moduleResolution: 'node16', target: 'es2022', strict: true, outDir: 'out', skipLibCheck: false, types: ['node'], typeRoots: [join(root, 'node_modules', '@types')] },
      files: [`smoke.${ext}`],
    }));
    run(bin('tsc'), ['-p', join(dir, 'tsconfig.json')]);
    run(process.execPath, [join(dir, 'out', `smoke.${kind === 'esm' ? 'mjs' : 'cjs'}`)], { cwd: dir });
  }
  // node10 (moduleResolution "node", TypeScript's default for `module: commonjs` before 5.x
  // configs said otherwise) ignores `exports`: every entry must still resolve, with its types.
  const entries = Object.keys(pkg.exports).filter((k) => k !== './package.json').map((k) => (k === '.' ? pkg.name : `${pkg.name}/${k.slice(2)}`));
  const node10 = join(work, 'node10');
  install(node10);
  writeFileSync(join(node10, 'package.json'), JSON.stringify({ name: 'scratch-node10', private: true }));
  writeFileSync(
    join(node10, 'entries.ts'),
    entries.map((e, i) => `import * as entry${i} from '${e}';\nexport const keys${i}: number = Object.keys(entry${i}).length;\n`).join(''),
  );
  writeFileSync(join(node10, 'tsconfig.json'), JSON.stringify({
    compilerOptions: { module: 'commonjs', moduleResolution: 'node10', target: 'es2022', strict: true, noEmit: true, esModuleInterop: true, skipLibCheck: false, types: ['node'], typeRoots: [join(root, 'node_modules', '@types')] },
    files: ['entries.ts'],
  }));
  run(bin('tsc'), ['-p', join(node10, 'tsconfig.json')]);
  process.stdout.write(`node10: ${entries.length} entries resolve with their types (${entries.join(', ')})\n`);
  const readme = readFileSync(join(root, 'README.md'), 'utf8');
  const packedReadme = execFileSync('tar', ['-xzOf', tarball, 'package/README.md']).toString();
  if (packedReadme !== readme) throw new Error('README check: the README in the tarball is not README.md');
  const links = checkReadmeLinks({ root, readme, pkg });
  const user = join(work, 'readme-user');
  mkdirSync(user);
  followReadme({ root, readme, dir: user, install, log: (line) => process.stdout.write(`[readme-user] ${line}\n`) });
  process.stdout.write(`package check: ok (attw default profile, publint, every entry: ESM import, CJS require, types under node16 and node10; README followed in a scratch project, ${links} links into the repository)\n`);
} finally {
  rmSync(work, { recursive: true, force: true });
}
