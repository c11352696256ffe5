/**
 * The published contract (docs/contract/): the checked-in schemas are the ones the codecs
 * generate today, and events the decider and the service really write satisfy them. No
 * JSON Schema validator is installed, so `check` below validates the subset of keywords
 * the generator emits, and refuses any other keyword rather than ignoring it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import * as E from 'fp-ts/Either';
import * as t from 'io-ts';
import { ComplaintService } from '../../src/application/complaintService';
import { EventMetadata } from '../../src/stream/metadata';
import { CURRENT_SCHEMA_VERSIONS } from '../../src/stream/upcasting';
import {
  contractFiles,
  contractSchemas,
  eventSchemaFile,
  METADATA_SCHEMA_FILE,
  type JsonSchema,
  toJsonSchema,
} from '../../src/contract/jsonSchema';
import { COMPLAINT_EVENT_TYPES, type ComplaintEvent, eventCodecs } from '../../src/domain/events';
import { ActorRole, AppealOutcome, Channel, CloseReason, ComplaintForm, DeadlineKind, Urgency } from '../../src/domain/vocabulary';
import { InMemoryEventStore } from '../../src/eventstore/inMemory/inMemoryEventStore';
import { fixedClock, meta, plain } from '../application/harness';
import { cmd, direction, history, supervisor, system } from '../domain/spec';

const CONTRACT_DIR = join(__dirname, '..', '..', 'docs', 'contract');

// ---------------------------------------------------------------------------------------
// A test-only checker for the keywords the generator emits.

const KNOWN = new Set([
  '$schema', 'title', 'description', 'x-schema-version', 'type', 'const', 'enum', 'format', 'pattern',
  'minLength', 'maxLength', 'minimum', 'maximum', 'minItems', 'maxItems', 'items', 'required', 'properties', 'anyOf', 'allOf',
]);

const typeOf = (v: unknown): string =>
  v === null ? 'null' : Array.isArray(v) ? 'array' : typeof v === 'number' ? (Number.isInteger(v) ? 'integer' : 'number') : typeof v;

const isRecord = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Errors of `value` against `schema` (empty when valid). With `closed`, properties the
 * schema does not list are errors too: the schemas allow them for readers, but the library
 * itself must not write anything undocumented.
 */
const check = (schema: JsonSchema, value: unknown, closed = false, path = '$'): string[] => {
  const unknownKeywords = Object.keys(schema).filter((k) => !KNOWN.has(k));
  if (unknownKeywords.length > 0) throw new Error(`checker does not know keywords ${unknownKeywords.join(', ')} at ${path}`);
  const errors: string[] = [];
  const actual = typeOf(value);
  if (schema.type !== undefined && !(schema.type === actual || (schema.type === 'number' && actual === 'integer')))
    return [`${path}: expected ${schema.type}, got ${actual}`];
  if (schema.const !== undefined && value !== schema.const) errors.push(`${path}: expected ${JSON.stringify(schema.const)}`);
  if (schema.enum !== undefined && !schema.enum.some((e) => e === value)) errors.push(`${path}: ${JSON.stringify(value)} not in enum`);
  if (typeof value === 'string') {
    const length = [...value].length;
    if (schema.minLength !== undefined && length < schema.minLength) errors.push(`${path}: shorter than ${schema.minLength}`);
    if (schema.maxLength !== undefined && length > schema.maxLength) errors.push(`${path}: longer than ${schema.maxLength}`);
    if (schema.pattern !== undefined && !new RegExp(schema.pattern, 'u').test(value)) errors.push(`${path}: does not match ${schema.pattern}`);
  }
  if (typeof value === 'number') {
    if (schema.minimum !== undefined && value < schema.minimum) errors.push(`${path}: below ${schema.minimum}`);
    if (schema.maximum !== undefined && value > schema.maximum) errors.push(`${path}: above ${schema.maximum}`);
  }
  if (Array.isArray(value)) {
    if (schema.minItems !== undefined && value.length < schema.minItems) errors.push(`${path}: fewer than ${schema.minItems} items`);
    if (schema.maxItems !== undefined && value.length > schema.maxItems) errors.push(`${path}: more than ${schema.maxItems} items`);
    const items = schema.items;
    if (items !== undefined) value.forEach((item, i) => errors.push(...check(items, item, closed, `${path}[${i}]`)));
  }
  if (isRecord(value)) {
    for (const key of schema.required ?? []) if (!(key in value)) errors.push(`${path}: missing required ${key}`);
    const properties = schema.properties ?? {};
    for (const [key, child] of Object.entries(value)) {
      const sub = properties[key];
      if (sub !== undefined) errors.push(...check(sub, child, closed, `${path}.${key}`));
      else if (closed && schema.properties !== undefined) errors.push(`${path}: property ${key} is not in the schema`);
    }
  }
  if (schema.anyOf !== undefined && !schema.anyOf.some((s) => check(s, value, closed, path).length === 0))
    errors.push(`${path}: matches none of anyOf`);
  for (const s of schema.allOf ?? []) errors.push(...check(s, value, closed, path));
  return errors;
};

