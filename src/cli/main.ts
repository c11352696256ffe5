#!/usr/bin/env node
/**
 * Entry point of the `complaints` command (the package's `bin`, built to `dist/cli.js`).
 * See docs/cli.md.
 */
import { processIo } from './io';
import { runCli } from './program';

runCli(process.argv.slice(2), processIo()).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${error instanceof Error ? error.message : String(error)}\n`);
    process.exitCode = 1;
  },
);
