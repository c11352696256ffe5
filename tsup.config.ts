import { defineConfig } from 'tsup';

const library = { index: 'src/index.ts', eventstoredb: 'src/eventstoredb.ts', testing: 'src/testing/index.ts' };
// The layers of the public surface beside the root (`@lukea/complaints/<name>`): a service
// that only handles commands never loads the read models, the audit or the crypto.
const layers = { projections: 'src/projections.ts', audit: 'src/audit.ts', privacy: 'src/privacy.ts', contract: 'src/contract.ts', observability: 'src/observability.ts' };
const entries = { ...library, ...layers };

export default defineConfig({
  // Library entries: the main API; the EventStoreDB adapter apart so that users of the
  // in-memory store never load gRPC; test tools (`./testing`) apart from production code. Shared code goes to common chunks (one EventStoreError).
  // A third entry, the `complaints` command line (`bin`), ESM only and without types: it is
  // not part of the library's API. Its `#!/usr/bin/env node` line comes from src/cli/main.ts
  // (esbuild keeps an entry's hashbang; tsup marks the file executable).
  entry: { ...entries, cli: 'src/cli/main.ts' },
  format: ['esm', 'cjs'],
  esbuildOptions(options, { format }) {
    if (format === 'cjs') options.entryPoints = entries;
  },
  dts: { entry: entries },
  sourcemap: true,
  clean: true,
  target: 'node20',
  splitting: true,
  treeshake: true,
});
