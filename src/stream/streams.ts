/**
 * Stream naming of the published contract: one stream per complaint, `complaint-<uuid>`,
 * in the `complaint` category (EventStoreDB's `$ce-complaint` holds them all).
 */

/** The category of complaint streams. */
export const COMPLAINT_CATEGORY = 'complaint';

/** Prefix of every complaint stream name. */
export const COMPLAINT_STREAM_PREFIX = `${COMPLAINT_CATEGORY}-`;

/** The stream of a complaint. */
export const complaintStreamName = (complaintId: string): string => `${COMPLAINT_STREAM_PREFIX}${complaintId}`;

/** The complaint id of a complaint stream name, or undefined for another stream. */
export const complaintIdOf = (streamName: string): string | undefined =>
  streamName.startsWith(COMPLAINT_STREAM_PREFIX) ? streamName.slice(COMPLAINT_STREAM_PREFIX.length) : undefined;
