/**
 * A projection carries its own checkpoint codec and the event types it handles
 * (src/projections/projection.ts): the runner decodes the other types (corruption is reported whatever the type) but does
 * not fold them, and hands the codec to the checkpoint store. Checked here: the built-in projections'
 * lists are right (passing over changes no model), their codecs round-trip and answer a
 * typed error naming what is wrong and where instead of throwing, and a corrupt checkpoint
 * reaches the runner's caller as that typed error.
 */
import * as E from 'fp-ts/lib/Either.js';
import * as fc from 'fast-check';
import { v4 as uuidv4 } from 'uuid';
import { InMemoryEventStore } from '../../src';
import { COMPLAINT_EVENT_TYPES } from '../../src/domain/events';
import type { JsonValue } from '../../src/eventstore/port';
import { complaintStreamName } from '../../src/stream/streams';
import type { StoredComplaintEvent } from '../../src/stream/decodeStream';
import {
  CheckpointError,
  EventStoreCheckpointStore,
  InMemoryCheckpointStore,
  type Projection,
  ProjectionRunner,
  complaintListProjection,
  encodeComplaintList,
  recurringIssuesProjection,
  slaProjection,
} from '../../src/projections';
import { cmd, history } from '../domain/spec';
import { appendHistory, complaintUuid } from './fixtures';
import { arbStory, build, interleaved } from './stories';

const BUILT_IN: ReadonlyArray<readonly [string, () => Projection<unknown>]> = [
  ['sla-breaches', slaProjection as () => Projection<unknown>],
  ['recurring-issues', recurringIssuesProjection as () => Projection<unknown>],
  ['complaint-list', complaintListProjection as () => Projection<unknown>],
];

/** The model as JSON through the projection's own codec (each built-in has one). */
const encoded = (p: Projection<unknown>, model: unknown): JsonValue => {
  if (p.encode === undefined) throw new Error(`${p.name} has no codec`);
  return p.encode(model);
};

const fold = (p: Projection<unknown>, events: readonly StoredComplaintEvent[]): unknown => events.reduce((m, e) => p.apply(m, e), p.initial());

describe.each(BUILT_IN)('the %s projection carries its codec and the event types it handles', (_name, projection) => {
  it('folding only the event types it lists gives the same model as folding every event', () => {
    const p = projection();
    const handled = new Set<string>(p.eventTypes ?? COMPLAINT_EVENT_TYPES);
    fc.assert(
      fc.property(fc.array(arbStory, { minLength: 1, maxLength: 6 }), (stories) => {
        const events = interleaved(stories.map(build));
        expect(encoded(p, fold(p, events.filter((e) => handled.has(e.event.type))))).toEqual(encoded(p, fold(p, events)));
      }),
      { numRuns: 60 },
    );
  });

  it('decode(encode(model)) is the model, through JSON text', () => {
    const p = projection();
    fc.assert(
      fc.property(fc.array(arbStory, { minLength: 1, maxLength: 6 }), (stories) => {
        const model = fold(p, interleaved(stories.map(build)));
        const json = JSON.parse(JSON.stringify(encoded(p, model))) as JsonValue;
        const decoded = p.decode?.(json);
        expect(decoded !== undefined && E.isRight(decoded) ? encoded(p, decoded.right) : decoded).toEqual(encoded(p, model));
      }),
      { numRuns: 30 },
    );
  });

  it('decode answers a DecodeError at the root for JSON that is no model at all, and does not throw', () => {
    const p = projection();
    for (const json of [null, 42, 'model', [], { format: 99 }]) {
      const decoded = p.decode?.(json);
      expect(decoded !== undefined && E.isLeft(decoded)).toBe(true);
      if (decoded !== undefined && E.isLeft(decoded)) {
        expect(decoded.left._tag).toBe('DecodeError');
        expect(decoded.left.issues[0]?.path).toMatch(/^(\(root\)|format)$/);
      }
    }
  });
});

