/**
 * The Fastify example service (examples/http-service), through Fastify's `inject`: commands
 * validated with the package's JSON Schemas, typed errors as RFC 9457 problems, history as of
 * an instant, the SLA projection's overdue list and health, and the OpenAPI document.
 */
import { createRequire } from 'node:module';
import { complaintsHttpService, type HttpService } from '../../examples/http-service/app';
import { openApiDocument, ROUTES } from '../../examples/http-service/openapi';
import { COMPLAINT_COMMAND_TYPES } from '../../src/domain/commands';
import { InMemoryEventStore } from '../../src/eventstore/inMemory/inMemoryEventStore';
import type { EventStore } from '../../src/eventstore/port';
import { FaultInjectingEventStore, faults } from '../../src/testing/faultInjectingEventStore';
import { AlwaysConflictingStore } from '../application/harness';
import { ID, cmd } from '../domain/spec';
import { type TestTelemetry, expectNoConsoleOutput, testTelemetry, useContextManager } from '../observability/otel';

useContextManager();
expectNoConsoleOutput();

const NOW = new Date('2022-01-11T10:00:00+01:00');
const KEY = '0b7f1f5e-1c2d-4e3f-8a9b-0c1d2e3f4a5b';
const OTHER_KEY = '1c8f2f6e-2d3e-4f40-9bac-1d2e3f4a5b6c';
const agent = { 'x-actor-id': 'ana.lopez', 'x-actor-role': 'agent' };

/** A command as a client sends it: JSON, complaint id from the path. */
const bodyOf = (command: { readonly complaintId: string; readonly [key: string]: unknown }): Record<string, unknown> => {
  const { complaintId: _id, ...rest } = JSON.parse(JSON.stringify(command)) as Record<string, unknown> & { complaintId: string };
  return rest;
};

let service: HttpService;
const open = (store: EventStore = new InMemoryEventStore(), more: Partial<Parameters<typeof complaintsHttpService>[0]> = {}): HttpService => {
  service = complaintsHttpService({ store, clock: () => NOW, ...more });
  return service;
};
afterEach(() => service.close());

const post = (body: unknown, headers: Record<string, string> = { 'idempotency-key': KEY, ...agent }, id = ID) =>
  service.app.inject({ method: 'POST', url: `/complaints/${id}/commands`, headers, payload: body as Record<string, unknown> });
const receive = (key = KEY) => post(bodyOf(cmd.receive()), { 'idempotency-key': key, ...agent });

