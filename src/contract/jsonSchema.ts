/**
 * The published contract of `complaint-<uuid>` streams as JSON Schema (draft 2020-12),
 * generated from the io-ts codecs so the two cannot drift: one schema per event type's
 * `data` and one for the metadata envelope. `npm run contract` writes them to
 * docs/contract/; a test fails when the checked-in files differ from {@link contractFiles}.
 */
import * as t from 'io-ts';
import { EventMetadata, TraceContextFields } from '../stream/metadata';
import { COMPLAINT_STREAM_PREFIX } from '../stream/streams';
import { CURRENT_SCHEMA_VERSIONS } from '../stream/upcasting';
import { COMPLAINT_EVENT_TYPES, eventCodecs } from '../domain/events';

/** A JSON value allowed in `const` and `enum`. */
export type JsonSchemaLiteral = string | number | boolean | null;

/** A JSON Schema primitive type name. */
export type JsonSchemaType = 'object' | 'array' | 'string' | 'number' | 'integer' | 'boolean' | 'null';

/** The subset of JSON Schema (draft 2020-12) that {@link toJsonSchema} emits. */
export interface JsonSchema {
  readonly $schema?: string;
  readonly title?: string;
  readonly description?: string;
  readonly 'x-schema-version'?: number;
  readonly type?: JsonSchemaType;
  readonly const?: JsonSchemaLiteral;
  readonly enum?: readonly JsonSchemaLiteral[];
  readonly format?: string;
  readonly pattern?: string;
  readonly minLength?: number;
  readonly maxLength?: number;
  readonly minimum?: number;
  readonly maximum?: number;
  readonly items?: JsonSchema;
  readonly minItems?: number;
  readonly maxItems?: number;
  readonly properties?: { readonly [name: string]: JsonSchema };
  readonly required?: readonly string[];
  readonly anyOf?: readonly JsonSchema[];
  readonly allOf?: readonly JsonSchema[];
}

/** The JSON Schema dialect of every generated schema. */
export const JSON_SCHEMA_DIALECT = 'https://json-schema.org/draft/2020-12/schema';

// Non-blank: at least one character that is not white space (what `s.trim().length > 0` checks).
const NOT_BLANK = '\\S';

const text = (title: string, max: number, description: string): JsonSchema => ({
  title,
  description,
  type: 'string',
  minLength: 1,
  maxLength: max,
  pattern: NOT_BLANK,
});

/**
 * The JSON Schema of each refined or branded codec, by its io-ts name. The predicates of
 * refinements are opaque functions, so each one is described here by hand; a refinement
 * missing from this table makes {@link toJsonSchema} throw rather than emit a weaker schema.
 * Lengths are those of JavaScript strings (UTF-16 code units), which equal JSON Schema's
 * code-point lengths outside the astral planes.
 */
