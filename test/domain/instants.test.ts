/**
 * Times name real moments, and business times stay in the years the engine can record:
 * whatever a command is accepted with, the events it produces decode back.
 */
import fc from 'fast-check';
import * as E from 'fp-ts/Either';
import { decodeCommand, decodeEvent } from '../../src/domain/decode';
import { decide } from '../../src/domain/decide';
import { fold } from '../../src/domain/evolve';
import { defaultPolicy, parsePolicy, type Policy } from '../../src/domain/policy/policy';
import { BUSINESS_YEARS, BusinessInstant, CalendarDate, Instant, toInstant } from '../../src/domain/primitives';
import { agent, cmd } from './spec';

const plain = (v: unknown): unknown => JSON.parse(JSON.stringify(v));

const businessPolicy = (): Policy => {
  const p = parsePolicy({ ...defaultPolicy, version: 'business-days', dayCounting: 'business' });
  if (E.isLeft(p)) throw new Error('policy refused');
  return p.right;
};

describe('an instant names a real moment (Instant)', () => {
  it.each(['2023-02-29T10:00:00Z', '2024-04-31T10:00:00Z', '2024-04-01T24:00:00Z', '2024-04-01T23:60:00Z', '2024-04-01T23:59:60Z', '2024-04-01T10:00:00+24:00', '2024-04-01T10:00:00+01:60', '2024-13-01T10:00:00Z', '2024-00-10T10:00:00Z', '2024-01-00T10:00:00Z'])(
    '%s is refused',
    (s) => {
      expect(Instant.is(s)).toBe(false);
    },
  );

  it.each(['2024-02-29T10:00:00Z', '2000-02-29T23:59:59.999+14:00', '0024-02-29T09:00:00Z', '0000-02-29T00:00:00Z', '9999-12-31T23:59:59Z', '2022-03-27T02:30:00+01:00'])('%s is accepted', (s) => {
    expect(Instant.is(s)).toBe(true);
  });

  it('a command dated on a day that does not exist is a DecodeError at that path, not a later day', () => {
    for (const bad of ['2023-02-29T10:00:00Z', '2024-04-31T10:00:00Z', '2024-04-01T24:00:00Z']) {
      const r = decodeCommand(plain(cmd.receive({ receivedAt: bad as never })));
      expect(E.isLeft(r) && r.left.issues.map((i) => i.path)).toEqual(['receivedAt']);
    }
  });
});

describe('toInstant is the Date’s own toISOString, whatever came before (it keeps the last one)', () => {
  it('equals toISOString for any sequence of dates, repeated or not', () => {
    const ms = fc.integer({ min: -8_640_000_000_000_000, max: 8_640_000_000_000_000 });
    fc.assert(
      fc.property(fc.array(fc.oneof(ms, fc.constant(0), fc.constant(1)), { minLength: 1, maxLength: 20 }), (times) => {
        for (const t of times) expect(toInstant(new Date(t))).toBe(new Date(t).toISOString());
      }),
    );
  });

  it('an invalid Date throws the RangeError toISOString throws, also right after a valid one', () => {
    toInstant(new Date(0));
    expect(() => toInstant(new Date(Number.NaN))).toThrow(RangeError);
    expect(() => toInstant(new Date(Number.NaN))).toThrow(RangeError);
    expect(toInstant(new Date(0))).toBe('1970-01-01T00:00:00.000Z');
  });
});

describe('calendar dates are real days of years 0000–9999 (CalendarDate)', () => {
  it.each(['0024-03-11', '0024-02-29', '0000-02-29', '0099-12-31', '1900-02-28', '2000-02-29', '9999-12-31'])('%s is a real day', (s) => {
    expect(CalendarDate.is(s)).toBe(true);
  });

  it.each(['0023-02-29', '0100-02-29', '1900-02-29', '2022-02-30', '2024-04-31', '2024-13-01', '2024-00-01', '2024-01-00'])('%s is not', (s) => {
    expect(CalendarDate.is(s)).toBe(false);
  });
});

