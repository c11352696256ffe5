/**
 * No output of the library contains a credential of the connection string — whatever
 * character the password holds, as written or percent-encoded: not the server name in
 * errors, not the message for a malformed string, not the warnings either client prints
 * while it parses (an unknown option) — for `esdb://` and `kurrentdb://` strings alike.
 */
import net from 'node:net';
import { redactConnectionString, redactIn } from '../../src/eventstore/connectionStrings';
import { EventStoreError } from '../../src/eventstore/errors';
import { ADAPTERS, type Adapter, type GrpcStore } from '../esdb/esdbTestKit';
import { SECRET_HALVES, SPECIAL_CHARACTERS, leaks, passwordsWith } from './secrets';

const unusedPort = async (): Promise<number> => {
  const probe = net.createServer();
  await new Promise<void>((resolve) => probe.listen(0, '127.0.0.1', resolve));
  const address = probe.address();
  await new Promise<void>((resolve) => probe.close(() => resolve()));
  if (address === null || typeof address === 'string') throw new Error('no port');
  return address.port;
};

/** Everything the library prints or throws while building a store from `cs` and failing to reach it. */
const outputsOf = async (adapter: Adapter, cs: string): Promise<string[]> => {
  const out: string[] = [];
  const warn = jest.spyOn(console, 'warn').mockImplementation((...args: unknown[]) => {
    out.push(args.map(String).join(' '));
  });
  const log = jest.spyOn(console, 'log').mockImplementation((...args: unknown[]) => {
    out.push(args.map(String).join(' '));
  });
  const error = jest.spyOn(console, 'error').mockImplementation((...args: unknown[]) => {
    out.push(args.map(String).join(' '));
  });
  try {
    let store: GrpcStore | undefined;
    try {
      store = adapter.fromConnectionString(cs, { retry: { maxAttempts: 1, baseDelayMs: 1, maxDelayMs: 1 } });
    } catch (e) {
      out.push(String(e), e instanceof Error ? (e.stack ?? '') : '', JSON.stringify(e instanceof EventStoreError ? e.error : null));
    }
    if (store !== undefined) {
      try {
        await store.readStream('complaint-x');
      } catch (e) {
        out.push(String(e), e instanceof Error ? (e.stack ?? '') : '', JSON.stringify(e instanceof EventStoreError ? e.error : null));
      } finally {
        await store.close();
      }
    }
  } finally {
    warn.mockRestore();
    log.mockRestore();
    error.mockRestore();
  }
  return out;
};

describe('redactConnectionString keeps no credential, whatever the password holds', () => {
  it.each(SPECIAL_CHARACTERS)('a password with %j, raw and percent-encoded', (c) => {
    for (const password of passwordsWith(c)) {
      for (const scheme of ['esdb', 'kurrentdb', 'kurrentdb+discover']) {
        const cs = `${scheme}://admin:${password}@db.example:2113?tls=false`;
        expect(leaks(redactConnectionString(cs))).toBe(false);
        expect(leaks(redactIn(`failed: ${cs}; Unexpected "${password}"`, cs))).toBe(false);
      }
    }
  });

  it('keeps the host and options of an ordinary string', () => {
    expect(redactConnectionString('esdb://admin:changeit@db:2113?tls=false')).toBe('esdb://db:2113?tls=false');
    expect(redactConnectionString('esdb://db:2113?tls=false')).toBe('esdb://db:2113?tls=false');
    expect(redactConnectionString('kurrentdb://admin:changeit@db:2113?tls=false')).toBe('kurrentdb://db:2113?tls=false');
  });
});

describe.each(ADAPTERS)('nothing $name prints or throws holds a credential', (adapter) => {
  let port: number;
  beforeAll(async () => {
    port = await unusedPort();
  });

  it.each(SPECIAL_CHARACTERS)('a password with %j: server name, malformed-string message, client warnings', async (c) => {
    for (const password of passwordsWith(c)) {
      const scheme = adapter.scheme;
      for (const cs of [
        `${scheme}://admin:${password}@127.0.0.1:${port}?tls=false`,
        `${scheme}://admin:${password}@127.0.0.1:${port}?tls=false&notAnOption=1`, // the client warns, printing the string
        `${scheme}://admin:${password}@127.0.0.1:${port}?tls=false&tlsVerifyCert=false`, // another warning
        `${scheme}://admin:${password}@`, // malformed: no host
        // Malformed, no @host at all — unless the password holds a raw @: then it is a valid
        // string naming a host, and no one can tell that host was meant as a password.
        ...(password.includes('@') ? [] : [`${scheme}://admin:${password}`]),
        `${scheme}://admin:${password}@127.0.0.1:notaport`, // malformed port
      ]) {
        const outputs = await outputsOf(adapter, cs);
        expect(outputs.filter(leaks)).toEqual([]);
      }
    }
  });

  it('the client’s warning still reaches the console, with the string redacted', async () => {
    const outputs = await outputsOf(adapter, `${adapter.scheme}://admin:${SECRET_HALVES.join('/')}@127.0.0.1:${port}?tls=false&notAnOption=1`);
    expect(outputs.some((o) => o.includes('Unknown option key "notAnOption"') && o.includes(`${adapter.scheme}://127.0.0.1:${port}`))).toBe(true);
  });
});
