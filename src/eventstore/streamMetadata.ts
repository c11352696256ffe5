/**
 * Stream metadata as the port knows it ({@link StreamMetadata}: `$maxCount`, `$tb`): its
 * validation, shared by the stores, and its JSON form in EventStoreDB's metadata stream
 * (`$$<stream>`, events of type `$metadata`), where other keys (ACLs, custom properties)
 * sit next to it and must be kept.
 * @packageDocumentation
 */
import { EventStoreError } from './errors';
import type { JsonObject, JsonValue, StreamMetadata } from './port';

/** EventStoreDB's metadata stream of `streamName`. */
export const metastreamOf = (streamName: string): string => `$$${streamName}`;

/** The event type EventStoreDB gives stream metadata. */
export const METADATA_EVENT_TYPE = '$metadata';

/** Checks `metadata` and returns a clean copy; throws `InvalidAppend` naming the bad field. */
export const checkStreamMetadata = (streamName: string, metadata: unknown): StreamMetadata => {
  const refuse = (message: string): never => {
    throw new EventStoreError({ _tag: 'InvalidAppend', streamName, message });
  };
  if (typeof metadata !== 'object' || metadata === null || Array.isArray(metadata)) return refuse('stream metadata must be an object { maxCount?, truncateBefore? }.');
  const { maxCount, truncateBefore } = metadata as Record<string, unknown>;
  if (maxCount !== undefined && !(typeof maxCount === 'number' && Number.isSafeInteger(maxCount) && maxCount >= 1)) {
    refuse(`metadata.maxCount ${String(maxCount)} must be a whole number >= 1 (or left out for no limit).`);
  }
  if (truncateBefore !== undefined && !(typeof truncateBefore === 'bigint' && truncateBefore >= 0n && truncateBefore <= BigInt(Number.MAX_SAFE_INTEGER))) {
    refuse(`metadata.truncateBefore ${String(truncateBefore)} must be a revision >= 0n (or left out).`);
  }
  return {
    ...(typeof maxCount === 'number' ? { maxCount } : {}),
    ...(typeof truncateBefore === 'bigint' ? { truncateBefore } : {}),
  };
};

const isObject = (v: JsonValue | undefined): v is JsonObject => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * The metadata JSON to write: `previous` (the last `$metadata` event's data, if any) with
 * `$maxCount` and `$tb` replaced by `metadata`'s (removed when left out), every other key kept.
 */
export const mergeMetadataJson = (previous: JsonValue | undefined, metadata: StreamMetadata): JsonObject => {
  const out: JsonObject = {};
  if (isObject(previous)) for (const [k, v] of Object.entries(previous)) if (k !== '$maxCount' && k !== '$tb') out[k] = v;
  if (metadata.maxCount !== undefined) out.$maxCount = metadata.maxCount;
  if (metadata.truncateBefore !== undefined) out.$tb = Number(metadata.truncateBefore);
  return out;
};

/** The port's view of a `$metadata` event's data: the settings it knows, ignoring the rest. */
export const streamMetadataFromJson = (json: JsonValue | undefined): StreamMetadata => {
  if (!isObject(json)) return {};
  const maxCount = json.$maxCount;
  const tb = json.$tb;
  return {
    ...(typeof maxCount === 'number' && Number.isSafeInteger(maxCount) && maxCount >= 1 ? { maxCount } : {}),
    ...(typeof tb === 'number' && Number.isSafeInteger(tb) && tb >= 0 ? { truncateBefore: BigInt(tb) } : {}),
  };
};
