/**
 * Every call whose signature promises a typed error (an Either, a TaskEither, a Promise that
 * rejects with the library's error) answers hostile arguments with that typed error: never
 * a thrown exception, never a promise rejected with a TypeError or a RangeError. Fed the
 * hand-made inputs that used to escape (null, NaN, objects, bytes, invalid dates, nesting
 * 200,000 levels deep, bigints, symbols) and whatever fast-check makes up.
 */
import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { ComplaintService } from '../../src/application/complaintService';
import { ComplaintServiceError } from '../../src/application/errors';
import { historyTE, stateAsOfTE } from '../../src/audit/history';
import { exportStreamsTE, exportStreams, importStreamsTE, verifyExport } from '../../src/audit/ndjson';
import { decodeCommand, decodeComplaintId, decodeEvent } from '../../src/domain/decode';
import { parsePolicy } from '../../src/domain/policy/policy';
import { InMemoryEventStore } from '../../src/eventstore/inMemoryEventStore';
import { ID, cmd } from '../domain/spec';
import { fcParams } from './runs';

const nested = (levels: number): unknown => {
  let v: unknown = [];
  for (let i = 1; i < levels; i++) v = [v];
  return v;
};

/** The inputs that used to throw somewhere, by name. */
const HOSTILE: readonly (readonly [string, unknown])[] = [
  ['null', null],
  ['undefined', undefined],
  ['NaN', Number.NaN],
  ['an object', { a: 1 }],
  ['an empty array', []],
  ['bytes', Buffer.from('{}')],
  ['an invalid Date', new Date(Number.NaN)],
  ['a bigint', 10n],
  ['a symbol', Symbol('s')],
  ['an array nested 200,000 levels deep', nested(200_000)],
  ['a day that does not exist', '2022-02-30T00:00:00Z'],
  ['a receipt in the year 24', '0024-03-04T09:00:00Z'],
];

const world = async () => {
  const store = new InMemoryEventStore();
  const service = new ComplaintService({ store, clock: () => new Date('2022-01-11T10:00:00Z') });
  await service.handle(JSON.parse(JSON.stringify(cmd.receive())), { commandId: '20000000-0000-4000-8000-000000000001', actor: { id: 'a', role: 'agent' } });
  const text = await exportStreams(store, [ID]);
  return { store, service, text };
};
type World = Awaited<ReturnType<typeof world>>;

/** Each call under test, run on one hostile value: it must answer an Either (sync or async). */
const CALLS: readonly (readonly [string, (w: World, v: unknown) => unknown])[] = [
  ['handleTE(command)', (w, v) => w.service.handleTE(v, { commandId: '20000000-0000-4000-8000-000000000002', actor: { id: 'a', role: 'agent' } })()],
  ['handleTE(metadata)', (w, v) => w.service.handleTE(JSON.parse(JSON.stringify(cmd.contact())), v)()],
  ['getComplaintTE', (w, v) => w.service.getComplaintTE(v as string)()],
  ['listStreamTE', (w, v) => w.service.listStreamTE(v as string)()],
  ['history', (w, v) => historyTE(w.store, v as string)()],
  ['stateAsOf(id)', (w, v) => stateAsOfTE(w.store, v as string, new Date())()],
  ['stateAsOf(instant)', (w, v) => stateAsOfTE(w.store, ID, v as string)()],
  ['exportStreams(ids)', (w, v) => exportStreamsTE(w.store, v as string[])()],
  ['exportStreams([id])', (w, v) => exportStreamsTE(w.store, [v as string])()],
  ['importStreams(text)', (_w, v) => importStreamsTE(new InMemoryEventStore(), v as string)()],
  ['importStreams(options)', (w, v) => importStreamsTE(new InMemoryEventStore(), w.text, v as never)()],
  ['verifyExport(text)', (_w, v) => verifyExport(v as string)],
  ['verifyExport(options)', (w, v) => verifyExport(w.text, v as never)],
  ['parsePolicy', (_w, v) => parsePolicy(v)],
  ['decodeCommand', (_w, v) => decodeCommand(v)],
  ['decodeEvent(type)', (_w, v) => decodeEvent(v as string, {})],
  ['decodeEvent(data)', (_w, v) => decodeEvent('ComplaintReceived', v)],
  ['decodeComplaintId', (_w, v) => decodeComplaintId(v)],
];

/** Runs a call and says what came back: an Either, or how it escaped. */
const outcome = async (f: () => unknown): Promise<string> => {
  try {
    const r = await f();
    return E.isLeft(r as E.Either<unknown, unknown>) || E.isRight(r as E.Either<unknown, unknown>) ? 'either' : `not an Either: ${typeof r}`;
  } catch (e) {
    return `escaped: ${e instanceof Error ? `${e.name}: ${e.message.slice(0, 80)}` : String(e)}`;
  }
};

describe('calls with a typed error channel answer hostile arguments with a typed error', () => {
  let w: World;
  beforeAll(async () => {
    w = await world();
  });

  it.each(CALLS)('%s, on each hand-made hostile input', async (_name, call) => {
    const escaped: string[] = [];
    for (const [what, v] of HOSTILE) {
      const o = await outcome(() => call(w, v));
      if (o !== 'either') escaped.push(`${what} → ${o}`);
    }
    expect(escaped).toEqual([]);
  });

  it.each(CALLS)('%s, on arbitrary values (fc.anything)', async (_name, call) => {
    await fc.assert(
      fc.asyncProperty(fc.anything({ withBigInt: true, withDate: true, withTypedArray: true, withSparseArray: true, withNullPrototype: true }), async (v) => {
        expect(await outcome(() => call(w, v))).toBe('either');
      }),
      fcParams(60, 1_500),
    );
  });

  it('the Promise faces reject only with the library’s own errors', async () => {
    for (const [, v] of HOSTILE) {
      const e = await w.service.handle(v as never, v as never).then(
        () => undefined,
        (x: unknown) => x,
      );
      expect(e).toBeInstanceOf(ComplaintServiceError);
    }
  });
});
