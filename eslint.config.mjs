import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Node's ESM loader cannot import fp-ts's directory modules ('fp-ts/Either'): the published
// ESM build must name the file ('fp-ts/lib/Either.js').
const fpTsFilePaths = { regex: '^fp-ts/(?!lib/[A-Za-z]+\\.js$)', message: "Import fp-ts modules as 'fp-ts/lib/<Module>.js' (Node ESM needs the file path)." };

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
