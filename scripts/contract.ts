/**
 * `npm run contract`: writes the published contract of complaint streams (JSON Schema of
 * every event type's data and of the metadata envelope, plus an index) to docs/contract/,
 * generated from the io-ts codecs. Files of the directory that the contract no longer has
 * are removed, so a renamed event type leaves no stale schema behind.
 */
import { mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { contractFiles } from '../src/contract';

const outDir = resolve(dirname(fileURLToPath(import.meta.url)), '..', 'docs', 'contract');
const files = contractFiles();

mkdirSync(outDir, { recursive: true });
let changed = 0;
for (const existing of readdirSync(outDir)) {
  if (!(existing in files)) {
    rmSync(join(outDir, existing));
    changed++;
    console.log(`removed docs/contract/${existing}`);
  }
}
for (const [name, text] of Object.entries(files)) {
  const path = join(outDir, name);
  let before: string | undefined;
  try {
    before = readFileSync(path, 'utf8');
  } catch {
    before = undefined;
  }
  if (before === text) continue;
  writeFileSync(path, text);
  changed++;
  console.log(`wrote docs/contract/${name}`);
}
console.log(changed === 0 ? 'docs/contract is up to date' : `docs/contract: ${changed} file(s) changed`);
