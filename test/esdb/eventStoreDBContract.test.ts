import { describeEventStoreContract } from '../eventstore/contract';
import { FakeEventStoreDBServer } from './fakeEventStoreDBServer';
import { storeOn } from './esdbTestKit';

// The port's contract, run against the production adapter and the real client, over real
// gRPC, with the in-process fake EventStoreDB standing in for a node.
describeEventStoreContract('EventStoreDBEventStore over the fake EventStoreDB server', async () => {
  const server = await FakeEventStoreDBServer.start();
  const store = storeOn(server);
  return {
    store,
    dispose: async () => {
      await store.close();
      await server.close();
    },
  };
});
