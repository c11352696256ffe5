/**
 * Events the in-memory store holds are its own deep-frozen copies, so a decoder may remember
 * that one was valid and skip the checks on later reads (src/eventstore/inMemory/frozenEvents.ts).
 * These tests pin what that may and may not change: the decoded value is the same as a
 * full check's, invalid stored events are refused on every read, and the remembered verdict
 * covers only the exact objects the store made, at the schema version they were checked at.
 */
import * as E from 'fp-ts/Either';
import { ComplaintService } from '../../src/application/complaintService';
import { decodeKept, decodeStored, decodeStream } from '../../src/stream/decodeStream';
import { complaintStreamName } from '../../src/stream/streams';
import { CURRENT_SCHEMA_VERSIONS, UpcasterRegistry } from '../../src/stream/upcasting';
import { InMemoryEventStore } from '../../src/eventstore/inMemory/inMemoryEventStore';
import { type StoredEvent, toRecorded } from '../../src/eventstore/inMemory/storedLog';
import { storedLogOf } from '../../src/eventstore/inMemory/storedReads';
import type { JsonObject, JsonValue, RecordedEvent } from '../../src/eventstore/port';
import { ID, agent, cmd } from '../domain/spec';
import { NOW, meta, plain } from '../application/harness';

const STREAM = complaintStreamName(ID);

/** A store holding a complaint received, assigned, acknowledged and contacted (through the service). */
const storedComplaint = async (): Promise<InMemoryEventStore> => {
  const store = new InMemoryEventStore({ clock: () => NOW });
  const service = new ComplaintService({ store, clock: () => NOW });
  for (const c of [cmd.receive(), cmd.assign(), cmd.acknowledge(), cmd.contact()]) await service.handle(plain(c), meta({}, agent));
  return store;
};

/** The same recorded events as fresh JSON objects, as another store would hand them out. */
const fromOutside = (events: readonly RecordedEvent[]): RecordedEvent[] =>
  events.map((r) => ({ ...r, data: JSON.parse(JSON.stringify(r.data)) as JsonValue, metadata: JSON.parse(JSON.stringify(r.metadata)) as JsonObject }));

const right = <A>(r: E.Either<unknown, A>): A => {
  if (E.isLeft(r)) throw new Error(`expected a decoded value, got ${JSON.stringify(r.left)}`);
  return r.right;
};

