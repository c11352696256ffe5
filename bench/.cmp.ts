import { runEmmett, runService } from './benchmarks/commandThroughput';
import { compare, useClock } from './lib/harness';
import { generateStories, interleave } from './workload';
useClock(process.argv.includes('--wall') ? 'wall' : 'cpu');
const main = async () => {
  for (const [label, stories] of [['mixed', generateStories({ count: 300, seed: 11 })], ['long', generateStories({ count: 30, seed: 12, extraContacts: 40 })]] as const) {
    const steps = interleave(stories);
    const c = await compare({ name: 's', run: () => runService(steps) }, { name: 'e', run: () => runEmmett(steps) }, { samples: 7, warmup: 2, minSeconds: 1 });
    console.log(label, c.ratio.toFixed(2), `±${c.ratioSpreadPct.toFixed(0)}%`, Math.round(c.subject.median), Math.round(c.reference.median));
  }
};
void main();
