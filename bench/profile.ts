/**
 * One path of the benchmarks, run alone for a while, for a CPU profile:
 *
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof --import tsx bench/profile.ts commands [seconds]
 *   npx tsx bench/profileSummary.ts /tmp/prof/<file>.cpuprofile
 *
 * tsx's per-file transforms hide function names; for a readable profile, bundle first:
 *
 *   npx esbuild bench/profile.ts --bundle --platform=node --format=esm --outfile=.tmp/profile.mjs \
 *     --banner:js="import{createRequire as __cr}from'module';const require=__cr(import.meta.url);"
 *   node --cpu-prof --cpu-prof-dir=/tmp/prof .tmp/profile.mjs commands 12
 *
 * Paths: commands (the service, mixed stories, in memory), long (long streams), emmett and
 * emmett-long (Emmett's CommandHandler on the same commands), rehydration
 * (decodeStream + fold of a 50-event stream read as fresh JSON), catchup (both projections
 * over 200,000 events, or the number given after the seconds), esdb (the service over the fake EventStoreDB node).
 */
import { createRequire } from 'node:module';
import { decodeStream } from '../src/stream/decodeStream';
import { UpcasterRegistry } from '../src/stream/upcasting';
import { fold } from '../src/domain/evolve';
import { InMemoryCheckpointStore } from '../src/projections/checkpointStore';
import type { Projection } from '../src/projections/projection';
import { recurringIssuesProjection } from '../src/projections/recurring';
import { ProjectionRunner } from '../src/projections/runner';
import { slaProjection } from '../src/projections/sla';
import { ComplaintService } from '../src/application/complaintService';
import { EventStoreDBEventStore } from '../src/eventstore/eventstoredb/eventStoreDBEventStore';
import type { FakeEventStoreDBServer as FakeServer } from '../test/esdb/fakeEventStoreDBServer';
import { runEmmett, runService } from './benchmarks/commandThroughput';
import { storedStream } from './benchmarks/rehydration';
import { bulkStore } from './bulk';
import { generateStories, interleave } from './workload';

const [path = 'commands', secondsArg = '10', sizeArg] = process.argv.slice(2);
const seconds = Number(secondsArg);

const forAWhile = async (run: () => Promise<number> | number): Promise<void> => {
  const end = Date.now() + seconds * 1000;
  let ops = 0;
  const t0 = Date.now();
  while (Date.now() < end) ops += await run();
  console.log(`${path}: ${ops} ops in ${((Date.now() - t0) / 1000).toFixed(1)} s = ${Math.round(ops / ((Date.now() - t0) / 1000))}/s`);
};

const both = (): Projection<unknown> => {
  const sla = slaProjection();
  const issues = recurringIssuesProjection();
  return {
    name: 'both',
    version: 1,
    initial: () => ({ sla: sla.initial(), issues: issues.initial() }),
    apply: (m: { sla: ReturnType<typeof sla.initial>; issues: ReturnType<typeof issues.initial> }, e) => {
      m.sla = sla.apply(m.sla, e);
      m.issues = issues.apply(m.issues, e);
      return m;
    },
    clone: (m: { sla: ReturnType<typeof sla.initial>; issues: ReturnType<typeof issues.initial> }) => ({ sla: sla.clone(m.sla), issues: issues.clone(m.issues) }),
  } as Projection<unknown>;
};

const main = async (): Promise<void> => {
  switch (path) {
    case 'commands':
    case 'long':
    case 'emmett':
    case 'emmett-long': {
      const long = path.endsWith('long');
      const steps = interleave(long ? generateStories({ count: 30, seed: 12, extraContacts: 40 }) : generateStories({ count: 300, seed: 11 }));
      await forAWhile(() => (path.startsWith('emmett') ? runEmmett(steps) : runService(steps)));
      return;
    }
    case 'rehydration': {
      const recorded = await storedStream(50);
      const upcasters = new UpcasterRegistry();
      await forAWhile(() => {
        for (let i = 0; i < 100; i++) {
          const d = decodeStream(recorded, upcasters);
          if (d._tag === 'Left') throw new Error('corrupted');
          fold(d.right.map((e) => e.event));
        }
        return 100 * recorded.length;
      });
      return;
    }
    case 'catchup': {
      const { store } = await bulkStore(sizeArg === undefined ? 200_000 : Number(sizeArg));
      await forAWhile(async () => {
        const runner = new ProjectionRunner({ store, checkpoints: new InMemoryCheckpointStore(), projection: both(), pageSize: 4096, batchSize: 100_000 });
        return (await runner.catchUp()).eventsProcessed;
      });
      return;
    }
    case 'esdb': {
      const { FakeEventStoreDBServer } = createRequire(import.meta.url)('../test/esdb/fakeEventStoreDBServer.ts') as { FakeEventStoreDBServer: typeof FakeServer };
      const steps = interleave(generateStories({ count: 40, seed: 41 }));
      await forAWhile(async () => {
        const server = await FakeEventStoreDBServer.start();
        const store = EventStoreDBEventStore.fromConnectionString(server.connectionString());
        await store.readStream('warm-up');
        let now = new Date(0);
        const service = new ComplaintService({ store, clock: () => now });
        for (const step of steps) {
          now = step.now;
          await service.handle(step.command, step.metadata);
        }
        await store.close();
        await server.close();
        return steps.length;
      });
      return;
    }
    default:
      throw new Error(`unknown path ${path}`);
  }
};

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