describe('verdicts remembered for the in-memory store’s own frozen events', () => {
  it('an event read again decodes to the same value as the first, checked read and as fresh JSON checked in full', async () => {
    const store = await storedComplaint();
    const upcasters = new UpcasterRegistry();
    const first = right(decodeStream(await store.readStream(STREAM), upcasters));
    const again = right(decodeStream(await store.readStream(STREAM), upcasters));
    const outside = right(decodeStream(fromOutside(await store.readStream(STREAM)), upcasters));
    expect(again).toEqual(first);
    expect(again).toEqual(outside);
    // Key order included (what JSON of a listStream answer shows).
    const json = (v: unknown): string => JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? `${x}n` : x));
    expect(json(again)).toBe(json(outside));
    // Through the global log and another registry of the same schema versions, too.
    const viaAll = (await store.readAll()).map((r) => right(decodeStored(r, new UpcasterRegistry())));
    expect(viaAll).toEqual(first);
  });

  it('a stored event that fails its checks is refused on every read, with stream, revision and path', async () => {
    const store = await storedComplaint();
    const [received] = await store.readStream(STREAM);
    if (received === undefined) throw new Error('no event');
    // A fifth event with a channel the codec does not know, appended to the store directly.
    const bad = { ...(received.metadata as Record<string, JsonValue>), commandType: 'LogClientContact', schemaVersion: 1 };
    await store.appendToStream(STREAM, [
      {
        id: '0b7e7e52-9d3b-4d43-9d8a-3b7e0f6c2a11',
        type: 'ComplaintClientContacted',
        data: { contactedAt: '2022-01-11T10:00:00+01:00', direction: 'outbound', channel: 'fax', summary: 'Faxed.' },
        metadata: bad,
      },
    ]);
    const upcasters = new UpcasterRegistry();
    for (let read = 0; read < 3; read++) {
      const r = decodeStream(await store.readStream(STREAM), upcasters);
      expect(E.isLeft(r) && r.left).toMatchObject({ _tag: 'CorruptedEvent', streamName: STREAM, revision: 4n, issues: [{ path: 'data.channel' }] });
    }
  });

  it('the verdict covers only the very objects and type the store holds: anything else read with them is checked in full', async () => {
    const store = await storedComplaint();
    const upcasters = new UpcasterRegistry();
    const events = await store.readStream(STREAM);
    right(decodeStream(events, upcasters)); // checked once: the verdicts are remembered
    const contact = events[3];
    if (contact === undefined) throw new Error('no event');
    const data = contact.data as Record<string, JsonValue>;
    const metadata = contact.metadata as Record<string, JsonValue>;
    // Other data with the store's metadata; the store's data under another type; other metadata.
    const otherData = decodeStored({ ...contact, data: { ...data, channel: 'fax' } }, upcasters);
    const otherType = decodeStored({ ...contact, type: 'ComplaintAssigned' }, upcasters);
    const otherMetadata = decodeStored({ ...contact, metadata: { ...metadata, schemaVersion: 99 } }, upcasters);
    expect(E.isLeft(otherData) && otherData.left.issues.map((i) => i.path)).toEqual(['data.channel']);
    expect(E.isLeft(otherType) && otherType.left.issues.map((i) => i.path)).toContain('data.assignedAt');
    expect(E.isLeft(otherMetadata) && otherMetadata.left.issues.map((i) => i.path)).toEqual(['metadata.schemaVersion']);
    // The store's own view with a field reassigned by its reader.
    const view = contact as { -readonly [K in keyof RecordedEvent]: RecordedEvent[K] };
    view.data = { ...data, channel: 'fax' };
    const reassigned = decodeStored(view, upcasters);
    expect(E.isLeft(reassigned) && reassigned.left.issues.map((i) => i.path)).toEqual(['data.channel']);
  });

  it('a verdict holds only at the schema version it was reached at: a registry that writes a newer version upcasts on every read', async () => {
    const store = await storedComplaint();
    right(decodeStream(await store.readStream(STREAM), new UpcasterRegistry()));
    // ComplaintClientContacted at version 2: the summary is prefixed on the way up.
    const newer = new UpcasterRegistry(
      [{ eventType: 'ComplaintClientContacted', fromVersion: 1, description: 'test', upcast: (d) => ({ ...(d as JsonObject), summary: `v2: ${String((d as JsonObject).summary)}` }) }],
      { ...CURRENT_SCHEMA_VERSIONS, ComplaintClientContacted: 2 },
    );
    for (let read = 0; read < 2; read++) {
      const [, , , contact] = right(decodeStream(await store.readStream(STREAM), newer));
      expect(contact?.event.type === 'ComplaintClientContacted' && contact.event.data.summary).toMatch(/^v2: /);
    }
    // And back under today's registry: the stored event as it is.
    const [, , , contact] = right(decodeStream(await store.readStream(STREAM), new UpcasterRegistry()));
    expect(contact?.event.type === 'ComplaintClientContacted' && contact.event.data.summary).not.toMatch(/^v2: /);
  });

  it('an event stored at an older schema version is upcast on every read, never remembered as is', async () => {
    const store = new InMemoryEventStore({ clock: () => NOW });
    const service = new ComplaintService({ store, clock: () => NOW });
    await service.handle(plain(cmd.receive()), meta({}, agent));
    const [received] = await store.readStream(STREAM);
    if (received === undefined) throw new Error('no event');
    // The same receipt as schema 1 wrote it (no timeZone, no urgency target), in another stream.
    const { timeZone: _zone, deadlines, ...v1 } = received.data as Record<string, JsonValue>;
    const { urgencyTargetDue: _target, ...v1Deadlines } = deadlines as Record<string, JsonValue>;
    const otherId = '2a7d3f10-5b8e-4f6a-8c1d-9e0f1a2b3c4d';
    await store.appendToStream(complaintStreamName(otherId), [
      {
        id: '5d1b0c1e-4f2a-4e7b-9a55-0f3b2c1d4e5f',
        type: 'ComplaintReceived',
        data: { ...v1, complaintId: otherId, deadlines: v1Deadlines },
        metadata: { ...(received.metadata as JsonObject), schemaVersion: 1 },
      },
    ]);
    for (let read = 0; read < 2; read++) {
      const [event] = right(decodeStream(await store.readStream(complaintStreamName(otherId)), new UpcasterRegistry()));
      expect(event?.event.type === 'ComplaintReceived' && event.event.data).toMatchObject({ timeZone: 'Europe/Paris', deadlines: { urgencyTargetDue: null } });
    }
  });
});

/** The store's own records (what the projection runner reads in place). */
const recordsOf = (store: InMemoryEventStore): readonly StoredEvent[] => {
  const log = storedLogOf(store);
  if (log === undefined) throw new Error('the store did not share its log');
  return log;
};

const json = (v: unknown): string => JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? `${x}n` : x));