/** One complaint's model JSON, with `edit` applied to its first record row. */
const oneRecord = (p: Projection<unknown>, edit: (json: { [key: string]: JsonValue }) => void): JsonValue => {
  const model = fold(p, interleaved([build({ startH: 1, channel: 'email', steps: [{ gapH: 30, kind: 'answer' }] })]));
  const json = JSON.parse(JSON.stringify(encoded(p, model))) as { [key: string]: JsonValue };
  edit(json);
  return json;
};
const firstRow = (json: { [key: string]: JsonValue }): JsonValue[] => {
  const rows = json.records;
  if (!Array.isArray(rows) || !Array.isArray(rows[0])) throw new Error('no record row');
  return rows[0];
};

describe('a checkpoint model that does not decode is named by its place', () => {
  const cases: ReadonlyArray<readonly [string, () => Projection<unknown>, (json: { [key: string]: JsonValue }) => void, string, RegExp]> = [
    ['an SLA record with a stage out of range', slaProjection as () => Projection<unknown>, (j) => void (firstRow(j)[5] = 9), 'records[0][5]', /stage/],
    ['an SLA record whose receipt instant is text', slaProjection as () => Projection<unknown>, (j) => void (firstRow(j)[6] = 'yesterday'), 'records[0][6]', /receivedMs/],
    ['an SLA record listed twice', slaProjection as () => Projection<unknown>, (j) => void (j.records = [firstRow(j), firstRow(j)]), 'records[1][0]', /not seen before/],
    ['SLA zones that are not strings', slaProjection as () => Projection<unknown>, (j) => void (j.zones = [1]), 'zones', /time zone names/],
    ['a recurring-issues record whose complainant is text', recurringIssuesProjection as () => Projection<unknown>, (j) => void (firstRow(j)[7] = 'x'), 'records[0][7]', /complainant/],
    ['a recurring-issues record listed twice', recurringIssuesProjection as () => Projection<unknown>, (j) => void (j.records = [firstRow(j), firstRow(j)]), 'records[1][0]', /not seen before/],
    ['a recurring-issues record cut short', recurringIssuesProjection as () => Projection<unknown>, (j) => void (j.records = [firstRow(j).slice(0, 5)]), 'records[0]', /14 items/],
    [
      'a complaint-list record with an unknown status',
      complaintListProjection as () => Projection<unknown>,
      (j) => {
        const rows = j.records;
        if (Array.isArray(rows) && typeof rows[0] === 'object' && rows[0] !== null && !Array.isArray(rows[0])) rows[0].status = 'lost';
      },
      'records[0].status',
      /ComplaintStatus/,
    ],
  ];

  it.each(cases)('%s: a DecodeError with that path, and the message says what was expected', (_name, projection, edit, path, expected) => {
    const p = projection();
    const decoded = p.decode?.(oneRecord(p, edit));
    expect(decoded !== undefined && E.isLeft(decoded)).toBe(true);
    if (decoded === undefined || E.isRight(decoded)) return;
    expect(decoded.left.issues.map((i) => i.path)).toContain(path);
    expect(decoded.left.issues[0]?.message).toMatch(expected);
  });

  it('a runner loading a corrupt SLA checkpoint from the event store rejects with CheckpointUnreadable carrying the issue and its path, and folds nothing', async () => {
    const store = new InMemoryEventStore();
    await appendHistory(store, complaintUuid(1), history({ command: cmd.receive(), now: '2022-01-10T16:05:00+01:00' }));
    const p = slaProjection();
    const bad = oneRecord(p as Projection<unknown>, (j) => void (firstRow(j)[5] = 9));
    // Written as a store without a codec writes any JSON: what a damaged or foreign checkpoint looks like.
    await new EventStoreCheckpointStore(store).save(p.name, { position: null, version: p.version, model: bad, eventsProcessed: 1 });
    let folded = 0;
    const runner = new ProjectionRunner({ store, checkpoints: new EventStoreCheckpointStore(store), projection: { ...p, apply: (m, e) => ((folded += 1), p.apply(m, e)) } });
    const failure = await runner.catchUp().then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(failure).toBeInstanceOf(CheckpointError);
    const error = failure instanceof CheckpointError ? failure.error : undefined;
    expect(error).toMatchObject({ _tag: 'CheckpointUnreadable', projection: 'sla-breaches' });
    expect(error?._tag === 'CheckpointUnreadable' ? error.issues?.map((i) => i.path) : []).toEqual(['records[0][5]']);
    expect(failure instanceof Error ? failure.message : '').toMatch(/its model does not decode \(Invalid SLA model checkpoint: records\[0\]\[5\]: expected stage/);
    expect(folded).toBe(0);
  });

  it('a runner saves with the projection’s own codec: the stored model is its encode, and a fresh runner resumes from it', async () => {
    const store = new InMemoryEventStore();
    const id = complaintUuid(2);
    await appendHistory(store, id, history({ command: cmd.receive(), now: '2022-01-10T16:05:00+01:00' }, { command: cmd.assign(), now: '2022-01-11T10:00:00+01:00' }));
    const first = new ProjectionRunner({ store, checkpoints: new EventStoreCheckpointStore(store), projection: complaintListProjection() });
    await first.catchUp();
    // A store without a codec of its own hands back the JSON as stored: the projection's encoding.
    const raw = await new EventStoreCheckpointStore(store).load<JsonValue>('complaint-list');
    expect(raw?.model).toEqual(JSON.parse(JSON.stringify(encodeComplaintList(first.model()))));
    const second = new ProjectionRunner({ store, checkpoints: new EventStoreCheckpointStore(store), projection: complaintListProjection() });
    await second.catchUp();
    expect(second.progress().eventsProcessed).toBe(2);
    expect(encodeComplaintList(second.model())).toEqual(encodeComplaintList(first.model()));
  });
});

describe('the runner folds only the event types a projection handles, and still checks the others', () => {
  const counting = (handled: readonly (typeof COMPLAINT_EVENT_TYPES)[number][], seen: string[]): Projection<number> => ({
    name: 'counting',
    version: 1,
    eventTypes: handled,
    initial: () => 0,
    apply: (n, e) => (seen.push(e.event.type), n + 1),
    clone: (n) => n,
  });

  it('apply sees only the types listed; the others count as processed; a corrupt event of an unfolded type and an event of no known type are both reported', async () => {
    const store = new InMemoryEventStore();
    const id = complaintUuid(3);
    await appendHistory(store, id, history({ command: cmd.receive(), now: '2022-01-10T16:05:00+01:00' }, { command: cmd.assign(), now: '2022-01-11T10:00:00+01:00' }, { command: cmd.contact(), now: '2022-01-12T10:00:00+01:00' }));
    const stream = complaintStreamName(id);
    await store.appendToStream(stream, [{ id: uuidv4(), type: 'ComplaintClientContacted', data: { nonsense: true }, metadata: {} }]);
    await store.appendToStream(stream, [{ id: uuidv4(), type: 'ComplaintTeleported', data: {}, metadata: {} }]);
    const seen: string[] = [];
    const problems: string[] = [];
    const runner = new ProjectionRunner({ store, checkpoints: new InMemoryCheckpointStore(), projection: counting(['ComplaintReceived', 'ComplaintAssigned'], seen), onProblem: (p) => problems.push(p.eventType) });
    const progress = await runner.catchUp();
    expect(seen).toEqual(['ComplaintReceived', 'ComplaintAssigned']);
    expect(problems).toEqual(['ComplaintClientContacted', 'ComplaintTeleported']);
    expect(progress.eventsProcessed).toBe(3);
    expect(runner.model()).toBe(2);
  });

  it('without eventTypes every event is decoded: the same corrupt contact is reported', async () => {
    const store = new InMemoryEventStore();
    const id = complaintUuid(4);
    await appendHistory(store, id, history({ command: cmd.receive(), now: '2022-01-10T16:05:00+01:00' }));
    await store.appendToStream(complaintStreamName(id), [{ id: uuidv4(), type: 'ComplaintClientContacted', data: { nonsense: true }, metadata: {} }]);
    const problems: string[] = [];
    const { eventTypes: _all, ...everyType } = counting([], []);
    const runner = new ProjectionRunner({ store, checkpoints: new InMemoryCheckpointStore(), projection: everyType, onProblem: (p) => problems.push(p.eventType) });
    await runner.catchUp();
    expect(problems).toEqual(['ComplaintClientContacted']);
  });
});
