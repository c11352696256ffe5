/**
 * One-shot reads (`count` option) of a stream or of `$all`, with EventStoreDB's rules:
 * - a stream is read from a revision inclusive, forwards or backwards; a stream without
 *   events, or soft-deleted, answers a single StreamNotFound message; a tombstoned stream
 *   fails the call with StreamDeleted; the stream's `$maxCount`, `$maxAge` and `$tb` hide
 *   older events (a fully truncated stream reads as empty, not as not found); a metastream
 *   (`$$…`) keeps only its last event (`$maxCount` 1);
 * - with `resolve_links`, a link event (`$>`, data `<revision>@<stream>`) comes with the
 *   event it points to, or alone when that event cannot be read (deleted, truncated);
 * - `$all` forwards from a position is inclusive (events at or after it), backwards from a
 *   position is exclusive (events before it), in (commit, prepare) order.
 */
import { status, type ServiceError } from '@grpc/grpc-js';
import { ReadReq, type ReadResp } from '@eventstore/db-client/generated/streams_pb';
import { TOMBSTONE_TYPE, type FakeLog, type StoredEvent } from './fakeLog';
import { filterOf } from './fakeFilter';
import { eventResp, serviceError, streamNameOf, streamNotFoundResp } from './fakeMessages';
import { DELETED_STREAM, isMetaStream } from './fakeMetadata';

/** The answer to a one-shot read: messages, then OK or an error status. */
export interface ReadAnswer {
  readonly messages: readonly ReadResp[];
  readonly error?: ServiceError;
}

/** The type of a link event; its data is `<revision>@<stream>`. */
export const LINK_TYPE = '$>';

/** RpcExceptions.StreamDeleted: FAILED_PRECONDITION with the `stream-deleted` trailers. */
export const streamDeletedError = (streamName: string): ServiceError =>
  serviceError(status.FAILED_PRECONDITION, `Event stream '${streamName}' is deleted.`, {
    exception: 'stream-deleted',
    'stream-name': streamName,
  });

const TICKS_PER_SECOND = 10_000_000n;

/**
 * The events of a stream a read may return, in revision order, as IndexReader computes them;
 * `'not_found'` for a stream without events or soft-deleted, `'deleted'` when tombstoned.
 */
export const readableEvents = (log: FakeLog, streamName: string, nowTicks: bigint): readonly StoredEvent[] | 'not_found' | 'deleted' => {
  if (log.isTombstoned(streamName)) return 'deleted';
  const last = log.lastRevision(streamName);
  if (last < 0n || log.isSoftDeleted(streamName)) return 'not_found';
  const metadata = isMetaStream(streamName) ? { maxCount: 1n } : log.metadata(streamName);
  let min = 0n;
  if (metadata.maxCount !== undefined) min = last - metadata.maxCount + 1n > min ? last - metadata.maxCount + 1n : min;
  if (metadata.truncateBefore !== undefined && metadata.truncateBefore > min) min = metadata.truncateBefore;
  const oldest = metadata.maxAge === undefined ? undefined : nowTicks - BigInt(Math.floor(metadata.maxAge)) * TICKS_PER_SECOND;
  return log
    .stream(streamName)
    .filter((e) => e.revision >= min && !(e.type === TOMBSTONE_TYPE && e.revision === DELETED_STREAM))
    .filter((e) => oldest === undefined || e.createdTicks >= oldest);
};

/** The event a link points to, when it can be read. */
export const resolveLink = (log: FakeLog, link: StoredEvent, nowTicks: bigint): StoredEvent | undefined => {
  const match = /^(\d+)@(.+)$/s.exec(Buffer.from(link.data).toString('utf8'));
  if (match === null || match[1] === undefined || match[2] === undefined) return undefined;
  const revision = BigInt(match[1]);
  const events = readableEvents(log, match[2], nowTicks);
  return typeof events === 'string' ? undefined : events.find((e) => e.revision === revision);
};

/** The ReadResp of a stored event, resolving it when it is a link and the request asks so. */
export const respOf = (log: FakeLog, options: ReadReq.Options, e: StoredEvent, nowTicks: bigint): ReadResp => {
  const ids = structuredIds(options);
  if (!options.getResolveLinks() || e.type !== LINK_TYPE) return eventResp(e, ids);
  return eventResp(resolveLink(log, e, nowTicks), ids, e);
};

