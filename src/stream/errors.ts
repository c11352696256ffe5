/** What reading a stored complaint stream can answer instead of events. */
import type { DecodeIssue } from '../domain/decoding';

/** A stored event could not be read back (corrupted, or of an unknown schema version). */
export interface CorruptedEvent {
  readonly _tag: 'CorruptedEvent';
  readonly streamName: string;
  readonly revision: bigint;
  readonly eventType: string;
  readonly issues: readonly DecodeIssue[];
}
