import { describeEventStoreContract } from '../../src/testing/eventStoreContract';
import { EventStoreDBEventStore } from '../../src/eventstore/eventStoreDBEventStore';
import { KurrentDBEventStore } from '../../src/eventstore/kurrentDBEventStore';

/**
 * The same contract against a real EventStoreDB / KurrentDB node, when one is reachable,
 * through both clients. Start one with (see docs/eventstoredb.md and docs/kurrentdb.md):
 *   docker run --rm -p 2113:2113 eventstore/eventstore:24.10 --insecure --run-projections=All --start-standard-projections=true --enable-atom-pub-over-http
 * then: EVENTSTORE_CONNECTION_STRING='esdb://localhost:2113?tls=false' npx jest test/esdb/realServer
 * (`kurrentdb://…` works as well: each client gets the string with its own scheme).
 */
const connectionString = process.env['EVENTSTORE_CONNECTION_STRING'];

if (connectionString === undefined || connectionString === '') {
  // Jest does not name the tests of a fully skipped file, so say it once, visibly.
  console.info('EventStoreDB / KurrentDB real-server contract skipped: set EVENTSTORE_CONNECTION_STRING (e.g. esdb://localhost:2113?tls=false) to run it.');
  describe('EventStoreDBEventStore and KurrentDBEventStore against a real node', () => {
    it.skip('is skipped: set EVENTSTORE_CONNECTION_STRING (e.g. esdb://localhost:2113?tls=false) to run the contract against a real node', () => {
      // Conditional on the environment: no EventStoreDB server can run on CI machines.
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
