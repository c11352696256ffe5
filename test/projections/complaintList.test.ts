/**
 * The complaint-list read model (issue #19): every row equals the summary of the domain's
 * own state; the four filters, the statuses, paging with a total and the orders; bad queries
 * refused naming the key; no personal field in rows or checkpoints; through the runner with
 * checkpoints (restart, rebuild, EventStoreDB-style checkpoint stream).
 */
import * as E from 'fp-ts/lib/Either.js';
import * as fc from 'fast-check';
import { QueryError } from '../../src/projections/queryError';
import type { ComplaintCommand } from '../../src/domain/commands';
import type { ComplaintEvent } from '../../src/domain/events';
import { fold } from '../../src/domain/evolve';
import { fromEpochDay, toEpochDay } from '../../src/domain/policy/calendarDays';
import { localDate } from '../../src/domain/policy/deadlines';
import type { CalendarDate } from '../../src/domain/primitives';
import type { Complaint } from '../../src/domain/state';
import { InMemoryEventStore } from '../../src/eventstore/inMemory/inMemoryEventStore';
import type { JsonValue } from '../../src/eventstore/port';
import { PERSONAL_FIELDS } from '../../src/privacy/personalFields';
import { InMemoryCheckpointStore } from '../../src/projections/checkpointStore';
import { type ComplaintListModel, cloneComplaintList, complaintListProjection, decodeComplaintList, encodeComplaintList } from '../../src/projections/complaintList';
import type { ComplaintListRow } from '../../src/projections/complaintListCodec';
import { type ComplaintListQuery, DEFAULT_PAGE_SIZE, listComplaints, parseComplaintListQuery } from '../../src/projections/complaintListQuery';
import { EventStoreCheckpointStore } from '../../src/projections/eventStoreCheckpointStore';
import { ProjectionRunner } from '../../src/projections/runner';
import { type Step, at, cmd, direction, history, supervisor } from '../domain/spec';
import { appendHistory, asStored, complaintUuid } from './fixtures';

const HOUR = 3_600_000;
const BASE = Date.parse('2022-03-01T08:00:00Z');
const iso = (ms: number): string => new Date(ms).toISOString();

const COMPLAINANTS = ['client-1', 'client-2', 'client-3'];
const PRODUCTS = ['electricity-contract', 'gas-contract', 'direct-debit'];
const AGENTS = [
  { id: 'agent-ana', name: 'Ana Lopez' },
  { id: 'agent-bo', name: 'Bo Martin' },
];

/** A random story over the whole lifecycle; each step is kept only if the decider accepts it. */
const arbStory = fc.record({
  startH: fc.integer({ min: 0, max: 24 * 60 }),
  channel: fc.constantFrom('email' as const, 'phone' as const, 'web' as const, 'postal_mail' as const),
  complainant: fc.constantFrom(...COMPLAINANTS),
  product: fc.constantFrom(...PRODUCTS),
  steps: fc.array(
    fc.record({
      gapH: fc.integer({ min: 1, max: 24 * 12 }),
      // 'advance' takes the next lifecycle step for the complaint's status, so that stories
      // reach the appeal and the mediator; closing and requalifying (final) are rarer.
      kind: fc.oneof(
        { arbitrary: fc.constant('advance' as const), weight: 6 },
        { arbitrary: fc.constantFrom('assign', 'ack', 'delay', 'answer', 'appeal', 'decide', 'refer', 'conclude', 'urgency', 'recategorise', 'contact', 'missed'), weight: 6 },
        { arbitrary: fc.constantFrom('close', 'requalify'), weight: 1 },
      ),
      agent: fc.constantFrom(0, 1),
    }),
    { maxLength: 9 },
  ),
});
type Story = typeof arbStory extends fc.Arbitrary<infer T> ? T : never;

/** The next lifecycle step for a complaint in this state. */
const advance = (c: ReturnType<typeof fold>): Story['steps'][number]['kind'] => {
  switch (c.status) {
    case 'received':
      return c.form === 'written' ? 'ack' : 'answer';
    case 'acknowledged':
    case 'delayed':
      return 'answer';
    case 'answered':
      return 'appeal';
    case 'internal-appeal':
      return c.appeal?.decidedAt === undefined ? 'decide' : 'refer';
    case 'mediator-referral':
      return c.mediation?.concludedAt === undefined ? 'conclude' : 'close';
    default:
      return 'contact';
  }
};

