/**
 * The port's `$all` filters on EventStoreDB / KurrentDB: what the server can filter (one
 * dimension). The exact predicate the adapter applies to what it receives is the shared one
 * (eventFilter.ts).
 * @packageDocumentation
 */
import type { ServerFilter } from './grpcDriver';
import type { EventFilter } from '../port';

/**
 * The filter EventStoreDB applies before sending: one dimension only (stream names first);
 * `matchesFilter` still checks every event received, so both dimensions hold.
 */
export const serverFilterOf = (filter: EventFilter | undefined): ServerFilter | undefined => {
  if (filter === undefined) return undefined;
  if (filter.streamNamePrefixes !== undefined) return { on: 'stream_name', prefixes: filter.streamNamePrefixes };
  if (filter.eventTypePrefixes !== undefined) return { on: 'event_type', prefixes: filter.eventTypePrefixes };
  return { on: 'exclude_system_events' };
};
