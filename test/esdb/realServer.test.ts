import { spawnSync } from 'node:child_process';
import { describeEventStoreContract } from '../../src/testing/eventStoreContract';
import { EventStoreDBEventStore, redactConnectionString } from '../../src/eventstore/eventstoredb/eventStoreDBEventStore';
import { KurrentDBEventStore } from '../../src/eventstore/kurrentdb/kurrentDBEventStore';

/**
 * The same contract against a real EventStoreDB / KurrentDB node, when one is reachable,
 * through both clients (see docs/eventstoredb.md and docs/kurrentdb.md):
 *   docker compose up -d          (compose.yaml at the repository root: one insecure KurrentDB node)
 *   EVENTSTORE_CONNECTION_STRING='esdb://localhost:2113?tls=false' npm run test:esdb
 * (`kurrentdb://…` works as well: each client gets the string with its own scheme).
 */
const connectionString = process.env['EVENTSTORE_CONNECTION_STRING'];
const HOW = "start a node with `docker compose up -d` and set EVENTSTORE_CONNECTION_STRING='esdb://localhost:2113?tls=false'";

/** The first `host:port` of a connection string (2113 when the port is left out). */
const firstEndpoint = (cs: string): { host: string; port: number } | undefined => {
  const match = /^[a-z][a-z0-9+.-]*:\/\/(?:[^@/?#]*@)?([^,/?#]+)/i.exec(cs);
  const hostPort = match?.[1];
  if (hostPort === undefined) return undefined;
  const bracketed = /^\[([^\]]+)\](?::(\d+))?$/.exec(hostPort);
  const [host, port] = bracketed !== null ? [bracketed[1], bracketed[2]] : hostPort.split(':');
  return host === undefined || host === '' ? undefined : { host, port: port === undefined ? 2113 : Number(port) };
};

/**
 * Whether a TCP connection to the node opens within 3 s, checked once, synchronously, before
 * the suite is defined — so an absent node is one clear failure, not one timeout per test.
 */
const unreachable = (cs: string): string | undefined => {
  const endpoint = firstEndpoint(cs);
  if (endpoint === undefined) return `cannot find a host in ${redactConnectionString(cs)}`;
  const probe = spawnSync(
    process.execPath,
    [
      '-e',
      `const s = require('node:net').connect(Number(process.argv[2]), process.argv[1]);
       s.setTimeout(3000, () => { console.error('no answer within 3 s'); process.exit(1); });
       s.on('connect', () => { s.end(); process.exit(0); });
       s.on('error', (e) => { console.error(e.message); process.exit(1); });`,
      endpoint.host,
      String(endpoint.port),
    ],
    { encoding: 'utf8', timeout: 10_000 },
  );
  if (probe.status === 0) return undefined;
  const why = (probe.stderr ?? '').trim() || 'no answer';
  return `nothing answers at ${endpoint.host}:${endpoint.port} (${why})`;
};

if (connectionString === undefined || connectionString === '') {
  // Jest does not name the tests of a fully skipped file, so say it once, visibly.
  console.info(`EventStoreDB / KurrentDB real-node contract skipped: ${HOW} to run it.`);
  describe('EventStoreDBEventStore and KurrentDBEventStore against a real node', () => {
    it.skip(`is skipped: ${HOW} to run the contract against a real node`, () => {
      // Conditional on the environment: no EventStoreDB node runs on CI machines.
    });
  });
} else {
  const problem = unreachable(connectionString);
  if (problem !== undefined) {
    describe('EventStoreDBEventStore and KurrentDBEventStore against a real node', () => {
      it('needs the node named by EVENTSTORE_CONNECTION_STRING to be reachable', () => {
        throw new Error(`EVENTSTORE_CONNECTION_STRING is ${redactConnectionString(connectionString)}, but ${problem}: ${HOW}, or unset the variable to skip this suite.`);
      });
    });
  } else {
    const withScheme = (scheme: string): string => connectionString.replace(/^[a-z]+(?=(\+discover)?:\/\/)/i, scheme);
    describeEventStoreContract(
      'EventStoreDBEventStore (@eventstore/db-client) against a real node',
      () => {
        const store = EventStoreDBEventStore.fromConnectionString(withScheme('esdb'));
        return { store, dispose: () => store.close() };
      },
      { timeoutMs: 15_000 },
    );
    describeEventStoreContract(
      'KurrentDBEventStore (@kurrent/kurrentdb-client) against a real node',
      () => {
        const store = KurrentDBEventStore.fromConnectionString(withScheme('kurrentdb'));
        return { store, dispose: () => store.close() };
      },
      { timeoutMs: 15_000 },
    );
  }
}
