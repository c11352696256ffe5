/**
 * `npm run bench` — runs the benchmarks, prints the table and writes bench/results/.
 *
 *   npm run bench                 # everything (under 10 minutes on a 2-core machine)
 *   npm run bench -- --quick      # small sizes: a smoke run
 *   npm run bench -- --only=sla   # only benchmarks whose name contains "sla"
 *   npm run bench -- --cpu        # time by the process's CPU time instead of elapsed time
 *
 * Names: commands, rehydration, projections, sla-index, esdb, checkpoints. Run node with
 * --expose-gc (memory figures collect garbage before measuring the heap; timed samples never
 * do) and a large heap for the 1,000,000-event benchmarks; without --expose-gc the script
 * re-launches itself so.
 */
import { spawnSync } from 'node:child_process';
import { checkpointSaves } from './benchmarks/checkpoints';
import { commandThroughput } from './benchmarks/commandThroughput';
import { esdbThroughput } from './benchmarks/esdb';
import { projectionCatchUp } from './benchmarks/projections';
import { rehydration } from './benchmarks/rehydration';
import { slaIndex } from './benchmarks/slaIndex';
import { canGc, clockInUse, useClock } from './lib/harness';
import { type BenchContext, type Row, machine, met, table, writeResults } from './lib/report';

const args = process.argv.slice(2);

if (!canGc() && process.env.COMPLAINTS_BENCH_CHILD === undefined) {
  // Re-launch with the flags the benchmarks need (so `tsx bench/run.ts` alone is enough).
  const r = spawnSync(process.execPath, ['--expose-gc', '--max-old-space-size=8192', ...process.execArgv, process.argv[1] ?? 'bench/run.ts', ...args], {
    stdio: 'inherit',
    env: { ...process.env, COMPLAINTS_BENCH_CHILD: '1' },
  });
  process.exit(r.status ?? 1);
}

const quick = args.includes('--quick');
if (args.includes('--cpu')) useClock('cpu');
const only = args.find((a) => a.startsWith('--only='))?.slice('--only='.length);
const ctx: BenchContext = { quick, filter: only };

const benchmarks: ReadonlyArray<readonly [string, (ctx: BenchContext) => Promise<Row[]>]> = [
  ['commands', commandThroughput],
  ['rehydration', rehydration],
  ['projections', projectionCatchUp],
  ['sla-index', slaIndex],
  ['esdb', esdbThroughput],
  ['checkpoints', checkpointSaves],
];

const main = async (): Promise<void> => {
  const started = Date.now();
  const loadAtStart = machine().loadavg;
  console.log(`@lukea/complaints benchmarks${quick ? ' (quick)' : ''}, ${clockInUse() === 'cpu' ? 'CPU' : 'elapsed'} time — ${JSON.stringify(machine())}`);
  if (!canGc()) console.log('(no --expose-gc: memory figures are rougher)');
  const rows: Row[] = [];
  for (const [name, bench] of benchmarks) {
    if (only !== undefined && !name.includes(only)) continue;
    const t0 = Date.now();
    console.log(`\n▶ ${name}…`);
    const got = await bench(ctx);
    rows.push(...got);
    console.log(table(got));
    console.log(`  (${((Date.now() - t0) / 1000).toFixed(1)} s)`);
  }
  console.log('\n== Summary ==');
  console.log(table(rows));
  const missed = rows.filter((r) => met(r) === false);
  console.log(`\n${rows.filter((r) => met(r) === true).length} targets met, ${missed.length} missed; ${((Date.now() - started) / 1000).toFixed(0)} s in all.`);
  const file = writeResults(rows, { quick, only: only ?? null, clock: clockInUse(), seconds: (Date.now() - started) / 1000, loadavgAtStart: loadAtStart });
  console.log(`Results: ${file} (and bench/results/latest.json)`);
};

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