describe('POST /complaints/:id/commands', () => {
  it('handles a command: 201 with the events as stored, the state and a Location; the same key again is 200, a duplicate', async () => {
    open();
    const first = await receive();
    expect(first.statusCode).toBe(201);
    expect(first.headers['location']).toBe(`/complaints/${ID}`);
    const body = first.json();
    expect(body).toMatchObject({ complaintId: ID, revision: '0', duplicate: false, state: { status: 'received' } });
    expect(body.events).toEqual([expect.objectContaining({ type: 'ComplaintReceived', revision: '0', metadata: expect.objectContaining({ commandId: KEY }) })]);
    const again = await receive();
    expect(again.statusCode).toBe(200);
    expect(again.json()).toMatchObject({ duplicate: true, revision: '0' });
  });

  it('400 problem+json with every path when the body fails the command schema', async () => {
    open();
    const r = await post({ type: 'ReceiveComplaint', receivedAt: 12, channel: 'carrier pigeon' });
    expect(r.statusCode).toBe(400);
    expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
    const problem = r.json();
    expect(problem).toMatchObject({ status: 400, title: 'The request does not decode', tag: 'DecodeError', instance: `/complaints/${ID}/commands` });
    const paths = problem.errors.map((e: { path: string }) => e.path);
    expect(paths).toEqual(expect.arrayContaining(['body.receivedAt', 'body.channel', 'body.complainant', 'body.description']));
  });

  it('400 naming body.type for a command type the package does not have', async () => {
    open();
    const r = await post({ type: 'DeleteComplaint' });
    expect(r.statusCode).toBe(400);
    expect(r.json().errors.map((e: { path: string }) => e.path)).toEqual(['body.type']);
  });

  it('400 naming the header when the Idempotency-Key is not a UUID or the role is unknown', async () => {
    open();
    const r = await post(bodyOf(cmd.receive()), { 'idempotency-key': 'retry-1', 'x-actor-id': 'ana', 'x-actor-role': 'boss' });
    expect(r.statusCode).toBe(400);
    expect(r.json().errors.map((e: { path: string }) => e.path).sort()).toEqual(['headers.idempotency-key', 'headers.x-actor-role']);
  });

  it("400 when the library's codecs refuse what the schema lets through (a month 13), naming the body path", async () => {
    open();
    const r = await post(bodyOf(cmd.receive({ receivedAt: '2022-13-01T10:00:00+01:00' as never })));
    expect(r.statusCode).toBe(400);
    expect(r.json().errors).toEqual([expect.objectContaining({ path: 'body.receivedAt' })]);
  });

  it('400 when the body names another complaint than the path', async () => {
    open();
    const r = await post({ ...bodyOf(cmd.receive()), complaintId: '2a7d3f10-5b8e-4f6a-8c1d-9e0f1a2b3c4d' });
    expect(r.statusCode).toBe(400);
    expect(r.json().errors).toEqual([expect.objectContaining({ path: 'body.complaintId' })]);
  });

  it('400 for a body that is not JSON', async () => {
    open();
    const r = await service.app.inject({ method: 'POST', url: `/complaints/${ID}/commands`, headers: { 'content-type': 'application/json', 'idempotency-key': KEY, ...agent }, payload: '{"type":' });
    expect(r.statusCode).toBe(400);
    expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
  });

  it('403 when the actor may not issue the command', async () => {
    open();
    await receive();
    const r = await post(bodyOf({ type: 'RecordDeadlineMissed', complaintId: ID, deadline: 'acknowledgement' }), { 'idempotency-key': OTHER_KEY, ...agent });
    expect(r.statusCode).toBe(403);
    expect(r.json()).toMatchObject({ tag: 'NotAuthorised', title: 'Not authorised' });
  });

  it('404 for a command on a complaint never received', async () => {
    open();
    const r = await post(bodyOf(cmd.acknowledge()));
    expect(r.statusCode).toBe(404);
    expect(r.json()).toMatchObject({ tag: 'ComplaintNotFound' });
  });

  it('409 when the Idempotency-Key was used for another command, and when conflicts outlast the retries', async () => {
    open();
    await receive();
    const reused = await post(bodyOf(cmd.acknowledge()));
    expect(reused.statusCode).toBe(409);
    expect(reused.json()).toMatchObject({ tag: 'CommandIdReused' });
    await service.close();
    open(new AlwaysConflictingStore(new InMemoryEventStore()));
    const conflict = await receive();
    expect(conflict.statusCode).toBe(409);
    expect(conflict.json()).toMatchObject({ tag: 'ConcurrencyConflict' });
  });

  it('422 naming the rule when the policy refuses the command', async () => {
    open();
    await post(bodyOf(cmd.receive({ channel: 'phone' })));
    const r = await post(bodyOf(cmd.acknowledge()), { 'idempotency-key': OTHER_KEY, ...agent });
    expect(r.statusCode).toBe(422);
    expect(r.json()).toMatchObject({ tag: 'RuleViolation', rule: 'acknowledgement-not-expected' });
  });

  it('503 when the store is unavailable (retry with the same key)', async () => {
    const store = new FaultInjectingEventStore(new InMemoryEventStore());
    open(store);
    store.injectNext('readStream', faults.failBeforeWrite());
    const r = await receive();
    expect(r.statusCode).toBe(503);
    expect(r.json()).toMatchObject({ tag: 'StoreUnavailable' });
    expect((await receive()).statusCode).toBe(201);
  });
});

describe('queries', () => {
  it("GET /complaints/:id answers the state; 404 problem for an unknown complaint; 400 for an id that is not a UUID", async () => {
    open();
    await receive();
    const r = await service.app.inject({ url: `/complaints/${ID}` });
    expect(r.json()).toMatchObject({ complaintId: ID, state: { status: 'received', acknowledgement: { due: '2022-01-17' } } });
    const unknown = await service.app.inject({ url: '/complaints/2a7d3f10-5b8e-4f6a-8c1d-9e0f1a2b3c4d' });
    expect(unknown.statusCode).toBe(404);
    expect(unknown.json()).toMatchObject({ tag: 'UnknownComplaint' });
    const bad = await service.app.inject({ url: '/complaints/42' });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { path: string }) => e.path)).toEqual(['params.id']);
  });

  it('GET /complaints/:id/history?asOf= answers what was recorded by then, and the state then', async () => {
    let now = new Date('2022-01-10T16:00:00+01:00');
    open(new InMemoryEventStore(), { clock: () => now });
    await receive();
    now = new Date('2022-01-11T10:00:00+01:00');
    await post(bodyOf(cmd.acknowledge()), { 'idempotency-key': OTHER_KEY, ...agent });
    const all = (await service.app.inject({ url: `/complaints/${ID}/history` })).json();
    expect(all.entries.map((e: { type: string }) => e.type)).toEqual(['ComplaintReceived', 'ComplaintAcknowledged']);
    expect(all.state.status).toBe('acknowledged');
    const then = (await service.app.inject({ url: `/complaints/${ID}/history?asOf=2022-01-10T20:00:00%2B01:00` })).json();
    expect(then.entries.map((e: { type: string }) => e.type)).toEqual(['ComplaintReceived']);
    expect(then).toMatchObject({ asOf: '2022-01-10T19:00:00.000Z', state: { status: 'received' } });
    const bad = await service.app.inject({ url: `/complaints/${ID}/history?asOf=yesterday` });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().errors.map((e: { path: string }) => e.path)).toEqual(['querystring.asOf']);
  });

  it('GET /sla/overdue lists what the SLA projection finds overdue at `at`; GET /health is 503 until it is caught up and live', async () => {
    open();
    await receive();
    expect((await service.app.inject({ url: '/health' })).statusCode).toBe(503);
    await service.start();
    const health = await service.app.inject({ url: '/health' });
    expect(health.statusCode).toBe(200);
    expect(health.json()).toMatchObject({ status: 'ok', projections: { 'sla-breaches': { caughtUp: true, live: true, lagMs: 0, eventsProcessed: 1, problems: 0 } } });
    const overdue = (await service.app.inject({ url: '/sla/overdue?at=2022-01-18T08:00:00%2B01:00' })).json();
    expect(overdue).toMatchObject({ caughtUp: true, overdue: [{ complaintId: ID, deadline: 'acknowledgement', due: '2022-01-17', missRecorded: false }] });
    expect((await service.app.inject({ url: '/sla/overdue' })).json().overdue).toEqual([]);
  });

  it('an unknown route is a 404 problem', async () => {
    open();
    const r = await service.app.inject({ url: '/complaints' });
    expect(r.statusCode).toBe(404);
    expect(r.headers['content-type']).toMatch(/^application\/problem\+json/);
  });
});

