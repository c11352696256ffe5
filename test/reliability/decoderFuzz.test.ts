/**
 * Bad input never throws and never gets stored: decodeCommand, decodeEvent, parsePolicy and
 * the metadata codecs, fed arbitrary values (fc.anything, fc.jsonValue) and valid inputs
 * mutated one place at a time (a field dropped, a value of the wrong type, a blank or
 * oversized string, an oversized array, a wrong enum value, deep nesting), always answer a
 * typed DecodeError whose issues name the place (a non-empty path) — or accept the input
 * when the mutation left it valid. Size limits are clear errors: a 10 MB complaint text is
 * refused by the service and nothing is stored.
 */
import * as E from 'fp-ts/Either';
import fc from 'fast-check';
import { ComplaintService } from '../../src/application/complaintService';
import { describeServiceError } from '../../src/application/errors';
import { CommandMetadata, EventMetadata } from '../../src/stream/metadata';
import { decodeCommand, decodeEvent } from '../../src/domain/decode';
import { COMPLAINT_COMMAND_TYPES, type ComplaintCommand } from '../../src/domain/commands';
import { type DecodeError, decodeWith } from '../../src/domain/decoding';
import { COMPLAINT_EVENT_TYPES, type ComplaintEvent } from '../../src/domain/events';
import { defaultPolicy, parsePolicy } from '../../src/domain/policy/policy';
import { DayCounting } from '../../src/domain/policy/policy';
import {
  ActorRole,
  AppealGrounds,
  AppealOutcome,
  Channel,
  CloseReason,
  ComplainantKind,
  ComplaintForm,
  ContactDirection,
  DeadlineKind,
  MediationOutcome,
  RequalifiedAs,
  Urgency,
} from '../../src/domain/vocabulary';
import { InMemoryEventStore } from '../../src/eventstore/inMemory/inMemoryEventStore';
import type { JsonValue } from '../../src/eventstore/port';
import { fixedClock, leftOf, meta, plain } from '../application/harness';
import { ID, LATER_COMMANDS, OTHER_ID, at, cmd, direction, history, sampleOf, system } from '../domain/spec';
import { fcParams } from './runs';

type Decoded = E.Either<DecodeError, unknown>;
type Path = readonly (string | number)[];

/** A decoder under test: its name, valid inputs, and how to run it on a (mutated) input. */
interface Target {
  readonly name: string;
  readonly valid: readonly JsonValue[];
  readonly decode: (input: unknown, original: JsonValue) => Decoded;
  /** The issue path of a place in the input (events are decoded as `{ type, data }`). */
  readonly pathOf: (p: Path) => string;
  /** Unknown keys are stripped (inputs that get stored); stored metadata is read as it is. */
  readonly strips: boolean;
}

const dotted = (p: Path): string =>
  p.reduce<string>((acc, k) => (typeof k === 'number' ? `${acc}[${k}]` : acc === '' ? k : `${acc}.${k}`), '') || '(root)';

const json = (v: unknown): JsonValue => JSON.parse(JSON.stringify(v)) as JsonValue;

// ------------------------------------------------------------------ valid corpora

const COMMANDS: readonly ComplaintCommand[] = [
  cmd.receive({
    urgency: 'high',
    linkedComplaintId: OTHER_ID as ComplaintCommand['complaintId'],
    externalReference: 'WEB-1234',
    complainant: { id: 'client-42', kind: 'partner', name: 'Camille Martin', email: 'c@example.fr', phone: '+33 1 23 45 67 89', postalAddress: '1 rue de la Paix, Paris' },
  }),
  ...LATER_COMMANDS.map((t) => sampleOf(t)),
  cmd.decideAppeal({ correctiveMeasures: ['Refund the bank fees'] }),
  cmd.contact({ at: at('2022-01-11T09:00:00+01:00') }),
  cmd.assign({ assignee: { id: 'agent-bo', name: 'Bo', email: 'bo@lukea.fr', phone: '+33 6 00 00 00 00' } }),
];