const build = (s: Story): ComplaintEvent[] => {
  let t = BASE + s.startH * HOUR;
  const complainant = { id: s.complainant, kind: 'client' as const, name: 'Camille Martin' };
  const kept: Step[] = [{ command: cmd.receive({ receivedAt: at(iso(t)), channel: s.channel, complainant, product: s.product }), now: iso(t) }];
  for (const step of s.steps) {
    t += step.gapH * HOUR;
    const now = iso(t);
    const today = localDate(at(now), 'Europe/Paris');
    const later = fromEpochDay(toEpochDay(today) + 20) as CalendarDate;
    const kind = step.kind === 'advance' ? advance(fold(history(...kept))) : step.kind;
    const command: ComplaintCommand =
      kind === 'assign' ? cmd.assign({ assignee: AGENTS[step.agent] ?? { id: 'agent-ana', name: 'Ana Lopez' } })
      : kind === 'ack' ? cmd.acknowledge({ expectedAnswerDate: today })
      : kind === 'delay' ? cmd.delay({ newAnswerDue: later })
      : kind === 'answer' ? cmd.answer()
      : kind === 'appeal' ? cmd.appeal()
      : kind === 'decide' ? cmd.decideAppeal()
      : kind === 'refer' ? cmd.refer()
      : kind === 'conclude' ? cmd.conclude()
      : kind === 'close' ? cmd.close({ withdrawnByComplainant: true })
      : kind === 'requalify' ? cmd.requalify()
      : kind === 'recategorise' ? cmd.recategorise({ product: PRODUCTS[(PRODUCTS.indexOf(s.product) + 1) % PRODUCTS.length] ?? 'gas-contract' })
      : kind === 'contact' ? cmd.contact()
      : kind === 'missed' ? cmd.missed('answer')
      : cmd.urgency({ urgency: 'high' });
    const actor = kind === 'decide' ? direction : kind === 'requalify' || kind === 'close' || kind === 'missed' ? supervisor : undefined;
    const candidate: Step = actor === undefined ? { command, now } : { command, now, actor };
    try {
      history(...kept, candidate);
      kept.push(candidate);
    } catch {
      // refused by the decider: the story goes on without it
    }
  }
  return history(...kept);
};

const project = (stories: readonly (readonly ComplaintEvent[])[]): ComplaintListModel => {
  const p = complaintListProjection();
  let m = p.initial();
  stories.forEach((events, i) => {
    for (const e of asStored(complaintUuid(i), events)) m = p.apply(m, e);
  });
  return m;
};

/** The row the list should show, read from the domain's own state. */
const rowFromState = (c: Complaint): ComplaintListRow => ({
  complaintId: c.complaintId,
  status: c.status,
  receivedAt: c.receivedAt,
  channel: c.channel,
  form: c.form,
  urgency: c.urgency,
  category: c.category,
  product: c.product,
  complainantId: c.complainant.id,
  complainantKind: c.complainant.kind,
  assignee: c.assignee === undefined ? null : { id: c.assignee.id, name: c.assignee.name },
  acknowledgementDue: c.acknowledgement.due,
  answerDue: c.answer.due,
  lastActivityAt: c.lastActivityAt,
});

const stateOf = (events: readonly ComplaintEvent[], i: number): Complaint => {
  const c = fold(events.map((e) => (e.type === 'ComplaintReceived' ? { ...e, data: { ...e.data, complaintId: complaintUuid(i) as typeof e.data.complaintId } } : e)));
  if (c.status === 'none') throw new Error('story without receipt');
  return c;
};

const all = (m: ComplaintListModel, q: ComplaintListQuery = {}): ComplaintListRow[] => listComplaints(m, { ...q, limit: 1000 }).items as ComplaintListRow[];
const ids = (rows: readonly ComplaintListRow[]): string[] => rows.map((r) => r.complaintId);

