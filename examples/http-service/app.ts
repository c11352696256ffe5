/**
 * The complaints HTTP service: a small Fastify app over the package, as a Lukéa team would
 * write one.
 *
 *   POST /complaints/:id/commands       a command (body) with its Idempotency-Key and actor (headers)
 *   GET  /complaints/:id                the complaint's current state
 *   GET  /complaints/:id/history?asOf=  its history, as the records stood at asOf (default: now)
 *   GET  /sla/overdue?at=               deadlines overdue at `at` (default: now), from the SLA projection
 *   GET  /health                        projection lag and caught-up (503 until caught up and live)
 *   GET  /openapi.json                  the OpenAPI 3.1 document, generated from the same schemas
 *
 * Requests are validated with the package's own JSON Schemas (schemas.ts); every error is an
 * RFC 9457 problem (problems.ts). The library logs through Fastify's logger (pino).
 */
import Fastify, { type FastifyError, type FastifyInstance, type FastifyReply, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import * as E from 'fp-ts/lib/Either.js';
import {
  type Actor,
  type ActorRole,
  ComplaintService,
  type EventStore,
  type ServiceError,
  type TelemetryOptions,
} from '../../src/index';
import {
  InMemoryCheckpointStore,
  ProjectionRunner,
  type SlaModel,
  overdueNow,
  slaProjection,
  toJsonValue,
} from '../../src/projections';
import { historyTE, stateAsOfEntries } from '../../src/audit';
import { traceContextOf, traceEventStore } from '../../src/observability';
import { ROUTES, openApiDocument } from './openapi';
import { PROBLEM_JSON, type PathIssue, type Problem, internalError, invalidRequest, noSuchRoute, problemOf } from './problems';

/** Options of {@link complaintsHttpService}. */
export interface HttpServiceOptions {
  /** Where complaints live: the embedded `InMemoryEventStore`, or an `EventStoreDBEventStore`. */
  readonly store: EventStore;
  /** The clock of decisions, deadlines and "now" (default: the system clock). */
  readonly clock?: () => Date;
  /** OpenTelemetry providers (default: the global ones; a no-op without an SDK). */
  readonly telemetry?: TelemetryOptions;
  /**
   * Who is calling. Default: the `x-actor-id` / `x-actor-role` headers, a stand-in for real
   * authentication — derive the actor from your own (a verified token's claims) instead.
   */
  readonly authenticate?: (request: FastifyRequest) => Actor;
  /** Fastify's options (`logger: true` for pino on stdout). */
  readonly fastify?: FastifyServerOptions;
}

/** The service: the Fastify app, the complaint service and the SLA projection behind it. */
export interface HttpService {
  readonly app: FastifyInstance;
  readonly complaints: ComplaintService;
  readonly sla: ProjectionRunner<SlaModel>;
  /** Catches the SLA projection up and follows the log live (aborted by `close`). */
  start(): Promise<void>;
  /** Stops the projection and the HTTP server. */
  close(): Promise<void>;
}

type CommandHeaders = { 'idempotency-key': string; 'x-actor-id': string; 'x-actor-role': string; 'x-correlation-id'?: string };

const headerActor = (request: FastifyRequest): Actor => {
  const headers = request.headers as Partial<CommandHeaders>;
  return { id: headers['x-actor-id'] ?? '', role: (headers['x-actor-role'] ?? '') as ActorRole };
};

const send = (reply: FastifyReply, request: FastifyRequest, problem: Problem): FastifyReply =>
  reply
    .code(problem.status)
    .type(PROBLEM_JSON)
    .send({ ...problem, instance: request.url });

/** `/body/receivedAt` and Ajv's params as `body.receivedAt`. */
const pathOf = (context: string | undefined, error: { instancePath: string; params: Record<string, unknown> }): string => {
  const segments = error.instancePath.split('/').filter((s) => s !== '');
  const missing = error.params['missingProperty'] ?? error.params['tag'];
  if (typeof missing === 'string') segments.push(missing);
  return [context ?? 'request', ...segments].join('.');
};

/** Builds the service over a store (not listening yet: `app.listen` or `app.inject`). */
export const complaintsHttpService = (options: HttpServiceOptions): HttpService => {
  const clock = options.clock ?? (() => new Date());
  const app = Fastify({
    bodyLimit: 256 * 1024,
    ...options.fastify,
    ajv: {
      customOptions: {
        // The body is JSON: no type coercion, nothing removed; `format` is an annotation in
        // JSON Schema 2020-12 (the package's patterns and codecs check the values).
        coerceTypes: false,
        removeAdditional: false,
        useDefaults: false,
        allErrors: true,
        validateFormats: false,
        discriminator: true,
      },
    },
  });
  const logger = app.log;
  const store = traceEventStore(options.store, options.telemetry);
  const complaints = new ComplaintService({ store, clock, ...(options.telemetry === undefined ? {} : { telemetry: options.telemetry }), logger });
  const sla = new ProjectionRunner({ store, checkpoints: new InMemoryCheckpointStore(), projection: slaProjection(), clock, ...(options.telemetry === undefined ? {} : { telemetry: options.telemetry }), logger });
  const authenticate = options.authenticate ?? headerActor;
  const stopping = new AbortController();
  const problem = (reply: FastifyReply, request: FastifyRequest, error: ServiceError): FastifyReply => send(reply, request, problemOf(error));

  app.setErrorHandler((error: FastifyError, request, reply) => {
    if (error.validation !== undefined) {
      const issues: PathIssue[] = error.validation.map((v) => ({ path: pathOf(error.validationContext, v), message: v.message ?? 'is not valid' }));
      return send(reply, request, invalidRequest(issues));
    }
    if (error.statusCode !== undefined && error.statusCode >= 400 && error.statusCode < 500)
      return send(reply, request, { ...invalidRequest([{ path: 'body', message: error.message }]), status: error.statusCode, title: 'The request cannot be read' });
    request.log.error({ err: error }, 'unexpected error');
    return send(reply, request, internalError());
  });
  app.setNotFoundHandler((request, reply) => send(reply, request, noSuchRoute(request.method, request.url)));

  app.post<{ Params: { id: string }; Headers: CommandHeaders; Body: { readonly [key: string]: unknown } }>(
    '/complaints/:id/commands',
    { schema: ROUTES.command.schema },
    async (request, reply) => {
      const { id } = request.params;
      const named = request.body['complaintId'];
      if (named !== undefined && (typeof named !== 'string' || named.toLowerCase() !== id.toLowerCase()))
        return send(reply, request, invalidRequest([{ path: 'body.complaintId', message: `body.complaintId: names another complaint than the path (${id})` }]));
      const headers = request.headers;
      const metadata = {
        commandId: headers['idempotency-key'],
        actor: authenticate(request),
        ...(headers['x-correlation-id'] === undefined ? {} : { correlationId: headers['x-correlation-id'] }),
      };
      const result = await complaints.handleTE({ ...request.body, complaintId: id }, metadata)();
      if (E.isLeft(result)) return problem(reply, request, result.left);
      const { complaintId, revision, duplicate, events, state } = result.right;
      return reply
        .code(duplicate ? 200 : 201)
        .header('location', `/complaints/${complaintId}`)
        .send(
          toJsonValue({
            complaintId,
            revision,
            duplicate,
            events: events.map((e) => ({ id: e.id, type: e.event.type, revision: e.revision, data: e.event.data, metadata: e.metadata, createdAt: e.createdAt })),
            state,
          }),
        );
    },
  );

  app.get<{ Params: { id: string } }>('/complaints/:id', { schema: ROUTES.complaint.schema }, async (request, reply) => {
    const state = await complaints.getComplaintTE(request.params.id)();
    if (E.isLeft(state)) return problem(reply, request, state.left);
    return toJsonValue({ complaintId: request.params.id, state: state.right });
  });

  app.get<{ Params: { id: string }; Querystring: { asOf?: string } }>('/complaints/:id/history', { schema: ROUTES.history.schema }, async (request, reply) => {
    const entries = await historyTE(store, request.params.id)();
    if (E.isLeft(entries)) return problem(reply, request, entries.left);
    const asOf = request.query.asOf === undefined ? clock() : new Date(request.query.asOf);
    if (Number.isNaN(asOf.getTime())) return send(reply, request, invalidRequest([{ path: 'querystring.asOf', message: `querystring.asOf: ${request.query.asOf} is not a date-time` }]));
    const known = entries.right.filter((e) => Date.parse(e.recordedAt) <= asOf.getTime());
    return toJsonValue({
      complaintId: request.params.id,
      asOf: asOf.toISOString(),
      state: stateAsOfEntries(entries.right, asOf).state,
      entries: known.map((e) => ({
        revision: e.revision,
        eventId: e.eventId,
        type: e.event.type,
        occurredAt: e.occurredAt,
        recordedAt: e.recordedAt,
        actor: e.actor,
        data: e.event.data,
        // The request that caused the event, when it was traced: look it up in your tracing backend.
        traceId: traceContextOf(e.metadata)?.traceId ?? null,
      })),
    });
  });

  app.get<{ Querystring: { at?: string } }>('/sla/overdue', { schema: ROUTES.overdue.schema }, async (request) => {
    const at = request.query.at === undefined ? clock() : new Date(request.query.at);
    const { caughtUp, lagMs } = sla.progress();
    return toJsonValue({ at: at.toISOString(), caughtUp, lagMs, overdue: overdueNow(sla.model(), at) });
  });

  app.get('/health', { schema: ROUTES.health.schema }, async (_request, reply) => {
    const p = sla.progress();
    const ready = p.caughtUp && p.live;
    return reply.code(ready ? 200 : 503).send(
      toJsonValue({
        status: ready ? 'ok' : 'starting',
        projections: { [slaProjection().name]: { caughtUp: p.caughtUp, live: p.live, lagMs: p.lagMs, eventsProcessed: p.eventsProcessed, problems: p.problems, position: p.position?.commit ?? null } },
      }),
    );
  });

  app.get('/openapi.json', { schema: ROUTES.openapi.schema }, async () => openApiDocument());

  return {
    app,
    complaints,
    sla,
    start: () => sla.start({ signal: stopping.signal }),
    close: async () => {
      stopping.abort();
      await sla.stop();
      await app.close();
    },
  };
};