const REFINEMENTS: { readonly [name: string]: JsonSchema } = {
  Uuid: {
    title: 'Uuid',
    description: 'A UUID (any version), lower or upper case.',
    type: 'string',
    format: 'uuid',
    pattern: '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$',
  },
  Instant: {
    title: 'Instant',
    description: 'An ISO-8601 date-time with an explicit offset or Z; the library writes RFC 3339 date-times, but also accepts seconds left out.',
    type: 'string',
    format: 'date-time',
    pattern: '^\\d{4}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2})$',
  },
  'Instant(years 1900–9997)': {
    title: 'BusinessInstant',
    description: 'An Instant (ISO-8601 date-time with an offset or Z) in the years 1900 to 9997: the business times commands accept.',
    type: 'string',
    format: 'date-time',
    pattern: '^(19|[2-9]\\d)\\d{2}-\\d{2}-\\d{2}T\\d{2}:\\d{2}(:\\d{2}(\\.\\d{1,9})?)?(Z|[+-]\\d{2}:\\d{2})$',
  },
  CalendarDate: {
    title: 'CalendarDate',
    description: "A calendar day YYYY-MM-DD (in the complaint's policy time zone), no time of day.",
    type: 'string',
    format: 'date',
    pattern: '^\\d{4}-\\d{2}-\\d{2}$',
  },
  'ShortText(1..200 chars)': text('ShortText', 200, 'A short label: 1 to 200 characters, not blank.'),
  'LongText(1..20000 chars)': text('LongText', 20_000, 'Free text written by people: 1 to 20,000 characters, not blank.'),
  ActorId: text('ActorId', 200, 'An employee id or system name: 1 to 200 characters, not blank.'),
  'PolicyVersion(non-blank, ≤ 100 chars)': text('PolicyVersion', 100, 'A policy version id: 1 to 100 characters, not blank.'),
  'TimeZone(IANA name such as "Europe/Paris")': {
    title: 'TimeZone',
    description: 'An IANA time-zone name such as Europe/Paris (not a raw offset).',
    type: 'string',
    minLength: 1,
    maxLength: 64,
    pattern: '^[^+-]',
  },
  'CountryCode(ISO 3166-1 alpha-2 such as "FR")': {
    title: 'CountryCode',
    description: 'An ISO 3166-1 alpha-2 country code such as FR.',
    type: 'string',
    pattern: '^[A-Z]{2}$',
  },
  'Code(snake_case, ≤ 64 chars)': {
    title: 'Code',
    description: "A code of a list (e.g. the policy's reported problems): lower-case words of letters and digits joined by _, at most 64 characters.",
    type: 'string',
    maxLength: 64,
    pattern: '^[a-z0-9]+(_[a-z0-9]+)*$',
  },
  'TraceId(32 lower-case hex digits)': {
    title: 'TraceId',
    description: 'An OpenTelemetry (W3C Trace Context) trace id: 32 lower-case hex digits.',
    type: 'string',
    pattern: '^[0-9a-f]{32}$',
  },
  'SpanId(16 lower-case hex digits)': {
    title: 'SpanId',
    description: 'An OpenTelemetry (W3C Trace Context) span id: 16 lower-case hex digits.',
    type: 'string',
    pattern: '^[0-9a-f]{16}$',
  },
  'PositiveDays(1..366)': { title: 'PositiveDays', type: 'integer', minimum: 1, maximum: 366 },
  'NonNegativeDays(0..366)': { title: 'NonNegativeDays', type: 'integer', minimum: 0, maximum: 366 },
};

// Names given by primitives.ts' boundedArray / nonEmptyBoundedArray.
const BOUNDED_ARRAY = /^Array<.*>\(max (\d+)\)$/s;
const NON_EMPTY_BOUNDED_ARRAY = /^NonEmptyArray<.*>\((\d+)\.\.(\d+)\)$/s;
// Vocabulary names worth a title (Channel, Urgency…), not io-ts' generated names ('"a" | "b"', '{ x: … }').
const MEANINGFUL_NAME = /^[A-Z][A-Za-z0-9]*$/;

const isObjectSchema = (s: JsonSchema): boolean => s.type === 'object' && s.anyOf === undefined && s.allOf === undefined;

const literalsOf = (s: JsonSchema): readonly JsonSchemaLiteral[] | undefined => {
  if (s.anyOf !== undefined || s.allOf !== undefined) return undefined;
  if (s.const !== undefined) return [s.const];
  return s.enum;
};

const literalType = (value: JsonSchemaLiteral): JsonSchemaType =>
  value === null ? 'null' : typeof value === 'string' ? 'string' : typeof value === 'boolean' ? 'boolean' : 'number';

const titled = (name: string, schema: JsonSchema): JsonSchema => (MEANINGFUL_NAME.test(name) ? { title: name, ...schema } : schema);

const objectSchema = (props: t.Props, requiredAll: boolean): JsonSchema => {
  const properties: { [name: string]: JsonSchema } = {};
  for (const [key, codec] of Object.entries(props)) properties[key] = toJsonSchema(codec);
  const keys = Object.keys(properties);
  return { type: 'object', properties, ...(requiredAll && keys.length > 0 ? { required: keys } : {}) };
};

const mergeObjects = (name: string, parts: readonly JsonSchema[]): JsonSchema => {
  const properties: { [name: string]: JsonSchema } = {};
  const required: string[] = [];
  for (const part of parts) {
    for (const [key, schema] of Object.entries(part.properties ?? {})) {
      if (key in properties) throw new Error(`contract: property "${key}" appears twice in intersection ${name}`);
      properties[key] = schema;
    }
    required.push(...(part.required ?? []));
  }
  return { type: 'object', properties, ...(required.length > 0 ? { required } : {}) };
};

/**
 * The JSON Schema of the values an io-ts codec accepts. Handles the codecs the contract is
 * made of (type, partial, exact, intersection, union, literal, keyof, array, null, boolean,
 * number, string, and the known refinements and brands); throws on anything else, so a new
 * kind of codec in an event is noticed when the contract is regenerated. Objects do not set
 * `additionalProperties`: readers must ignore properties they do not know.
 */