describe('every row is the summary of the complaint’s own state', () => {
  it('on random stories, the list shows exactly what fold(events) says, and every filter selects exactly the matching states', () => {
    fc.assert(
      fc.property(fc.array(arbStory, { minLength: 1, maxLength: 20 }), (stories) => {
        const histories = stories.map(build);
        const m = project(histories);
        const states = histories.map(stateOf);
        const expected = states.map(rowFromState);
        const listed = all(m, { status: 'all' });
        expect([...listed].sort((a, b) => a.complaintId.localeCompare(b.complaintId))).toEqual([...expected].sort((a, b) => a.complaintId.localeCompare(b.complaintId)));
        const open = expected.filter((r) => r.status !== 'closed' && r.status !== 'requalified');
        expect(ids(all(m)).sort()).toEqual(ids(open).sort());
        for (const agent of [...AGENTS.map((a) => a.id), null]) expect(ids(all(m, { assignee: agent })).sort()).toEqual(ids(open.filter((r) => (r.assignee?.id ?? null) === agent)).sort());
        for (const c of COMPLAINANTS) expect(ids(all(m, { complainant: c, status: 'all' })).sort()).toEqual(ids(expected.filter((r) => r.complainantId === c)).sort());
        for (const p of PRODUCTS) expect(ids(all(m, { product: p })).sort()).toEqual(ids(open.filter((r) => r.product === p)).sort());
        expect(all(cloneComplaintList(m), { status: 'all' })).toEqual(listed);
        expect(all(decodeComplaintList(JSON.parse(JSON.stringify(encodeComplaintList(m))) as JsonValue), { status: 'all' })).toEqual(listed);
      }),
      { numRuns: 80 },
    );
  });
});

/** Ten complaints received an hour apart on 1 March 2022, with assignees, statuses, complainants and products set by hand. */
const fixture = (): ComplaintListModel => {
  const r = (h: number, over: Parameters<typeof cmd.receive>[0] = {}): Step => ({ command: cmd.receive({ receivedAt: at(iso(BASE + h * HOUR)), ...over }), now: iso(BASE + h * HOUR) });
  const next = (h: number, command: ComplaintCommand, actor?: Step['actor']): Step => (actor === undefined ? { command, now: iso(BASE + h * HOUR) } : { command, now: iso(BASE + h * HOUR), actor });
  const ana = { id: 'agent-ana', name: 'Ana Lopez' };
  const bo = { id: 'agent-bo', name: 'Bo Martin' };
  const c1 = { id: 'client-1', kind: 'client' as const, name: 'Camille Martin' };
  const c2 = { id: 'client-2', kind: 'client' as const, name: 'Dominique Petit' };
  return project([
    history(r(0, { complainant: c1 }), next(1, cmd.assign({ assignee: ana }))),
    history(r(1, { complainant: c1, product: 'gas-contract' }), next(2, cmd.assign({ assignee: bo }))),
    history(r(2, { complainant: c2 }), next(3, cmd.assign({ assignee: ana })), next(4, cmd.answer())),
    history(r(3, { complainant: c2 }), next(4, cmd.close({ withdrawnByComplainant: true }), supervisor)),
    history(r(4, { complainant: c1 }), next(5, cmd.requalify(), supervisor)),
    history(r(5, { complainant: c2, product: 'gas-contract' })),
    history(r(6, { complainant: c1 }), next(7, cmd.assign({ assignee: ana })), next(8, cmd.assign({ assignee: bo }))),
    history(r(7, { complainant: c2, channel: 'phone' }), next(8, cmd.assign({ assignee: ana }))),
    history(r(8, { complainant: c1 }), next(9, cmd.recategorise({ product: 'gas-contract' }))),
    history(r(9, { complainant: c2 }), next(10, cmd.assign({ assignee: ana })), next(11, cmd.delay({ newAnswerDue: '2022-03-25' as CalendarDate }))),
  ]);
};
const n = (...is: number[]): string[] => is.map(complaintUuid);

