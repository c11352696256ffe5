/**
 * Which code blocks of the documentation are checked, and how they become programs.
 *
 * - ```` ```ts ```` (or `typescript`): a complete program, type-checked against the built
 *   package and run; what it prints is compared with its `// → …` comments and the
 *   ```` ```text output ```` block right after it, if it has any.
 * - ```` ```ts no-run ````: type-checked, not run (it needs a server, or runs forever).
 * - ```` ```ts fragment ````: neither — a deliberate piece of code (a signature, a shape).
 * - A `ts` block whose first line is a comment starting with `continues` (e.g.
 *   `// Continues the example above: complaints, complaintId.`) is checked together with the
 *   `ts` blocks before it in the same file, back to the last block that does not continue.
 * - `sh`, `bash`, `shell`, `console`, `text`, `diff`: shown as they are. `json`: must parse
 *   (`json fragment` for an abridged one). Any other language, or none, is an error: a
 *   block must say what it is, so that no code slips by unchecked.
 * See CONTRIBUTING.md.
 */
import * as ts from 'typescript';
import type { CodeBlock } from './markdown';

/** Languages checked as TypeScript. */
export const TS_LANGS: readonly string[] = ['ts', 'typescript'];
/** Languages shown as they are. */
export const PLAIN_LANGS: readonly string[] = ['sh', 'bash', 'shell', 'console', 'text', 'diff'];
/** Flags a `ts` block may carry. */
export const TS_FLAGS: readonly string[] = ['no-run', 'fragment'];