const EVENTS: readonly ComplaintEvent[] = [
  ...history(
    { command: cmd.receive({ urgency: 'critical', externalReference: 'X-1' }), now: '2022-01-10T16:00:00+01:00' },
    { command: cmd.assign(), now: '2022-01-10T17:00:00+01:00' },
    { command: cmd.contact(), now: '2022-01-11T09:00:00+01:00' },
    { command: cmd.urgency({ urgency: 'low' }), now: '2022-01-11T10:00:00+01:00' },
    { command: cmd.recategorise(), now: '2022-01-11T11:00:00+01:00' },
    { command: cmd.missed('acknowledgement'), now: '2022-01-18T10:00:00+01:00', actor: system },
    { command: cmd.acknowledge(), now: '2022-01-18T11:00:00+01:00' },
    { command: cmd.delay(), now: '2022-01-20T10:00:00+01:00' },
    { command: cmd.answer(), now: '2022-02-03T10:00:00+01:00' },
    { command: cmd.appeal(), now: '2022-02-04T10:00:00+01:00' },
    { command: cmd.decideAppeal({ correctiveMeasures: ['Refund'] }), now: '2022-02-05T10:00:00+01:00', actor: direction },
    { command: cmd.refer({ reference: 'MED-1' }), now: '2022-02-06T10:00:00+01:00' },
    { command: cmd.conclude(), now: '2022-02-10T10:00:00+01:00' },
    { command: cmd.close({ note: 'Settled.' }), now: '2022-02-11T10:00:00+01:00' },
  ),
  ...history({ command: cmd.receive(), now: '2022-01-10T16:00:00+01:00' }, { command: cmd.requalify(), now: '2022-01-11T10:00:00+01:00', actor: direction }),
];

const COMMAND_METADATA = [
  { commandId: '0b0f3c52-6a0e-4b8e-9d8e-6f5c1b2a3d4e', actor: { id: 'agent-ana', role: 'agent' } },
  { commandId: '0b0f3c52-6a0e-4b8e-9d8e-6f5c1b2a3d4e', actor: { id: 'watcher', role: 'system' }, correlationId: 'req-1', causationId: 'evt-9' },
];
const EVENT_METADATA = [
  {
    actor: { id: 'agent-ana', role: 'agent' },
    commandId: '0b0f3c52-6a0e-4b8e-9d8e-6f5c1b2a3d4e',
    commandType: 'ReceiveComplaint',
    correlationId: 'req-1',
    causationId: 'req-1',
    policyVersion: '2021-06-25',
    schemaVersion: 2,
    recordedAt: '2022-01-10T15:00:00.000Z',
  },
];

const TARGETS: readonly Target[] = [
  { name: 'decodeCommand', valid: COMMANDS.map(json), decode: (input) => decodeCommand(input), pathOf: dotted, strips: true },
  {
    name: 'decodeEvent',
    valid: EVENTS.map((e) => json(e.data)),
    // The stored type stays the original event's; only the data is mutated.
    decode: (input, original) => decodeEvent(EVENTS.find((e) => JSON.stringify(json(e.data)) === JSON.stringify(original))?.type ?? 'ComplaintReceived', input),
    pathOf: (p) => `data${p.length === 0 ? '' : dotted(p).startsWith('[') ? dotted(p) : `.${dotted(p)}`}`,
    strips: true,
  },
  { name: 'parsePolicy', valid: [json(defaultPolicy)], decode: (input) => parsePolicy(input), pathOf: dotted, strips: true },
  { name: 'CommandMetadata', valid: COMMAND_METADATA.map(json), decode: (input) => decodeWith(CommandMetadata, 'command metadata')(input), pathOf: dotted, strips: true },
  { name: 'EventMetadata', valid: EVENT_METADATA.map(json), decode: (input) => decodeWith(EventMetadata, 'event metadata')(input), pathOf: dotted, strips: false },
];

// ------------------------------------------------------------------ checks

/** Never a throw; a left is a DecodeError with at least one issue, each with a path and a message. */
const expectTypedOutcome = (run: () => Decoded): Decoded => {
  let r: Decoded;
  try {
    r = run();
  } catch (e) {
    throw new Error(`the decoder threw instead of answering a DecodeError: ${e instanceof Error ? `${e.name}: ${e.message}` : String(e)}`, { cause: e });
  }
  if (E.isLeft(r)) {
    expect(r.left._tag).toBe('DecodeError');
    expect(r.left.issues.length).toBeGreaterThan(0);
    for (const issue of r.left.issues) {
      expect(issue.path.length).toBeGreaterThan(0);
      expect(issue.message.length).toBeGreaterThan(0);
      // Messages stay readable whatever the input's size.
      expect(issue.message.length).toBeLessThan(1_000);
    }
  }
  return r;
};

const pathsOf = (r: Decoded): string[] => (E.isLeft(r) ? r.left.issues.map((i) => i.path) : []);

const expectRefusedAt = (r: Decoded, path: string, what: string): void => {
  if (E.isRight(r)) throw new Error(`${what}: accepted, expected a DecodeError at ${path}`);
  expect(pathsOf(r)).toContain(path);
};

// ------------------------------------------------------------------ arbitrary values

