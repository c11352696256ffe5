// Part of the package check: a new user follows the package README's "Five minutes"
// section in an empty scratch project — its sh blocks' commands, its ts blocks saved under
// the file names the README gives — with the packed tarball, and must reach its end
// ("record a complaint and list the overdue ones") printing what the README shows.
// Without network: `npm install @lukea/complaints` installs the packed tarball, the dev
// tools the README names are linked from this repository's node_modules; every other
// command runs as written. Also checks that every link of the README works from the
// package page (absolute, into the repository, to a file that exists).
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Fenced blocks of a Markdown text with the paragraph before each. */
const blocksOf = (text) => {
  const out = [];
  const lines = text.split('\n');
  let before = [];
  for (let i = 0; i < lines.length; i++) {
    const open = /^```(\S*)\s*(.*)$/.exec(lines[i]);
    if (open === null) {
      before.push(lines[i]);
      continue;
    }
    const code = [];
    for (i++; i < lines.length && !/^```\s*$/.test(lines[i]); i++) code.push(lines[i]);
    out.push({ lang: open[1], flags: open[2], code: code.join('\n'), before: before.join('\n') });
    before = [];
  }
  return out;
};

const fail = (message) => {
  throw new Error(`README check: ${message}`);
};

/** The README's links: none relative, every one into the repository naming a file that exists. */
export const checkReadmeLinks = ({ root, readme, pkg }) => {
  const repo = pkg.repository?.url?.replace(/^git\+/, '').replace(/\.git$/, '');
  if (repo === undefined) fail('package.json has no repository.url: the README links to the repository');
  const registry = pkg.publishConfig?.registry;
  if (registry === undefined || !readme.includes(registry)) fail(`the README must say where the package is published (${registry ?? 'publishConfig.registry is missing'})`);
  let checked = 0;
  for (const [, target] of readme.matchAll(/\]\(([^)\s]+)\)/g)) {
    if (!/^[a-z]+:/.test(target)) fail(`link ${target} is relative: it is broken on the package page (docs/ and examples/ are not in the package); link to ${repo}/blob/main/…`);
    const inRepo = target.startsWith(`${repo}/blob/main/`) ? target.slice(`${repo}/blob/main/`.length).split('#')[0] : undefined;
    if (inRepo !== undefined && !existsSync(join(root, inRepo))) fail(`link ${target} names ${inRepo}, which is not in the repository`);
    checked += 1;
  }
  return checked;
};

const link = (target, path) => {
  mkdirSync(dirname(path), { recursive: true });
  if (!existsSync(path)) symlinkSync(target, path);
};

/**
 * Follows the README's "Five minutes" section in `dir` (empty). `install(dir)` puts the
 * packed tarball and its dependencies in `dir/node_modules`.
 */
export const followReadme = ({ root, readme, dir, install, log }) => {
  const start = readme.indexOf('\n## Five minutes');
  if (start < 0) fail('no "## Five minutes" section');
  const end = readme.indexOf('\n## ', start + 1);
  const section = readme.slice(start, end < 0 ? undefined : end);
  const saved = new Map();
  const devTools = { typescript: ['tsc'], tsx: ['tsx'], '@types/node': [] };
  let ran = 0;
  for (const block of blocksOf(section)) {
    if (block.lang === 'ts') {
      const name = /Save this as `([^`]+)`/.exec(block.before)?.[1];
      if (name === undefined) fail('a ts block of "Five minutes" does not say which file to save it as ("Save this as `name.ts`")');
      writeFileSync(join(dir, name), `${block.code}\n`);
      saved.set(name, [...block.code.matchAll(/\/\/ → (.*)$/gm)].map((m) => m[1]));
      continue;
    }
    if (block.lang !== 'sh') continue;
    for (const raw of block.code.split('\n')) {
      const command = raw.replace(/\s+#.*$/, '').trim();
      if (command === '') continue;
      log(`$ ${command}`);
      const npmInstall = /^npm install( --save-dev)? (.+)$/.exec(command);
      if (npmInstall !== null) {
        for (const name of npmInstall[2].split(/\s+/)) {
          if (name === '@lukea/complaints') {
            install(dir);
            execFileSync('npm', ['pkg', 'set', `dependencies.@lukea/complaints=^${JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).version}`], { cwd: dir });
          } else if (name in devTools) {
            link(join(root, 'node_modules', name), join(dir, 'node_modules', name));
            const bins = JSON.parse(readFileSync(join(root, 'node_modules', name, 'package.json'), 'utf8')).bin;
            for (const bin of devTools[name]) link(join('..', name, typeof bins === 'string' ? bins : bins[bin]), join(dir, 'node_modules', '.bin', bin));
          } else fail(`the README installs ${name}, which this check cannot provide offline: add it to devTools in scripts/readme-user.mjs`);
        }
        continue;
      }
      const run = /^npx tsx (\S+)$/.exec(command);
      const output = execFileSync('sh', ['-c', command], { cwd: dir, encoding: 'utf8', env: { ...process.env, npm_config_update_notifier: 'false' } });
      process.stdout.write(output);
      if (run !== null) {
        const expected = saved.get(run[1]);
        if (expected === undefined) fail(`${command} runs ${run[1]}, which the README did not ask to save`);
        const printed = output.trimEnd().split('\n');
        if (expected.length > 0 && printed.join('\n') !== expected.join('\n')) fail(`${run[1]} printed\n${printed.join('\n')}\nbut the README shows\n${expected.join('\n')}`);
        ran += 1;
      }
    }
  }
  if (ran === 0) fail('"Five minutes" never runs the program it saves (npx tsx <file>)');
  const type = JSON.parse(readFileSync(join(dir, 'package.json'), 'utf8')).type;
  if (type !== 'module') fail(`after the README's steps, package.json says "type": ${JSON.stringify(type)}; top-level await needs "module"`);
  return ran;
};
