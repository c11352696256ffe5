/**
 * Reading a complaint stream back: upcast each stored event to the current schema, decode
 * it, and keep its envelope. A stored event that does not decode stops the load with an
 * error naming the stream, the revision and the path — never a wrong state.
 */
import * as E from 'fp-ts/lib/Either.js';
import { compileDecoder, decodeEvent, fastDecode } from '../domain/codecs';
import { toIssues } from '../domain/decoding';
import { type ComplaintEvent, isComplaintEventType } from '../domain/events';
import type { RecordedEvent } from '../eventstore/port';
import type { CorruptedEvent } from './errors';
import { EventMetadata } from './metadata';
import type { UpcasterRegistry } from './upcasting';

/** A complaint event as stored: the decoded event plus its place and envelope. */
export interface StoredComplaintEvent {
  readonly id: string;
  readonly streamName: string;
  readonly revision: bigint;
  readonly event: ComplaintEvent;
  readonly metadata: EventMetadata;
  readonly createdAt: Date;
}

const metadataDecoder = compileDecoder(EventMetadata);

const corrupted = (r: RecordedEvent, issues: CorruptedEvent['issues']): E.Either<CorruptedEvent, never> =>
  E.left({ _tag: 'CorruptedEvent', streamName: r.streamName, revision: r.revision, eventType: r.type, issues });

/** Decodes one stored event (metadata, schema version, upcast, data). */
export const decodeStored = (r: RecordedEvent, upcasters: UpcasterRegistry): E.Either<CorruptedEvent, StoredComplaintEvent> => {
  if (!isComplaintEventType(r.type))
    return corrupted(r, [{ path: 'type', expected: 'a complaint event type', message: `type: unknown complaint event type "${r.type}"` }]);
  const meta = fastDecode(EventMetadata, metadataDecoder, r.metadata);
  if (E.isLeft(meta)) return corrupted(r, toIssues(meta.left).map((i) => ({ ...i, path: `metadata.${i.path}`, message: `metadata.${i.message}` })));
  const upcast = upcasters.upcast(r.type, meta.right.schemaVersion, r.data);
  if (E.isLeft(upcast)) return corrupted(r, [{ path: 'metadata.schemaVersion', expected: 'a known schema version', message: `metadata.schemaVersion: ${upcast.left.reason}` }]);
  const event = decodeEvent(r.type, upcast.right);
  if (E.isLeft(event)) return corrupted(r, event.left.issues);
  return E.right({ id: r.id, streamName: r.streamName, revision: r.revision, event: event.right, metadata: meta.right, createdAt: r.createdAt });
};

/** Decodes every stored event of a stream, stopping at the first that fails. */
export const decodeStream = (
  recorded: readonly RecordedEvent[],
  upcasters: UpcasterRegistry,
): E.Either<CorruptedEvent, StoredComplaintEvent[]> => {
  const out: StoredComplaintEvent[] = [];
  for (const r of recorded) {
    const d = decodeStored(r, upcasters);
    if (E.isLeft(d)) return d;
    out.push(d.right);
  }
  return E.right(out);
};