const anything = fc.anything({ withBigInt: true, withBoxedValues: true, withDate: true, withMap: true, withSet: true, withNullPrototype: true, withObjectString: true, withSparseArray: true, withTypedArray: true, maxDepth: 4 });

describe.each(TARGETS.map((t) => [t.name, t] as const))('%s on arbitrary input', (_name, target) => {
  it('never throws; refuses with a DecodeError whose issues all have a path (fc.anything)', () => {
    fc.assert(
      fc.property(anything, (input) => {
        expectTypedOutcome(() => target.decode(input, target.valid[0] ?? null));
      }),
      fcParams(200, 5_000),
    );
  });

  it('never throws; refuses with a DecodeError whose issues all have a path (fc.jsonValue, and objects shaped like valid ones)', () => {
    const keys = [...new Set(target.valid.flatMap((v) => (typeof v === 'object' && v !== null && !Array.isArray(v) ? Object.keys(v) : [])))];
    const shaped = fc.dictionary(fc.constantFrom(...keys, 'type', 'extra'), fc.jsonValue({ maxDepth: 3 }));
    fc.assert(
      fc.property(fc.oneof(fc.jsonValue(), shaped, shaped.map((o) => ({ ...o, type: fc.sample(fc.constantFrom(...COMPLAINT_COMMAND_TYPES), 1)[0] }))), (input) => {
        expectTypedOutcome(() => target.decode(input, target.valid[0] ?? null));
      }),
      fcParams(200, 5_000),
    );
  });
});

describe('decodeEvent with arbitrary stored types', () => {
  it('an unknown type is a DecodeError at path "type"; a known type with arbitrary data never throws', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string(), fc.constantFrom(...COMPLAINT_EVENT_TYPES)), anything, (type, data) => {
        const r = expectTypedOutcome(() => decodeEvent(type, data));
        if (!(COMPLAINT_EVENT_TYPES as readonly string[]).includes(type)) expectRefusedAt(r, 'type', `type ${JSON.stringify(type)}`);
      }),
      fcParams(200, 5_000),
    );
  });
});

// ------------------------------------------------------------------ mutations of valid inputs

interface Place {
  readonly path: Path;
  readonly value: JsonValue;
}

/** Every place (objects, arrays and leaves) of a JSON value, root excluded. */
const placesOf = (v: JsonValue, path: Path = []): Place[] => {
  const here = path.length === 0 ? [] : [{ path, value: v }];
  if (Array.isArray(v)) return [...here, ...v.flatMap((x, i) => placesOf(x, [...path, i]))];
  if (v !== null && typeof v === 'object') return [...here, ...Object.entries(v).flatMap(([k, x]) => placesOf(x, [...path, k]))];
  return here;
};

const setAt = (root: JsonValue, path: Path, value: unknown | typeof DROP): unknown => {
  const copy = structuredClone(root) as unknown;
  let parent = copy as Record<string | number, unknown>;
  for (const k of path.slice(0, -1)) parent = parent[k] as Record<string | number, unknown>;
  const last = path[path.length - 1];
  if (last === undefined) return value;
  if (value === DROP) {
    if (Array.isArray(parent)) parent.splice(Number(last), 1);
    else delete parent[last];
  } else parent[last] = value;
  return copy;
};
const DROP = Symbol('drop');

const deepArray = (depth: number): unknown => {
  let v: unknown = 'x';
  for (let i = 0; i < depth; i++) v = [v];
  return v;
};
const deepObject = (depth: number): unknown => {
  let v: unknown = 'x';
  for (let i = 0; i < depth; i++) v = { nested: v };
  return v;
};

/** A value of another JSON type than `v`, never valid where `v` was. */
const wrongType = (v: JsonValue): unknown => (typeof v === 'string' ? 42 : typeof v === 'number' ? String(v) : typeof v === 'boolean' ? 'true' : v === null ? 42 : Array.isArray(v) ? 'a string' : ['an', 'array']);

/** Every value of the published vocabulary (channels, roles, outcomes, …). */
const ENUM_VALUES = new Set<string>(
  [Channel, ComplaintForm, Urgency, ComplainantKind, ActorRole, RequalifiedAs, DeadlineKind, AppealGrounds, AppealOutcome, MediationOutcome, CloseReason, ContactDirection, DayCounting].flatMap((c) => Object.keys(c.keys)),
);
/** Places holding a vocabulary value (not free text that happens to look like one, e.g. category "billing"). */
const ENUM_KEYS = new Set(['type', 'channel', 'form', 'kind', 'urgency', 'previousUrgency', 'role', 'requalifiedAs', 'deadline', 'grounds', 'outcome', 'reason', 'direction', 'dayCounting', 'web', 'email', 'postal_mail', 'phone', 'in_person', 'sentBy']);
const isEnumPlace = (p: Path): boolean => {
  const last = p[p.length - 1];
  return typeof last === 'string' && ENUM_KEYS.has(last);
};