// ---------------------------------------------------------------------------------------

const schemas = contractSchemas();
const schemaOf = (file: string): JsonSchema => {
  const s = schemas[file];
  if (s === undefined) throw new Error(`no schema ${file}`);
  return s;
};

/** Events as stored: JSON, branded strings as plain strings. */
const asJson = (events: readonly ComplaintEvent[]): { type: ComplaintEvent['type']; data: unknown }[] =>
  JSON.parse(JSON.stringify(events)) as { type: ComplaintEvent['type']; data: unknown }[];

/** Real events of every type, decided by the domain from the spec's commands. */
const realEvents = () =>
  asJson([
    ...history(
      { command: cmd.receive({ channel: 'postal_mail', receivedAt: '2022-01-10T09:00:00+01:00' as never }), now: '2022-01-11T14:00:00+01:00' },
      { command: cmd.assign(), now: '2022-01-11T14:05:00+01:00' },
      { command: cmd.contact(), now: '2022-01-11T15:00:00+01:00' },
      { command: cmd.urgency(), now: '2022-01-11T16:00:00+01:00', actor: supervisor },
      { command: cmd.recategorise(), now: '2022-01-12T09:00:00+01:00', actor: supervisor },
      { command: cmd.acknowledge(), now: '2022-01-13T10:00:00+01:00' },
      { command: cmd.delay(), now: '2022-01-24T10:00:00+01:00' },
      { command: cmd.missed('urgency_target'), now: '2022-01-31T10:00:00+01:00', actor: system },
      { command: cmd.answer(), now: '2022-02-03T10:00:00+01:00' },
      { command: cmd.appeal(), now: '2022-02-07T10:00:00+01:00' },
      { command: cmd.decideAppeal(), now: '2022-02-15T10:00:00+01:00', actor: direction },
      { command: cmd.refer(), now: '2022-02-20T10:00:00+01:00' },
      { command: cmd.conclude(), now: '2022-04-12T10:00:00+02:00' },
      { command: cmd.close(), now: '2022-04-12T11:00:00+02:00' },
    ),
    ...history(
      { command: cmd.receive({ linkedComplaintId: '2a7d3f10-5b8e-4f6a-8c1d-9e0f1a2b3c4d' as never, externalReference: 'EXT-1' }), now: '2022-01-11T10:00:00+01:00' },
      { command: cmd.requalify(), now: '2022-01-11T10:00:00+01:00', actor: supervisor },
    ),
  ]);

