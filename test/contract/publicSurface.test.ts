/**
 * The public surface is layered on purpose (docs/architecture.md, "Public entries"): the root
 * entry holds what a service needs, within a budget of 80 values; each other layer has its
 * own entry; internals (the packed SLA records, the deadline heap, string tables, hashing and
 * rendering helpers…) are exported by no entry; every entry is wired the same way in tsup,
 * package.json (`exports` and `typesVersions` for node10) and TypeDoc.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import * as root from '../../src/index';

const repo = join(__dirname, '..', '..');
const ROOT_VALUE_BUDGET = 80;

/** Each package entry (`.` or `./name`) and its source file. */
const ENTRIES: Record<string, string> = {
  '.': 'src/index.ts',
  './eventstoredb': 'src/eventstoredb.ts',
  './testing': 'src/testing/index.ts',
  './projections': 'src/projections.ts',
  './audit': 'src/audit.ts',
  './privacy': 'src/privacy.ts',
  './contract': 'src/contract.ts',
  './observability': 'src/observability.ts',
};

/** Names that are implementation details of a module: no entry may export them. */
const INTERNALS = [
  // SLA model internals: the packed record, its flag layout, the heap, the folds.
  'SlaRecord',
  'SLA_FLAGS',
  'SLA_STAGES',
  'DeadlineHeap',
  'HeapEntry',
  'applySla',
  'cloneSla',
  // Recurring issues and complaint list folds and tables.
  'StringTable',
  'applyRecurringIssues',
  'cloneRecurringIssues',
  'applyComplaintList',
  'cloneComplaintList',
  // Calendar, ids, hashing, rendering.
  'easterSunday',
  'hashLine',
  'canonicalJson',
  'renderSchema',
  'eventIdsFor',
  'earlierEventIdFor',
  'batchDigest',
  'escapeHtml',
  'canonicalUuid',
  'missCommandId',
  'BUSINESS_YEARS',
  'BusinessInstant',
];

const program = ts.createProgram(
  Object.values(ENTRIES).map((f) => join(repo, f)),
  { module: ts.ModuleKind.ESNext, moduleResolution: ts.ModuleResolutionKind.Bundler, target: ts.ScriptTarget.ES2022, strict: true, skipLibCheck: true, resolveJsonModule: true, noEmit: true },
);
const checker = program.getTypeChecker();

interface Exported {
  readonly name: string;
  readonly isValue: boolean;
  readonly deprecated: string | undefined;
}

const exportsOf = (file: string): Exported[] => {
  const source = program.getSourceFile(join(repo, file));
  if (source === undefined) throw new Error(`${file} is not in the program`);
  const moduleSymbol = checker.getSymbolAtLocation(source);
  if (moduleSymbol === undefined) throw new Error(`${file} has no exports`);
  return checker.getExportsOfModule(moduleSymbol).map((s) => {
    const target = s.flags & ts.SymbolFlags.Alias ? checker.getAliasedSymbol(s) : s;
    const declaration = target.declarations?.[0];
    const deprecatedTag = declaration === undefined ? undefined : ts.getJSDocDeprecatedTag(ts.isVariableDeclaration(declaration) ? declaration.parent.parent : declaration);
    // `export type { X }` of a codec's type: the codec (a value) is not exported.
    const typeOnly = s.declarations?.some((d) => ts.isExportSpecifier(d) && (d.isTypeOnly || d.parent.parent.isTypeOnly)) ?? false;
    return {
      name: s.name,
      isValue: !typeOnly && (target.flags & ts.SymbolFlags.Value) !== 0,
      deprecated: deprecatedTag === undefined ? undefined : (ts.getTextOfJSDocComment(deprecatedTag.comment) ?? ''),
    };
  });
};

const surface = new Map(Object.entries(ENTRIES).map(([entry, file]) => [entry, exportsOf(file)]));

