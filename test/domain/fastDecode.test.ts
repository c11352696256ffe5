/**
 * The compiled decoders (codecs.ts) must answer exactly what io-ts answers whenever they
 * answer at all: same values, same key order, and never a success where io-ts fails.
 */
import * as E from 'fp-ts/Either';
import fc from 'fast-check';
import type * as t from 'io-ts';
import { CommandMetadata, EventMetadata } from '../../src/stream/metadata';
import { FAIL, compileDecoder } from '../../src/domain/decoderCompiler';
import { decodeCommand, decodeEvent } from '../../src/domain/decode';
import { commandCodecs } from '../../src/domain/commands';
import { eventCodecs } from '../../src/domain/events';
import { cmd, direction, history, sampleOf, LATER_COMMANDS } from './spec';
import { changedAt, keyPaths } from './oneChange';

/** Checks one input against io-ts. */
const agrees = (codec: t.Mixed, input: unknown): void => {
  const fast = compileDecoder(codec);
  expect(fast).toBeDefined();
  if (fast === undefined) return;
  const mine = fast(input);
  const theirs = codec.decode(input);
  if (mine === FAIL) return; // falls back to io-ts: nothing to compare
  if (E.isLeft(theirs)) throw new Error(`fast decoder accepted what io-ts refuses: ${JSON.stringify(input)}`);
  expect(mine).toStrictEqual(theirs.right);
  expect(JSON.stringify(mine)).toBe(JSON.stringify(theirs.right));
  expect(Object.keys(mine as object)).toEqual(Object.keys(theirs.right as object));
};

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
const json = <A>(a: A): A => JSON.parse(JSON.stringify(a)) as A;

describe('compiled decoders', () => {
  it('compile every command, event and metadata codec', () => {
    for (const codec of [...Object.values(commandCodecs), ...Object.values(eventCodecs), CommandMetadata, EventMetadata]) expect(compileDecoder(codec as t.Mixed)).toBeDefined();
  });

  it('give io-ts’ output for every event of a full story and every command', () => {
    for (const e of story) {
      agrees(eventCodecs[e.type] as t.Mixed, json(e));
      expect(compileDecoder(eventCodecs[e.type] as t.Mixed)?.(json(e))).not.toBe(FAIL);
    }
    for (const type of LATER_COMMANDS) agrees(commandCodecs[type] as t.Mixed, json(sampleOf(type)));
    agrees(commandCodecs.ReceiveComplaint as t.Mixed, json(cmd.receive({ externalReference: 'X-1', urgency: 'high' })));
  });

  it('agree with io-ts on mutated inputs (extra keys, missing keys, wrong types, bad strings, key order)', () => {
    const values = fc.oneof(
      fc.constant(undefined),
      fc.constant(null),
      fc.string(),
      fc.integer(),
      fc.double(),
      fc.boolean(),
      fc.constantFrom('2022-01-10', '2022-02-30', '2022-01-10T09:00:00+01:00', 'not a date', '', ' ', '6f1c1c7e-3d5a-4c53-9a4e-0c2b8e7d1a01', 'email', 'agent', 'x'.repeat(201)),
      fc.array(fc.string(), { maxLength: 3 }),
      fc.dictionary(fc.string({ maxLength: 5 }), fc.string(), { maxKeys: 3 }),
    );
    const inputs = [...story.map((e) => ({ codec: eventCodecs[e.type] as t.Mixed, value: json(e) as unknown })), ...LATER_COMMANDS.map((type) => ({ codec: commandCodecs[type] as t.Mixed, value: json(sampleOf(type)) as unknown }))];
    fc.assert(
      fc.property(fc.nat(), fc.nat(), values, fc.boolean(), (i, j, v, reverse) => {
        const { codec, value } = inputs[i % inputs.length] ?? { codec: eventCodecs.ComplaintClosed as t.Mixed, value: null };
        const paths = keyPaths(value).filter((p) => p.length > 0);
        const path = paths[j % paths.length] ?? ['type'];
        agrees(codec, changedAt(value, path, v, reverse));
      }),
      { numRuns: 3000 },
    );
  });

  it('leave decodeCommand and decodeEvent answering as io-ts, errors included', () => {
    const bad = { ...json(cmd.answer()), channel: 'pigeon', extra: 1 };
    expect(decodeCommand(bad)).toEqual(E.left(expect.objectContaining({ _tag: 'DecodeError', subject: 'command AnswerComplaint' })));
    const e = story[0];
    if (e === undefined) throw new Error('no event');
    expect(decodeEvent(e.type, json(e.data))).toEqual(eventCodecs[e.type].decode(json(e)));
    expect(decodeEvent(e.type, { ...json(e.data), receivedAt: 'yesterday' })).toEqual(
      E.left(expect.objectContaining({ issues: [expect.objectContaining({ path: 'data.receivedAt' })] })),
    );
  });
});
