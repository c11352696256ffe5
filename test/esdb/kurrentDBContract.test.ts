import { describeEventStoreContract } from '../../src/testing/eventStoreContract';
import { FakeEventStoreDBServer } from './fakeEventStoreDBServer';
import { WAIT_MS, kurrentStoreOn } from './esdbTestKit';

// As eventStoreDBContract.test.ts: the bounds turn a hang into a failure on a busy machine.
jest.setTimeout(60_000);

// The port's contract, run against the KurrentDB adapter and the real @kurrent/kurrentdb-client
// (appends and subscriptions over gRPC from JavaScript, reads through its native Rust bridge,
// which opens its own gRPC connection) with the in-process fake node standing in for a server.
describeEventStoreContract(
  'KurrentDBEventStore over the fake server',
  async () => {
    const server = await FakeEventStoreDBServer.start();
    const store = kurrentStoreOn(server);
    return {
      store,
      dispose: async () => {
        await store.close();
        await server.close();
      },
    };
  },
  { timeoutMs: WAIT_MS },
);
