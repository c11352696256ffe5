/**
 * One-shot reads (`count` option) of a stream or of `$all`, with EventStoreDB's rules:
 * - a stream is read from a revision inclusive, forwards or backwards; a stream without
 *   events answers a single StreamNotFound message; a request at compatibility level 1+
 *   (`control_option`, sent by the Rust client behind `@kurrent/bridge`) also gets the
 *   stream's last revision after the events, and, when a forwards read finds nothing from
 *   where it started, the next revision before them (as the server's ReadStream enumerators);
 * - `$all` forwards from a position is inclusive (events at or after it), backwards from a
 *   position is exclusive (events before it), in (commit, prepare) order.
 */
import { ReadReq, type ReadResp } from '@eventstore/db-client/generated/streams_pb';
import type { FakeLog, StoredEvent } from './fakeLog';
import { filterOf } from './fakeFilter';
import { eventResp, firstStreamPositionResp, lastStreamPositionResp, streamNameOf, streamNotFoundResp } from './fakeMessages';

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

const compatibility = (options: ReadReq.Options): number => options.getControlOption()?.getCompatibility() ?? 0;

const readStream = (log: FakeLog, options: ReadReq.Options, stream: ReadReq.Options.StreamOptions): ReadResp[] => {
  const name = streamNameOf(stream.getStreamIdentifier());
  const events = log.stream(name);
  if (events.length === 0) return [streamNotFoundResp(name)];
  const last = BigInt(events.length - 1);
  const ids = structuredIds(options);
  const positions = compatibility(options) >= 1;
  if (backwards(options)) {
    const from = stream.hasStart() ? 0n : stream.hasEnd() ? last : BigInt(stream.getRevision());
    const found = events
      .filter((e) => e.revision <= from)
      .reverse()
      .slice(0, countOf(options))
      .map((e) => eventResp(e, ids));
    return positions ? [...found, lastStreamPositionResp(last)] : found;
  }
  const from = stream.hasStart() ? 0n : stream.hasEnd() ? last + 1n : BigInt(stream.getRevision());
  const found = events
    .filter((e) => e.revision >= from)
    .slice(0, countOf(options))
    .map((e) => eventResp(e, ids));
  if (!positions) return found;
  const startedElsewhere = found.length === 0 && (stream.hasEnd() || from !== last + 1n);
  return [...(startedElsewhere ? [firstStreamPositionResp(last + 1n)] : []), ...found, lastStreamPositionResp(last)];
};

const readAll = (log: FakeLog, options: ReadReq.Options, all: ReadReq.Options.AllOptions): ReadResp[] => {
  const position = allPositionOf(all);
  const filter = filterOf(options);
  const allowed = (e: StoredEvent): boolean => filter === undefined || filter.allows(e);
  const ids = structuredIds(options);
  const events = log.all();
  if (backwards(options)) {
    const before = (e: StoredEvent): boolean =>
      all.hasStart() ? false : position === undefined ? true : comparePosition(e, position) < 0;
    return events
      .filter((e) => before(e) && allowed(e))
      .reverse()
      .slice(0, countOf(options))
      .map((e) => eventResp(e, ids));
  }
  const atOrAfter = (e: StoredEvent): boolean =>
    all.hasEnd() ? false : position === undefined ? true : comparePosition(e, position) >= 0;
  return events
    .filter((e) => atOrAfter(e) && allowed(e))
    .slice(0, countOf(options))
    .map((e) => eventResp(e, ids));
};

/** The messages answering a one-shot Read request. */
export const readOnce = (log: FakeLog, options: ReadReq.Options): ReadResp[] => {
  const stream = options.getStream();
  if (options.hasStream() && stream !== undefined) return readStream(log, options, stream);
  const all = options.getAll();
  if (options.hasAll() && all !== undefined) return readAll(log, options, all);
  throw new Error('Read request without stream or all options');
};
