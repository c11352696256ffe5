import { defineConfig } from 'tsup';

export default defineConfig({
  // Two entries: the main API, and the EventStoreDB adapter apart so that users of the
  // in-memory store never load gRPC. Shared code goes to common chunks (one EventStoreError).
  entry: { index: 'src/index.ts', eventstoredb: 'src/eventstoredb.ts' },
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  splitting: true,
  treeshake: true,
});
