import { describeEventStoreContract } from '../eventstore/contract';
import { FakeEventStoreDBServer } from './fakeEventStoreDBServer';
import { WAIT_MS, storeOn } from './esdbTestKit';

// The whole suite runs its files in parallel: over gRPC the heavier cases (readAll's 4096
// default page) take seconds when the machine is busy. The bounds turn a hang into a failure;
// they do not change what is checked.
jest.setTimeout(60_000);

// The port's contract, run against the production adapter and the real client, over real
// gRPC, with the in-process fake EventStoreDB standing in for a node.
describeEventStoreContract(
  'EventStoreDBEventStore over the fake EventStoreDB server',
  async () => {
    const server = await FakeEventStoreDBServer.start();
    const store = storeOn(server);
    return {
      store,
      dispose: async () => {
        await store.close();
        await server.close();
      },
    };
  },
  // The fake node honours $maxCount / $tb on reads from branch i13-node on (issue #13).
  { timeoutMs: WAIT_MS, streamMetadataOnReads: false },
);
