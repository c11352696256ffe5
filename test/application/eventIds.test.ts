/**
 * Event ids are content-addressed: uuid v8 from one SHA-256 of the command id and the whole
 * batch (its first 128 bits, the event's index XORed into the last 32, version and variant
 * set), checked against a reference written from the layout with `createHash`; equal
 * batches give equal ids and any difference anywhere in a batch gives other ids for all its
 * events. The development builds' scheme (uuid v5 of `<commandId>/<index>/<digest>`) and the
 * earliest one (`<commandId>/<index>`) are still computed, for imports.
 */
import * as crypto from 'node:crypto';
import fc from 'fast-check';
import { v5 as uuidv5, validate as uuidValidate } from 'uuid';
import { batchDigest, developmentEventIdsFor, earlierEventIdFor, eventIdsFor, idSchemesFor, type EventContent } from '../../src/stream/eventIds';

const NAMESPACE = uuidv5('@lukea/complaints/event-ids', uuidv5.URL);

const jsonValue = fc.jsonValue({ maxDepth: 3 }) as fc.Arbitrary<unknown>;
const content: fc.Arbitrary<EventContent> = fc.record({ type: fc.string({ minLength: 1, maxLength: 20 }), data: jsonValue, metadata: fc.dictionary(fc.string({ maxLength: 8 }), jsonValue, { maxKeys: 4 }) });
const batch = fc.array(content, { minLength: 1, maxLength: 4 });

const withoutTrace = (m: unknown): unknown => {
  if (typeof m !== 'object' || m === null) return m;
  return Object.fromEntries(Object.entries(m).filter(([k]) => k !== '$traceId' && k !== '$spanId'));
};

/** The digest, from its definition: SHA-256 of the JSON array [commandId, type, data, metadata, …]. */
const referenceDigest = (commandId: string, events: readonly EventContent[]): Buffer =>
  crypto
    .createHash('sha256')
    .update(JSON.stringify([commandId, ...events.flatMap((e) => [e.type, e.data, withoutTrace(e.metadata)])]), 'utf8')
    .digest();

/** RFC 9562 uuid v8 from the digest's first 16 bytes, the index XORed into bytes 12–15. */
const referenceId = (digest: Buffer, index: number): string => {
  const b = Buffer.from(digest.subarray(0, 16));
  b.writeUInt32BE((b.readUInt32BE(12) ^ index) >>> 0, 12);
  b[6] = ((b[6] ?? 0) & 0x0f) | 0x80;
  b[8] = ((b[8] ?? 0) & 0x3f) | 0x80;
  const h = b.toString('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
};

const developmentDigest = (events: readonly EventContent[]): string =>
  crypto
    .createHash('sha256')
    .update(events.map((e) => `${JSON.stringify(e.type)}\n${JSON.stringify(e.data)}\n${JSON.stringify(withoutTrace(e.metadata))}\n`).join(''), 'utf8')
    .digest('hex');

describe('eventIdsFor', () => {
  it('equals uuid v8 of one SHA-256 over the command id and the batch, the index XORed into the last 32 bits, for any command id and batch', () => {
    fc.assert(
      fc.property(fc.uuid(), batch, (commandId, events) => {
        const digest = referenceDigest(commandId, events);
        expect(batchDigest(commandId, events)).toBe(digest.toString('hex'));
        expect(eventIdsFor(commandId, events)).toEqual(events.map((_, i) => referenceId(digest, i)));
      }),
      { numRuns: 500 },
    );
  });

  it('gives uuids of version 8 and the RFC variant, which the stores accept as event ids', () => {
    fc.assert(
      fc.property(fc.uuid(), batch, (commandId, events) => {
        for (const id of eventIdsFor(commandId, events)) {
          expect(id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-8[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
          expect(uuidValidate(id)).toBe(true);
        }
      }),
    );
  });

  it('leaves the trace context out: a client instrumentation may rewrite it after the ids are computed', () => {
    fc.assert(
      fc.property(fc.uuid(), batch, fc.string({ unit: fc.constantFrom(...'0123456789abcdef'), minLength: 32, maxLength: 32 }), (commandId, events, traceId) => {
        const traced = events.map((e) => ({ ...e, metadata: { ...(e.metadata as object), $traceId: traceId, $spanId: traceId.slice(0, 16) } }));
        expect(eventIdsFor(commandId, traced)).toEqual(eventIdsFor(commandId, events));
      }),
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

describe('the earlier schemes, for imports (ids are never recomputed on read)', () => {
  it('development builds: the uuid package’s v5 of <commandId>/<index>/<SHA-256 of the lines of the batch>', () => {
    fc.assert(
      fc.property(fc.uuid(), batch, (commandId, events) => {
        const digest = developmentDigest(events);
        expect(developmentEventIdsFor(commandId, events)).toEqual(events.map((_, i) => uuidv5(`${commandId}/${i}/${digest}`, NAMESPACE)));
      }),
      { numRuns: 200 },
    );
  });

  it('the ids development builds stored are computed again to the letter', () => {
    const events: EventContent[] = [
      { type: 'ComplaintAcknowledged', data: { complaintId: '00000000-0000-4000-8000-000000000002' }, metadata: { recordedAt: '2022-01-03T09:00:00.000Z' } },
      { type: 'ComplaintAssigned', data: { to: 'agent-1' }, metadata: { recordedAt: '2022-01-03T09:00:00.000Z' } },
    ];
    expect(developmentEventIdsFor('00000000-0000-4000-8000-000000000001', events)).toEqual(PINNED_DEVELOPMENT);
  });

  it('an import accepts, for each index, the current id, the development builds’ and the earliest one', () => {
    fc.assert(
      fc.property(fc.uuid(), batch, (commandId, events) => {
        const schemes = idSchemesFor(commandId, events);
        const current = eventIdsFor(commandId, events);
        const development = developmentEventIdsFor(commandId, events);
        events.forEach((_, i) => {
          expect(schemes(i)).toEqual([current[i], development[i], uuidv5(`${commandId}/${i}`, NAMESPACE)]);
          expect(earlierEventIdFor(commandId, i)).toBe(uuidv5(`${commandId}/${i}`, NAMESPACE));
        });
      }),
      { numRuns: 100 },
    );
  });
});

// Computed once by this version; a change here would break idempotent retries across an upgrade.
const PINNED = ['a919ad78-8e26-83e2-8837-8fdbaaa4437e', 'a919ad78-8e26-83e2-8837-8fdbaaa4437f'];
// The ids development builds before 0.1.0 gave the same batch (pinned by their own test then).
const PINNED_DEVELOPMENT = ['8873684d-99a6-5246-a66c-333ccd032c23', '7b73fe50-63be-5246-8099-d64fef91961e'];
