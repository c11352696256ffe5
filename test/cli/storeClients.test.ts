/**
 * Which client `--store` uses. Both clients are optional peer dependencies: the scheme picks
 * one (`esdb://` → @eventstore/db-client, `kurrentdb://` → @kurrent/kurrentdb-client), the
 * other is used when that one is not installed, and a missing pair is one sentence. A missing
 * package is played by a module factory that fails as Node's resolver does.
 */
import type { CliContext } from '../../src/cli/context';
import type { CliIo } from '../../src/cli/io';
import { messagesFor } from '../../src/cli/messages';
import { FakeEventStoreDBServer } from '../esdb/fakeEventStoreDBServer';

const ctx: CliContext = {
  io: {
    stdout: { isTTY: false, write: () => undefined },
    stderr: { isTTY: false, write: () => undefined },
    env: {},
    cwd: process.cwd(),
    now: () => new Date(),
  } satisfies CliIo,
  lang: 'en',
  m: messagesFor('en'),
  showProgress: false,
};

const notInstalled = (pkg: string) => () => {
  throw Object.assign(new Error(`Cannot find module '${pkg}' from 'src/eventstore'`), { code: 'MODULE_NOT_FOUND' });
};

/** The source module loaded afresh, with the given client packages missing. */
const sourceWithout = async (...missing: string[]): Promise<typeof import('../../src/cli/source')> => {
  jest.resetModules();
  for (const pkg of missing) jest.doMock(pkg, notInstalled(pkg));
  return import('../../src/cli/source');
};

let server: FakeEventStoreDBServer;
let url: string;

beforeAll(async () => {
  server = await FakeEventStoreDBServer.start();
  url = `127.0.0.1:${server.port}?tls=false`;
});

afterEach(() => {
  jest.dontMock('@kurrent/kurrentdb-client');
  jest.dontMock('@eventstore/db-client');
});

afterAll(async () => {
  await server.close();
});

/** Opens `connectionString`, reads a missing stream through it, and says which store class served it. */
const storeClassFor = async (source: typeof import('../../src/cli/source'), connectionString: string): Promise<string> => {
  const opened = await source.openStore(ctx, connectionString);
  try {
    expect(await opened.store.readStream('complaint-nothing')).toEqual([]);
    return opened.store.constructor.name;
  } finally {
    await opened.close();
  }
};

describe('complaints --store picks a client', () => {
  it('esdb:// uses @eventstore/db-client and kurrentdb:// uses @kurrent/kurrentdb-client when both are installed', async () => {
    const source = await sourceWithout();
    expect(await storeClassFor(source, `esdb://${url}`)).toBe('EventStoreDBEventStore');
    expect(await storeClassFor(source, `kurrentdb://${url}`)).toBe('KurrentDBEventStore');
  });

  it('esdb:// goes through @kurrent/kurrentdb-client when it is the only one installed', async () => {
    const source = await sourceWithout('@eventstore/db-client');
    expect(await storeClassFor(source, `esdb://${url}`)).toBe('KurrentDBEventStore');
  });

  it('kurrentdb:// goes through @eventstore/db-client (as esdb://) when it is the only one installed', async () => {
    const source = await sourceWithout('@kurrent/kurrentdb-client');
    expect(await storeClassFor(source, `kurrentdb://${url}`)).toBe('EventStoreDBEventStore');
  });

  it('without either client, says which package to install', async () => {
    const source = await sourceWithout('@kurrent/kurrentdb-client', '@eventstore/db-client');
    await expect(source.openStore(ctx, `kurrentdb://${url}`)).rejects.toMatchObject({
      message: expect.stringContaining('npm install @kurrent/kurrentdb-client'),
      exitCode: 1,
    });
  });

  it.each(['http://db:2113', 'kurrentdb:/db', 'esdb://', 'postgres://db/complaints'])('refuses %s as a usage error naming both schemes', async (bad) => {
    const source = await sourceWithout();
    await expect(source.openStore(ctx, bad)).rejects.toMatchObject({
      message: expect.stringContaining('esdb://localhost:2113?tls=false or kurrentdb://localhost:2113?tls=false'),
      exitCode: 2,
    });
  });
});