describe('filters', () => {
  const m = fixture();

  it('with no filter, every open complaint is listed — closed and requalified ones are not — oldest first', () => {
    expect(ids(all(m))).toEqual(n(0, 1, 2, 5, 6, 7, 8, 9));
  });

  it('by assignee: the complaints currently assigned to them; a reassigned complaint moves; null lists the unassigned', () => {
    expect(ids(all(m, { assignee: 'agent-ana' }))).toEqual(n(0, 2, 7, 9));
    expect(ids(all(m, { assignee: 'agent-bo' }))).toEqual(n(1, 6));
    expect(ids(all(m, { assignee: null }))).toEqual(n(5, 8));
    expect(ids(all(m, { assignee: 'agent-nobody' }))).toEqual([]);
  });

  it('by status: one status, several, "open" (the default) and "all"', () => {
    expect(ids(all(m, { status: 'answered' }))).toEqual(n(2));
    expect(ids(all(m, { status: ['closed', 'requalified'] }))).toEqual(n(3, 4));
    expect(ids(all(m, { status: 'delayed' }))).toEqual(n(9));
    expect(ids(all(m, { status: 'all' }))).toEqual(n(0, 1, 2, 3, 4, 5, 6, 7, 8, 9));
    expect(ids(all(m, { status: 'open' }))).toEqual(ids(all(m)));
  });

  it('by complainant and by product (the current product, after a recategorisation)', () => {
    expect(ids(all(m, { complainant: 'client-1' }))).toEqual(n(0, 1, 6, 8));
    expect(ids(all(m, { complainant: 'client-1', status: 'all' }))).toEqual(n(0, 1, 4, 6, 8));
    expect(ids(all(m, { product: 'gas-contract' }))).toEqual(n(1, 5, 8));
  });

  it('filters combine: all must hold', () => {
    expect(ids(all(m, { assignee: 'agent-ana', complainant: 'client-2' }))).toEqual(n(2, 7, 9));
    expect(ids(all(m, { assignee: 'agent-ana', complainant: 'client-2', status: 'received' }))).toEqual(n(7));
    expect(ids(all(m, { product: 'gas-contract', assignee: null }))).toEqual(n(5, 8));
  });
});

describe('order and paging', () => {
  const m = fixture();

  it('orders by answer due date (moved by a delay notice) or by last activity, ascending or descending', () => {
    const byDue = all(m, { orderBy: 'answerDue' });
    expect(ids(byDue).at(-1)).toBe(complaintUuid(9)); // delayed to 25 March, the others due 16 March
    expect(byDue.map((r) => r.answerDue)).toEqual([...byDue.map((r) => r.answerDue)].sort());
    expect(ids(all(m, { direction: 'desc' }))).toEqual(n(9, 8, 7, 6, 5, 2, 1, 0));
    const byActivity = all(m, { orderBy: 'lastActivityAt', direction: 'desc' }).map((r) => Date.parse(r.lastActivityAt));
    expect(byActivity).toEqual([...byActivity].sort((a, b) => b - a));
  });

  it('a page holds at most limit rows from offset; total counts every match', () => {
    expect(listComplaints(m, { limit: 3 })).toEqual(expect.objectContaining({ total: 8, offset: 0, limit: 3 }));
    expect(ids(listComplaints(m, { limit: 3 }).items)).toEqual(n(0, 1, 2));
    expect(ids(listComplaints(m, { limit: 3, offset: 3 }).items)).toEqual(n(5, 6, 7));
    expect(ids(listComplaints(m, { limit: 3, offset: 6 }).items)).toEqual(n(8, 9));
    expect(listComplaints(m, { offset: 100 })).toEqual({ total: 8, offset: 100, limit: DEFAULT_PAGE_SIZE, items: [] });
  });

  it('pages of any size cover every match exactly once, in the order of the whole list (any order, any direction)', () => {
    fc.assert(
      fc.property(
        fc.array(arbStory, { minLength: 0, maxLength: 40 }),
        fc.integer({ min: 1, max: 12 }),
        fc.constantFrom('receivedAt' as const, 'answerDue' as const, 'lastActivityAt' as const),
        fc.constantFrom('asc' as const, 'desc' as const),
        (stories, limit, orderBy, direction) => {
          const model = project(stories.map(build));
          const whole = listComplaints(model, { status: 'all', orderBy, direction, limit: 1000 });
          const pages: ComplaintListRow[] = [];
          for (let offset = 0; offset < whole.total + limit; offset += limit) {
            const page = listComplaints(model, { status: 'all', orderBy, direction, limit, offset });
            expect(page.total).toBe(whole.total);
            expect(page.items.length).toBeLessThanOrEqual(limit);
            pages.push(...page.items);
          }
          expect(pages).toEqual(whole.items);
          expect(new Set(ids(pages)).size).toBe(whole.total);
        },
      ),
      { numRuns: 60 },
    );
  });

  it('rows handed out are copies: a later event does not change a page already read', () => {
    const model = fixture();
    const before = listComplaints(model, { status: 'all' }).items;
    const snapshot = JSON.parse(JSON.stringify(before)) as unknown;
    const p = complaintListProjection();
    for (const e of asStored(complaintUuid(0), history({ command: cmd.receive({ receivedAt: at(iso(BASE)) }), now: iso(BASE) }, { command: cmd.assign({ assignee: { id: 'agent-zoe', name: 'Zoé' } }), now: iso(BASE + 30 * HOUR) })).slice(1))
      p.apply(model, e);
    expect(before).toEqual(snapshot);
    expect(listComplaints(model, { status: 'all' }).items[0]?.assignee).toEqual({ id: 'agent-zoe', name: 'Zoé' });
  });
});

