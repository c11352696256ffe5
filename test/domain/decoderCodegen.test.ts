/**
 * The generated decoders (decoderCodegen.ts) answer exactly what the closure decoders answer
 * — hence io-ts' output (fastDecode.test.ts holds `compileDecoder`, which now hands out the
 * generated ones, to io-ts) — and the faster refinement predicates answer as the originals.
 */
import fc from 'fast-check';
import type * as t from 'io-ts';
import { generateDecoder } from '../../src/domain/decoderCodegen';
import { FAIL, assign, compileClosureDecoder, compileDecoder, hasOwn, mayBeTagged, mergeAll, propsOf, stripKeys } from '../../src/domain/decoderCompiler';
import { commandCodecs } from '../../src/domain/commands';
import { eventCodecs } from '../../src/domain/events';
import { fastPredicateOf, isCalendarDate, isInstant, isUuid, notBlank } from '../../src/domain/fastPredicates';
import { CalendarDate, Instant, LongText, ShortText, Uuid } from '../../src/domain/primitives';
import { ActorId } from '../../src/domain/vocabulary';
import { CommandMetadata, EventMetadata } from '../../src/stream/metadata';
import { LATER_COMMANDS, cmd, direction, history, sampleOf } from './spec';
import { changedAt, keyPaths } from './oneChange';

const runtime = { FAIL, hasOwn, assign, stripKeys, mergeAll, propsOf, mayBeTagged };
const codecs = [...Object.values(commandCodecs), ...Object.values(eventCodecs), CommandMetadata, EventMetadata] as t.Mixed[];
const json = <A>(a: A): A => JSON.parse(JSON.stringify(a)) as A;

const story = history(
  { command: cmd.receive({ channel: 'postal_mail', receivedAt: '2022-01-10T09:00:00+01:00' as never, linkedComplaintId: '2a7d3f10-5b8e-4f6a-8c1d-9e0f1a2b3c4d' as never }), now: '2022-01-11T14:00:00+01:00' },
  { command: cmd.assign(), now: '2022-01-11T14:05:00+01:00' },
  { command: cmd.acknowledge(), now: '2022-01-13T10:00:00+01:00' },
  { command: cmd.contact(), now: '2022-01-14T10:00:00+01:00' },
  { command: cmd.delay(), now: '2022-01-24T10:00:00+01:00' },
  { command: cmd.answer(), now: '2022-02-03T10:00:00+01:00' },
  { command: cmd.appeal(), now: '2022-02-07T10:00:00+01:00' },
  { command: cmd.decideAppeal(), now: '2022-02-15T10:00:00+01:00', actor: direction },
  { command: cmd.refer({ reference: 'MED-1' }), now: '2022-02-20T10:00:00+01:00' },
  { command: cmd.conclude(), now: '2022-04-12T10:00:00+02:00' },
  { command: cmd.close({ note: 'Done.' }), now: '2022-04-12T11:00:00+02:00' },
);
const envelope = { actor: direction, commandId: '6f1c1c7e-3d5a-4c53-9a4e-0c2b8e7d1a01', commandType: 'X', correlationId: 'c', causationId: 'c', policyVersion: 'p', schemaVersion: 1, recordedAt: '2022-01-10T09:00:00Z' };
const inputs: ReadonlyArray<{ codec: t.Mixed; value: unknown }> = [
  ...story.map((e) => ({ codec: eventCodecs[e.type] as t.Mixed, value: json(e) as unknown })),
  ...LATER_COMMANDS.map((type) => ({ codec: commandCodecs[type] as t.Mixed, value: json(sampleOf(type)) as unknown })),
  { codec: EventMetadata as t.Mixed, value: envelope },
  { codec: CommandMetadata as t.Mixed, value: { commandId: envelope.commandId, actor: direction, correlationId: 'c' } },
];

/** The same decision and output from both, or FAIL from both. */
const same = (codec: t.Mixed, input: unknown): void => {
  const generated = compileDecoder(codec);
  const closures = compileClosureDecoder(codec);
  if (generated === undefined || closures === undefined) throw new Error('not compiled');
  const a = generated(input);
  const b = closures(input);
  if (a === FAIL || b === FAIL) {
    expect(a === FAIL).toBe(b === FAIL);
    return;
  }
  expect(a).toStrictEqual(b);
  expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  // Copies exactly where the closures copy: the input itself when nothing changed.
  expect(a === input).toBe(b === input);
};

