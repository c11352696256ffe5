/**
 * Where the complaints are read from: an EventStoreDB / KurrentDB node (`--store esdb://…` or
 * `--store kurrentdb://…`, or the `EVENTSTORE_CONNECTION_STRING` environment variable) through
 * whichever client is installed (both are optional peer dependencies), or, offline, an NDJSON export
 * (`--file export.ndjson`), verified and loaded into an in-memory store with each event's
 * original id, revision, metadata and store time (so exporting it again gives the same file).
 */
import * as E from 'fp-ts/lib/Either.js';
import { verifyExport } from '../audit';
import { redactIn } from '../eventstore/connectionStrings';
import { storeErrorOf, InMemoryEventStore, type EventStore } from '../index';
import { type CliContext, describeFailure, progressOf, readText } from './context';
import { CliError, EXIT } from './errors';

/** The source options every reading command takes. */
export interface SourceOptions {
  readonly store?: string;
  readonly file?: string;
}

/** An open source. Call {@link Source.close} when done. */
export interface Source {
  readonly store: EventStore;
  readonly kind: 'store' | 'file';
  /** How many events the source holds, when known (file sources). */
  readonly events?: number;
  close(): Promise<void>;
}

/** The connection string of `--store`, else of `EVENTSTORE_CONNECTION_STRING`, else undefined. */
export const connectionStringOf = (ctx: CliContext, options: SourceOptions): string | undefined => {
  const fromEnv = ctx.io.env.EVENTSTORE_CONNECTION_STRING;
  return options.store ?? (fromEnv === undefined || fromEnv === '' ? undefined : fromEnv);
};

/** The connection strings `--store` takes: EventStoreDB's `esdb://` and KurrentDB's (`kurrentdb://`, `kurrent://`, `kdb://`), each with `+discover`. */
const STORE_URL = /^(esdb|kurrentdb|kurrent|kdb)(\+discover)?:\/\/[^/?#]+/i;

/** A store built from a connection string. */
type StoreOpener = (connectionString: string) => EventStore & { close(): Promise<void> };

/** True when `error` says that `pkg` (an optional peer dependency) is not installed. */
const isMissing = (error: unknown, pkg: string): boolean => {
  const code = typeof error === 'object' && error !== null && 'code' in error ? error.code : undefined;
  return (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') && error instanceof Error && error.message.includes(pkg);
};

/** The KurrentDB store, or undefined when `@kurrent/kurrentdb-client` is not installed. */
const kurrentDB = async (): Promise<StoreOpener | undefined> => {
  try {
    const { KurrentDBEventStore } = await import('../kurrentdb');
    return (cs) => KurrentDBEventStore.fromConnectionString(cs);
  } catch (e) {
    if (isMissing(e, '@kurrent/kurrentdb-client')) return undefined;
    throw e;
  }
};

/** The EventStoreDB store, or undefined when `@eventstore/db-client` is not installed; it reads KurrentDB's schemes as `esdb`. */
const eventStoreDB = async (): Promise<StoreOpener | undefined> => {
  try {
    const { EventStoreDBEventStore } = await import('../eventstoredb');
    return (cs) => EventStoreDBEventStore.fromConnectionString(cs.replace(/^(kurrentdb|kurrent|kdb)(?=(\+discover)?:\/\/)/i, 'esdb'));
  } catch (e) {
    if (isMissing(e, '@eventstore/db-client')) return undefined;
    throw e;
  }
};

/**
 * Opens the store of a connection string (gRPC is loaded only then) with the client its
 * scheme names — `esdb://` `@eventstore/db-client`, the others `@kurrent/kurrentdb-client` —
 * or, when that one is not installed, the other: both speak to either server.
 */
export const openStore = async (ctx: CliContext, connectionString: string): Promise<Source> => {
  // A malformed string is never quoted: what in it is a password cannot be told.
  if (!STORE_URL.test(connectionString)) throw new CliError(ctx.m.errors.badStore(ctx.m.errors.badStoreScheme), EXIT.usage);
  const clients = /^esdb/i.test(connectionString) ? [eventStoreDB, kurrentDB] : [kurrentDB, eventStoreDB];
  let open: StoreOpener | undefined;
  for (const client of clients) open ??= await client();
  if (open === undefined) throw new CliError(ctx.m.errors.noStoreClient, EXIT.failure);
  let store;
  try {
    store = open(connectionString);
  } catch (e) {
    const reason = storeErrorOf(e)?._tag === 'StoreFailure' && e instanceof Error ? redactIn(e.message, connectionString) : ctx.m.errors.badStoreScheme;
    throw new CliError(ctx.m.errors.badStore(reason), EXIT.usage, { cause: e });
  }
  return { store, kind: 'store', close: () => store.close() };
};

/** Loads an NDJSON export into an in-memory store (verified first: a tampered file is refused). */
export const openFile = async (ctx: CliContext, path: string): Promise<Source> => {
  const text = await readText(ctx, path);
  const verified = verifyExport(text);
  if (E.isLeft(verified)) throw describeFailure(ctx, verified.left, path);
  const lines = verified.right.lines;
  // Each loaded event keeps its original store time; later appends get the current time.
  let at: Date | undefined;
  const store = new InMemoryEventStore({ clock: () => at ?? ctx.io.now() });
  const bar = progressOf(ctx, ctx.m.out.progressLoad);
  try {
    for (const [i, l] of lines.entries()) {
      at = new Date(l.createdAt);
      const revision = BigInt(l.revision);
      await store.appendToStream(l.streamName, [{ id: l.id, type: l.type, data: l.data, metadata: l.metadata }], {
        expectedRevision: revision === 0n ? 'no_stream' : revision - 1n,
      });
      if (i % 100 === 0) bar.update(i, lines.length);
    }
  } finally {
    bar.stop();
    at = undefined;
  }
  return { store, kind: 'file', events: lines.length, close: () => Promise.resolve() };
};

/** Opens `--file` or `--store` (or the environment's connection string); exactly one. */
export const openSource = async (ctx: CliContext, options: SourceOptions): Promise<Source> => {
  const connection = connectionStringOf(ctx, options);
  if (options.file !== undefined && options.store !== undefined) throw new CliError(ctx.m.errors.twoSources, EXIT.usage);
  if (options.file !== undefined) return openFile(ctx, options.file);
  if (connection === undefined) throw new CliError(ctx.m.errors.noSource, EXIT.usage);
  return openStore(ctx, connection);
};

/** Runs `f` on the opened source and closes it, whatever happens. */
export const withSource = async <A>(ctx: CliContext, options: SourceOptions, f: (source: Source) => Promise<A>): Promise<A> => {
  const source = await openSource(ctx, options);
  try {
    return await f(source);
  } finally {
    await source.close();
  }
};
