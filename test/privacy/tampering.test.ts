/**
 * A personal field reads either exactly what was appended at its place, or `[erased]` when
 * its complainant's key was erased. Anything else is a typed error naming stream, revision,
 * event and field — never a silent `[erased]`.
 */
import * as E from 'fp-ts/lib/Either.js';
import { historyTE } from '../../src/audit/history';
import { EventStoreError } from '../../src/eventstore/errors';
import { InMemoryEventStore } from '../../src/eventstore/inMemoryEventStore';
import type { EventStore, JsonValue, RecordedEvent } from '../../src/eventstore/port';
import {
  InMemoryKeyStore,
  KeyStoreError,
  PersonalDataError,
  type KeyStore,
  type PrivacyError,
  eraseComplainant,
  privacyErrorOf,
  protectPersonalData,
} from '../../src/privacy/index';
import { cmd } from '../domain/spec';
import { CAMILLE, ID, OTHER_ID, type ProtectedWorld, copyStore, field, fullStory, protectedWorld, rawAt, withField } from './fixtures';

const STREAM = `complaint-${ID}`;

/** The privacy error a promise rejects with (an EventStoreError whose cause carries it). */
const privacyRejection = async (promise: Promise<unknown>): Promise<PrivacyError> => {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(EventStoreError);
  const found = privacyErrorOf(error);
  if (found === undefined) throw new Error(`expected a privacy error, got ${String(error)}`);
  return found;
};

/** A protected view of a tampered copy of the world's inner store, with the world's keys. */
const tampered = async (w: ProtectedWorld, change: (r: RecordedEvent, all: readonly RecordedEvent[]) => JsonValue): Promise<EventStore> =>
  protectPersonalData(await copyStore(w.inner, change), { keyStore: w.keyStore });

const flipOneCharacter = (envelope: string): string => {
  const i = envelope.length - 30;
  return `${envelope.slice(0, i)}${envelope[i] === 'A' ? 'B' : 'A'}${envelope.slice(i + 1)}`;
};

