/**
 * Event ids are content-addressed: uuid v5 of `<commandId>/<index>/<SHA-256 of the batch>` in
 * the package's namespace, exactly as the `uuid` package computes them; equal batches give
 * equal ids and any difference anywhere in a batch gives other ids for all its events.
 */
import * as crypto from 'node:crypto';
import fc from 'fast-check';
import { v5 as uuidv5 } from 'uuid';
import { batchDigest, eventIdsFor, type EventContent } from '../../src/stream/eventIds';

const NAMESPACE = uuidv5('@lukea/complaints/event-ids', uuidv5.URL);

const jsonValue = fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<unknown>;
const content: fc.Arbitrary<EventContent> = fc.record({ type: fc.string({ minLength: 1, maxLength: 20 }), data: jsonValue, metadata: fc.dictionary(fc.string({ maxLength: 8 }), jsonValue, { maxKeys: 4 }) });
const batch = fc.array(content, { minLength: 1, maxLength: 4 });

const referenceDigest = (events: readonly EventContent[]): string =>
  crypto
    .createHash('sha256')
    .update(events.map((e) => `${JSON.stringify(e.type)}\n${JSON.stringify(e.data)}\n${JSON.stringify(e.metadata)}\n`).join(''), 'utf8')
    .digest('hex');

describe('eventIdsFor', () => {
  it('equals the uuid package’s v5 of <commandId>/<index>/<batch digest> for any command id and batch', () => {
    fc.assert(
      fc.property(fc.uuid(), batch, (commandId, events) => {
        const digest = referenceDigest(events);
        expect(batchDigest(events)).toBe(digest);
        expect(eventIdsFor(commandId, events)).toEqual(events.map((_, i) => uuidv5(`${commandId}/${i}/${digest}`, NAMESPACE)));
      }),
      { numRuns: 500 },
    );
  });

  it('the same decision always gets the same ids (a retried command re-appends idempotently)', () => {
    fc.assert(
      fc.property(fc.uuid(), batch, (commandId, events) => {
        const copy = JSON.parse(JSON.stringify(events)) as EventContent[];
        expect(eventIdsFor(commandId, copy)).toEqual(eventIdsFor(commandId, events));
      }),
    );
  });

  it('a different decision for the same command gets other ids for every event (its append conflicts instead of passing as a repeat)', () => {
    fc.assert(
      fc.property(fc.uuid(), batch, fc.nat(), fc.string({ minLength: 1 }), (commandId, events, at, extra) => {
        const i = at % events.length;
        const changed = events.map((e, k) => (k === i ? { ...e, metadata: { ...(e.metadata as object), recordedAt: `x${extra}` } } : e));
        fc.pre(JSON.stringify(changed) !== JSON.stringify(events));
        const a = eventIdsFor(commandId, events);
        const b = eventIdsFor(commandId, changed);
        a.forEach((id, k) => expect(b[k]).not.toBe(id));
      }),
    );
  });

  it('ids differ between commands and between the events of one batch', () => {
    fc.assert(
      fc.property(fc.uuid(), fc.uuid(), batch, (c1, c2, events) => {
        fc.pre(c1 !== c2);
        const a = eventIdsFor(c1, events);
        expect(new Set(a).size).toBe(a.length);
        const b = eventIdsFor(c2, events);
        a.forEach((id, k) => expect(b[k]).not.toBe(id));
      }),
    );
  });

  it('never changes: ids this version stores are computed again to the letter by later ones', () => {
    const events: EventContent[] = [
      { type: 'ComplaintAcknowledged', data: { complaintId: '00000000-0000-4000-8000-000000000002' }, metadata: { recordedAt: '2022-01-03T09:00:00.000Z' } },
      { type: 'ComplaintAssigned', data: { to: 'agent-1' }, metadata: { recordedAt: '2022-01-03T09:00:00.000Z' } },
    ];
    expect(eventIdsFor('00000000-0000-4000-8000-000000000001', events)).toEqual(PINNED);
  });
});

// Computed once by this version; a change here would break idempotent retries across an upgrade.
const PINNED = ['8873684d-99a6-5246-a66c-333ccd032c23', '7b73fe50-63be-5246-8099-d64fef91961e'];