describe('tracing through the service', () => {
  let otel: TestTelemetry;
  beforeEach(() => {
    otel = testTelemetry();
  });
  afterEach(() => otel.shutdown());

  it("the history links each event to the trace of the request that caused it", async () => {
    open(new InMemoryEventStore(), { telemetry: otel.telemetry });
    await receive();
    const [handle] = otel.spansNamed('handle ReceiveComplaint');
    const history = (await service.app.inject({ url: `/complaints/${ID}/history` })).json();
    expect(history.entries[0].traceId).toBe(handle?.spanContext().traceId);
  });
});

describe('OpenAPI document', () => {
  // The Ajv Fastify validates with (OpenAPI 3.1 schemas are JSON Schema 2020-12).
  const fastifyRequire = createRequire(require.resolve('@fastify/ajv-compiler'));
  const Ajv2020 = (fastifyRequire('ajv/dist/2020') as { default: new (o: object) => { compile(s: object): unknown } }).default;

  it('describes every route the app serves, with the same schemas it validates', async () => {
    open();
    const doc = openApiDocument();
    const served = (await service.app.inject({ url: '/openapi.json' })).json();
    expect(served).toEqual(JSON.parse(JSON.stringify(doc)));
    for (const route of Object.values(ROUTES)) {
      expect(service.app.hasRoute({ method: route.method.toUpperCase() as 'GET', url: route.url.replace('{id}', ':id') })).toBe(true);
      expect(served.paths[route.url][route.method]).toBeDefined();
    }
    const command = served.paths['/complaints/{id}/commands'].post;
    expect(command.requestBody.content['application/json'].schema.oneOf.map((s: { properties: { type: { const: string } } }) => s.properties.type.const)).toEqual([...COMPLAINT_COMMAND_TYPES]);
    expect(command.parameters.map((p: { in: string; name: string }) => `${p.in}:${p.name}`)).toEqual(['path:id', 'header:idempotency-key', 'header:x-actor-id', 'header:x-actor-role', 'header:x-correlation-id']);
    expect(Object.keys(command.responses).sort()).toEqual(['200', '201', '400', '403', '404', '409', '422', '503']);
    expect(command.responses['422'].content['application/problem+json'].schema).toEqual({ $ref: '#/components/schemas/Problem' });
  });

  it('every schema of the document compiles as JSON Schema 2020-12', () => {
    const doc = openApiDocument() as { paths: Record<string, Record<string, { parameters: { schema: object }[]; requestBody?: { content: Record<string, { schema: object }> } }>>; components: { schemas: Record<string, object> } };
    // As the service configures it: `format` is an annotation in 2020-12.
    const ajv = new Ajv2020({ strict: false, discriminator: true, validateFormats: false });
    const schemas = [
      ...Object.values(doc.components.schemas),
      ...Object.values(doc.paths).flatMap((operations) =>
        Object.values(operations).flatMap((op) => [...op.parameters.map((p) => p.schema), ...Object.values(op.requestBody?.content ?? {}).map((c) => c.schema)]),
      ),
    ];
    for (const schema of schemas) expect(typeof ajv.compile(schema)).toBe('function');
    const compiled = schemas.length;
    expect(compiled).toBeGreaterThan(10);
  });
});