describe('bad queries are refused, naming the key', () => {
  const m = fixture();
  const refusal = (q: unknown): string => {
    const r = parseComplaintListQuery(q);
    if (E.isRight(r)) throw new Error(`expected a refusal of ${JSON.stringify(q)}`);
    expect(r.left.subject).toBe('complaint list query');
    return r.left.issues.map((i) => i.message).join('; ');
  };

  it.each([
    [{ limit: 0 }, 'limit: expected limit (1..1000), got 0'],
    [{ limit: 1001 }, 'limit: expected limit (1..1000), got 1001'],
    [{ offset: -1 }, 'offset: expected offset (a whole number ≥ 0), got -1'],
    [{ offset: 1.5 }, 'offset: expected offset (a whole number ≥ 0), got 1.5'],
    [{ status: 'opened' }, "status: expected 'open' | 'all' | ComplaintStatus | ComplaintStatus[], got \"opened\""],
    [{ orderBy: 'subject' }, "orderBy: expected 'receivedAt' | 'answerDue' | 'lastActivityAt', got \"subject\""],
    [{ assignee: '' }, 'assignee: expected assignee id | null, got ""'],
    [{ asignee: 'agent-ana' }, 'asignee: unknown key (expected one of status, assignee, complainant, product, orderBy, direction, offset, limit), got "agent-ana"'],
  ])('%j', (query, message) => {
    expect(refusal(query)).toBe(message);
  });

  it('every problem is named at once', () => {
    expect(refusal({ limit: 0, product: 7, extra: true }).split('; ')).toHaveLength(3);
  });

  it('not an object at all', () => {
    expect(refusal('open')).toMatch(/^\(root\): expected ComplaintListQuery/);
  });

  it('listComplaints throws a QueryError carrying the DecodeError, and the model is unchanged', () => {
    const before = listComplaints(m, { status: 'all' });
    let thrown: unknown;
    try {
      listComplaints(m, { limit: 0 });
    } catch (e) {
      thrown = e;
    }
    expect(thrown).toBeInstanceOf(QueryError);
    expect(thrown instanceof QueryError && [thrown._tag, thrown.message]).toEqual(['DecodeError', 'Invalid complaint list query: limit: expected limit (1..1000), got 0']);
    expect(listComplaints(m, { status: 'all' })).toEqual(before);
  });

  it('offset and limit also come as decimal digits, as a URL gives them', () => {
    const q = parseComplaintListQuery({ offset: '2', limit: '3', status: 'all' });
    expect(E.isRight(q) && ids(listComplaints(m, q.right).items)).toEqual(n(2, 3, 4));
  });
});

describe('no personal data in the model', () => {
  it('rows and checkpoints hold none of the personal fields of a ComplaintReceived (name, contact, subject, description)', () => {
    const secret = { id: 'client-9', kind: 'client' as const, name: 'Sécrète Personne', email: 'secret@example.fr', phone: '+33 6 00 00 00 00', postalAddress: '1 rue Secrète' };
    const m = project([history({ command: cmd.receive({ receivedAt: at(iso(BASE)), complainant: secret, subject: 'Sujet secret', description: 'Description secrète' }), now: iso(BASE) })]);
    const json = JSON.stringify(encodeComplaintList(m)) + JSON.stringify(listComplaints(m));
    for (const text of ['Sécrète Personne', 'secret@example.fr', '+33 6 00 00 00 00', '1 rue Secrète', 'Sujet secret', 'Description secrète']) expect(json).not.toContain(text);
    expect(PERSONAL_FIELDS.ComplaintReceived).toEqual(['complainant.name', 'complainant.email', 'complainant.phone', 'complainant.postalAddress', 'subject', 'description']);
  });
});

