/**
 * Checks the documentation's code blocks against the BUILT package: every checked program
 * is type-checked as a fresh strict ESM project would (`tsc --init --types node` of
 * TypeScript 5.9: nodenext, strict, exactOptionalPropertyTypes, noUncheckedIndexedAccess,
 * verbatimModuleSyntax) with `@lukea/complaints` resolved through its package.json
 * `exports` to `dist/`, then run with Node; what it prints is compared with what the page
 * shows. Every problem names the Markdown file and line.
 */
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join, relative } from 'node:path';
import * as ts from 'typescript';
import { codeBlocks, relativeLinks } from './markdown';
import { type DocProblem, type Origin, type SnippetProgram, planSnippets } from './snippets';

/** What to check. */
export interface CheckOptions {
  /** Repository root: Markdown paths are relative to it; its `node_modules` provides fp-ts, io-ts and @types/node. */
  readonly root: string;
  /** Markdown files to check, relative to `root`. */
  readonly files: readonly string[];
  /** The package directory `@lukea/complaints` resolves to (its package.json, `dist/`). Default: `root`. */
  readonly packageDir?: string;
  /** Where fp-ts, io-ts and @types/node are taken from. Default: `root/node_modules`. */
  readonly modulesDir?: string;
  /** Longest run of one program, in ms (default 60 s). */
  readonly timeoutMs?: number;
  /** Progress lines (default: none). */
  readonly log?: (line: string) => void;
}

/** The outcome: problems (empty when all is well) and what was checked. */
export interface CheckReport {
  readonly problems: readonly DocProblem[];
  readonly programs: number;
  readonly ran: number;
  readonly counts: ReturnType<typeof planSnippets>['counts'];
}

/** The options `tsc --init --types node` writes (TypeScript 5.9), without emit. */
export const FRESH_PROJECT_OPTIONS: ts.CompilerOptions = {
  module: ts.ModuleKind.NodeNext,
  moduleResolution: ts.ModuleResolutionKind.NodeNext,
  target: ts.ScriptTarget.ESNext,
  types: ['node'],
  noUncheckedIndexedAccess: true,
  exactOptionalPropertyTypes: true,
  strict: true,
  verbatimModuleSyntax: true,
  isolatedModules: true,
  noUncheckedSideEffectImports: true,
  moduleDetection: ts.ModuleDetectionKind.Force,
  skipLibCheck: true,
  noEmit: true,
};

const link = (target: string, path: string): void => {
  mkdirSync(dirname(path), { recursive: true });
  if (!existsSync(path)) symlinkSync(target, path, 'dir');
};

/** A scratch ESM project whose node_modules has the package (linked) and what snippets import besides it. */
const scratchProject = (modulesDir: string, packageDir: string): string => {
  const dir = mkdtempSync(join(tmpdir(), 'lukea-doc-snippets-'));
  writeFileSync(join(dir, 'package.json'), JSON.stringify({ name: 'doc-snippets', private: true, type: 'module' }));
  link(packageDir, join(dir, 'node_modules', '@lukea', 'complaints'));
  for (const dep of ['fp-ts', 'io-ts', '@types/node', '@opentelemetry']) link(join(modulesDir, dep), join(dir, 'node_modules', dep));
  return dir;
};

const at = (o: Origin | undefined, fallback: SnippetProgram): { file: string; line: number } =>
  o ?? { file: fallback.blocks[0]?.file ?? '?', line: fallback.blocks[0]?.line ?? 0 };

const docLine = (root: string, o: { file: string; line: number }): string => {
  const text = readFileSync(join(root, o.file), 'utf8').split(/\r?\n/)[o.line - 1] ?? '';
  return `\n    ${o.line} | ${text.trim()}`;
};

/** Type errors of every program, each at the Markdown line it comes from. */
const typeCheck = (root: string, dir: string, programs: readonly SnippetProgram[]): DocProblem[] => {
  const files = programs.map((p, i) => {
    const path = join(dir, `snippet-${i}.ts`);
    writeFileSync(path, p.source);
    return path;
  });
  const program = ts.createProgram(files, { ...FRESH_PROJECT_OPTIONS, typeRoots: [join(dir, 'node_modules', '@types')] });
  const problems: DocProblem[] = [];
  for (const d of ts.getPreEmitDiagnostics(program)) {
    const message = ts.flattenDiagnosticMessageText(d.messageText, '\n      ');
    const index = d.file === undefined ? -1 : files.indexOf(d.file.fileName);
    const p = programs[index];
    if (d.file === undefined || d.start === undefined || p === undefined) {
      problems.push({ file: d.file === undefined ? '(compiler)' : relative(root, d.file.fileName), line: 0, message: `TS${d.code}: ${message}` });
      continue;
    }
    const { line, character } = d.file.getLineAndCharacterOfPosition(d.start);
    const o = at(p.origins[line], p);
    problems.push({ ...o, message: `TS${d.code} (column ${character + 1}): ${message}${docLine(root, o)}` });
  }
  return problems;
};

interface RunResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
  readonly timedOut: boolean;
}

const runNode = (script: string, cwd: string, timeoutMs: number): Promise<RunResult> =>
  new Promise((resolve) => {
    const child = spawn(process.execPath, ['--enable-source-maps', script], {
      cwd,
      env: { PATH: process.env.PATH, HOME: process.env.HOME, LANG: 'C', TZ: 'UTC', NODE_NO_WARNINGS: '1' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (c: Buffer) => (stdout += c.toString()));
    child.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, timeoutMs);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr, timedOut });
    });
  });

