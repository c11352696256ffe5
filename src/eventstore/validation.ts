/**
 * Checks what callers hand a store, written once for every adapter (in memory, EventStoreDB,
 * KurrentDB): a bad append is an `InvalidAppend` naming the field and writes nothing; a bad
 * read or subscription option is a `StoreFailure` with a sentence — before anything reaches
 * a server, instead of a protobuf error or a server exception.
 * @packageDocumentation
 */
import { EventStoreError } from './errors';
import { NotJson, frozenCopy } from './jsonCopy';
import { isUuid } from './uuidCheck';
import type { EventToAppend, ExpectedRevision, JsonObject, Position } from './port';

/** Rejection of an append the store cannot store. */
export const invalidAppend = (streamName: string, message: string): EventStoreError =>
  new EventStoreError({ _tag: 'InvalidAppend', streamName, message });

/** Rejection of a malformed read or subscription option. */
export const badOption = (message: string): EventStoreError => new EventStoreError({ _tag: 'StoreFailure', message });

/** An object whose fields can be read (an event, a filter); JSON values are checked by jsonCopy.ts. */
export const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/** The stream an append or a metadata change names: a non-empty string, else `InvalidAppend`. */
export const checkStreamName = (streamName: unknown): string => {
  if (typeof streamName === 'string' && streamName !== '') return streamName;
  throw invalidAppend(String(streamName), 'a stream name must be a non-empty string.');
};

/** The stream a read names: a non-empty string, else a `StoreFailure` naming the method. */
export const checkReadStreamName = (streamName: unknown, method: string): string => {
  if (typeof streamName === 'string' && streamName !== '') return streamName;
  throw badOption(`${method} needs a non-empty stream name.`);
};

/** The expected revision of an append: 'any', 'no_stream', 'stream_exists' or a revision >= 0n. */
export const checkExpectedRevision = (streamName: string, expected: unknown): ExpectedRevision => {
  if (expected === 'any' || expected === 'no_stream' || expected === 'stream_exists') return expected;
  if (typeof expected === 'bigint' && expected >= 0n) return expected;
  throw invalidAppend(
    streamName,
    `expectedRevision ${typeof expected === 'bigint' ? `${expected}n` : String(expected)} is not 'any', 'no_stream', 'stream_exists' or a revision >= 0n.`,
  );
};

/**
 * Checks a batch and copies it into the events a store writes: ids lower-cased (as
 * EventStoreDB prints a Guid) and unique within the batch, a non-empty type, data and
 * metadata deep-frozen JSON copies (metadata an object). Throws `InvalidAppend` on the first
 * problem, naming the event and the path.
 */
export const prepareEvents = (streamName: string, events: unknown): EventToAppend[] => {
  if (!Array.isArray(events)) throw invalidAppend(streamName, 'events must be an array of events to append.');
  // Ids seen so far (a batch of one, the usual case, needs no set).
  const seen = events.length > 1 ? new Set<string>() : undefined;
  return events.map((event: unknown, i): EventToAppend => {
    if (!isObject(event)) throw invalidAppend(streamName, `events[${i}] is not an event object.`);
    const { id, type, data, metadata } = event;
    if (typeof id !== 'string' || !isUuid(id)) {
      throw invalidAppend(streamName, `events[${i}].id ${JSON.stringify(id) ?? 'undefined'} is not a UUID; give every event a UUID (v4, or one derived from the command as the service does: v8 from a digest of the command id and the batch).`);
    }
    const lowerId = id.toLowerCase();
    if (seen?.has(lowerId) === true) throw invalidAppend(streamName, `events[${i}].id ${id} repeats an earlier event id of the same batch; give each event its own id.`);
    seen?.add(lowerId);
    if (typeof type !== 'string' || type === '') throw invalidAppend(streamName, `events[${i}].type must be a non-empty string.`);
    if (!isObject(metadata)) throw invalidAppend(streamName, `events[${i}].metadata must be a JSON object.`);
    try {
      if (data === undefined) throw new NotJson(`events[${i}].data is undefined; store null instead`);
      return { id: lowerId, type, data: frozenCopy(data, i, 'data'), metadata: frozenCopy(metadata, i, 'metadata') as JsonObject };
    } catch (e: unknown) {
      if (e instanceof NotJson) throw invalidAppend(streamName, `${e.message}.`);
      if (e instanceof RangeError) throw invalidAppend(streamName, `events[${i}] is nested too deeply to store.`);
      throw e;
    }
  });
};

/** A checked append: its stream, expected revision (default 'any') and prepared events. */
export interface CheckedAppend {
  readonly streamName: string;
  readonly expected: ExpectedRevision;
  readonly events: EventToAppend[];
}

/** Checks a whole append, in this order: stream name, expected revision, events (see {@link prepareEvents}). */
export const checkAppend = (streamName: unknown, events: unknown, options: { readonly expectedRevision?: unknown } | undefined): CheckedAppend => {
  const name = checkStreamName(streamName);
  const expected = checkExpectedRevision(name, options?.expectedRevision ?? 'any');
  return { streamName: name, expected, events: prepareEvents(name, events) };
};

/** A maxCount: a whole number >= 0, or Infinity; `fallback` when absent. */
export const checkMaxCount = (maxCount: unknown, fallback: number): number => {
  if (maxCount === undefined) return fallback;
  if (maxCount === Infinity || (typeof maxCount === 'number' && Number.isInteger(maxCount) && maxCount >= 0)) return maxCount;
  throw badOption(`maxCount ${String(maxCount)} must be a whole number >= 0 (or Infinity).`);
};

/** A position option: 'start', 'end' where allowed, or a { commit, prepare } pair of bigints (copied). */
export const checkPosition = <T extends string>(position: unknown, allowed: readonly T[], what: string): T | Position => {
  if (typeof position === 'string' && (allowed as readonly string[]).includes(position)) return position as T;
  if (isObject(position) && typeof position.commit === 'bigint' && typeof position.prepare === 'bigint') {
    return { commit: position.commit, prepare: position.prepare };
  }
  throw badOption(`${what} must be ${allowed.map((a) => `'${a}'`).join(', ')} or a { commit, prepare } position of bigints.`);
};

/** A read direction (default forwards). */
export const checkDirection = (direction: unknown): 'forwards' | 'backwards' => {
  if (direction === undefined || direction === 'forwards') return 'forwards';
  if (direction === 'backwards') return 'backwards';
  throw badOption(`direction ${String(direction)} must be 'forwards' or 'backwards'.`);
};

/** A stream revision to read from (default: the start going forwards, the end going backwards). */
export const checkFromRevision = (from: unknown, direction: 'forwards' | 'backwards'): 'start' | 'end' | bigint => {
  if (from === undefined) return direction === 'forwards' ? 'start' : 'end';
  if (from === 'start' || from === 'end' || (typeof from === 'bigint' && from >= 0n)) return from;
  throw badOption(`fromRevision ${String(from)} must be 'start', 'end' or a revision >= 0n.`);
};