describe('checkpoint codec', () => {
  it('a damaged checkpoint is refused naming the field', () => {
    const json = encodeComplaintList(fixture()) as { records: { [k: string]: JsonValue }[] };
    const damaged = { ...json, records: [{ ...json.records[0], status: 'lost' }] };
    expect(() => decodeComplaintList(damaged as JsonValue)).toThrow(/^Invalid complaint-list checkpoint: records\[0\]\.status: expected ComplaintStatus, got "lost"$/);
    expect(() => decodeComplaintList({ format: 2, records: [] })).toThrow(/format/);
    expect(() => decodeComplaintList({ format: 1, records: [json.records[0] ?? null, json.records[0] ?? null] })).toThrow(/records\[1\]\.complaintId: expected a complaint id not seen before in the checkpoint/);
  });
});

describe('through the runner, like the other projections', () => {
  const stories = fc.sample(arbStory, { numRuns: 30, seed: 19 }).map(build);
  const total = stories.reduce((k, s) => k + s.length, 0);

  it('live processing, a rebuild from zero and a restart from a checkpoint give the same lists', async () => {
    const store = new InMemoryEventStore();
    const checkpoints = new InMemoryCheckpointStore();
    const live = new ProjectionRunner({ store, checkpoints, projection: complaintListProjection(), batchSize: 7, flushIntervalMs: 5 });
    await live.start();
    for (const [i, events] of stories.entries()) await appendHistory(store, complaintUuid(i), events);
    for (let i = 0; i < 400 && live.progress().eventsProcessed < total; i++) await new Promise((r) => setTimeout(r, 5));
    await live.stop();
    expect(live.progress().eventsProcessed).toBe(total);
    const rebuilt = new ProjectionRunner({ store, checkpoints: new InMemoryCheckpointStore(), projection: complaintListProjection(), pageSize: 13 });
    await rebuilt.rebuild();
    const resumed = new ProjectionRunner({ store, checkpoints, projection: complaintListProjection() });
    expect((await resumed.catchUp()).eventsProcessed).toBe(total);
    const expected = listComplaints(live.model(), { status: 'all', limit: 1000 });
    expect(expected.total).toBe(stories.length);
    expect(listComplaints(rebuilt.model(), { status: 'all', limit: 1000 })).toEqual(expected);
    expect(listComplaints(resumed.model(), { status: 'all', limit: 1000 })).toEqual(expected);
  });

  it('checkpoints kept in the event store (as on EventStoreDB) resume where they stopped', async () => {
    const store = new InMemoryEventStore();
    for (const [i, events] of stories.slice(0, 20).entries()) await appendHistory(store, complaintUuid(i), events);
    const codec = { encode: (_: string, m: unknown) => encodeComplaintList(m as ComplaintListModel), decode: (_: string, json: JsonValue) => decodeComplaintList(json) };
    const first = new ProjectionRunner({ store, checkpoints: new EventStoreCheckpointStore(store, { codec }), projection: complaintListProjection() });
    await first.catchUp();
    for (const [i, events] of stories.slice(20).entries()) await appendHistory(store, complaintUuid(20 + i), events);
    const second = new ProjectionRunner({ store, checkpoints: new EventStoreCheckpointStore(store, { codec }), projection: complaintListProjection() });
    const progress = await second.catchUp();
    expect(progress.eventsProcessed).toBe(total);
    const fresh = new ProjectionRunner({ store, checkpoints: new InMemoryCheckpointStore(), projection: complaintListProjection() });
    await fresh.catchUp();
    expect(listComplaints(second.model(), { status: 'all', limit: 1000 })).toEqual(listComplaints(fresh.model(), { status: 'all', limit: 1000 }));
  });
});
