/**
 * Checks what callers hand the EventStoreDB adapter before anything goes over the wire, so a
 * bad append is an `InvalidAppend` naming the field rather than a server exception, and a
 * bad read option is a `StoreFailure` with a sentence instead of a protobuf error.
 * @packageDocumentation
 */
import { EventStoreError } from './errors';
import { MAX_JSON_DEPTH } from './jsonDepth';
import type { EventFilter, EventToAppend, ExpectedRevision, Position } from './port';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Rejection of an append the store cannot store. */
export const invalidAppend = (streamName: string, message: string): EventStoreError =>
  new EventStoreError({ _tag: 'InvalidAppend', streamName, message });

/** Rejection of a malformed read or subscription option. */
export const badOption = (message: string): EventStoreError => new EventStoreError({ _tag: 'StoreFailure', message });

const isPlainObject = (v: unknown): v is Record<string, unknown> => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === null || Object.getPrototypeOf(proto) === null;
};

/** Why `value` would not survive a JSON round trip, or undefined when it would. */
const notJson = (value: unknown, path: string, seen: Set<object>): string | undefined => {
  if (value === null || typeof value === 'string' || typeof value === 'boolean') return undefined;
  if (typeof value === 'number') return Number.isFinite(value) ? undefined : `${path} is ${value}, which JSON cannot hold`;
  if (typeof value !== 'object') return `${path} is a ${typeof value}, which is not JSON`;
  if (seen.has(value)) return `${path} contains itself (a cycle)`;
  // `seen` holds the enclosing containers: refuse past the shared limit, as the in-memory store does.
  if (seen.size >= MAX_JSON_DEPTH) return `${path.slice(0, 60)}… is nested more than ${MAX_JSON_DEPTH} levels deep`;
  seen.add(value);
  try {
    if (Array.isArray(value)) {
      for (let i = 0; i < value.length; i += 1) {
        const item: unknown = value[i];
        const why = item === undefined ? `${path}[${i}] is undefined` : notJson(item, `${path}[${i}]`, seen);
        if (why !== undefined) return why;
      }
      return undefined;
    }
    if (!isPlainObject(value)) return `${path} is not a plain JSON object${value instanceof Date ? ' (store an ISO-8601 string)' : ''}`;
    for (const [key, item] of Object.entries(value)) {
      const why = item === undefined ? undefined : notJson(item, `${path}.${key}`, seen);
      if (why !== undefined) return why;
    }
    return undefined;
  } finally {
    seen.delete(value);
  }
};

/** Checks a whole append; throws `InvalidAppend` on the first problem. */
export const checkAppend = (streamName: unknown, events: unknown, expected: unknown): void => {
  if (typeof streamName !== 'string' || streamName === '') {
    throw invalidAppend(String(streamName), 'a stream name must be a non-empty string.');
  }
  const validRevision =
    expected === 'any' || expected === 'no_stream' || expected === 'stream_exists' || (typeof expected === 'bigint' && expected >= 0n);
  if (!validRevision) {
    throw invalidAppend(streamName, `expectedRevision ${String(expected)} is not 'any', 'no_stream', 'stream_exists' or a revision >= 0n.`);
  }
  if (!Array.isArray(events)) throw invalidAppend(streamName, 'events must be an array of events to append.');
  const ids = new Set<string>();
  events.forEach((event: unknown, i) => {
    const at = `events[${i}]`;
    if (!isPlainObject(event)) throw invalidAppend(streamName, `${at} is not an event object.`);
    const { id, type, data, metadata } = event;
    if (typeof id !== 'string' || !UUID.test(id)) {
      throw invalidAppend(streamName, `${at}.id ${String(id)} is not a UUID; give every event a UUID (v4, or v5 derived from the command id).`);
    }
    if (ids.has(id.toLowerCase())) throw invalidAppend(streamName, `${at}.id ${id} repeats an earlier id of the same batch.`);
    ids.add(id.toLowerCase());
    if (typeof type !== 'string' || type === '') throw invalidAppend(streamName, `${at}.type must be a non-empty string.`);
    if (!isPlainObject(metadata)) throw invalidAppend(streamName, `${at}.metadata must be a JSON object.`);
    const why = data === undefined ? `${at}.data is undefined; store null instead` : (notJson(data, `${at}.data`, new Set()) ?? notJson(metadata, `${at}.metadata`, new Set()));
    if (why !== undefined) throw invalidAppend(streamName, `${why}.`);
  });
};