describe('generated decoders', () => {
  it('exist for every command, event and metadata codec', () => {
    for (const codec of codecs) expect(generateDecoder(codec, runtime)).toBeDefined();
  });

  it('answer as the closure decoders on valid inputs and on inputs changed in one place (value, deletion, extra key, key order)', () => {
    const values = fc.oneof(
      fc.constant(undefined),
      fc.constant(null),
      fc.string(),
      fc.integer(),
      fc.boolean(),
      fc.constantFrom('2022-01-10', '2022-02-30', '2022-01-10T09:00:00+01:00', ' ', '\u00a0x', '\u2028', 'email', 'agent', 'x'.repeat(201), '6f1c1c7e-3d5a-4c53-9a4e-0c2b8e7d1a01'),
      fc.array(fc.string(), { maxLength: 3 }),
      fc.dictionary(fc.string({ maxLength: 5 }), fc.string(), { maxKeys: 3 }),
    );
    for (const { codec, value } of inputs) same(codec, value);
    fc.assert(
      fc.property(fc.nat(), fc.nat(), values, fc.boolean(), (i, j, v, reverse) => {
        const { codec, value } = inputs[i % inputs.length] as { codec: t.Mixed; value: unknown };
        const all = keyPaths(value).filter((p) => p.length > 0);
        same(codec, changedAt(value, all[j % all.length] ?? ['type'], v, reverse));
      }),
      { numRuns: 3000 },
    );
  });

  it('reject what is not an object where an object is expected, without throwing', () => {
    for (const { codec } of inputs) for (const bad of [null, undefined, 1, 'x', [], [1]]) same(codec, bad);
  });
});

describe('faster refinement predicates', () => {
  // Strings rich in the characters `trim` removes (and in those it keeps).
  const blanks = fc.constantFrom(' ', '\t', '\n', '\v', '\f', '\r', '\u00a0', '\u1680', '\u2000', '\u200a', '\u2028', '\u2029', '\u202f', '\u205f', '\u3000', '\ufeff', '\u200b', '\u0085', 'a', '!', '~', '\u007f', 'é');
  const strings = fc.oneof(fc.string({ maxLength: 30 }), fc.array(blanks, { maxLength: 8 }).map((cs) => cs.join('')), fc.string({ minLength: 195, maxLength: 205 }), fc.string({ unit: 'grapheme', maxLength: 10 }));

  it('notBlank is trim().length > 0 for any string', () => {
    fc.assert(fc.property(strings, (s) => expect(notBlank(s)).toBe(s.trim().length > 0)), { numRuns: 5000 });
  });

  it.each([
    ['ShortText', ShortText],
    ['LongText', LongText],
    ['ActorId', ActorId],
  ] as const)('%s: the fast predicate answers as the codec’s own for any string', (_name, codec) => {
    const fast = fastPredicateOf(codec as t.Mixed);
    expect(fast).toBeDefined();
    fc.assert(
      fc.property(fc.oneof(strings, fc.tuple(blanks, fc.integer({ min: 19_990, max: 20_010 }), blanks).map(([a, n, b]) => a + 'x'.repeat(n) + b)), (s) => expect(fast?.(s)).toBe(codec.is(s))),
      { numRuns: 2000 },
    );
  });
});