describe('the kept event a reader of the log in place folds (decodeKept)', () => {
  it('is what decodeStored gives for a view of the same stored event: same value, same keys in the same order, before and after a first read', async () => {
    const store = await storedComplaint();
    const upcasters = new UpcasterRegistry();
    // Never read before: decodeKept checks it; then read by decodeStored through a view, and the other way round.
    const fresh = recordsOf(store).map((s) => decodeKept(s, upcasters));
    const viaViews = recordsOf(store).map((s) => right(decodeStored(toRecorded(s), upcasters)));
    const again = recordsOf(store).map((s) => decodeKept(s, upcasters));
    expect(fresh).toHaveLength(4);
    expect(fresh).toEqual(viaViews);
    expect(json(fresh)).toBe(json(viaViews));
    expect(fresh.map((k) => Object.keys(k ?? {}))).toEqual(viaViews.map((v) => Object.keys(v)));
    expect(fresh.map((k) => k?.createdAt.getTime())).toEqual(viaViews.map((v) => v.createdAt.getTime()));
    // The same kept object on every read (nothing built per read).
    again.forEach((k, i) => expect(k).toBe(fresh[i]));
    // And as fresh JSON from outside checked in full.
    const outside = right(decodeStream(fromOutside(await store.readAll()), upcasters));
    expect(json(fresh)).toBe(json(outside));
  });

  it('cannot be changed by whoever is given it: frozen to the bottom, and createdAt a fresh Date on every read', async () => {
    const store = await storedComplaint();
    const [s] = recordsOf(store);
    if (s === undefined) throw new Error('no event');
    const kept = decodeKept(s, new UpcasterRegistry());
    if (kept === undefined) throw new Error('not kept');
    expect(Object.isFrozen(kept)).toBe(true);
    expect(Object.isFrozen(kept.event)).toBe(true);
    expect(Object.isFrozen(kept.event.data)).toBe(true);
    expect(Object.isFrozen(kept.metadata)).toBe(true);
    expect(Object.isFrozen(kept.metadata.actor)).toBe(true);
    const writable = kept as { -readonly [K in keyof typeof kept]: (typeof kept)[K] };
    expect(() => {
      writable.streamName = 'complaint-other';
    }).toThrow(TypeError);
    expect(() => {
      writable.createdAt = new Date(0);
    }).toThrow(TypeError);
    const date = kept.createdAt;
    expect(date).toEqual(NOW);
    expect(kept.createdAt).not.toBe(date);
    date.setTime(0);
    expect(kept.createdAt).toEqual(NOW);
    expect(decodeKept(s, new UpcasterRegistry())?.createdAt).toEqual(NOW);
    expect(kept.streamName).toBe(STREAM);
  });

  it('is given only for an event valid as stored at the schema version written today: a corrupt one, one whose type the registry now writes at a newer version, or under a registry that upcasts its own way, none; a view of it then decodes as before', async () => {
    const store = await storedComplaint();
    const [received] = await store.readStream(STREAM);
    if (received === undefined) throw new Error('no event');
    await store.appendToStream(STREAM, [
      {
        id: '0b7e7e52-9d3b-4d43-9d8a-3b7e0f6c2a12',
        type: 'ComplaintClientContacted',
        data: { contactedAt: '2022-01-11T10:00:00+01:00', direction: 'outbound', channel: 'fax', summary: 'Faxed.' },
        metadata: { ...(received.metadata as JsonObject), commandType: 'LogClientContact', schemaVersion: 1 },
      },
    ]);
    const records = recordsOf(store);
    const corrupt = records[4];
    if (corrupt === undefined) throw new Error('no event');
    const upcasters = new UpcasterRegistry();
    for (let read = 0; read < 2; read++) {
      expect(decodeKept(corrupt, upcasters)).toBeUndefined();
      const viaView = decodeStored(toRecorded(corrupt), upcasters);
      expect(E.isLeft(viaView) && viaView.left).toMatchObject({ _tag: 'CorruptedEvent', streamName: STREAM, revision: 4n, issues: [{ path: 'data.channel' }] });
    }
    // Valid today, but a registry that writes a newer version of its type upcasts it: no kept event then.
    const contact = records[3];
    if (contact === undefined) throw new Error('no event');
    expect(decodeKept(contact, upcasters)).toBeDefined();
    const newer = new UpcasterRegistry(
      [{ eventType: 'ComplaintClientContacted', fromVersion: 1, description: 'test', upcast: (d) => ({ ...(d as JsonObject), summary: `v2: ${String((d as JsonObject).summary)}` }) }],
      { ...CURRENT_SCHEMA_VERSIONS, ComplaintClientContacted: 2 },
    );
    expect(decodeKept(contact, newer)).toBeUndefined();
    const upcast = right(decodeStored(toRecorded(contact), newer));
    expect(upcast.event.type === 'ComplaintClientContacted' && upcast.event.data.summary).toMatch(/^v2: /);
    // A registry whose upcast is its own (a subclass) is never answered a kept verdict.
    class Own extends UpcasterRegistry {
      override upcast(...args: Parameters<UpcasterRegistry['upcast']>): ReturnType<UpcasterRegistry['upcast']> {
        return super.upcast(...args);
      }
    }
    expect(decodeKept(contact, new Own())).toBeUndefined();
    expect(decodeKept(contact, upcasters)).toBeDefined();
  });
});
