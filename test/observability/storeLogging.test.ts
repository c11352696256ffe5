/**
 * The EventStoreDB and KurrentDB adapters' logging hook and retry metric, over the in-process
 * fake node: retried calls, dropped and resumed subscriptions, and a subscription given up.
 */
import { ATTRIBUTES, METRIC_NAMES } from '../../src/observability/names';
import { FakeEventStoreDBServer } from '../esdb/fakeEventStoreDBServer';
import { ADAPTERS, aStream, anEvent, eventually, take } from '../esdb/esdbTestKit';
import { type TestTelemetry, expectNoConsoleOutput, testTelemetry } from './otel';
import { recordingLogger } from './recordingLogger';

expectNoConsoleOutput();

let server: FakeEventStoreDBServer;
let otel: TestTelemetry;
beforeAll(async () => {
  server = await FakeEventStoreDBServer.start();
});
afterAll(() => server.close());
beforeEach(() => {
  otel = testTelemetry();
});
afterEach(() => otel.shutdown());

describe.each(ADAPTERS)('$name', (adapter) => {
  it('a retried call is logged at warn (operation, attempt, delay, error) and counted', async () => {
    const { logger, entries } = recordingLogger();
    const store = adapter.open(server, { logger, telemetry: otel.telemetry });
    server.failNext('append', 2);
    await store.appendToStream(aStream(), [anEvent()]);
    expect(entries.map((e) => [e.level, e.fields['operation'], e.fields['attempt']])).toEqual([
      ['warn', 'appendToStream', 1],
      ['warn', 'appendToStream', 2],
    ]);
    expect(entries[0]?.fields['server']).toBe(`${adapter.product} at ${adapter.connectionString(server)}`);
    expect(typeof entries[0]?.fields['delayMs']).toBe('number');
    expect(await otel.sum(METRIC_NAMES.storeRetries, { [ATTRIBUTES.operation]: 'appendToStream' })).toBe(2);
    await store.close();
  });

  it('a dropped subscription is logged at warn, and its resumption at info with the position it resumes after', async () => {
    const { logger, entries } = recordingLogger();
    const store = adapter.open(server, { logger });
    const prefix = `logdrop${Date.now()}-`;
    await store.appendToStream(aStream(prefix), [anEvent()]);
    const subscription = store.subscribeToAll({ filter: { streamNamePrefixes: [prefix] } });
    await take(subscription, 1);
    await eventually(() => server.liveSubscriptions > 0);
    server.dropSubscriptions('unavailable');
    await eventually(() => entries.some((e) => e.level === 'info'), 'the resumption');
    expect(entries.map((e) => e.level)).toEqual(['warn', 'info']);
    expect(entries[0]?.fields).toMatchObject({ failures: 1 });
    expect(entries[1]?.fields['from']).toMatch(/^\d+\/\d+$/);
    await subscription.unsubscribe();
    await store.close();
  });

  it('a subscription given up after repeated drops is logged as an error', async () => {
    const lonely = await FakeEventStoreDBServer.start();
    const { logger, entries } = recordingLogger();
    const doomed = adapter.open(lonely, { retry: { maxAttempts: 2, baseDelayMs: 1, maxDelayMs: 2 }, logger });
    const subscription = doomed.subscribeToAll({ filter: { streamNamePrefixes: ['complaint-'] } });
    const iterator = subscription[Symbol.asyncIterator]();
    await eventually(() => lonely.liveSubscriptions > 0);
    lonely.forceShutdown();
    await expect(iterator.next()).rejects.toMatchObject({ error: { _tag: 'StoreUnavailable' } });
    expect(entries.at(-1)).toMatchObject({ level: 'error', fields: { failures: 2 } });
    await doomed.close();
    await lonely.close();
  });
});