const CONTINUES = /^\s*\/\/\s*\(?continues\b/i;
const ARROW = /\/\/ → (.*)$/;

/** Where a line of a generated program comes from. */
export interface Origin {
  readonly file: string;
  readonly line: number;
}

/** A problem found without compiling or running anything. */
export interface DocProblem {
  readonly file: string;
  readonly line: number;
  readonly message: string;
}

/** A program assembled from one or more `ts` blocks of one file. */
export interface SnippetProgram {
  /** `docs/service.md:42` — the file and line of its last block. */
  readonly name: string;
  /** The blocks, in order. */
  readonly blocks: readonly CodeBlock[];
  /** The TypeScript source: merged imports, then each block's code. */
  readonly source: string;
  /** `origins[i]` is where line `i + 1` of `source` comes from. */
  readonly origins: readonly Origin[];
  /** False when a block is `no-run`. */
  readonly run: boolean;
  /** The lines it must print, or undefined when no block says what it prints. */
  readonly expectedOutput: readonly string[] | undefined;
}

/** The result of planning: programs to check, problems already found. */
export interface SnippetPlan {
  readonly programs: readonly SnippetProgram[];
  readonly problems: readonly DocProblem[];
  /** Counts by kind, for the report. */
  readonly counts: { readonly checked: number; readonly noRun: number; readonly fragments: number; readonly plain: number; readonly json: number };
}

interface ImportLine {
  readonly text: string;
  readonly origin: Origin;
}

/** Top-level imports of a block, merged by module, and the block with them blanked (same lines). */
const splitImports = (block: CodeBlock): { readonly imports: ts.ImportDeclaration[]; readonly body: string; readonly sourceFile: ts.SourceFile } => {
  const sourceFile = ts.createSourceFile('block.mts', block.code, ts.ScriptTarget.Latest, true, ts.ScriptKind.TS);
  const imports = sourceFile.statements.filter(ts.isImportDeclaration);
  let body = block.code;
  for (const d of [...imports].reverse()) {
    const start = d.getFullStart();
    const end = d.getEnd();
    body = body.slice(0, start) + body.slice(start, end).replace(/[^\n]/g, ' ') + body.slice(end);
  }
  return { imports, body, sourceFile };
};

/** One import statement per module (and per kind: named, default, namespace, side effect), names de-duplicated. */
const mergeImports = (blocks: readonly CodeBlock[]): ImportLine[] => {
  const named = new Map<string, { names: string[]; origin: Origin }>();
  const others = new Map<string, Origin>();
  for (const block of blocks) {
    const { imports, sourceFile } = splitImports(block);
    for (const d of imports) {
      const origin = { file: block.file, line: block.line + sourceFile.getLineAndCharacterOfPosition(d.getStart()).line };
      const module = d.moduleSpecifier.getText(sourceFile);
      const clause = d.importClause;
      const bindings = clause?.namedBindings;
      if (clause !== undefined && clause.name === undefined && bindings !== undefined && ts.isNamedImports(bindings)) {
        const entry = named.get(module) ?? { names: [], origin };
        for (const spec of bindings.elements) {
          const text = `${clause.isTypeOnly && !spec.isTypeOnly ? 'type ' : ''}${spec.getText(sourceFile)}`;
          if (!entry.names.includes(text)) entry.names.push(text);
        }
        named.set(module, entry);
      } else {
        const text = d.getText(sourceFile).replace(/\s+/g, ' ');
        if (!others.has(text)) others.set(text, origin);
      }
    }
  }
  return [
    ...[...named].map(([module, { names, origin }]) => ({ text: `import { ${names.join(', ')} } from ${module};`, origin })),
    ...[...others].map(([text, origin]) => ({ text, origin })),
  ];
};

const arrowsOf = (block: CodeBlock): string[] =>
  block.code.split('\n').flatMap((line) => {
    const m = ARROW.exec(line);
    return m === null ? [] : [m[1] ?? ''];
  });

/** Assembles blocks of one file into one program. */
export const assemble = (blocks: readonly CodeBlock[], outputs: ReadonlyMap<CodeBlock, CodeBlock>): SnippetProgram => {
  const last = blocks[blocks.length - 1];
  if (last === undefined) throw new Error('assemble needs at least one block');
  const header = mergeImports(blocks);
  const lines: string[] = header.map((i) => i.text);
  const origins: Origin[] = header.map((i) => i.origin);
  let expected: string[] | undefined;
  for (const block of blocks) {
    const body = splitImports(block).body.split('\n');
    body.forEach((text, i) => {
      lines.push(text);
      origins.push({ file: block.file, line: block.line + i });
    });
    const arrows = arrowsOf(block);
    const output = outputs.get(block);
    if (arrows.length > 0 || output !== undefined) expected = [...(expected ?? []), ...arrows, ...(output === undefined ? [] : output.code.split('\n'))];
  }
  // Makes it a module (top-level await) even without imports.
  lines.push('export {};');
  origins.push({ file: last.file, line: last.line + last.code.split('\n').length - 1 });
  return {
    name: `${last.file}:${last.line}`,
    blocks,
    source: `${lines.join('\n')}\n`,
    origins,
    run: blocks.every((b) => !b.flags.includes('no-run')),
    expectedOutput: expected,
  };
};

/** Classifies every block of the given files and assembles the programs to check. */
export const planSnippets = (blocksByFile: readonly (readonly CodeBlock[])[]): SnippetPlan => {
  const programs: SnippetProgram[] = [];
  const problems: DocProblem[] = [];
  const counts = { checked: 0, noRun: 0, fragments: 0, plain: 0, json: 0 };
  for (const blocks of blocksByFile) {
    let chain: CodeBlock[] = [];
    const outputs = new Map<CodeBlock, CodeBlock>();
    const chains: CodeBlock[][] = [];
    blocks.forEach((block, i) => {
      const where = { file: block.file, line: block.fenceLine };
      if (TS_LANGS.includes(block.lang)) {
        const unknown = block.flags.filter((f) => !TS_FLAGS.includes(f));
        if (unknown.length > 0) problems.push({ ...where, message: `unknown flag ${unknown.join(', ')} on a ${block.lang} block; use no-run or fragment (see CONTRIBUTING.md)` });
        if (block.flags.includes('fragment')) {
          counts.fragments += 1;
          return;
        }
        counts.checked += 1;
        if (block.flags.includes('no-run')) counts.noRun += 1;
        const firstLine = block.code.split('\n').find((l) => l.trim() !== '') ?? '';
        if (CONTINUES.test(firstLine)) {
          if (chain.length === 0) problems.push({ ...where, message: 'this block says it continues the example above, but no checked ts block comes before it in this file' });
          chain.push(block);
        } else {
          chain = [block];
          chains.push(chain);
        }
        const next = blocks[i + 1];
        if (next !== undefined && next.lang === 'text' && next.flags.includes('output')) outputs.set(block, next);
        return;
      }
      if (block.lang === 'json') {
        counts.json += 1;
        if (block.flags.includes('fragment')) return;
        try {
          JSON.parse(block.code);
        } catch (e) {
          problems.push({ ...where, message: `this json block does not parse (${e instanceof Error ? e.message : String(e)}); fix it, or mark an abridged one \`json fragment\`` });
        }
        return;
      }
      if (PLAIN_LANGS.includes(block.lang)) {
        counts.plain += 1;
        return;
      }
      problems.push({
        ...where,
        message:
          block.lang === ''
            ? 'a code block needs a language: ts (checked), or sh, text, json… (see CONTRIBUTING.md)'
            : `unknown code block language "${block.lang}": use ts (checked), ${[...PLAIN_LANGS, 'json'].join(', ')} (see CONTRIBUTING.md)`,
      });
    });
    // A continued chain is one program: every prefix type-checks as part of the whole, and
    // running the whole runs every block.
    for (const c of chains) programs.push(assemble(c, outputs));
  }
  return { programs, problems, counts };
};