describe('the published contract (docs/contract/)', () => {
  it('is up to date with the codecs (otherwise: run npm run contract)', () => {
    const expected = contractFiles();
    const onDisk = readdirSync(CONTRACT_DIR);
    const problems = [
      ...Object.keys(expected)
        .filter((f) => !onDisk.includes(f))
        .map((f) => `docs/contract/${f} is missing: run npm run contract`),
      ...onDisk.filter((f) => !(f in expected)).map((f) => `docs/contract/${f} is not generated any more: run npm run contract`),
      ...Object.entries(expected)
        .filter(([f, text]) => onDisk.includes(f) && readFileSync(join(CONTRACT_DIR, f), 'utf8') !== text)
        .map(([f]) => `docs/contract/${f} differs from the codecs: run npm run contract`),
    ];
    expect(problems).toEqual([]);
  });

  it('is deterministic, one schema per event type plus the metadata envelope, each file ending with a newline', () => {
    expect(contractFiles()).toEqual(contractFiles());
    expect(Object.keys(schemas).sort()).toEqual([...COMPLAINT_EVENT_TYPES.map(eventSchemaFile), METADATA_SCHEMA_FILE].sort());
    for (const text of Object.values(contractFiles())) expect(text.endsWith('\n')).toBe(true);
    for (const type of COMPLAINT_EVENT_TYPES) {
      const s = schemaOf(eventSchemaFile(type));
      expect(s).toMatchObject({ $schema: 'https://json-schema.org/draft/2020-12/schema', title: type, type: 'object' });
      expect(s['x-schema-version']).toBe(CURRENT_SCHEMA_VERSIONS[type]);
    }
    expect(contractFiles()['README.md']).toContain('complaint-<uuid>');
  });

  it('enum values are exactly the vocabulary codecs', () => {
    const prop = (file: string, ...path: string[]): JsonSchema =>
      path.reduce<JsonSchema>((s, key) => {
        const next = s.properties?.[key];
        if (next === undefined) throw new Error(`${file}: no property ${path.join('.')}`);
        return next;
      }, schemaOf(file));
    const keys = (c: { readonly keys: object }): string[] => Object.keys(c.keys);
    expect(prop('ComplaintReceived.schema.json', 'channel').enum).toEqual(keys(Channel));
    expect(prop('ComplaintReceived.schema.json', 'form').enum).toEqual(keys(ComplaintForm));
    expect(prop('ComplaintReceived.schema.json', 'urgency').enum).toEqual(keys(Urgency));
    expect(prop('ComplaintInternalAppealDecided.schema.json', 'outcome').enum).toEqual(keys(AppealOutcome));
    expect(prop('ComplaintClosed.schema.json', 'reason').enum).toEqual(keys(CloseReason));
    expect(prop('ComplaintDeadlineMissed.schema.json', 'deadline').enum).toEqual(keys(DeadlineKind));
    expect(prop(METADATA_SCHEMA_FILE, 'actor', 'role').enum).toEqual(keys(ActorRole));
    expect(prop('ComplaintAcknowledged.schema.json', 'sentBy')).toEqual({ type: 'string', const: 'email' });
    expect(prop('ComplaintAnswered.schema.json', 'correctiveMeasures')).toMatchObject({ type: 'array', minItems: 1, maxItems: 50 });
    expect(prop('ComplaintReceived.schema.json', 'deadlines', 'urgencyTargetDue').anyOf).toEqual([
      expect.objectContaining({ type: 'string', format: 'date' }),
      { type: 'null' },
    ]);
  });

  it('every event the decider writes satisfies its schema, with nothing undocumented', () => {
    const events = realEvents();
    expect(new Set(events.map((e) => e.type))).toEqual(new Set(COMPLAINT_EVENT_TYPES));
    for (const e of events) {
      const schema = schemaOf(eventSchemaFile(e.type));
      expect({ type: e.type, errors: check(schema, e.data, true) }).toEqual({ type: e.type, errors: [] });
      // Every required field is one the decider writes, and every field it writes is in the schema.
      const data = e.data as Record<string, unknown>;
      for (const key of schema.required ?? []) expect(Object.keys(data)).toContain(key);
      for (const key of Object.keys(data)) expect(Object.keys(schema.properties ?? {})).toContain(key);
    }
    const received = events.filter((e) => e.type === 'ComplaintReceived').map((e) => Object.keys(e.data as object));
    expect(received.some((keys) => keys.includes('linkedComplaintId') && keys.includes('externalReference'))).toBe(true);
  });

  it('the metadata the service stores satisfies EventMetadata.schema.json', async () => {
    const store = new InMemoryEventStore();
    const service = new ComplaintService({ store, clock: fixedClock });
    await service.handle(plain(cmd.receive()), meta());
    await service.handle(plain(cmd.assign()), meta({ correlationId: 'request-7' }));
    const stored = await store.readStream('complaint-6f1c1c7e-3d5a-4c53-9a4e-0c2b8e7d1a01');
    expect(stored.length).toBe(2);
    for (const e of stored) {
      expect(check(schemaOf(METADATA_SCHEMA_FILE), e.metadata, true)).toEqual([]);
      expect(check(schemaOf(eventSchemaFile(e.type)), e.data, true)).toEqual([]);
    }
  });

  it('the schema and the codec refuse the same broken events', () => {
    const answered = realEvents().find((e) => e.type === 'ComplaintAnswered');
    if (answered === undefined) throw new Error('no ComplaintAnswered');
    const data = answered.data as Record<string, unknown>;
    const { rootCause: _dropped, ...withoutRootCause } = data;
    const broken: Record<string, unknown>[] = [
      withoutRootCause,
      { ...data, channel: 'pigeon' },
      { ...data, rootCause: '   ' },
      { ...data, rootCause: 'x'.repeat(201) },
      { ...data, correctiveMeasures: [] },
      { ...data, correctiveMeasures: Array.from({ length: 51 }, () => 'measure') },
      { ...data, answeredAt: '2022-02-03 10:00' },
      { ...data, answeredAt: '2022-02-03T10:00:00' },
      { ...data, onTime: 'yes' },
    ];
    const schema = schemaOf('ComplaintAnswered.schema.json');
    expect(check(schema, data)).toEqual([]);
    expect(E.isRight(eventCodecs.ComplaintAnswered.decode({ type: 'ComplaintAnswered', data }))).toBe(true);
    for (const b of broken) {
      expect({ b, schemaRefuses: check(schema, b).length > 0 }).toEqual({ b, schemaRefuses: true });
      expect({ b, codecRefuses: E.isLeft(eventCodecs.ComplaintAnswered.decode({ type: 'ComplaintAnswered', data: b })) }).toEqual({ b, codecRefuses: true });
    }
    const metadata = { actor: { id: 'a', role: 'agent' }, commandId: 'not-a-uuid' };
    expect(check(schemaOf(METADATA_SCHEMA_FILE), metadata).length).toBeGreaterThan(0);
    expect(E.isLeft(EventMetadata.decode(metadata))).toBe(true);
  });

  it('refuses codecs it cannot describe instead of emitting a weaker schema', () => {
    expect(() => toJsonSchema(t.refinement(t.string, (s) => s.length > 3, 'Mystery'))).toThrow(/Mystery/);
    expect(() => toJsonSchema(t.type({ x: t.undefined }))).toThrow(/undefined/);
    expect(() => toJsonSchema(t.record(t.string, t.string))).toThrow(/no JSON Schema mapping/);
  });
});
