import { ReadReq } from '@eventstore/db-client/generated/streams_pb';
import type { StoredEvent } from './fakeLog';

/**
 * A server-side `$all` filter, as EventStoreDB builds it from `FilterOptions`: on the stream
 * name or on the event type, by prefixes or by a regular expression (unanchored match).
 */
export interface FakeFilter {
  readonly allows: (e: StoredEvent) => boolean;
  /**
   * Considered events between two checkpoints: checkpointIntervalMultiplier × the search
   * window (`max`, or the server's read batch size, 32, when the client sends `count`).
   */
  readonly checkpointInterval: number;
}

/** EventStoreDB's read batch size, the default search window of a filtered read. */
const READ_BATCH_SIZE = 32;

const matcher = (expr: ReadReq.Options.FilterOptions.Expression): ((s: string) => boolean) => {
  const regex = expr.getRegex();
  if (regex !== '') {
    const re = new RegExp(regex);
    return (s) => re.test(s);
  }
  const prefixes = expr.getPrefixList();
  return (s) => prefixes.some((p) => s.startsWith(p));
};

/** Builds the filter of a Read request, or undefined when it has `no_filter`. */
export const filterOf = (options: ReadReq.Options): FakeFilter | undefined => {
  const filter = options.getFilter();
  if (!options.hasFilter() || filter === undefined) return undefined;
  const window = filter.hasMax() ? filter.getMax() : READ_BATCH_SIZE;
  const checkpointInterval = Math.max(1, filter.getCheckpointintervalmultiplier()) * window;
  const onStream = filter.getStreamIdentifier();
  if (filter.hasStreamIdentifier() && onStream !== undefined) {
    const matches = matcher(onStream);
    return { allows: (e) => matches(e.streamName), checkpointInterval };
  }
  const onType = filter.getEventType();
  if (filter.hasEventType() && onType !== undefined) {
    const matches = matcher(onType);
    return { allows: (e) => matches(e.type), checkpointInterval };
  }
  return { allows: () => true, checkpointInterval };
};
