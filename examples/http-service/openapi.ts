/**
 * The routes' schemas and their OpenAPI 3.1 document, generated from the same objects: what
 * Fastify validates is what the document describes (OpenAPI 3.1 schemas are JSON Schema
 * 2020-12, the dialect of the package's generated schemas).
 */
import { PROBLEM_JSON } from './problems';
import { type Schema, commandHeaders, commandSchema, complaintParams, historyQuery, overdueQuery, problemSchema } from './schemas';

/** One route: Fastify's validation schema and what the document says about it. */
interface Route {
  readonly method: 'get' | 'post';
  readonly url: string;
  readonly summary: string;
  readonly schema: { readonly params?: Schema; readonly headers?: Schema; readonly querystring?: Schema; readonly body?: Schema };
  /** Answers: status → description (and the schema of a success body, when it has a fixed shape). */
  readonly responses: { readonly [status: string]: { readonly description: string; readonly schema?: Schema } };
}

const object = (description: string): Schema => ({ type: 'object', description });
const problems = (...statuses: number[]): Route['responses'] =>
  Object.fromEntries(statuses.map((s) => [String(s), { description: PROBLEM_DESCRIPTIONS[s] ?? 'A problem', schema: { $ref: '#/components/schemas/Problem' } }]));

const PROBLEM_DESCRIPTIONS: { readonly [status: number]: string } = {
  400: 'The request does not decode: every problem with its path (errors[].path)',
  403: 'The actor may not do this (NotAuthorised)',
  404: 'No such complaint',
  409: 'A concurrency conflict, an Idempotency-Key reused for another command, or a command that does not fit the state',
  422: 'A rule of the policy refuses the command (rule names it)',
  503: 'The event store is unavailable: retry with the same Idempotency-Key',
};

/** Every route of the service. */
export const ROUTES = {
  command: {
    method: 'post',
    url: '/complaints/{id}/commands',
    summary: 'Handle a command on a complaint (idempotent per Idempotency-Key)',
    schema: { params: complaintParams, headers: commandHeaders, body: commandSchema },
    responses: {
      '201': { description: 'Handled: the events appended and the state after them', schema: object('{ complaintId, revision, duplicate: false, events, state }') },
      '200': { description: 'This Idempotency-Key was already handled: its original outcome, nothing appended', schema: object('{ complaintId, revision, duplicate: true, events, state }') },
      ...problems(400, 403, 404, 409, 422, 503),
    },
  },
  complaint: {
    method: 'get',
    url: '/complaints/{id}',
    summary: "A complaint's current state",
    schema: { params: complaintParams },
    responses: { '200': { description: 'The state', schema: object('{ complaintId, state }') }, ...problems(400, 404) },
  },
  history: {
    method: 'get',
    url: '/complaints/{id}/history',
    summary: "A complaint's history as the records stood at asOf (default: now)",
    schema: { params: complaintParams, querystring: historyQuery },
    responses: { '200': { description: 'The entries recorded by asOf and the state they fold to', schema: object('{ complaintId, asOf, state, entries }') }, ...problems(400, 404) },
  },
  overdue: {
    method: 'get',
    url: '/sla/overdue',
    summary: 'Deadlines overdue at `at` (default: now), earliest first, from the SLA projection',
    schema: { querystring: overdueQuery },
    responses: { '200': { description: 'The overdue deadlines, and whether the projection had caught up', schema: object('{ at, caughtUp, lagMs, overdue }') }, ...problems(400) },
  },
  health: {
    method: 'get',
    url: '/health',
    summary: 'Projection lag and caught-up',
    schema: {},
    responses: { '200': { description: 'Caught up and following the log', schema: object('{ status: "ok", projections }') }, '503': { description: 'Still catching up (or stopped)', schema: object('{ status: "starting", projections }') } },
  },
  openapi: {
    method: 'get',
    url: '/openapi.json',
    summary: 'This document',
    schema: {},
    responses: { '200': { description: 'The OpenAPI 3.1 document of the service', schema: object('OpenAPI 3.1') } },
  },
} as const satisfies { readonly [name: string]: Route };

const parameters = (where: 'path' | 'query' | 'header', schema: Schema | undefined): Schema[] => {
  const properties = (schema?.['properties'] ?? {}) as { readonly [name: string]: Schema };
  const required = new Set((schema?.['required'] ?? []) as readonly string[]);
  return Object.entries(properties).map(([name, s]) => ({ name, in: where, required: where === 'path' || required.has(name), schema: s }));
};

/** The OpenAPI 3.1 document of the service. */
export const openApiDocument = (): Schema => {
  const paths: { [url: string]: { [method: string]: Schema } } = {};
  for (const route of Object.values(ROUTES) as readonly Route[]) {
    const { params, headers, querystring, body } = route.schema;
    paths[route.url] = {
      ...paths[route.url],
      [route.method]: {
        summary: route.summary,
        parameters: [...parameters('path', params), ...parameters('query', querystring), ...parameters('header', headers)],
        ...(body === undefined ? {} : { requestBody: { required: true, content: { 'application/json': { schema: body } } } }),
        responses: Object.fromEntries(
          Object.entries(route.responses).map(([status, r]: [string, { readonly description: string; readonly schema?: Schema }]) => [
            status,
            {
              description: r.description,
              ...(r.schema === undefined ? {} : { content: { [r.schema['$ref'] === undefined ? 'application/json' : PROBLEM_JSON]: { schema: r.schema } } }),
            },
          ]),
        ),
      },
    };
  }
  return {
    openapi: '3.1.0',
    jsonSchemaDialect: 'https://json-schema.org/draft/2020-12/schema',
    info: {
      title: 'Lukéa complaints',
      version: '0.1.0',
      description: "Complaints handled under Lukéa's complaint-handling policy (@lukea/complaints). Errors are RFC 9457 problems (application/problem+json).",
    },
    paths,
    components: { schemas: { Problem: problemSchema } },
  };
};