type Mutation = 'drop' | 'wrong type' | 'blank string' | 'oversized string' | 'wrong enum value' | 'oversized array' | 'deep nesting' | 'unknown key';
const MUTATIONS: readonly Mutation[] = ['drop', 'wrong type', 'blank string', 'oversized string', 'wrong enum value', 'oversized array', 'deep nesting', 'unknown key'];

describe.each(TARGETS.map((t) => [t.name, t] as const))('%s on valid input mutated in one place', (_name, target) => {
  it('the valid inputs decode', () => {
    for (const v of target.valid) expect(E.isRight(target.decode(v, v))).toBe(true);
  });

  it.each(MUTATIONS)('%s: a typed DecodeError naming the mutated place (or, for a dropped optional field or an unknown key, acceptance)', (mutation) => {
    const cases = target.valid.flatMap((original) => placesOf(original).map((place) => ({ original, place })));
    fc.assert(
      fc.property(fc.constantFrom(...cases), fc.integer({ min: 1_000, max: 20_000 }), ({ original, place }, depth) => {
        const { path, value } = place;
        const at = target.pathOf(path);
        const what = `${mutation} at ${at} of ${JSON.stringify(original).slice(0, 80)}`;
        const decode = (input: unknown): Decoded => expectTypedOutcome(() => target.decode(input, original));
        switch (mutation) {
          case 'drop': {
            // Optional fields may go; a required one is reported at its own path.
            // An array item dropped can only leave the array too short: reported at the array.
            const r = decode(setAt(original, path, DROP));
            if (E.isLeft(r)) expect(pathsOf(r)).toContain(typeof path[path.length - 1] === 'number' ? target.pathOf(path.slice(0, -1)) : at);
            return;
          }
          case 'wrong type':
            return expectRefusedAt(decode(setAt(original, path, wrongType(value))), at, what);
          case 'blank string':
            // No string field of the contract accepts a blank value: ids, texts, enums, dates alike.
            if (typeof value !== 'string') return;
            return expectRefusedAt(decode(setAt(original, path, '   ')), at, what);
          case 'oversized string':
            // Every string field is bounded (≤ 20,000 characters for texts, less for the rest).
            if (typeof value !== 'string') return;
            return expectRefusedAt(decode(setAt(original, path, 'x'.repeat(20_001))), at, what);
          case 'wrong enum value':
            // A vocabulary value with a typo (free-text fields are left alone).
            if (typeof value !== 'string' || !ENUM_VALUES.has(value) || !isEnumPlace(path)) return;
            return expectRefusedAt(decode(setAt(original, path, `${value}-typo`)), at, what);
          case 'oversized array':
            // Every array is bounded (at most 50 corrective measures).
            if (!Array.isArray(value) || value.length === 0) return;
            return expectRefusedAt(decode(setAt(original, path, Array.from({ length: 10_000 }, () => value[0]))), at, what);
          case 'deep nesting':
            if (Array.isArray(value) || (value !== null && typeof value === 'object')) return;
            expectRefusedAt(decode(setAt(original, path, deepArray(depth))), at, `${what} (arrays ${depth} deep)`);
            return expectRefusedAt(decode(setAt(original, path, deepObject(depth))), at, `${what} (objects ${depth} deep)`);
          case 'unknown key': {
            if (value === null || typeof value !== 'object' || Array.isArray(value)) return;
            // Unknown keys are accepted and, in what gets stored, stripped.
            const r = decode(setAt(original, [...path, 'injected'], 'x'.repeat(20_001)));
            if (E.isLeft(r)) throw new Error(`${what}: refused ${JSON.stringify(pathsOf(r))}`);
            if (target.strips) expect(JSON.stringify(r.right)).not.toContain('injected');
            return;
          }
        }
      }),
      fcParams(80, 2_000),
    );
  });
});

describe('deep nesting anywhere in a command', () => {
  it('a field nested 200,000 arrays deep is a DecodeError at that field, not a stack overflow', () => {
    const r = expectTypedOutcome(() => decodeCommand({ ...(json(cmd.contact()) as object), summary: deepArray(200_000) }));
    expectRefusedAt(r, 'summary', 'deep summary');
  });

  it('a command type nested 200,000 arrays deep is a DecodeError at type, not a stack overflow', () => {
    const r = expectTypedOutcome(() => decodeCommand({ ...(json(cmd.contact()) as object), type: deepArray(200_000) }));
    expectRefusedAt(r, 'type', 'deep type');
  });

  it('a value JSON cannot print (a BigInt inside an object without prototype) is described, not thrown on', () => {
    const odd = [Object.assign(Object.create(null) as object, { n: 1n })];
    expectRefusedAt(expectTypedOutcome(() => decodeCommand({ ...(json(cmd.contact()) as object), summary: odd })), 'summary', 'odd summary');
    expectRefusedAt(expectTypedOutcome(() => decodeCommand({ ...(json(cmd.contact()) as object), type: odd })), 'type', 'odd type');
  });
});