/** The events as the adapter sends them: ids lower-cased, as EventStoreDB prints a Guid. */
export const normaliseEvents = (events: readonly EventToAppend[]): EventToAppend[] =>
  events.map((e) => ({ id: e.id.toLowerCase(), type: e.type, data: e.data, metadata: e.metadata }));

/** A maxCount: a whole number >= 0, or Infinity; `fallback` when absent. */
export const checkMaxCount = (maxCount: unknown, fallback: number): number => {
  if (maxCount === undefined) return fallback;
  if (maxCount === Infinity || (typeof maxCount === 'number' && Number.isInteger(maxCount) && maxCount >= 0)) return maxCount;
  throw badOption(`maxCount ${String(maxCount)} must be a whole number >= 0 (or Infinity).`);
};

/** A position option: 'start', 'end' where allowed, or a { commit, prepare } pair of bigints. */
export const checkPosition = <T extends string>(position: unknown, allowed: readonly T[], what: string): T | Position => {
  if (typeof position === 'string' && (allowed as readonly string[]).includes(position)) return position as T;
  if (isPlainObject(position) && typeof position.commit === 'bigint' && typeof position.prepare === 'bigint') {
    return { commit: position.commit, prepare: position.prepare };
  }
  throw badOption(`${what} must be ${allowed.map((a) => `'${a}'`).join(', ')} or a { commit, prepare } position of bigints.`);
};

/** A read direction. */
export const checkDirection = (direction: unknown): 'forwards' | 'backwards' => {
  if (direction === undefined || direction === 'forwards') return 'forwards';
  if (direction === 'backwards') return 'backwards';
  throw badOption(`direction ${String(direction)} must be 'forwards' or 'backwards'.`);
};

/** A stream revision to read from. */
export const checkFromRevision = (from: unknown, direction: 'forwards' | 'backwards'): 'start' | 'end' | bigint => {
  if (from === undefined) return direction === 'forwards' ? 'start' : 'end';
  if (from === 'start' || from === 'end' || (typeof from === 'bigint' && from >= 0n)) return from;
  throw badOption(`fromRevision ${String(from)} must be 'start', 'end' or a revision >= 0n.`);
};

const checkPrefixes = (prefixes: unknown, what: string): readonly string[] | undefined => {
  if (prefixes === undefined) return undefined;
  if (!Array.isArray(prefixes) || !prefixes.every((p) => typeof p === 'string')) throw badOption(`filter.${what} must be an array of strings.`);
  if (prefixes.length === 0) throw badOption(`filter.${what} is empty, so nothing could match; give at least one prefix or leave it out.`);
  return prefixes;
};

/** A filter, normalised; undefined when absent. */
export const checkFilter = (filter: unknown): EventFilter | undefined => {
  if (filter === undefined) return undefined;
  if (!isPlainObject(filter)) throw badOption('filter must be an object with streamNamePrefixes and/or eventTypePrefixes.');
  const streamNamePrefixes = checkPrefixes(filter.streamNamePrefixes, 'streamNamePrefixes');
  const eventTypePrefixes = checkPrefixes(filter.eventTypePrefixes, 'eventTypePrefixes');
  return {
    ...(streamNamePrefixes === undefined ? {} : { streamNamePrefixes }),
    ...(eventTypePrefixes === undefined ? {} : { eventTypePrefixes }),
  };
};

/** The expected revision an append checks, defaulting to 'any'. */
export const expectedOf = (options: { readonly expectedRevision?: ExpectedRevision } | undefined): ExpectedRevision =>
  options?.expectedRevision ?? 'any';
