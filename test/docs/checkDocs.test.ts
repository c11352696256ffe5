/**
 * The docs check (scripts/docs, `npm run check:docs` in `npm test`) fails when a documented
 * snippet stops compiling or running, or prints something else than its page shows — and
 * names the Markdown file and line. Here on small pages written for the test; the real
 * pages are checked by `npm run check:docs` itself.
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { type CheckReport, checkDocs, formatProblems } from '../../scripts/docs/check';
import { codeBlocks } from '../../scripts/docs/markdown';
import { planSnippets } from '../../scripts/docs/snippets';

const repo = resolve(__dirname, '..', '..');

describe('code blocks of a Markdown page', () => {
  it('finds fenced blocks with their language, flags and the line of their first code line, indented ones too', () => {
    const page = ['# Title', '', '```ts no-run', 'const a = 1;', '```', '', '1. A step:', '', '   ```sh', '   npm test', '   ```', '~~~text', 'x', '~~~'].join('\n');
    expect(codeBlocks('p.md', page)).toEqual([
      { file: 'p.md', fenceLine: 3, line: 4, lang: 'ts', flags: ['no-run'], code: 'const a = 1;' },
      { file: 'p.md', fenceLine: 9, line: 10, lang: 'sh', flags: [], code: 'npm test' },
      { file: 'p.md', fenceLine: 12, line: 13, lang: 'text', flags: [], code: 'x' },
    ]);
  });

  it('a longer fence holds shorter ones (a block showing a block)', () => {
    expect(codeBlocks('p.md', '````text\n```ts\nx\n```\n````').map((b) => b.code)).toEqual(['```ts\nx\n```']);
  });
});

describe('planning: which blocks are checked, and how', () => {
  const plan = (page: string) => planSnippets([codeBlocks('p.md', page)]);

  it('a block without a language, or with an unknown one, is an error naming its line', () => {
    expect(plan('text\n\n```\nx\n```\n\n```js\ny\n```\n').problems).toEqual([
      { file: 'p.md', line: 3, message: 'a code block needs a language: ts (checked), or sh, text, json… (see CONTRIBUTING.md)' },
      { file: 'p.md', line: 7, message: 'unknown code block language "js": use ts (checked), sh, bash, shell, console, text, diff, json (see CONTRIBUTING.md)' },
    ]);
  });

  it('json must parse unless marked fragment; an unknown flag on a ts block is an error', () => {
    const p = plan('```json\n{"a": …}\n```\n```json fragment\n{"a": …}\n```\n```ts nocheck\nconst x = 1;\n```\n');
    expect(p.problems.map((x) => [x.line, x.message.split(' (')[0]])).toEqual([
      [1, 'this json block does not parse'],
      [7, 'unknown flag nocheck on a ts block; use no-run or fragment'],
    ]);
  });

  it('fragments are left out; a block whose first line says it continues is checked with the blocks before it', () => {
    const p = plan(
      [
        '```ts',
        "import { defaultPolicy } from '@lukea/complaints';",
        'const a = defaultPolicy.answerDays;',
        '```',
        '```ts fragment',
        'f(x): y',
        '```',
        '```ts',
        '// Continues the example above: a.',
        "import { defaultPolicy, formOf } from '@lukea/complaints';",
        "console.log(a, formOf(defaultPolicy, 'email')); // → 15 written",
        '```',
        '```ts no-run',
        'const b = 2;',
        '```',
      ].join('\n'),
    );
    expect(p.problems).toEqual([]);
    expect(p.counts).toEqual({ checked: 3, noRun: 1, fragments: 1, plain: 0, json: 0 });
    expect(p.programs.map((x) => [x.name, x.blocks.length, x.run, x.expectedOutput])).toEqual([
      ['p.md:9', 2, true, ['15 written']],
      ['p.md:14', 1, false, undefined],
    ]);
    const [chain] = p.programs;
    // One import per module, names merged; every other line keeps its place, so errors map back.
    expect(chain?.source.split('\n')[0]).toBe("import { defaultPolicy, formOf } from '@lukea/complaints';");
    const line = chain?.source.split('\n').findIndex((l) => l.startsWith('console.log(a,')) ?? -1;
    expect(chain?.origins[line]).toEqual({ file: 'p.md', line: 11 });
  });

  it('a block that says it continues, with nothing before it, is an error', () => {
    expect(plan('```ts\n// Continues the example above.\nconst x = 1;\n```\n').problems.map((x) => x.message)).toEqual([
      'this block says it continues the example above, but no checked ts block comes before it in this file',
    ]);
  });

  it('the text output block right after a ts block is what it must print', () => {
    const [program] = plan("```ts\nconsole.log('a'); // → a\nconsole.log('b\\nc');\n```\n\n```text output\nb\nc\n```\n").programs;
    expect(program?.expectedOutput).toEqual(['a', 'b', 'c']);
  });
});

const built = existsSync(join(repo, 'dist', 'index.d.ts'));
const describeBuilt = built ? describe : describe.skip;
if (!built) it('the end-to-end docs check needs `npm run build` first (npm test builds)', () => expect(built).toBe(true));

describeBuilt('checking pages against the built package', () => {
  const dir = mkdtempSync(join(tmpdir(), 'lukea-docs-check-test-'));
  const pages: Record<string, string> = {
    'good.md': [
      '# Good',
      '',
      '```ts',
      "import { ComplaintService, InMemoryEventStore } from '@lukea/complaints';",
      '',
      "const service = new ComplaintService({ store: new InMemoryEventStore(), clock: () => new Date('2022-01-11T10:00:00+01:00') });",
      'const { state } = await service.handle({',
      "  type: 'ReceiveComplaint', complaintId: '6f1c1c7e-3d5a-4c53-9a4e-0c2b8e7d1a01', receivedAt: '2022-01-10T09:00:00+01:00', channel: 'email',",
      "  complainant: { id: 'c-1', kind: 'client', name: 'C' }, category: 'billing', product: 'p', subject: 's', description: 'd',",
      "}, { commandId: '00000000-0000-4000-8000-000000000001', actor: { id: 'a', role: 'agent' } });",
      'console.log(state.answer.due); // → 2022-01-25',
      '```',
      '',
      'See [the other page](type-error.md).',
    ].join('\n'),
    'type-error.md': ['Text', '', '```ts', "import { parsePolicy } from '@lukea/complaints';", '', 'const p = parsePolicy({});', 'console.log(p.right.version);', '```'].join('\n'),
    'throws.md': ['```ts', "import { defaultPolicy } from '@lukea/complaints';", '', 'console.log(defaultPolicy.version);', "throw new Error('broken on purpose');", '```'].join('\n'),
    'wrong-output.md': ['```ts', "import { defaultPolicy } from '@lukea/complaints';", '', 'console.log(defaultPolicy.answerDays); // → 14', '```'].join('\n'),
    'forever.md': ['```ts', 'setInterval(() => undefined, 1000);', '```'].join('\n'),
    'links.md': ['[nowhere](missing.md) and [anchor](#x) and [web](https://example.com/x.md)'].join('\n'),
  };
  for (const [name, text] of Object.entries(pages)) writeFileSync(join(dir, name), text);
  let report: CheckReport;

  beforeAll(async () => {
    report = await checkDocs({ root: dir, files: Object.keys(pages), packageDir: repo, modulesDir: join(repo, 'node_modules'), timeoutMs: 8000 });
  }, 120_000);
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  const problemsOf = (file: string) => report.problems.filter((p) => p.file === file);

  it('a snippet that compiles, runs and prints what the page shows passes, and its link resolves', () => {
    expect(problemsOf('good.md')).toEqual([]);
  });

  it('a type error is reported at the Markdown line, with the compiler’s code and message', () => {
    const [problem] = problemsOf('type-error.md');
    expect(problem?.line).toBe(7);
    expect(problem?.message).toMatch(/^TS2339 \(column 15\): Property 'right' does not exist/);
    expect(problem?.message).toContain('7 | console.log(p.right.version);');
  });

  it('a snippet that throws is reported at the line that threw, with the error', () => {
    const [problem] = problemsOf('throws.md');
    expect(problem?.line).toBe(5);
    expect(problem?.message).toMatch(/ran and failed \(exit 1\)/);
    expect(problem?.message).toContain('broken on purpose');
  });

  it('a snippet printing something else than its // → comments is reported with both', () => {
    const [problem] = problemsOf('wrong-output.md');
    expect(problem?.message).toContain('shown:   "14"');
    expect(problem?.message).toContain('printed: "15"');
  });

  it('a snippet that never ends fails after the time limit', () => {
    expect(problemsOf('forever.md').map((p) => p.message.split(':')[0])).toEqual(['did not finish within 8 s']);
  });

  it('a relative link to no file is reported; anchors and web links are not checked', () => {
    expect(problemsOf('links.md')).toEqual([{ file: 'links.md', line: 1, message: 'link to missing.md leads nowhere (no such file from ./)' }]);
  });

  it('problems print as file:line: message', () => {
    expect(formatProblems(problemsOf('links.md'))).toBe('links.md:1: link to missing.md leads nowhere (no such file from ./)');
  });
});
