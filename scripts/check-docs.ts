/**
 * `npm run check:docs`: every code block of README.md, CONTRIBUTING.md and docs/ is checked
 * against the built package (see scripts/docs/check.ts and CONTRIBUTING.md); exits 1 naming
 * each problem's file and line. Needs `npm run build` first. With file arguments
 * (`npm run check:docs -- docs/service.md`), checks only those.
 */
import { existsSync, readdirSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { checkDocs, formatProblems } from './docs/check';

const root = resolve(import.meta.dirname, '..');

/** The documentation's Markdown files: README.md, CONTRIBUTING.md, docs/ (the generated API reference aside). */
const markdownFiles = (): string[] => {
  const found: string[] = ['README.md', 'CONTRIBUTING.md'].filter((f) => existsSync(join(root, f)));
  const walk = (dir: string): void => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory() && relative(root, path) !== join('docs', 'api')) walk(path);
      else if (entry.isFile() && entry.name.endsWith('.md')) found.push(relative(root, path));
    }
  };
  walk(join(root, 'docs'));
  return found;
};

// `npm run check:docs -- docs/service.md …` checks only those files.
const files = process.argv.length > 2 ? process.argv.slice(2) : markdownFiles();
const report = await checkDocs({ root, files, log: (line) => process.stdout.write(`${line}\n`) });
const { checked, noRun, fragments, plain, json } = report.counts;
const summary = `${files.length} Markdown files: ${checked} ts blocks in ${report.programs} programs (${noRun} type-checked only), ${report.ran} run; ${fragments} fragments, ${json} json, ${plain} shell/text blocks.`;
if (report.problems.length > 0) {
  process.stderr.write(`${formatProblems(report.problems)}\n\ndocs check: ${report.problems.length} problem(s). ${summary}\nHow to write a checked snippet: CONTRIBUTING.md.\n`);
  process.exit(1);
}
process.stdout.write(`docs check: ok. ${summary}\n`);