describe('tampering with stored ciphertexts', () => {
  it('an altered ciphertext is a PersonalFieldTampered naming stream, revision, event and field, on every read path', async () => {
    const w = await fullStory();
    const store = await tampered(w, (r) => (r.streamName === STREAM && r.revision === 0n ? withField(r.data, 'complainant.email', flipOneCharacter(String(field(r.data, 'complainant.email')))) : r.data));
    const expected = { _tag: 'PersonalFieldTampered', streamName: STREAM, revision: 0n, eventType: 'ComplaintReceived', field: 'data.complainant.email' };
    expect(await privacyRejection(store.readStream(STREAM))).toMatchObject(expected);
    expect(await privacyRejection(store.readAll())).toMatchObject(expected);
    const sub = store.subscribeToAll();
    const delivered: RecordedEvent[] = [];
    const ended = (async () => {
      for await (const r of sub) delivered.push(r);
    })();
    expect(await privacyRejection(ended)).toMatchObject(expected);
    await sub.unsubscribe();
    // The other complaint still reads, and the error's message names the place.
    expect((await store.readStream(`complaint-${OTHER_ID}`)).length).toBeGreaterThan(0);
    const error = await store.readStream(STREAM).catch((e: unknown) => e);
    expect(error instanceof EventStoreError && error.error._tag).toBe('StoreFailure');
    expect(String(error instanceof Error && error.message)).toContain(`${STREAM}@0 (ComplaintReceived`);
    expect(String(error instanceof Error && error.message)).toContain('field data.complainant.email');
  });

  it('the service and the audit answer a typed error, not a state', async () => {
    const w = await fullStory();
    const store = await tampered(w, (r) => (r.streamName === STREAM && r.type === 'ComplaintAnswered' ? withField(r.data, 'facts', flipOneCharacter(String(field(r.data, 'facts')))) : r.data));
    const replay = await historyTE(store, ID)();
    expect(E.isLeft(replay) && replay.left).toMatchObject({ _tag: 'StoreFailure' });
    expect(E.isLeft(replay) && 'message' in replay.left && replay.left.message).toMatch(/ComplaintAnswered .*field data\.facts does not authenticate/);
  });

  it('swapping two fields of one event is detected (the associated data binds the field path)', async () => {
    const w = await fullStory();
    const store = await tampered(w, (r) => {
      if (r.streamName !== STREAM || r.revision !== 0n) return r.data;
      const [name, email] = [field(r.data, 'complainant.name'), field(r.data, 'complainant.email')];
      return withField(withField(r.data, 'complainant.name', email), 'complainant.email', name);
    });
    expect(await privacyRejection(store.readStream(STREAM))).toMatchObject({ _tag: 'PersonalFieldTampered', revision: 0n, field: 'data.complainant.name' });
  });

  it('swapping the items of an array is detected (the index is part of the path)', async () => {
    const w = await fullStory();
    const store = await tampered(w, (r) => {
      if (r.streamName !== STREAM || r.type !== 'ComplaintAnswered') return r.data;
      const measures = field(r.data, 'correctiveMeasures') as JsonValue[];
      return withField(r.data, 'correctiveMeasures', [...measures].reverse());
    });
    expect(await privacyRejection(store.readStream(STREAM))).toMatchObject({ _tag: 'PersonalFieldTampered', eventType: 'ComplaintAnswered', field: 'data.correctiveMeasures[0]' });
  });

  it('moving a ciphertext to another event of the same stream is detected (the event id is bound)', async () => {
    const w = await fullStory();
    const store = await tampered(w, (r, all) => {
      if (r.streamName !== STREAM || r.type !== 'ComplaintAnswerDelayed') return r.data;
      const urgency = all.find((e) => e.streamName === STREAM && e.type === 'ComplaintUrgencyReassessed');
      return withField(r.data, 'reason', urgency === undefined ? null : field(urgency.data, 'reason'));
    });
    expect(await privacyRejection(store.readStream(STREAM))).toMatchObject({ _tag: 'PersonalFieldTampered', eventType: 'ComplaintAnswerDelayed', field: 'data.reason' });
  });

  it('moving a ciphertext to another stream of the same complainant (same key) is detected', async () => {
    const w = protectedWorld();
    await w.service.handle(cmd.receive({ description: 'first complaint' }), w.meta());
    await w.service.handle({ ...cmd.receive({ description: 'second complaint' }), complaintId: OTHER_ID as ReturnType<typeof cmd.receive>['complaintId'] }, w.meta());
    const store = await tampered(w, (r, all) =>
      r.streamName === `complaint-${OTHER_ID}` ? withField(r.data, 'description', field(rawAt(all, ID, 0n).data, 'description')) : r.data,
    );
    expect(await privacyRejection(store.readStream(`complaint-${OTHER_ID}`))).toMatchObject({ _tag: 'PersonalFieldTampered', streamName: `complaint-${OTHER_ID}`, field: 'data.description' });
  });

  it('a ciphertext of another complainant is a PersonalFieldKeyMismatch — even when that key was erased, it never reads [erased]', async () => {
    const w = await fullStory();
    await eraseComplainant(w.keyStore, CAMILLE.id);
    const store = await tampered(w, (r, all) =>
      r.streamName === `complaint-${OTHER_ID}` && r.revision === 0n ? withField(r.data, 'subject', field(rawAt(all, ID, 0n).data, 'subject')) : r.data,
    );
    expect(await privacyRejection(store.readStream(`complaint-${OTHER_ID}`))).toMatchObject({
      _tag: 'PersonalFieldKeyMismatch',
      field: 'data.subject',
      keyComplainantId: CAMILLE.id,
      streamComplainantId: 'client-77',
    });
  });

  it('a plaintext where a ciphertext belongs is a PersonalFieldMalformed (a forged "[erased]" included)', async () => {
    const w = await fullStory();
    for (const forged of ['Someone Else', '[erased]', 'pd1.not-a-key!.AAAA', 42]) {
      const store = await tampered(w, (r) => (r.streamName === STREAM && r.revision === 0n ? withField(r.data, 'complainant.name', forged) : r.data));
      expect(await privacyRejection(store.readStream(STREAM))).toMatchObject({ _tag: 'PersonalFieldMalformed', field: 'data.complainant.name' });
    }
  });

  it('a store paired with the wrong key store answers PersonalFieldKeyUnknown, not [erased]', async () => {
    const w = await fullStory();
    const wrong = protectPersonalData(w.inner, { keyStore: new InMemoryKeyStore() });
    expect(await privacyRejection(wrong.readStream(STREAM))).toMatchObject({ _tag: 'PersonalFieldKeyUnknown', streamName: STREAM, revision: 0n, field: 'data.complainant.name' });
  });
});

