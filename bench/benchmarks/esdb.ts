/**
 * Benchmark 5: through the EventStoreDB adapter, against the in-process fake EventStoreDB
 * gRPC server of the tests (real @eventstore/db-client, real gRPC on 127.0.0.1):
 *
 * - command throughput: the ComplaintService on EventStoreDBEventStore against Emmett's
 *   EventStoreDB store (@event-driven-io/emmett-esdb 0.20) and CommandHandler, same
 *   decide/evolve, same commands, a fresh server per round for each side;
 * - append and read throughput, batched against one event per call.
 *
 * Figures are relative: the fake server is not EventStoreDB (no disk, no replication).
 */
import { ComplaintService } from '../../src/application/complaintService';
import { EventStoreDBEventStore } from '../../src/eventstore/eventstoredb/eventStoreDBEventStore';
import type { EventToAppend } from '../../src/eventstore/port';
import { createRequire } from 'node:module';
import type { FakeEventStoreDBServer as FakeServer } from '../../test/esdb/fakeEventStoreDBServer';
import { nextUuid } from '../bulk';
import { emmettEsdbRunner } from '../emmett-esdb/emmettEsdbRunner';
import { compare } from '../lib/harness';
import { type BenchContext, type Row, timedSeconds } from '../lib/report';
import { type Step, generateStories, interleave } from '../workload';

// The fake server imports the client's generated protobuf modules (CommonJS) by name, which
// Node's ESM loader cannot link; loading it through require (tsx compiles it) works.
const { FakeEventStoreDBServer } = createRequire(import.meta.url)('../../test/esdb/fakeEventStoreDBServer.ts') as {
  FakeEventStoreDBServer: typeof FakeServer;
};
type FakeEventStoreDBServer = FakeServer;

interface Prepared {
  readonly server: FakeEventStoreDBServer;
  readonly run: () => Promise<number>;
  readonly close: () => Promise<void>;
}

const ours = async (steps: readonly Step[], options: { optimisticAppend?: boolean } = {}): Promise<Prepared> => {
  const server = await FakeEventStoreDBServer.start();
  const store = EventStoreDBEventStore.fromConnectionString(server.connectionString());
  await store.readStream('warm-up'); // connect before the clock starts
  let now = new Date(0);
  const service = new ComplaintService({ store, clock: () => now, ...options });
  return {
    server,
    run: async () => {
      for (const step of steps) {
        now = step.now;
        await service.handle(step.command, step.metadata);
      }
      return steps.length;
    },
    close: async () => {
      await store.close();
      await server.close();
    },
  };
};

const emmett = async (steps: readonly Step[]): Promise<Prepared> => {
  const server = await FakeEventStoreDBServer.start();
  const runner = emmettEsdbRunner(server.connectionString());
  await runner.connect(); // connect before the clock starts, as the other side does
  return {
    server,
    run: () => runner.run(steps),
    close: async () => {
      await runner.close();
      await server.close();
    },
  };
};

/** A side that prepares a fresh server, runs, and closes it (closing is not timed). */
const side = (name: string, make: () => Promise<Prepared>) => {
  let current: Prepared | undefined;
  return {
    name,
    prepare: async () => {
      if (current !== undefined) await current.close();
      current = await make();
      return current;
    },
    run: (p: unknown) => (p as Prepared).run(),
    done: async () => {
      if (current !== undefined) await current.close();
      current = undefined;
    },
  };
};

const events = (n: number): EventToAppend[] =>
  Array.from({ length: n }, (_, i) => ({ id: nextUuid(), type: 'ComplaintClientContacted', data: { n: i, summary: 'Called the client.' }, metadata: { commandId: nextUuid() } }));

export const esdbThroughput = async (ctx: BenchContext): Promise<Row[]> => {
  const rows: Row[] = [];
  const stories = generateStories({ count: ctx.quick ? 10 : 40, seed: 41 });
  const steps = interleave(stories);
  const options = { samples: ctx.quick ? 2 : 6, warmup: 1, minSeconds: timedSeconds(ctx) };
  const a = side('ComplaintService on EventStoreDBEventStore', () => ours(steps));
  const b = side('Emmett CommandHandler on emmett-esdb', () => emmett(steps));
  const c = await compare(a, b, options);
  await a.done();
  await b.done();
  rows.push({
    bench: '5. EventStoreDB (fake gRPC server)',
    case: `commands: ${stories.length} complaints, ${steps.length} commands`,
    subject: 'ComplaintService + EventStoreDBEventStore',
    unit: 'commands/s',
    result: c,
    reference: 'Emmett 0.20 CommandHandler + emmett-esdb 0.20',
    target: { ratio: 1.2 },
  });

  const a2 = side('ComplaintService (optimisticAppend off) on EventStoreDBEventStore', () => ours(steps, { optimisticAppend: false }));
  const b2 = side('Emmett CommandHandler on emmett-esdb', () => emmett(steps));
  const c2 = await compare(a2, b2, options);
  await a2.done();
  await b2.done();
  rows.push({
    bench: '5. EventStoreDB (fake gRPC server)',
    case: `commands, optimisticAppend off (reads the tail before deciding: 2 calls per warm command instead of 1)`,
    subject: 'ComplaintService (optimisticAppend: false) + EventStoreDBEventStore',
    unit: 'commands/s',
    result: c2,
    reference: 'Emmett 0.20 CommandHandler + emmett-esdb 0.20',
  });

  // Append and read: one call for 50 events against 50 calls of one event.
  const server = await FakeEventStoreDBServer.start();
  const store = EventStoreDBEventStore.fromConnectionString(server.connectionString());
  try {
    const batch = 50;
    const rounds = ctx.quick ? 4 : 20;
    let stream = 0;
    const append = await compare(
      {
        name: 'batched',
        run: async () => {
          for (let r = 0; r < rounds; r++) await store.appendToStream(`complaint-bench-${++stream}`, events(batch), { expectedRevision: 'no_stream' });
          return rounds * batch;
        },
      },
      {
        name: 'one per call',
        run: async () => {
          for (let r = 0; r < rounds; r++) {
            const name = `complaint-bench-${++stream}`;
            let i = 0;
            for (const e of events(batch)) await store.appendToStream(name, [e], { expectedRevision: i++ === 0 ? 'no_stream' : BigInt(i - 2) });
          }
          return rounds * batch;
        },
      },
      options,
    );
    rows.push({
      bench: '5. EventStoreDB (fake gRPC server)',
      case: `append: ${batch} events per stream`,
      subject: `appendToStream, ${batch} events per call`,
      unit: 'events/s',
      result: append,
      reference: 'appendToStream, 1 event per call',
    });
    const name = `complaint-bench-${++stream}`;
    await store.appendToStream(name, events(batch), { expectedRevision: 'no_stream' });
    const read = await compare(
      {
        name: 'batched',
        run: async () => {
          for (let r = 0; r < rounds; r++) await store.readStream(name);
          return rounds * batch;
        },
      },
      {
        name: 'one per call',
        run: async () => {
          for (let r = 0; r < rounds; r++) for (let i = 0; i < batch; i++) await store.readStream(name, { fromRevision: BigInt(i), maxCount: 1 });
          return rounds * batch;
        },
      },
      options,
    );
    rows.push({
      bench: '5. EventStoreDB (fake gRPC server)',
      case: `read: a ${batch}-event stream`,
      subject: `readStream, whole stream per call`,
      unit: 'events/s',
      result: read,
      reference: 'readStream, 1 event per call',
    });
  } finally {
    await store.close();
    await server.close();
  }
  return rows;
};