describe(`business times lie in the years ${BUSINESS_YEARS.first}–${BUSINESS_YEARS.last} (BusinessInstant)`, () => {
  it.each(['0024-03-04T09:00:00Z', '1024-03-04T09:00:00Z', '1899-12-31T23:59:59.999Z', '1500-03-04T09:00:00Z', '9998-01-01T00:00:00Z', '9999-12-30T09:00:00Z'])(
    'a receipt dated %s is a DecodeError at receivedAt naming the years',
    (receivedAt) => {
      const r = decodeCommand(plain(cmd.receive({ receivedAt: receivedAt as never })));
      if (E.isRight(r)) throw new Error('accepted');
      expect(r.left.issues).toEqual([expect.objectContaining({ path: 'receivedAt', expected: 'Instant(years 1900–9997)' })]);
    },
  );

  it('an action dated outside the years is a DecodeError at at', () => {
    const r = decodeCommand(plain(cmd.contact({ at: '0022-01-12T10:00:00Z' as never })));
    expect(E.isLeft(r) && r.left.issues.map((i) => i.path)).toEqual(['at']);
  });

  it.each(['1900-01-01T00:00:00Z', '9997-12-31T23:59:59.999Z'])('the edge %s is accepted', (s) => {
    expect(BusinessInstant.is(s)).toBe(true);
  });

  it('a receipt in 1900 under business-day counting gets deadlines that decode (no holiday table is missing)', () => {
    const received = decide(cmd.receive({ receivedAt: '1900-01-01T00:00:00Z' as never }), fold([]), { now: new Date('1900-01-02T00:00:00Z'), policy: businessPolicy(), actor: agent });
    if (E.isLeft(received)) throw new Error(received.left._tag);
    for (const e of received.right) expect(decodeEvent(e.type, plain(e.data))).toEqual(E.right(e));
  });
});

describe('a decision whose clock is outside the years, or not a date, is refused (time-out-of-range)', () => {
  it.each([new Date('0050-06-01T00:00:00Z'), new Date(Date.UTC(9998, 0, 1)), new Date(8.64e15), new Date(Number.NaN)])('now = %s', (now) => {
    const r = decide(cmd.receive({ receivedAt: '1950-01-01T00:00:00Z' as never }), fold([]), { now, policy: defaultPolicy, actor: agent });
    expect(r).toEqual(E.left(expect.objectContaining({ _tag: 'RuleViolation', rule: 'time-out-of-range' })));
  });

  it('a clock that is not a Date at all is refused the same way, not thrown on', () => {
    const r = decide(cmd.receive(), fold([]), { now: '2022-01-11T10:00:00Z' as unknown as Date, policy: defaultPolicy, actor: agent });
    expect(r).toEqual(E.left(expect.objectContaining({ rule: 'time-out-of-range' })));
  });

  it('an appeal opened late in 9997 still gets a decision target that decodes', () => {
    const now = new Date('9997-12-31T23:00:00Z');
    const events = [];
    const received = decide(cmd.receive({ receivedAt: '9997-12-01T09:00:00Z' as never }), fold([]), { now, policy: businessPolicy(), actor: agent });
    if (E.isLeft(received)) throw new Error(received.left._tag);
    events.push(...received.right);
    const appeal = decide(cmd.appeal({ grounds: 'no_news_after_deadline' }), fold(events), { now, policy: businessPolicy(), actor: agent });
    if (E.isLeft(appeal)) throw new Error(appeal.left._tag);
    for (const e of appeal.right) expect(E.isRight(decodeEvent(e.type, plain(e.data)))).toBe(true);
  });
});

describe('through the service: a business-day policy and a receipt before the accepted years', () => {
  it('a receipt in 1500 under business-day counting is a DecodeError at receivedAt, not a RangeError, and nothing is stored', async () => {
    const { ComplaintService } = await import('../../src/application/complaintService');
    const { InMemoryEventStore } = await import('../../src/eventstore/inMemory/inMemoryEventStore');
    const store = new InMemoryEventStore();
    const service = new ComplaintService({ store, policy: businessPolicy(), clock: () => new Date('2022-01-11T10:00:00Z') });
    const r = await service.handleTE(plain(cmd.receive({ receivedAt: '1500-03-04T09:00:00Z' as never })), { commandId: '40000000-0000-4000-8000-000000000001', actor: agent })();
    expect(E.isLeft(r) && r.left._tag === 'DecodeError' && r.left.issues.map((i) => i.path)).toEqual(['receivedAt']);
    expect(await store.readAll()).toEqual([]);
  });
});
