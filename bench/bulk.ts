/**
 * Bulk histories for the projection benchmarks: a pool of generated stories, replicated
 * under fresh complaint ids until the wanted number of events, appended to an in-memory
 * store one complaint (one batch) at a time, with the service's metadata envelope.
 */
import type { EventMetadata } from '../src/stream/metadata';
import { complaintStreamName } from '../src/stream/streams';
import { CURRENT_SCHEMA_VERSIONS } from '../src/stream/upcasting';
import type { ComplaintEvent } from '../src/domain/events';
import { defaultPolicy } from '../src/domain/policy/policy';
import { InMemoryEventStore } from '../src/eventstore/inMemory/inMemoryEventStore';
import type { EventToAppend, JsonObject, JsonValue } from '../src/eventstore/port';
import { type Story, generateStories } from './workload';

let counter = 0;
/** A distinct, valid UUID per call (v4 layout, counter in the last group). */
export const nextUuid = (): string => {
  counter += 1;
  const hex = counter.toString(16).padStart(12, '0');
  return `b3e5c2a0-0000-4000-8000-${hex}`;
};
/** A UUID for complaint `i` of a bulk set. */
export const complaintUuid = (i: number): string => `c0ffee00-0000-4000-9000-${i.toString(16).padStart(12, '0')}`;

/** A story's events under another complaint id. */
export const withComplaintId = (events: readonly ComplaintEvent[], id: string): ComplaintEvent[] =>
  events.map((e) => (e.type === 'ComplaintReceived' ? ({ ...e, data: { ...e.data, complaintId: id } } as ComplaintEvent) : e));

const metadataOf = (story: Story, eventIndex: number, e: ComplaintEvent): EventMetadata => {
  const step = story.steps[Math.min(eventIndex, story.steps.length - 1)];
  return {
    actor: step?.actor ?? { id: 'agent-ana', role: 'agent' },
    commandId: nextUuid() as EventMetadata['commandId'],
    commandType: step?.command.type ?? 'ReceiveComplaint',
    correlationId: 'bench',
    causationId: 'bench',
    policyVersion: defaultPolicy.version,
    schemaVersion: CURRENT_SCHEMA_VERSIONS[e.type],
    recordedAt: (step?.now ?? new Date(0)).toISOString() as EventMetadata['recordedAt'],
  };
};

/** Fills an in-memory store with about `events` complaint events; answers the store and counts. */
export const bulkStore = async (
  events: number,
  options: { poolSize?: number; seed?: number } = {},
): Promise<{ store: InMemoryEventStore; events: number; complaints: number }> => {
  const pool = generateStories({ count: options.poolSize ?? 1000, seed: options.seed ?? 21 });
  const store = new InMemoryEventStore();
  let written = 0;
  let complaints = 0;
  while (written < events) {
    const story = pool[complaints % pool.length];
    if (story === undefined) break;
    const id = complaintUuid(complaints);
    const batch: EventToAppend[] = withComplaintId(story.events, id)
      .slice(0, events - written)
      .map((e, i) => ({ id: nextUuid(), type: e.type, data: e.data as unknown as JsonValue, metadata: metadataOf(story, i, e) as unknown as JsonObject }));
    await store.appendToStream(complaintStreamName(id), batch, { expectedRevision: 'no_stream' });
    written += batch.length;
    complaints += 1;
  }
  return { store, events: written, complaints };
};