describe('key store failures', () => {
  class DownKeyStore implements KeyStore {
    constructor(private readonly inner: KeyStore) {}
    getOrCreate(): Promise<never> {
      return Promise.reject(new KeyStoreError({ _tag: 'KeyStoreUnavailable', message: 'connection refused' }));
    }
    get(): Promise<never> {
      return Promise.reject(new KeyStoreError({ _tag: 'KeyStoreUnavailable', message: 'connection refused' }));
    }
    erase(subjectId: string) {
      return this.inner.erase(subjectId);
    }
  }

  it('an unavailable key store is a StoreUnavailable (worth retrying) on reads and appends, and nothing is written', async () => {
    const w = await fullStory();
    const down = protectPersonalData(w.inner, { keyStore: new DownKeyStore(w.keyStore) });
    const read = await down.readStream(STREAM).catch((e: unknown) => e);
    expect(read instanceof EventStoreError && read.error._tag).toBe('StoreUnavailable');
    expect(privacyErrorOf(read)).toEqual({ _tag: 'KeyStoreUnavailable', message: 'connection refused' });
    const empty = new InMemoryEventStore();
    const appendDown = protectPersonalData(empty, { keyStore: new DownKeyStore(new InMemoryKeyStore()) });
    const events = await w.inner.readStream(STREAM, { maxCount: 1 });
    const append = await appendDown.appendToStream(STREAM, events.map((r) => ({ id: r.id, type: r.type, data: r.data, metadata: r.metadata }))).catch((e: unknown) => e);
    expect(append instanceof EventStoreError && append.error._tag).toBe('StoreUnavailable');
    expect(await empty.readAll()).toEqual([]);
  });

  it('erasure failures are typed: the fp-ts API answers Left, the Promise API rejects with a PersonalDataError', async () => {
    const failing: KeyStore = { getOrCreate: () => Promise.reject(new Error('x')), get: () => Promise.reject(new Error('x')), erase: () => Promise.reject(new Error('disk full')) };
    await expect(eraseComplainant(failing, 'client-42')).rejects.toMatchObject({ name: 'PersonalDataError', _tag: 'KeyStoreRefused' });
    await expect(eraseComplainant(failing, 'client-42')).rejects.toBeInstanceOf(PersonalDataError);
  });
});

describe('what a protected store refuses to append', () => {
  const world = () => {
    const inner = new InMemoryEventStore();
    return { inner, store: protectPersonalData(inner, { keyStore: new InMemoryKeyStore() }) };
  };
  const received = (data: JsonValue) => ({ id: '00000000-0000-4000-8000-000000000001', type: 'ComplaintReceived', data, metadata: {} });

  it('a personal field that is not text is an InvalidAppend, and nothing is written', async () => {
    const { inner, store } = world();
    const error = await store.appendToStream(STREAM, [received({ complainant: { id: 'c', name: { first: 'Camille' } } })]).catch((e: unknown) => e);
    expect(error instanceof EventStoreError && error.error).toMatchObject({ _tag: 'InvalidAppend', streamName: STREAM });
    expect(privacyErrorOf(error)).toMatchObject({ _tag: 'PersonalFieldMalformed', revision: null, field: 'data.complainant.name' });
    expect(error instanceof Error && error.message).toBe(
      `Cannot append to ${STREAM}: Personal field ${STREAM} (appending ComplaintReceived 00000000-0000-4000-8000-000000000001), field data.complainant.name is malformed: it is an object; personal fields hold text.`,
    );
    expect(await inner.readAll()).toEqual([]);
  });

  it('a lone UTF-16 surrogate (not text; UTF-8 would corrupt it) is an InvalidAppend', async () => {
    const { store } = world();
    const error = await store.appendToStream(STREAM, [received({ complainant: { id: 'c', name: 'bad \uD800 text' } })]).catch((e: unknown) => e);
    expect(privacyErrorOf(error)).toMatchObject({ _tag: 'PersonalFieldMalformed', field: 'data.complainant.name' });
  });

  it('personal fields in a complaint stream with no ComplaintReceived are a ComplainantUnknown InvalidAppend', async () => {
    const { store } = world();
    const error = await store
      .appendToStream(STREAM, [{ id: '00000000-0000-4000-8000-000000000002', type: 'ComplaintClientContacted', data: { summary: 'who?' }, metadata: {} }])
      .catch((e: unknown) => e);
    expect(error instanceof EventStoreError && error.error._tag).toBe('InvalidAppend');
    expect(privacyErrorOf(error)).toMatchObject({ _tag: 'ComplainantUnknown', field: 'data.summary' });
  });

  it('other streams, other types and events without personal fields pass through untouched', async () => {
    const { inner, store } = world();
    const data = { name: 'Camille Martin', description: 'not a complaint event' };
    await store.appendToStream('orders-1', [{ id: '00000000-0000-4000-8000-000000000003', type: 'ComplaintReceived', data, metadata: {} }]);
    await store.appendToStream(STREAM, [{ id: '00000000-0000-4000-8000-000000000004', type: 'SomethingElse', data, metadata: {} }]);
    await store.appendToStream(STREAM, [{ id: '00000000-0000-4000-8000-000000000005', type: 'ComplaintDeadlineMissed', data: { deadline: 'answer' }, metadata: {} }]);
    expect((await inner.readAll()).map((r) => r.data)).toEqual([data, data, { deadline: 'answer' }]);
  });
});