// ------------------------------------------------------------------ limits through the service

describe('size limits through the service: refused with a clear error, nothing stored', () => {
  const TEN_MB = 'x'.repeat(10 * 1024 * 1024);

  const world = async (receive: boolean) => {
    const store = new InMemoryEventStore();
    const service = new ComplaintService({ store, clock: fixedClock });
    if (receive) await service.handle(plain(cmd.receive()), meta());
    const before = await store.readAll();
    return { store, service, unchanged: async () => expect(await store.readAll()).toEqual(before) };
  };

  it('a 10 MB complaint description: DecodeError at description, a short message, no event stored', async () => {
    const { service, store, unchanged } = await world(false);
    const e = leftOf(await service.handleTE({ ...plain(cmd.receive()), description: TEN_MB }, meta())());
    expect(e._tag === 'DecodeError' && e.issues.map((i) => i.path)).toEqual(['description']);
    expect(describeServiceError(e)).toMatch(/description: expected LongText\(1\.\.20000 chars\), got a string of 10485760 characters/);
    expect(describeServiceError(e).length).toBeLessThan(500);
    await unchanged();
    expect(await store.readStream(`complaint-${ID}`)).toEqual([]);
  });

  it('a 10 MB contact summary on an existing complaint: refused, the stream unchanged', async () => {
    const { service, unchanged } = await world(true);
    const e = leftOf(await service.handleTE({ ...plain(cmd.contact()), summary: TEN_MB }, meta())());
    expect(e._tag === 'DecodeError' && e.issues.map((i) => i.path)).toEqual(['summary']);
    await unchanged();
  });

  it('100,000 corrective measures: DecodeError at correctiveMeasures, nothing stored', async () => {
    const { service, unchanged } = await world(true);
    const e = leftOf(await service.handleTE({ ...plain(cmd.answer()), correctiveMeasures: Array.from({ length: 100_000 }, () => 'Refund') }, meta())());
    expect(e._tag === 'DecodeError' && e.issues.map((i) => i.path)).toEqual(['correctiveMeasures']);
    await unchanged();
  });

  it('a 10 MB correlation id in the metadata: DecodeError at correlationId, nothing stored', async () => {
    const { service, unchanged } = await world(true);
    const e = leftOf(await service.handleTE(plain(cmd.contact()), { ...meta(), correlationId: TEN_MB })());
    expect(e).toMatchObject({ _tag: 'DecodeError', subject: 'command metadata' });
    expect(e._tag === 'DecodeError' && e.issues.map((i) => i.path)).toEqual(['correlationId']);
    await unchanged();
  });

  it('unknown keys in the command metadata (even inside the actor) are not stored with the events', async () => {
    const { service, store } = await world(false);
    await service.handle(plain(cmd.receive()), { ...meta(), actor: { id: 'agent-ana', role: 'agent', injected: TEN_MB }, injected: TEN_MB } as unknown as Parameters<ComplaintService['handle']>[1]);
    const [stored] = await store.readAll();
    expect(stored?.metadata['actor']).toEqual({ id: 'agent-ana', role: 'agent' });
    expect(JSON.stringify(stored?.metadata).length).toBeLessThan(1_000);
  });

  it('a 10 MB unknown command type: DecodeError at type with a short message', async () => {
    const { service, unchanged } = await world(true);
    const e = leftOf(await service.handleTE({ ...plain(cmd.contact()), type: TEN_MB }, meta())());
    expect(e._tag === 'DecodeError' && e.issues.map((i) => i.path)).toEqual(['type']);
    expect(describeServiceError(e).length).toBeLessThan(1_000);
    await unchanged();
  });

  it('a command nested 200,000 levels deep is answered with a typed DecodeError (the promise does not reject), nothing stored', async () => {
    const { service, unchanged } = await world(true);
    const e = leftOf(await service.handleTE({ ...plain(cmd.contact()), summary: deepArray(200_000) }, meta())());
    expect(e._tag === 'DecodeError' && e.issues.map((i) => i.path)).toEqual(['summary']);
    await unchanged();
  });
});