describe('character-code checks of instants, dates and UUIDs', () => {
  const digit = fc.constantFrom(...'0123456789');
  const digits = (min: number, max: number): fc.Arbitrary<string> => fc.array(digit, { minLength: min, maxLength: max }).map((ds) => ds.join(''));
  // Numbers around and past each field's limits, written with 1 to 3 digits.
  const field = (max: number): fc.Arbitrary<string> =>
    fc.oneof(fc.integer({ min: 0, max: max + 2 }).map((n) => String(n).padStart(2, '0')), digits(1, 3));
  const year = fc.oneof(fc.constantFrom('0000', '0024', '0099', '0100', '1900', '2000', '2023', '2024', '9999'), digits(3, 5));
  const sep = (usual: string): fc.Arbitrary<string> => fc.oneof({ weight: 12, arbitrary: fc.constant(usual) }, { weight: 1, arbitrary: fc.constantFrom('', '-', ':', 'T', 't', ' ', '/', '٣') });
  const zone = fc.oneof(
    { weight: 4, arbitrary: fc.constant('Z') },
    { weight: 6, arbitrary: fc.tuple(fc.constantFrom('+', '-'), field(23), sep(':'), field(59)).map((p) => p.join('')) },
    { weight: 1, arbitrary: fc.constantFrom('', 'z', '+0100', '+01', 'UTC', '+01:00Z', ' Z') },
  );
  const seconds = fc.oneof(
    fc.constant(''),
    fc.tuple(sep(':'), field(59)).map((p) => p.join('')),
    fc.tuple(sep(':'), field(59), sep('.'), digits(0, 11)).map((p) => p.join('')),
  );
  const nearInstant = fc
    .tuple(year, sep('-'), field(12), sep('-'), field(31), sep('T'), field(23), sep(':'), field(59), seconds, zone)
    .map((p) => p.join(''));
  // One character of a near-valid string changed, removed or doubled.
  const mutated = (base: fc.Arbitrary<string>): fc.Arbitrary<string> =>
    fc.tuple(base, fc.nat(), fc.constantFrom('drop', 'double', 'swap'), fc.constantFrom('0', '9', 'a', 'F', 'g', '-', ':', '.', 'Z', '\u0660', ' ')).map(([s, i, how, c]) => {
      const k = s.length === 0 ? 0 : i % s.length;
      return how === 'drop' ? s.slice(0, k) + s.slice(k + 1) : how === 'double' ? s.slice(0, k) + s.charAt(k) + s.slice(k) : s.slice(0, k) + c + s.slice(k + 1);
    });

  it('isInstant answers as Instant for near-valid, changed and arbitrary strings (impossible days, 24:00, leap years 0000–9999, 1–9 fraction digits, offsets)', () => {
    fc.assert(fc.property(fc.oneof(nearInstant, mutated(nearInstant), fc.string({ maxLength: 40 })), (s) => expect(isInstant(s)).toBe(Instant.is(s))), { numRuns: 30_000 });
    for (const s of ['2023-02-29T10:00Z', '2024-02-29T10:00Z', '0000-02-29T00:00Z', '1900-02-29T00:00Z', '2000-02-29T00:00Z', '2022-01-01T24:00Z', '2022-01-01T23:60Z', '2022-01-01T23:59:60Z', '2022-01-01T00:00+24:00', '2022-01-01T00:00:00.123456789Z', '2022-01-01T00:00:00.1234567890Z', '2022-04-31T00:00Z', '2022-01-01T00:00:00.Z'])
      expect([s, isInstant(s)]).toEqual([s, Instant.is(s)]);
  });

  it('isCalendarDate answers as CalendarDate for near-valid, changed and arbitrary strings', () => {
    const nearDate = fc.tuple(year, sep('-'), field(12), sep('-'), field(31)).map((p) => p.join(''));
    fc.assert(fc.property(fc.oneof(nearDate, mutated(nearDate), fc.string({ maxLength: 12 })), (s) => expect(isCalendarDate(s)).toBe(CalendarDate.is(s))), { numRuns: 20_000 });
  });

  it('isUuid answers as Uuid for near-valid (either case), changed and arbitrary strings', () => {
    const hex = (n: number): fc.Arbitrary<string> => fc.array(fc.constantFrom(...'0123456789abcdefABCDEF'), { minLength: n, maxLength: n }).map((cs) => cs.join(''));
    const nearUuid = fc.tuple(hex(8), sep('-'), hex(4), sep('-'), hex(4), sep('-'), hex(4), sep('-'), hex(12)).map((p) => p.join(''));
    fc.assert(fc.property(fc.oneof(nearUuid, mutated(nearUuid), fc.uuid(), fc.string({ maxLength: 40 })), (s) => expect(isUuid(s)).toBe(Uuid.is(s))), { numRuns: 20_000 });
  });

  it('are the predicates the compiled decoders use for Instant, CalendarDate and Uuid', () => {
    for (const codec of [Instant, CalendarDate, Uuid]) expect(fastPredicateOf(codec as unknown as t.Mixed)).toBeDefined();
  });
});
