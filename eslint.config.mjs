import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Node's ESM loader cannot import fp-ts's directory modules ('fp-ts/Either'): the published
// ESM build must name the file ('fp-ts/lib/Either.js').
const fpTsFilePaths = { regex: '^fp-ts/(?!lib/[A-Za-z]+\\.js$)', message: "Import fp-ts modules as 'fp-ts/lib/<Module>.js' (Node ESM needs the file path)." };

// eventstore/ holds the port and its adapters: no domain or service code.
const storeLayer = { group: ['**/domain/**', '**/stream/**', '**/application/**', '**/projections/**', '**/audit/**', '**/privacy/**', '**/cli/**'], message: 'eventstore/ holds the port and its adapters: no domain or service code.' };
// Imports of the given adapter folders of eventstore/.
const storeFolders = (folders, why) => ({ group: folders.map((f) => `**/${f}/**`), message: `${why}.` });
// The client libraries, except those allowed.
const clients = (allowed, why) => {
  const all = ['@eventstore/*', '@kurrent/*', '@grpc/*'].filter((c) => !allowed.includes(c));
  return all.length === 0 ? [] : [{ group: all, message: `${why}.` }];
};

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'docs/api/**', 'bench/results/**', 'coverage/**', '.tmp/**', '*.cjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-non-null-assertion': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['src/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [fpTsFilePaths] }] },
  },
  {
    files: ['scripts/**', 'bench/**', 'examples/**'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly' } },
  },
  {
    // The CommonJS smoke test checks `require` of the packed package on purpose.
    files: ['scripts/smoke.cts'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The stored-event layer (stream names, envelope, ids, decoding, loading) sits on the
    // domain and the store port; everything above uses it, it uses nothing above.
    files: ['src/stream/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [fpTsFilePaths, { group: ['**/application/**', '**/projections/**', '**/audit/**', '**/privacy/**', '**/contract/**', '**/cli/**'], message: 'stream/ must not depend on the layers above it.' }],
      }],
    },
  },
  {
    // Adapters depend on the port only.
    files: ['src/eventstore/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [fpTsFilePaths, storeLayer] }] },
  },
  // Each adapter in its own folder (eventstore/inMemory, grpc, eventstoredb, kurrentdb) over
  // the shared pieces at eventstore/ (port, errors, validation, JSON checks, filters): the
  // shared pieces know no adapter; an adapter knows no other adapter; only the two client
  // folders load a client library, each its own.
  {
    files: ['src/eventstore/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [fpTsFilePaths, storeLayer, storeFolders(['inMemory', 'grpc', 'eventstoredb', 'kurrentdb'], 'the shared store pieces must not depend on an adapter'), ...clients([], 'the shared store pieces load no client')] }] },
  },
  {
    files: ['src/eventstore/inMemory/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [fpTsFilePaths, storeLayer, storeFolders(['grpc', 'eventstoredb', 'kurrentdb'], 'the in-memory store uses only the shared pieces'), ...clients([], 'the in-memory store loads no client')] }] },
  },
  {
    files: ['src/eventstore/grpc/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [fpTsFilePaths, storeLayer, storeFolders(['inMemory', 'eventstoredb', 'kurrentdb'], 'the shared gRPC store reaches a client through its driver only'), ...clients([], 'the shared gRPC store reaches a client through its driver only')] }] },
  },
  {
    files: ['src/eventstore/eventstoredb/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [fpTsFilePaths, storeLayer, storeFolders(['inMemory', 'kurrentdb'], 'the EventStoreDB adapter uses the shared gRPC store, not another adapter'), ...clients(['@eventstore/*'], 'the EventStoreDB adapter loads @eventstore/db-client only')] }] },
  },
  {
    files: ['src/eventstore/kurrentdb/**/*.ts'],
    rules: { 'no-restricted-imports': ['error', { patterns: [fpTsFilePaths, storeLayer, storeFolders(['inMemory', 'eventstoredb'], 'the KurrentDB adapter uses the shared gRPC store, not another adapter'), ...clients(['@kurrent/*'], 'the KurrentDB adapter loads @kurrent/kurrentdb-client only')] }] },
  },
  {
    // Projections read the stored-event layer; they never send commands (that is a reactor's job, in application/).
    files: ['src/projections/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [fpTsFilePaths, { group: ['**/application/**', '**/audit/**', '**/cli/**'], message: 'projections/ must not depend on the service, audit or the CLI.' }],
      }],
    },
  },
  {
    // domain/ is pure: no I/O, no clock, no randomness, no outer layers.
    files: ['src/domain/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          fpTsFilePaths,
          { group: ['**/application/**', '**/eventstore/**', '**/projections/**', '**/audit/**', '**/cli/**'], message: 'domain/ must not depend on outer layers.' },
          { group: ['node:*', 'fs', 'path', 'crypto', 'uuid', '@eventstore/*', '@grpc/*'], message: 'domain/ is pure: no I/O, no randomness.' },
        ],
      }],
      'no-restricted-syntax': ['error',
        { selector: "CallExpression[callee.object.name='Date'][callee.property.name='now']", message: 'domain/ takes time as an argument (ctx.now).' },
        { selector: "NewExpression[callee.name='Date'][arguments.length=0]", message: 'domain/ takes time as an argument (ctx.now).' },
        { selector: "CallExpression[callee.object.name='Math'][callee.property.name='random']", message: 'domain/ is deterministic.' },
      ],
    },
  },
);
