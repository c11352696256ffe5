import { describeEventStoreContract } from '../../src/testing/eventStoreContract';
import { EventStoreDBEventStore } from '../../src/eventstore/eventStoreDBEventStore';

/**
 * The same contract against a real EventStoreDB node, when one is reachable. Start one with
 * (see docs/eventstoredb.md):
 *   docker run --rm -p 2113:2113 eventstore/eventstore:24.10 --insecure --run-projections=All --start-standard-projections=true --enable-atom-pub-over-http
 * then: EVENTSTORE_CONNECTION_STRING='esdb://localhost:2113?tls=false' npx jest test/esdb/realServer
 */
const connectionString = process.env['EVENTSTORE_CONNECTION_STRING'];

if (connectionString === undefined || connectionString === '') {
  // Jest does not name the tests of a fully skipped file, so say it once, visibly.
  console.info('EventStoreDB real-server contract skipped: set EVENTSTORE_CONNECTION_STRING (e.g. esdb://localhost:2113?tls=false) to run it.');
  describe('EventStoreDBEventStore against a real EventStoreDB node', () => {
    it.skip('is skipped: set EVENTSTORE_CONNECTION_STRING (e.g. esdb://localhost:2113?tls=false) to run the contract against a real node', () => {
      // Conditional on the environment: no EventStoreDB server can run on CI machines.
    });
  });
} else {
  describeEventStoreContract(
    'EventStoreDBEventStore against a real EventStoreDB node',
    () => {
      const store = EventStoreDBEventStore.fromConnectionString(connectionString);
      return { store, dispose: () => store.close() };
    },
    { timeoutMs: 15_000 },
  );
}