describe('the root entry', () => {
  it(`exports at most ${ROOT_VALUE_BUDGET} values at run time`, () => {
    const values = Object.keys(root).filter((k) => k !== 'default' && k !== '__esModule');
    expect(values.length).toBeLessThanOrEqual(ROOT_VALUE_BUDGET);
    // The type checker sees the same values as the runtime.
    expect(surface.get('.')?.filter((e) => e.isValue).map((e) => e.name).sort()).toEqual([...values].sort());
  });

  it('holds the decider, the service, the in-memory store, the policy and the codecs', () => {
    for (const name of ['decide', 'evolve', 'fold', 'initialState', 'ComplaintService', 'InMemoryEventStore', 'defaultPolicy', 'parsePolicy', 'commandCodecs', 'eventCodecs', 'decodeCommand', 'EventStoreError', 'ComplaintServiceError']) {
      expect(root).toHaveProperty(name);
    }
  });
});

describe('every entry', () => {
  it.each(Object.keys(ENTRIES))('%s re-exports no internal', (entry) => {
    const names = new Set(surface.get(entry)?.map((e) => e.name));
    expect(INTERNALS.filter((n) => names.has(n))).toEqual([]);
  });

  it('gives each value one home: no value is exported by two entries', () => {
    const homes = new Map<string, string[]>();
    for (const [entry, exported] of surface) for (const e of exported) if (e.isValue) homes.set(e.name, [...(homes.get(e.name) ?? []), entry]);
    expect([...homes].filter(([, entries]) => entries.length > 1)).toEqual([]);
  });

  it('is wired the same way in package.json exports, typesVersions (node10), tsup and TypeDoc', () => {
    const pkg = JSON.parse(readFileSync(join(repo, 'package.json'), 'utf8')) as {
      exports: Record<string, unknown>;
      typesVersions: Record<string, Record<string, string[]>>;
    };
    const subpaths = Object.keys(ENTRIES).filter((e) => e !== '.');
    expect(Object.keys(pkg.exports).filter((k) => k !== './package.json').sort()).toEqual(Object.keys(ENTRIES).sort());
    for (const entry of subpaths) {
      const name = entry.slice(2);
      expect(pkg.exports[entry]).toEqual({
        import: { types: `./dist/${name}.d.ts`, default: `./dist/${name}.js` },
        require: { types: `./dist/${name}.d.cts`, default: `./dist/${name}.cjs` },
      });
      expect(pkg.typesVersions['*']?.[name]).toEqual([`./dist/${name}.d.cts`]);
    }
    const tsup = readFileSync(join(repo, 'tsup.config.ts'), 'utf8');
    const built = Object.fromEntries([...tsup.matchAll(/(\w+): '(src\/[^']+\.ts)'/g)].map((m) => [m[1], m[2]]));
    delete built.cli;
    expect(built).toEqual(Object.fromEntries(Object.entries(ENTRIES).map(([entry, file]) => [entry === '.' ? 'index' : entry.slice(2), file])));
    const typedoc = JSON.parse(readFileSync(join(repo, 'typedoc.json'), 'utf8')) as { entryPoints: string[] };
    expect([...typedoc.entryPoints].sort()).toEqual(Object.values(ENTRIES).sort());
  });
});

describe('one naming rule for Promise and fp-ts forms', () => {
  const all = [...surface].flatMap(([entry, exported]) => exported.map((e) => ({ entry, ...e })));

  it('every fp-ts form (`…TE`) has its Promise form under the plain name, in the same entry', () => {
    const missing = all.filter((e) => e.isValue && /[a-z]TE$/.test(e.name)).filter((e) => !surface.get(e.entry)?.some((o) => o.name === e.name.slice(0, -2)));
    expect(missing).toEqual([]);
  });

  it('an `…Async` name is only a deprecated alias naming its replacement', () => {
    const asyncNames = all.filter((e) => e.isValue && /Async$/.test(e.name));
    expect(asyncNames.map((e) => e.name).sort()).toEqual(['exportStreamsAsync', 'historyAsync', 'importStreamsAsync', 'stateAsOfAsync']);
    for (const e of asyncNames) expect(e.deprecated).toContain(`{@link ${e.name.replace(/Async$/, '')}}`);
  });
});
