/**
 * The size of an append as an EventStoreDB node counts it against its `MaxAppendSize`
 * setting: for every event of the batch, its data and metadata as UTF-8 JSON bytes plus
 * twice the length of its type (the server counts the type as a UTF-16 string). A node
 * refuses the whole batch when the sum is over the limit, 1 MiB by default.
 * @packageDocumentation
 */
import type { EventToAppend } from './port';

/** EventStoreDB's default `MaxAppendSize` (1 MiB, up to KurrentDB 25.0). */
export const EVENTSTOREDB_MAX_APPEND_SIZE = 1_048_576;

/** The size of one event as a node counts it: data + metadata (UTF-8 JSON) + 2 × type length. */
export const eventSizeOf = (event: EventToAppend): number =>
  Buffer.byteLength(JSON.stringify(event.data) ?? '') + Buffer.byteLength(JSON.stringify(event.metadata) ?? '') + 2 * event.type.length;

/**
 * The size of a batch as a node counts it against its maximum append size: the sum of
 * {@link eventSizeOf} over the batch.
 * @example appendSizeOf([{ id, type: 'Ping', data: { n: 1 }, metadata: {} }]) // 7 + 2 + 8 = 17
 */
export const appendSizeOf = (events: readonly EventToAppend[]): number => {
  let total = 0;
  for (const e of events) total += eventSizeOf(e);
  return total;
};