/** A (commit, prepare) pair, compared commit first. */
export interface LogPosition {
  readonly commit: bigint;
  readonly prepare: bigint;
}

/** -1, 0 or 1 as the event's position is before, at or after `p`. */
export const comparePosition = (e: StoredEvent, p: LogPosition): number => {
  if (e.position !== p.commit) return e.position < p.commit ? -1 : 1;
  if (e.position !== p.prepare) return e.position < p.prepare ? -1 : 1;
  return 0;
};

/** The position carried by AllOptions (undefined for start / end). */
export const allPositionOf = (all: ReadReq.Options.AllOptions | undefined): LogPosition | undefined => {
  const p = all?.getPosition();
  if (all === undefined || !all.hasPosition() || p === undefined) return undefined;
  return { commit: BigInt(p.getCommitPosition()), prepare: BigInt(p.getPreparePosition()) };
};

const countOf = (options: ReadReq.Options): number => {
  const count = BigInt(options.getCount());
  return count > BigInt(Number.MAX_SAFE_INTEGER) ? Number.MAX_SAFE_INTEGER : Number(count);
};

const structuredIds = (options: ReadReq.Options): boolean => options.getUuidOption()?.hasStructured() ?? false;

const backwards = (options: ReadReq.Options): boolean =>
  options.getReadDirection() === ReadReq.Options.ReadDirection.BACKWARDS;

const readStream = (log: FakeLog, options: ReadReq.Options, stream: ReadReq.Options.StreamOptions): ReadAnswer => {
  const name = streamNameOf(stream.getStreamIdentifier());
  const now = log.nowTicks();
  const events = readableEvents(log, name, now);
  if (events === 'deleted') return { messages: [], error: streamDeletedError(name) };
  if (events === 'not_found') return { messages: [streamNotFoundResp(name)] };
  const last = log.lastRevision(name);
  const resp = (e: StoredEvent): ReadResp => respOf(log, options, e, now);
  if (backwards(options)) {
    const from = stream.hasStart() ? 0n : stream.hasEnd() ? last : BigInt(stream.getRevision());
    return {
      messages: events
        .filter((e) => e.revision <= from)
        .reverse()
        .slice(0, countOf(options))
        .map(resp),
    };
  }
  const from = stream.hasStart() ? 0n : stream.hasEnd() ? last + 1n : BigInt(stream.getRevision());
  return {
    messages: events
      .filter((e) => e.revision >= from)
      .slice(0, countOf(options))
      .map(resp),
  };
};

const readAll = (log: FakeLog, options: ReadReq.Options, all: ReadReq.Options.AllOptions): ReadResp[] => {
  const position = allPositionOf(all);
  const filter = filterOf(options);
  const allowed = (e: StoredEvent): boolean => filter === undefined || filter.allows(e);
  const now = log.nowTicks();
  const resp = (e: StoredEvent): ReadResp => respOf(log, options, e, now);
  const events = log.all();
  if (backwards(options)) {
    const before = (e: StoredEvent): boolean =>
      all.hasStart() ? false : position === undefined ? true : comparePosition(e, position) < 0;
    return events
      .filter((e) => before(e) && allowed(e))
      .reverse()
      .slice(0, countOf(options))
      .map(resp);
  }
  const atOrAfter = (e: StoredEvent): boolean =>
    all.hasEnd() ? false : position === undefined ? true : comparePosition(e, position) >= 0;
  return events
    .filter((e) => atOrAfter(e) && allowed(e))
    .slice(0, countOf(options))
    .map(resp);
};

/** The messages answering a one-shot Read request. */
export const readOnce = (log: FakeLog, options: ReadReq.Options): ReadAnswer => {
  const stream = options.getStream();
  if (options.hasStream() && stream !== undefined) return readStream(log, options, stream);
  const all = options.getAll();
  if (options.hasAll() && all !== undefined) return { messages: readAll(log, options, all) };
  throw new Error('Read request without stream or all options');
};
