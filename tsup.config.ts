import { defineConfig } from 'tsup';

const library = {
  index: 'src/index.ts',
  eventstoredb: 'src/eventstoredb.ts',
  kurrentdb: 'src/kurrentdb.ts',
  testing: 'src/testing/index.ts',
};

export default defineConfig({
  // Library entries: the main API; the EventStoreDB and KurrentDB adapters apart so that users
  // of the in-memory store never load gRPC and each adapter loads only its own client (both
  // optional peers); test tools (`./testing`) apart from production code. Shared code goes to
  // common chunks (one EventStoreError).
  // One more entry, the `complaints` command line (`bin`), ESM only and without types: it is
  // not part of the library's API. Its `#!/usr/bin/env node` line comes from src/cli/main.ts
  // (esbuild keeps an entry's hashbang; tsup marks the file executable).
  entry: { ...library, cli: 'src/cli/main.ts' },
  format: ['esm', 'cjs'],
  esbuildOptions(options, { format }) {
    if (format === 'cjs') options.entryPoints = library;
  },
  dts: { entry: library },
  sourcemap: true,
  clean: true,
  target: 'node20',
  splitting: true,
  treeshake: true,
});