export const toJsonSchema = (codec: t.Mixed): JsonSchema => {
  if (codec instanceof t.StringType) return { type: 'string' };
  if (codec instanceof t.NumberType) return { type: 'number' };
  if (codec instanceof t.BooleanType) return { type: 'boolean' };
  if (codec instanceof t.NullType) return { type: 'null' };
  if (codec instanceof t.LiteralType) {
    const value: JsonSchemaLiteral = codec.value as JsonSchemaLiteral;
    return { type: literalType(value), const: value };
  }
  if (codec instanceof t.KeyofType) {
    const keys: { readonly [key: string]: unknown } = codec.keys as { readonly [key: string]: unknown };
    return titled(codec.name, { type: 'string', enum: Object.keys(keys) });
  }
  if (codec instanceof t.InterfaceType) return titled(codec.name, objectSchema(codec.props as t.Props, true));
  if (codec instanceof t.PartialType) return titled(codec.name, objectSchema(codec.props as t.Props, false));
  if (codec instanceof t.ExactType) return titled(codec.name, toJsonSchema(codec.type as t.Mixed));
  if (codec instanceof t.ReadonlyType) return toJsonSchema(codec.type as t.Mixed);
  if (codec instanceof t.ArrayType) return { type: 'array', items: toJsonSchema(codec.type as t.Mixed) };
  if (codec instanceof t.IntersectionType) {
    const parts = (codec.types as readonly t.Mixed[]).map(toJsonSchema);
    return titled(codec.name, parts.every(isObjectSchema) ? mergeObjects(codec.name, parts) : { allOf: parts });
  }
  if (codec instanceof t.UnionType) {
    const members = (codec.types as readonly t.Mixed[]).map(toJsonSchema);
    const literals = members.map(literalsOf);
    const flat = literals.flatMap((ls) => ls ?? []);
    const types = new Set(flat.map(literalType));
    const [only] = [...types];
    if (literals.every((ls) => ls !== undefined) && types.size === 1 && only !== undefined)
      return titled(codec.name, { type: only, enum: flat });
    return { anyOf: members };
  }
  if (codec instanceof t.RefinementType) {
    const known = REFINEMENTS[codec.name];
    if (known !== undefined) return known;
    const inner = toJsonSchema(codec.type as t.Mixed);
    const max = BOUNDED_ARRAY.exec(codec.name);
    if (max && inner.type === 'array') return { ...inner, maxItems: Number(max[1]) };
    const range = NON_EMPTY_BOUNDED_ARRAY.exec(codec.name);
    if (range && inner.type === 'array') return { ...inner, minItems: Number(range[1]), maxItems: Number(range[2]) };
  }
  throw new Error(`contract: no JSON Schema mapping for io-ts codec "${codec.name}"; describe it in src/contract/jsonSchema.ts`);
};

/** File name of the metadata envelope's schema. */
export const METADATA_SCHEMA_FILE = 'EventMetadata.schema.json';

/** File name of an event type's data schema. */
export const eventSchemaFile = (type: string): string => `${type}.schema.json`;

const eventDataCodec = (codec: t.Mixed): t.Mixed => {
  if (codec instanceof t.InterfaceType) {
    const props = codec.props as t.Props;
    const data = props['data'];
    if (data !== undefined) return data;
  }
  throw new Error(`contract: event codec "${codec.name}" is not { type, data }`);
};

/**
 * Every schema of the contract, by file name: `<EventType>.schema.json` for each event
 * type's data (title = the event type, `x-schema-version` = the version written today) and
 * `EventMetadata.schema.json` for the metadata envelope. Key order is fixed.
 */
export const contractSchemas = (): { readonly [fileName: string]: JsonSchema } => {
  const out: { [fileName: string]: JsonSchema } = {};
  for (const type of COMPLAINT_EVENT_TYPES) {
    const version = CURRENT_SCHEMA_VERSIONS[type];
    const { title: _title, ...data } = toJsonSchema(eventDataCodec(eventCodecs[type]));
    out[eventSchemaFile(type)] = {
      $schema: JSON_SCHEMA_DIALECT,
      title: type,
      description: `Data of a ${type} event (schema version ${version}) in a ${COMPLAINT_STREAM_PREFIX}<uuid> stream.`,
      'x-schema-version': version,
      ...data,
    };
  }
  const { title: _metaTitle, ...metadata } = toJsonSchema(t.intersection([EventMetadata, TraceContextFields]));
  out[METADATA_SCHEMA_FILE] = {
    $schema: JSON_SCHEMA_DIALECT,
    title: 'EventMetadata',
    description: 'Metadata of every event in a complaint stream; schemaVersion is the version of the data schema the event was written with.',
    ...metadata,
  };
  return out;
};

