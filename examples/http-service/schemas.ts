/**
 * The HTTP service's request schemas, built from the JSON Schemas the package generates from
 * its own io-ts codecs (`toJsonSchema`, the same generator as docs/contract/): a command body
 * is one of the package's command schemas, chosen by its `type`; ids, roles and instants use
 * the package's Uuid, ActorRole and Instant schemas. Fastify validates requests with them, and
 * the OpenAPI document (openapi.ts) is generated from the very same objects.
 */
import { Actor, COMPLAINT_COMMAND_TYPES, Instant, Uuid, commandCodecs } from '../../src/index';
import { type JsonSchema, toJsonSchema } from '../../src/contract';

/** A JSON Schema object, as Fastify and OpenAPI take it. */
export type Schema = { readonly [keyword: string]: unknown };

const uuid = toJsonSchema(Uuid);
const instant = toJsonSchema(Instant);
const actor = toJsonSchema(Actor);

/** The schema of one command body: the package's command schema, its complaint id taken from the path. */
const commandBody = (schema: JsonSchema): Schema => ({
  ...schema,
  // The path names the complaint; a body may repeat it (it must then be the same).
  required: (schema.required ?? []).filter((k) => k !== 'complaintId'),
});

/** Body of `POST /complaints/:id/commands`: exactly one command, chosen by `type` (an OpenAPI discriminator). */
export const commandSchema: Schema = {
  title: 'ComplaintCommand',
  description: 'A command on the complaint named by the path, as the package decodes it (see the package’s commandCodecs).',
  type: 'object',
  required: ['type'],
  discriminator: { propertyName: 'type' },
  oneOf: COMPLAINT_COMMAND_TYPES.map((type) => commandBody(toJsonSchema(commandCodecs[type]))),
};

/** Path parameters naming a complaint. */
export const complaintParams: Schema = { type: 'object', required: ['id'], properties: { id: uuid } };

/**
 * Headers of a command. `idempotency-key` is the command id (retry with the same key: one
 * outcome). `x-actor-id` / `x-actor-role` stand in for authentication in this example: a real
 * service derives the actor from its own (a JWT's claims…) in `authenticate`.
 */
export const commandHeaders: Schema = {
  type: 'object',
  required: ['idempotency-key', 'x-actor-id', 'x-actor-role'],
  properties: {
    'idempotency-key': uuid,
    'x-actor-id': (actor.properties ?? {})['id'],
    'x-actor-role': (actor.properties ?? {})['role'],
    'x-correlation-id': { type: 'string', minLength: 1, maxLength: 200 },
  },
};

/** `?asOf=` of the history: the records as they stood then. */
export const historyQuery: Schema = { type: 'object', properties: { asOf: instant } };

/** `?at=` of the overdue list (default: now). */
export const overdueQuery: Schema = { type: 'object', properties: { at: instant } };

/** An RFC 9457 problem details object, as every error response carries it. */
export const problemSchema: Schema = {
  title: 'Problem',
  type: 'object',
  required: ['type', 'title', 'status'],
  properties: {
    type: { type: 'string', format: 'uri-reference' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    instance: { type: 'string' },
    tag: { type: 'string', description: 'The tag of the library error (RuleViolation, ConcurrencyConflict…).' },
    rule: { type: 'string', description: 'For a rule violation: the rule of the policy that refused the command.' },
    errors: {
      type: 'array',
      description: 'For a request that does not decode: each problem with its path (`body.receivedAt`, `headers.idempotency-key`…).',
      items: { type: 'object', required: ['path', 'message'], properties: { path: { type: 'string' }, message: { type: 'string' } } },
    },
  },
};