/** Stack frames of `snippet-N.ts:L` rewritten as the Markdown lines they come from. */
const mapStack = (text: string, index: number, p: SnippetProgram): string =>
  text.replace(new RegExp(`[^\\s()]*snippet-${index}\\.ts:(\\d+)(?::\\d+)?`, 'g'), (_m, line: string) => {
    const o = at(p.origins[Number(line) - 1], p);
    return `${o.file}:${o.line}`;
  });

/** Runs a program; a non-zero exit, a timeout or an output other than the one shown is a problem. */
const runProgram = async (root: string, dir: string, p: SnippetProgram, index: number, timeoutMs: number): Promise<DocProblem[]> => {
  const js = ts.transpileModule(p.source, {
    fileName: `snippet-${index}.ts`,
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022, inlineSourceMap: true, inlineSources: true, verbatimModuleSyntax: true },
  }).outputText;
  const script = join(dir, `snippet-${index}.js`);
  writeFileSync(script, js);
  const cwd = join(dir, `run-${index}`);
  mkdirSync(cwd, { recursive: true });
  const r = await runNode(script, cwd, timeoutMs);
  const last = p.blocks[p.blocks.length - 1] ?? p.blocks[0];
  const where = { file: last?.file ?? '?', line: last?.line ?? 0 };
  if (r.timedOut) return [{ ...where, message: `did not finish within ${timeoutMs / 1000} s: it waits forever, or leaves a timer, subscription or connection open (stop runners, close stores); mark it \`ts no-run\` if it is meant to run forever` }];
  if (r.code !== 0) {
    const stack = mapStack(r.stderr.trim(), index, p);
    const files = [...new Set(p.blocks.map((b) => b.file.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))];
    const first = new RegExp(`(${files.join('|')}):(\\d+)`).exec(stack);
    const o = first === null ? where : { file: first[1] ?? where.file, line: Number(first[2]) };
    return [{ ...o, message: `ran and failed (exit ${r.code}):\n      ${stack.split('\n').slice(0, 12).join('\n      ')}${docLine(root, o)}` }];
  }
  if (p.expectedOutput !== undefined) {
    // Trailing spaces and trailing empty lines are not visible on a page: they do not count.
    const tidy = (lines: readonly string[]): string[] => {
      const out = lines.map((l) => l.trimEnd());
      while (out.length > 0 && out[out.length - 1] === '') out.pop();
      return out;
    };
    const actual = tidy(r.stdout.split('\n'));
    const expected = tidy(p.expectedOutput);
    if (actual.join('\n') !== expected.join('\n')) {
      const diff = Math.max(0, expected.findIndex((e, i) => e !== actual[i]));
      return [
        {
          ...where,
          message: `printed something else than the page shows (the \`// →\` comments and \`text output\` block), from line ${diff + 1} of the output:\n      shown:   ${JSON.stringify(expected[diff] ?? '(nothing)')}\n      printed: ${JSON.stringify(actual[diff] ?? '(nothing)')}\n      whole output:\n        ${actual.join('\n        ')}`,
        },
      ];
    }
  }
  return [];
};

/** Relative links that lead nowhere. */
const brokenLinks = (root: string, file: string, text: string): DocProblem[] =>
  relativeLinks(text).flatMap(({ target, line }) => {
    const path = decodeURI(target.split('#')[0] ?? '');
    if (path === '') return [];
    return existsSync(join(root, dirname(file), path)) ? [] : [{ file, line, message: `link to ${target} leads nowhere (no such file from ${dirname(file)}/)` }];
  });

/** Checks the files' code blocks and relative links. */
export const checkDocs = async (options: CheckOptions): Promise<CheckReport> => {
  const { root, files } = options;
  const log = options.log ?? (() => undefined);
  const texts = files.map((f) => [f, readFileSync(join(root, f), 'utf8')] as const);
  const plan = planSnippets(texts.map(([f, text]) => codeBlocks(f, text)));
  const problems: DocProblem[] = [...plan.problems, ...texts.flatMap(([f, text]) => brokenLinks(root, f, text))];
  const packageDir = options.packageDir ?? root;
  if (!existsSync(join(packageDir, 'dist', 'index.js')) || !existsSync(join(packageDir, 'dist', 'index.d.ts'))) {
    problems.push({ file: '(package)', line: 0, message: `${join(packageDir, 'dist')} is not built: run \`npm run build\` first (\`npm test\` does)` });
    return { problems, programs: plan.programs.length, ran: 0, counts: plan.counts };
  }
  const dir = scratchProject(options.modulesDir ?? join(root, 'node_modules'), packageDir);
  try {
    log(`type-checking ${plan.programs.length} program(s) from ${plan.counts.checked} ts block(s)…`);
    const typeProblems = typeCheck(root, dir, plan.programs);
    problems.push(...typeProblems);
    const failedTypes = new Set(typeProblems.map((p) => p.file));
    let ran = 0;
    const runnable = plan.programs.map((p, i) => [p, i] as const).filter(([p]) => p.run);
    // Two at a time: the machines are shared.
    for (let k = 0; k < runnable.length; k += 2) {
      const batch = runnable.slice(k, k + 2);
      const results = await Promise.all(
        batch.map(async ([p, i]) => {
          // A program that does not type-check is reported once, not run.
          if (failedTypes.has(p.blocks[0]?.file ?? '') && typeProblems.some((t) => p.origins.some((o) => o.file === t.file && o.line === t.line))) return [];
          log(`running ${p.name}`);
          ran += 1;
          return runProgram(root, dir, p, i, options.timeoutMs ?? 60_000);
        }),
      );
      problems.push(...results.flat());
    }
    return { problems, programs: plan.programs.length, ran, counts: plan.counts };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
};

/** One line per problem, `file:line: message`, as compilers print them. */
export const formatProblems = (problems: readonly DocProblem[]): string =>
  problems.map((p) => `${p.file}:${p.line}: ${p.message}`).join('\n');
