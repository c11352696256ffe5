/**
 * The quickstart story (examples/quickstart.ts, recorded by `recordDemo` of src/cli/demo.ts)
 * on EventStoreDB or KurrentDB instead of the embedded in-memory store: a written complaint received by
 * post, acknowledged, delayed, answered, appealed, referred to the mediator and closed — and
 * two more left open — then the first one read back from its stream.
 *
 * Start a node (see docs/eventstoredb.md):
 *   docker run --rm -p 2113:2113 eventstore/eventstore:24.10 --insecure --run-projections=All --start-standard-projections=true --enable-atom-pub-over-http
 * then:
 *   npx tsx examples/eventstoredb.ts esdb://localhost:2113?tls=false        (@eventstore/db-client)
 *   npx tsx examples/eventstoredb.ts kurrentdb://localhost:2113?tls=false   (@kurrent/kurrentdb-client)
 *   EVENTSTORE_CONNECTION_STRING=esdb://localhost:2113?tls=false npx tsx examples/eventstoredb.ts
 * or, in this repository, against the in-process fake server the tests use:
 *   npx tsx examples/eventstoredb.ts --fake            (or --fake kurrentdb)
 *
 * Each run writes a new complaint (fresh ids), so it can be run again against the same node.
 * Exit code 1, with a one-line message, when no connection string is given or the node is
 * unreachable.
 */
import { randomUUID } from 'node:crypto';
import { createRequire } from 'node:module';
import { EventStoreError, pendingDeadlines, type Actor, type EventStore } from '../src/index';
import { recordDemo } from '../src/cli/demo';
import { redactConnectionString } from '../src/eventstore/connectionStrings';
import type { GrpcEventStoreOptions } from '../src/eventstoredb';

/** Either production store; each is loaded with its own client only when its scheme is used. */
type ProductionStore = EventStore & { close(): Promise<void> };

/** The store for a connection string: `esdb://` on @eventstore/db-client, `kurrentdb://` (and kin) on @kurrent/kurrentdb-client. */
async function storeFor(connectionString: string, options: GrpcEventStoreOptions): Promise<ProductionStore> {
  if (/^esdb/i.test(connectionString)) {
    const { EventStoreDBEventStore } = await import('../src/eventstoredb');
    return EventStoreDBEventStore.fromConnectionString(connectionString, options);
  }
  const { KurrentDBEventStore } = await import('../src/kurrentdb');
  return KurrentDBEventStore.fromConnectionString(connectionString, options);
}

const START_A_NODE =
  'Start one with: docker run --rm -p 2113:2113 eventstore/eventstore:24.10 --insecure --run-projections=All --start-standard-projections=true --enable-atom-pub-over-http';
const USAGE = `Usage: npx tsx examples/eventstoredb.ts <connection string> (or set EVENTSTORE_CONNECTION_STRING), e.g. esdb://localhost:2113?tls=false or kurrentdb://localhost:2113?tls=false; or --fake [kurrentdb] for the in-process test server.`;
/** How long the first call may take before the node counts as unreachable. */
const REACH_TIMEOUT_MS = 5000;

/** A failure that ends the example with one line and exit code 1. */
class Unreachable extends Error {}

/** Fails with {@link Unreachable} unless the node answers a one-event read of `$all` in time. */
async function checkReachable(store: ProductionStore, where: string): Promise<void> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), REACH_TIMEOUT_MS)));
  try {
    const answer = await Promise.race([store.readAll({ maxCount: 1 }), timeout]);
    if (answer === 'timeout') throw new Unreachable(`The node at ${where} did not answer within ${REACH_TIMEOUT_MS / 1000} s. ${START_A_NODE}`);
  } catch (e) {
    if (e instanceof EventStoreError && e.error._tag === 'StoreUnavailable') {
      throw new Unreachable(`No node is reachable at ${where}. ${START_A_NODE}`);
    }
    throw e;
  } finally {
    clearTimeout(timer);
  }
}

async function story(store: ProductionStore): Promise<void> {
  // The demo story of src/cli/demo.ts (the one `npm run demo` prints), recorded under fresh
  // complaint and command ids so that every run adds new streams to the node.
  const { complaintIds, story: recorded } = await recordDemo({
    store,
    complaintIds: [randomUUID(), randomUUID(), randomUUID()],
    newCommandId: randomUUID,
  });
  const complaintId = complaintIds[0];
  const d = recorded.received;
  console.log(`Complaint ${complaintId} — ${d.form} (${d.channel}), received ${d.receivedAt}, policy ${d.policyVersion}`);
  console.log(`  acknowledgement due by the end of ${d.acknowledgement.due}, answer due by the end of ${d.answer.due} (${d.timeZone})\n`);

  // Read back from the node: the complaint's own stream, as any other reader would see it.
  const streamName = `complaint-${complaintId}`;
  console.log(`Stream ${streamName}`);
  for (const e of await store.readStream(streamName)) {
    const m = e.metadata as { recordedAt?: string; actor?: Actor };
    console.log(`  #${e.revision} @${String(e.position.commit).padEnd(6)} ${e.type.padEnd(32)} ${m.recordedAt ?? ''} by ${m.actor?.id ?? '?'}`);
  }
  const s = recorded.closed;
  console.log(`\nFinal status: ${s.status} (${s.closeReason}); missed deadlines: ${s.missedDeadlines.length}; still pending: ${pendingDeadlines(s).length}`);
}

async function main(): Promise<void> {
  const argument = process.argv[2];
  let stopFake: (() => Promise<void>) | undefined;
  let connectionString: string | undefined;
  if (argument === '--fake') {
    // In-repo smoke check: the in-process gRPC server of test/esdb (loaded only with --fake).
    // Required, not imported: the generated gRPC modules it uses are CommonJS that Node's ESM loader cannot name exports of.
    const { FakeEventStoreDBServer } = createRequire(import.meta.url)('../test/esdb/fakeEventStoreDBServer') as typeof import('../test/esdb/fakeEventStoreDBServer');
    const fake = await FakeEventStoreDBServer.start();
    stopFake = () => fake.close();
    connectionString = process.argv[3] === 'kurrentdb' ? fake.connectionString().replace(/^esdb:/, 'kurrentdb:') : fake.connectionString();
    console.log(`(the in-process fake EventStoreDB server of test/esdb, at ${connectionString})\n`);
  } else {
    connectionString = argument ?? process.env['EVENTSTORE_CONNECTION_STRING'];
  }
  if (connectionString === undefined || connectionString === '') throw new Unreachable(`No EventStoreDB / KurrentDB connection string. ${USAGE} ${START_A_NODE}`);

  const where = redactConnectionString(connectionString);
  let store: ProductionStore;
  try {
    // Few, short retries: an absent node should be reported in a second or two, not after the default backoff.
    store = await storeFor(connectionString, { retry: { maxAttempts: 2, baseDelayMs: 100, maxDelayMs: 200 } });
  } catch (e) {
    throw new Unreachable(e instanceof Error ? e.message : String(e));
  }
  try {
    await checkReachable(store, where);
    await story(store);
  } finally {
    await store.close();
    await stopFake?.();
  }
}

main().then(
  // The gRPC client may keep a socket alive for a moment: the story is over, leave now.
  () => process.exit(0),
  (e: unknown) => {
    console.error(e instanceof Unreachable ? e.message : e instanceof Error ? `${e.name}: ${e.message}` : e);
    process.exit(1);
  },
);
