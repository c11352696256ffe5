/**
 * Where the complaints are read from: an EventStoreDB node (`--store esdb://…`, or the
 * `EVENTSTORE_CONNECTION_STRING` environment variable) or, offline, an NDJSON export
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

/** Opens the EventStoreDB store of a connection string (gRPC is loaded only then). */
export const openStore = async (ctx: CliContext, connectionString: string): Promise<Source> => {
  // A malformed string is never quoted: what in it is a password cannot be told.
  if (!/^esdb(\+discover)?:\/\/[^/?#]+/i.test(connectionString)) throw new CliError(ctx.m.errors.badStore(ctx.m.errors.badStoreScheme), EXIT.usage);
  const { EventStoreDBEventStore } = await import('../eventstoredb');
  let store;
  try {
    store = EventStoreDBEventStore.fromConnectionString(connectionString);
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
