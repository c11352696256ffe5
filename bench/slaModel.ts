/** The SLA model of many open complaints, built by folding generated stories (no store, no decode). */
import type { StoredComplaintEvent } from '../src/stream/decodeStream';
import type { EventMetadata } from '../src/stream/metadata';
import { complaintStreamName } from '../src/stream/streams';
import { type SlaModel, applySla, slaProjection } from '../src/projections/sla';
import { complaintUuid, withComplaintId } from './bulk';
import { generateStories } from './workload';

const meta = {} as EventMetadata;
const created = new Date(0);

/**
 * Builds the SLA model of `n` open complaints (stories cut before the answer), complaint `i`
 * under id `idOf(i)` (default: `complaintUuid(i)`, near-sequential).
 */
export const openSlaModel = (n: number, idOf: (i: number) => string = complaintUuid): SlaModel => {
  const pool = generateStories({ count: n >= 100_000 ? 10_000 : 2000, seed: 31, openOnly: true, spreadDays: 3650 });
  let m = slaProjection().initial();
  for (let i = 0; i < n; i++) {
    const story = pool[i % pool.length];
    if (story === undefined) break;
    const id = idOf(i);
    const streamName = complaintStreamName(id);
    const events = withComplaintId(story.events, id);
    for (let k = 0; k < events.length; k++) {
      const event = events[k];
      if (event === undefined) continue;
      const e: StoredComplaintEvent = { id, streamName, revision: BigInt(k), event, metadata: meta, createdAt: created };
      m = applySla(m, e);
    }
  }
  return m;
};
