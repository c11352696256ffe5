/**
 * Starts the complaints HTTP service (app.ts).
 *
 *   npm run service                                   # embedded in-memory store, port 3000
 *   npm run service -- --demo                         # … with the demo's three complaints recorded first
 *   npm run service -- esdb://localhost:2113?tls=false   # on EventStoreDB (or EVENTSTORE_CONNECTION_STRING)
 *   npm run service -- kurrentdb://localhost:2113?tls=false   # on KurrentDB (or KURRENTDB_CONNECTION_STRING)
 *
 * PORT and HOST choose where it listens (default 127.0.0.1:3000). Ctrl-C stops it cleanly:
 * the SLA projection's subscription is aborted and its checkpoint saved, then the server closes.
 */
import { InMemoryEventStore } from '../../src/index';
import { recordDemo } from '../../src/cli/demo';
import { EventStoreDBEventStore, redactConnectionString } from '../../src/eventstoredb';
import { KurrentDBEventStore } from '../../src/kurrentdb';
import { complaintsHttpService } from './app';

async function main(): Promise<void> {
  const args = process.argv.slice(2);
  const demo = args.includes('--demo');
  const connectionString = args.find((a) => !a.startsWith('--')) ?? process.env['KURRENTDB_CONNECTION_STRING'] ?? process.env['EVENTSTORE_CONNECTION_STRING'];
  // The scheme picks the client: esdb:// the EventStoreDB client, kurrentdb:// (kurrent://, kdb://) the KurrentDB one.
  const esdb =
    connectionString === undefined
      ? undefined
      : /^(kurrentdb|kurrent|kdb)(\+discover)?:\/\//i.test(connectionString)
        ? KurrentDBEventStore.fromConnectionString(connectionString)
        : EventStoreDBEventStore.fromConnectionString(connectionString);
  const store = esdb ?? new InMemoryEventStore();
  if (demo) await recordDemo({ store });

  const service = complaintsHttpService({ store, fastify: { logger: true } });
  await service.start();
  const port = Number(process.env['PORT'] ?? 3000);
  const host = process.env['HOST'] ?? '127.0.0.1';
  await service.app.listen({ port, host });
  service.app.log.info(`complaints service on ${esdb === undefined || connectionString === undefined ? 'the embedded in-memory store' : redactConnectionString(connectionString)}${demo ? ' (demo recorded)' : ''}`);

  const shutdown = async (): Promise<void> => {
    await service.close();
    await esdb?.close();
  };
  process.once('SIGINT', () => void shutdown());
  process.once('SIGTERM', () => void shutdown());
}

main().catch((e: unknown) => {
  console.error(e instanceof Error ? e.message : e);
  process.exitCode = 1;
});
