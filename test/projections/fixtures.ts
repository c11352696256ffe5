/** Helpers to put hand-built histories into a store, or wrap them as stored events. */
import type { StoredComplaintEvent } from '../../src/stream/decodeStream';
import type { EventMetadata } from '../../src/stream/metadata';
import { complaintStreamName } from '../../src/stream/streams';
import { CURRENT_SCHEMA_VERSIONS } from '../../src/stream/upcasting';
import type { ComplaintEvent } from '../../src/domain/events';
import type { EventStore, JsonObject, JsonValue } from '../../src/eventstore/port';
import { agent } from '../domain/spec';

let n = 0;
const uuid = (): string => `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;

const metadataOf = (e: ComplaintEvent): EventMetadata => ({
  actor: agent,
  commandId: uuid() as EventMetadata['commandId'],
  commandType: 'Test',
  correlationId: 'corr',
  causationId: 'cause',
  policyVersion: '2022-01',
  schemaVersion: CURRENT_SCHEMA_VERSIONS[e.type],
  recordedAt: '2022-01-10T15:00:00.000Z' as EventMetadata['recordedAt'],
});

/** Rewrites a history's complaint id (spec.ts builds every history for `ID`). */
export const withId = (id: string, events: readonly ComplaintEvent[]): ComplaintEvent[] =>
  events.map((e) => (e.type === 'ComplaintReceived' ? { ...e, data: { ...e.data, complaintId: id as typeof e.data.complaintId } } : e));

/** Wraps events of one complaint as stored events (revisions from 0). */
export const asStored = (id: string, events: readonly ComplaintEvent[]): StoredComplaintEvent[] =>
  withId(id, events).map((event, i) => ({
    id: uuid(),
    streamName: complaintStreamName(id),
    revision: BigInt(i),
    event,
    metadata: metadataOf(event),
    createdAt: new Date('2022-01-10T15:00:00Z'),
  }));

/** Appends a complaint's events to its stream. */
export const appendHistory = async (store: EventStore, id: string, events: readonly ComplaintEvent[]): Promise<void> => {
  await store.appendToStream(
    complaintStreamName(id),
    withId(id, events).map((e) => ({ id: uuid(), type: e.type, data: e.data as unknown as JsonValue, metadata: metadataOf(e) as unknown as JsonObject })),
  );
};

/** A distinct UUID per index. */
export const complaintUuid = (i: number): string => `6f1c1c7e-3d5a-4c53-9a4e-${String(i).padStart(12, '0')}`;