// Keyword order of the written files: identification first, then the shape, then children.
const KEYWORD_ORDER: readonly (keyof JsonSchema)[] = [
  '$schema',
  'title',
  'description',
  'x-schema-version',
  'type',
  'const',
  'enum',
  'format',
  'pattern',
  'minLength',
  'maxLength',
  'minimum',
  'maximum',
  'minItems',
  'maxItems',
  'items',
  'required',
  'properties',
  'anyOf',
  'allOf',
];

type Json = string | number | boolean | null | readonly Json[] | { readonly [key: string]: Json };

const ordered = (schema: JsonSchema): { [key: string]: Json } => {
  const unknownKeys = Object.keys(schema).filter((k) => !(KEYWORD_ORDER as readonly string[]).includes(k));
  if (unknownKeys.length > 0) throw new Error(`contract: unexpected keywords ${unknownKeys.join(', ')}`);
  const out: { [key: string]: Json } = {};
  for (const key of KEYWORD_ORDER) {
    const value = schema[key];
    if (value === undefined) continue;
    if (key === 'items') out[key] = ordered(value as JsonSchema);
    else if (key === 'anyOf' || key === 'allOf') out[key] = (value as readonly JsonSchema[]).map(ordered);
    else if (key === 'properties') {
      const props: { [name: string]: Json } = {};
      // Properties keep the codec's declaration order, which is the order of the source.
      for (const [name, child] of Object.entries(value as { readonly [name: string]: JsonSchema })) props[name] = ordered(child);
      out[key] = props;
    } else out[key] = value as Json;
  }
  return out;
};

/** A schema as the checked-in file's text: keywords in a fixed order, two-space indent, trailing newline. */
export const renderSchema = (schema: JsonSchema): string => `${JSON.stringify(ordered(schema), null, 2)}\n`;

/** docs/contract/README.md: how streams are named and one line per event type. */
export const contractReadme = (): string => {
  const lines = [
    '# Published contract of complaint streams',
    '',
    '<!-- Generated by `npm run contract` (scripts/contract.ts) from the io-ts codecs; do not edit. -->',
    '',
    `- One stream per complaint, named \`${COMPLAINT_STREAM_PREFIX}<uuid>\` (category \`complaint\`; EventStoreDB's \`$ce-complaint\` holds them all).`,
    "- Each event's type is its event type below; its data is JSON matching `<EventType>.schema.json` (JSON Schema draft 2020-12) and its metadata matches [`EventMetadata.schema.json`](EventMetadata.schema.json).",
    "- `x-schema-version` is the data schema version written today; `metadata.schemaVersion` is the one an event was written with. Older versions are upcast on read by this library; readers in other languages should accept the versions they know and skip or flag the others.",
    '- Objects do not forbid unknown properties: ignore properties you do not know.',
    "- `$traceId` and `$spanId`, when an event's metadata has them, are the OpenTelemetry trace and span ids of the work that appended it (KurrentDB's own metadata keys): look the trace up to find the request that caused the event. A service running `@kurrent/opentelemetry` writes its append span there instead, in the same trace.",
    "- Where Lukéa protects personal data (`protectPersonalData`, see docs/security.md), the stored value of each personal field is an encryption envelope `pd1.<keyId>.<base64url>` instead of the text — longer than the schemas' length limits — and reads as `[erased]` once the complainant's key is erased. Readers in other languages either go through this library or treat those fields as opaque.",
    '',
    '| Event type | Schema version | Schema |',
    '| --- | --- | --- |',
    ...COMPLAINT_EVENT_TYPES.map((type) => `| ${type} | ${CURRENT_SCHEMA_VERSIONS[type]} | [${eventSchemaFile(type)}](${eventSchemaFile(type)}) |`),
    '',
  ];
  return lines.join('\n');
};

/** Every file of docs/contract/, by file name, as text: what `npm run contract` writes. */
export const contractFiles = (): { readonly [fileName: string]: string } => {
  const out: { [fileName: string]: string } = {};
  for (const [file, schema] of Object.entries(contractSchemas())) out[file] = renderSchema(schema);
  out['README.md'] = contractReadme();
  return out;
};
