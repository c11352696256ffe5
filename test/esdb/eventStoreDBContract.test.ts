import { describeEventStoreContract } from '../../src/testing/eventStoreContract';
import { FakeEventStoreDBServer } from './fakeEventStoreDBServer';
import { WAIT_MS, storeOn } from './esdbTestKit';

// The whole suite runs its files in parallel: over gRPC the heavier cases (readAll's 4096
// default page) take seconds when the machine is busy. The bounds turn a hang into a failure;
// they do not change what is checked.
jest.setTimeout(60_000);

let server: FakeEventStoreDBServer | undefined;

// The port's contract, run against the production adapter and the real client, over real
// gRPC, with the in-process fake EventStoreDB standing in for a 24.10 node.
describeEventStoreContract(
  'EventStoreDBEventStore over the fake EventStoreDB server',
  async () => {
    server = await FakeEventStoreDBServer.start();
    const store = storeOn(server);
    const node = server;
    return {
      store,
      dispose: async () => {
        await store.close();
        await node.close();
      },
    };
  },
  { timeoutMs: WAIT_MS },
);

describe('the append path the contract suite exercised', () => {
  it('is BatchAppend, as against a real node since 21.10: never the classic Append', () => {
    // Runs after the contract suite above (Jest runs a file's tests in order).
    expect(server?.calls.serverFeatures).toBe(1);
    expect(server?.calls.batchAppend).toBeGreaterThan(50);
    expect(server?.calls.append).toBe(0);
  });
});
