import * as fc from 'fast-check';
import type { ComplaintEvent } from '../../src/domain/events';
import { evolve, fold } from '../../src/domain/evolve';
import { type ComplaintState, initialState } from '../../src/domain/state';
import { cmd, direction, history, supervisor, system } from './spec';

// Events of every type, from two real histories: a written complaint through its whole
// lifecycle (with every side fact), and a verbal one requalified.
const lifecycle = history(
  { command: cmd.receive({ channel: 'postal_mail', receivedAt: '2022-01-10T09:00:00+01:00' as never }), now: '2022-01-11T14:00:00+01:00' },
  { command: cmd.assign(), now: '2022-01-11T14:05:00+01:00' },
  { command: cmd.acknowledge(), now: '2022-01-13T10:00:00+01:00' },
  { command: cmd.contact(), now: '2022-01-14T10:00:00+01:00' },
  { command: cmd.urgency(), now: '2022-01-14T11:00:00+01:00' },
  { command: cmd.recategorise(), now: '2022-01-14T12:00:00+01:00' },
  { command: cmd.delay(), now: '2022-01-24T10:00:00+01:00' },
  { command: cmd.missed('urgency_target'), now: '2022-01-26T10:00:00+01:00', actor: system },
  { command: cmd.answer(), now: '2022-02-03T10:00:00+01:00' },
  { command: cmd.appeal(), now: '2022-02-07T10:00:00+01:00' },
  { command: cmd.decideAppeal(), now: '2022-02-15T10:00:00+01:00', actor: direction },
  { command: cmd.refer(), now: '2022-02-20T10:00:00+01:00' },
  { command: cmd.conclude(), now: '2022-04-12T10:00:00+02:00' },
  { command: cmd.close(), now: '2022-04-12T11:00:00+02:00' },
);
const requalified = history(
  { command: cmd.receive({ channel: 'phone', receivedAt: '2022-03-01T09:00:00+01:00' as never }), now: '2022-03-01T09:10:00+01:00' },
  { command: cmd.requalify(), now: '2022-03-01T10:00:00+01:00', actor: supervisor },
);
const pool: readonly ComplaintEvent[] = [...lifecycle, ...requalified];

const deepFreeze = <T>(value: T): T => {
  if (typeof value === 'object' && value !== null && !Object.isFrozen(value)) {
    Object.freeze(value);
    for (const v of Object.values(value)) deepFreeze(v);
  }
  return value;
};

const byEvolve = (events: readonly ComplaintEvent[], from: ComplaintState = initialState): ComplaintState => events.reduce(evolve, from);

// Any order of any events (most of them nonsense for the state: a decision without an
// appeal, a second receipt, events before the receipt), usually starting with a receipt.
const arbEvents = fc.tuple(fc.boolean(), fc.array(fc.constantFrom(...pool), { maxLength: 40 })).map(([received, rest]) =>
  received ? [lifecycle[0] as ComplaintEvent, ...rest] : rest,
);

describe('fold', () => {
  it('gives exactly the state of evolve applied event by event (same values, same key order), for any sequence of events', () => {
    expect(new Set(pool.map((e) => e.type)).size).toBe(15);
    fc.assert(
      fc.property(arbEvents, (events) => {
        const expected = byEvolve(events);
        const got = fold(events);
        expect(got).toEqual(expected);
        expect(JSON.stringify(got)).toBe(JSON.stringify(expected));
      }),
      { numRuns: 500 },
    );
  });

  it('never changes the state it starts from, and folding in two parts gives the state of folding at once', () => {
    fc.assert(
      fc.property(arbEvents, fc.nat(), (events, cut) => {
        const k = events.length === 0 ? 0 : cut % (events.length + 1);
        const middle = deepFreeze(fold(events.slice(0, k)));
        const snapshot = JSON.stringify(middle);
        // `middle` is deeply frozen: a change in place would throw here (strict mode).
        const end = fold(events.slice(k), middle);
        expect(JSON.stringify(middle)).toBe(snapshot);
        expect(JSON.stringify(end)).toBe(JSON.stringify(byEvolve(events)));
      }),
      { numRuns: 300 },
    );
  });

  it('evolve never changes the state it is given, and answers that very state for an event that changes nothing', () => {
    const received = deepFreeze(fold(requalified.slice(0, 1)));
    for (const e of pool) {
      const before = JSON.stringify(received);
      evolve(received, e);
      expect(JSON.stringify(received)).toBe(before);
    }
    const decision = lifecycle.find((e) => e.type === 'ComplaintInternalAppealDecided');
    expect(decision).toBeDefined();
    if (decision !== undefined) expect(evolve(received, decision)).toBe(received);
    expect(evolve(received, lifecycle[0] as ComplaintEvent)).toBe(received);
  });
});
