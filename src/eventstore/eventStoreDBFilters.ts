/**
 * The port's `$all` filters on EventStoreDB: what the server can filter (one dimension) and
 * the exact predicate the adapter applies to what it receives.
 * @packageDocumentation
 */
import type { ServerFilter } from './grpcDriver';
import type { EventFilter, RecordedEvent } from './port';

/** EventStoreDB's own events (stream metadata, users, projections' links) have `$`-prefixed types. */
export const isSystemEvent = (e: RecordedEvent): boolean => e.type.startsWith('$');

/** The port's filter as a predicate: system events never pass a filter; no filter passes everything. */
export const matches =
  (filter: EventFilter | undefined) =>
  (e: RecordedEvent): boolean =>
    filter === undefined ||
    (!isSystemEvent(e) &&
      (filter.streamNamePrefixes?.some((p) => e.streamName.startsWith(p)) ?? true) &&
      (filter.eventTypePrefixes?.some((p) => e.type.startsWith(p)) ?? true));

/**
 * The filter EventStoreDB applies before sending: one dimension only (stream names first);
 * {@link matches} still checks every event received, so both dimensions hold.
 */
export const serverFilterOf = (filter: EventFilter | undefined): ServerFilter | undefined => {
  if (filter === undefined) return undefined;
  if (filter.streamNamePrefixes !== undefined) return { on: 'stream_name', prefixes: filter.streamNamePrefixes };
  if (filter.eventTypePrefixes !== undefined) return { on: 'event_type', prefixes: filter.eventTypePrefixes };
  return { on: 'exclude_system_events' };
};
