/**
 * The event-store contract through the decorator over the EventStoreDB adapter (real client,
 * real gRPC, in-process fake server): the subscription wrapper against a push-based feed.
 */
import { InMemoryKeyStore, protectPersonalData } from '../../src/privacy/index';
import { describeEventStoreContract } from '../../src/testing/eventStoreContract';
import { FakeEventStoreDBServer } from '../esdb/fakeEventStoreDBServer';
import { WAIT_MS, storeOn } from '../esdb/esdbTestKit';

jest.setTimeout(60_000);

describeEventStoreContract(
  'protectPersonalData(EventStoreDBEventStore) over the fake EventStoreDB server',
  async () => {
    const server = await FakeEventStoreDBServer.start();
    const esdb = storeOn(server);
    return {
      store: protectPersonalData(esdb, { keyStore: new InMemoryKeyStore() }),
      dispose: async () => {
        await esdb.close();
        await server.close();
      },
    };
  },
  // The fake node honours $maxCount / $tb on reads from branch i13-node on (issue #13).
  { timeoutMs: WAIT_MS },
);
