/**
 * Emmett's EventStoreDB event store (@event-driven-io/emmett-esdb 0.20, with the Emmett 0.20
 * core it peer-requires), imported from this folder so Node resolves this workspace's
 * node_modules. It drives the library's decide/evolve (bench/emmettDecider.ts) through
 * Emmett's CommandHandler, over the same @eventstore/db-client as the library's adapter.
 */
import { EventStoreDBClient } from '@eventstore/db-client';
import { CommandHandler } from '@event-driven-io/emmett';
import { getEventStoreDBEventStore } from '@event-driven-io/emmett-esdb';
import { complaintStreamName } from '../../src/stream/streams';
import { emmettCommand, emmettEvolve, emmettInitialState } from '../emmettDecider';
import type { Step } from '../workload';

/**
 * A runner bound to one server: `connect()` makes the client's connection (so that it is not
 * timed), `run(steps)` handles the steps in order, `close()` disposes of the client.
 */
export const emmettEsdbRunner = (
  connectionString: string,
): { connect: () => Promise<void>; run: (steps: readonly Step[]) => Promise<number>; close: () => Promise<void> } => {
  const client = EventStoreDBClient.connectionString(connectionString);
  const store = getEventStoreDBEventStore(client);
  const handle = CommandHandler({ evolve: emmettEvolve, initialState: emmettInitialState, mapToStreamId: complaintStreamName });
  return {
    connect: async () => {
      // A read of a stream that does not exist: the client discovers the node and opens its
      // channel, as the library's adapter does on its warm-up read.
      try {
        for await (const e of client.readStream('warm-up', { maxCount: 1 })) void e;
      } catch {
        // StreamNotFound: the connection is made all the same.
      }
    },
    run: async (steps) => {
      for (const step of steps) {
        const { id, handle: decideIt } = emmettCommand(step);
        await handle(store, id, decideIt);
      }
      return steps.length;
    },
    close: () => client.dispose(),
  };
};
