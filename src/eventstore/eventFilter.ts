/**
 * The port's `$all` filter, for every store: checked once, and the one predicate that says
 * which events pass it (what a server filtered, the gRPC adapter checks again with it).
 * @packageDocumentation
 */
import { badOption, isObject } from './validation';
import type { EventFilter } from './port';

/** What a filter looks at. */
export interface FilterableEvent {
  readonly streamName: string;
  readonly type: string;
}

/** EventStoreDB's own events (stream metadata, users, projections' links) have `$`-prefixed types. */
export const isSystemEvent = (e: FilterableEvent): boolean => e.type.startsWith('$');

const checkPrefixes = (prefixes: unknown, what: string): readonly string[] | undefined => {
  if (prefixes === undefined) return undefined;
  if (!Array.isArray(prefixes) || !prefixes.every((p) => typeof p === 'string')) throw badOption(`filter.${what} must be an array of strings.`);
  if (prefixes.length === 0) throw badOption(`filter.${what} is empty, so nothing could match; give at least one prefix or leave it out.`);
  return prefixes;
};

/** A filter, checked and normalised; undefined when absent. Throws a `StoreFailure` naming the bad field. */
export const checkFilter = (filter: unknown): EventFilter | undefined => {
  if (filter === undefined) return undefined;
  if (!isObject(filter)) throw badOption('filter must be an object with streamNamePrefixes and/or eventTypePrefixes.');
  const streamNamePrefixes = checkPrefixes(filter.streamNamePrefixes, 'streamNamePrefixes');
  const eventTypePrefixes = checkPrefixes(filter.eventTypePrefixes, 'eventTypePrefixes');
  return {
    ...(streamNamePrefixes === undefined ? {} : { streamNamePrefixes }),
    ...(eventTypePrefixes === undefined ? {} : { eventTypePrefixes }),
  };
};

/**
 * A checked filter as a predicate: system events never pass a filter, and an event passes
 * when its stream name starts with one of the stream prefixes (if any are given) and its type
 * with one of the type prefixes (if any). No filter passes everything.
 */
export const matchesFilter = (filter: EventFilter | undefined): ((e: FilterableEvent) => boolean) => {
  if (filter === undefined) return () => true;
  const streams = filter.streamNamePrefixes;
  const types = filter.eventTypePrefixes;
  // One stream prefix and no type prefix (a category, as projections read it): one test per event.
  const [only] = streams ?? [];
  if (types === undefined && streams?.length === 1 && only !== undefined) return (e) => e.streamName.startsWith(only) && !isSystemEvent(e);
  return (e) =>
    !isSystemEvent(e) &&
    (streams === undefined || streams.some((p) => e.streamName.startsWith(p))) &&
    (types === undefined || types.some((p) => e.type.startsWith(p)));
};
