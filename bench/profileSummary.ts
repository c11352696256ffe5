/**
 * Summarises a V8 .cpuprofile (from `node --cpu-prof`): self time by function and by file,
 * the largest first, as percentages of the samples.
 *
 *   npx tsx bench/profileSummary.ts /tmp/prof/<file>.cpuprofile [top]
 */
import { readFileSync } from 'node:fs';

interface Node {
  readonly id: number;
  readonly callFrame: { readonly functionName: string; readonly url: string; readonly lineNumber: number };
  readonly children?: readonly number[];
}
interface Profile {
  readonly nodes: readonly Node[];
  readonly samples: readonly number[];
}

const [file, topArg = '40'] = process.argv.slice(2);
if (file === undefined) throw new Error('usage: profileSummary <file.cpuprofile> [top]');
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const selfCount = new Map<number, number>();
for (const s of profile.samples) selfCount.set(s, (selfCount.get(s) ?? 0) + 1);
const total = profile.samples.length;
const shortUrl = (url: string): string => url.replace(/^.*\/(src|bench|test|node_modules)\//, '$1/');
const byFunction = new Map<string, number>();
const byFile = new Map<string, number>();
for (const [id, count] of selfCount) {
  const n = byId.get(id);
  if (n === undefined) continue;
  const f = n.callFrame;
  const key = `${f.functionName || '(anonymous)'} ${shortUrl(f.url)}:${f.lineNumber + 1}`;
  byFunction.set(key, (byFunction.get(key) ?? 0) + count);
  const fileKey = shortUrl(f.url) || f.functionName;
  byFile.set(fileKey, (byFile.get(fileKey) ?? 0) + count);
}
// Inclusive time: each sample counts once for every distinct function on its stack.
const parent = new Map<number, number>();
for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
const keyOf = (n: Node): string => `${n.callFrame.functionName || '(anonymous)'} ${shortUrl(n.callFrame.url)}:${n.callFrame.lineNumber + 1}`;
const inclusive = new Map<string, number>();
for (const [id, count] of selfCount) {
  const seen = new Set<string>();
  for (let at: number | undefined = id; at !== undefined; at = parent.get(at)) {
    const n = byId.get(at);
    if (n === undefined) break;
    const key = keyOf(n);
    if (seen.has(key)) continue;
    seen.add(key);
    inclusive.set(key, (inclusive.get(key) ?? 0) + count);
  }
}
const print = (title: string, m: Map<string, number>): void => {
  console.log(`\n${title}`);
  for (const [k, v] of [...m].sort((a, b) => b[1] - a[1]).slice(0, Number(topArg))) console.log(`${((v / total) * 100).toFixed(1).padStart(5)} %  ${k}`);
};
print('self time by function', byFunction);
print('self time by file', byFile);
print('inclusive time by function', inclusive);
