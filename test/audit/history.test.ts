import * as E from 'fp-ts/lib/Either.js';
import { fold } from '../../src/domain/evolve';
import { historyTE, history, stateAsOfTE, stateAsOf } from '../../src/audit/history';
import { ID, T, agent, story, supervisor, system, world } from './fixtures';

describe('history', () => {
  it('gives every event with the state after it, its actor and its times', async () => {
    const w = await story();
    const entries = await history(w.store, ID);
    const events = await w.service.listStream(ID);
    expect(entries.map((e) => e.event.type)).toEqual([
      'ComplaintReceived',
      'ComplaintAssigned',
      'ComplaintDeadlineMissed',
      'ComplaintAcknowledged',
      'ComplaintAnswerDelayed',
      'ComplaintAnswered',
    ]);
    entries.forEach((entry, i) => {
      expect(entry.state).toEqual(fold(events.slice(0, i + 1).map((e) => e.event)));
      expect(entry.before).toEqual(fold(events.slice(0, i).map((e) => e.event)));
      expect(entry.revision).toBe(BigInt(i));
    });
    expect(entries.map((e) => e.actor)).toEqual([agent, agent, system, agent, agent, supervisor]);
    expect(entries[0]?.occurredAt).toBe('2022-01-10T09:00:00+01:00');
    expect(entries[0]?.recordedAt).toBe(T.received);
    expect(entries[5]?.state).toEqual(await w.service.getComplaint(ID));
  });

  it('answers UnknownComplaint for an empty stream and DecodeError for a bad id', async () => {
    const w = world();
    const unknown = await historyTE(w.store, ID)();
    expect(E.isLeft(unknown) && unknown.left).toEqual({ _tag: 'UnknownComplaint', complaintId: ID });
    const bad = await historyTE(w.store, 'nope')();
    expect(E.isLeft(bad) && bad.left._tag).toBe('DecodeError');
    await expect(history(w.store, ID)).rejects.toMatchObject({ name: 'ComplaintServiceError', _tag: 'UnknownComplaint' });
  });
});

describe('stateAsOf', () => {
  it('folds only what was recorded at or before the instant', async () => {
    const w = await story();
    // Before the backdated receipt was typed in, nothing was known, even though it happened on Monday.
    const monday = await stateAsOf(w.store, ID, '2022-01-10T18:00:00+01:00');
    expect(monday).toEqual({ asOf: '2022-01-10T17:00:00.000Z', state: { status: 'none' }, eventCount: 0, lastRevision: null });
    const received = await stateAsOf(w.store, ID, T.received);
    expect(received.state.status).toBe('received');
    expect(received.eventCount).toBe(2);
    const midJanuary = await stateAsOf(w.store, ID, new Date('2022-01-20T12:00:00Z'));
    expect(midJanuary.state.status).toBe('acknowledged');
    expect(midJanuary.lastRevision).toBe(3n);
    const february = await stateAsOf(w.store, ID, '2022-02-01T00:00:00Z');
    expect(february.state.status).toBe('delayed');
    const later = await stateAsOf(w.store, ID, '2030-01-01T00:00:00Z');
    expect(later.state).toEqual(await w.service.getComplaint(ID));
  });

  it('refuses an instant that is not a date', async () => {
    const w = await story();
    const r = await stateAsOfTE(w.store, ID, 'yesterday')();
    expect(E.isLeft(r) && r.left._tag).toBe('DecodeError');
  });

  it.each<[string, unknown]>([
    ['null', null],
    ['NaN', Number.NaN],
    ['an object', { at: '2022-02-01T00:00:00Z' }],
    ['an invalid Date', new Date('nope')],
    ['a day that does not exist', '2022-02-30T00:00:00Z'],
    ['a date without an offset', '2022-02-01'],
  ])('an instant that is %s is a DecodeError, never a throw or a guessed day', async (_what, instant) => {
    const w = await story();
    const r = await stateAsOfTE(w.store, ID, instant as Date)();
    expect(E.isLeft(r) && r.left._tag).toBe('DecodeError');
  });
});
