/**
 * Model-based tests of ComplaintService: fast-check plays random command sequences —
 * every command type, every role (agent, supervisor, direction, system, auditor), a clock
 * moving forward by random amounts, back-dated actions, retries with a command id already
 * used, an id reused for another command, and two commands raced with Promise.all (same or
 * different command ids, through one or two service instances) — against the independent
 * reference model of test/reliability/referenceModel.ts. After every step the stream
 * (event types in order, revisions gap-free, ids unique), the complaint's state and the
 * answers (events or typed error tags and rule codes) agree with the model.
 *
 * Runs on the in-memory store and on both production adapters (EventStoreDB's and KurrentDB's
 * clients) talking gRPC to the in-process fake server (fewer runs there). COMPLAINTS_SOAK=1
 * runs many more.
 */
import * as E from 'fp-ts/Either';
import fc from 'fast-check';
import { v4 as uuidv4 } from 'uuid';
import { ComplaintService, type HandleResult } from '../../src/application/complaintService';
import type { ServiceError } from '../../src/application/errors';
import { complaintStreamName } from '../../src/stream/streams';
import type { ComplaintCommandInput, ComplaintCommandType } from '../../src/domain/commands';
import { COMPLAINT_EVENT_TYPES } from '../../src/domain/events';
import type { Complaint } from '../../src/domain/state';
import type { ActorRole } from '../../src/domain/vocabulary';
import { InMemoryEventStore } from '../../src/eventstore/inMemory/inMemoryEventStore';
import type { EventStore } from '../../src/eventstore/port';
import { FaultInjectingEventStore, faults } from '../../src/testing/faultInjectingEventStore';
import { SlowReadStore } from '../application/harness';
import { FakeEventStoreDBServer } from '../esdb/fakeEventStoreDBServer';
import { ADAPTERS } from '../esdb/esdbTestKit';
import { type Outcome, type RefComplaint, type RefModel, emptyModel, parisDate, plusDays, step } from './referenceModel';
import { fcParams, timeoutMs } from './runs';

// ------------------------------------------------------------------ generated command specs

const CATEGORIES = ['billing', 'payments'] as const;
const PRODUCTS = ['electricity-contract', 'direct-debit'] as const;
const CHANNELS = ['web', 'email', 'postal_mail', 'phone', 'in_person'] as const;
const URGENCIES = ['low', 'normal', 'high', 'critical'] as const;

/** Parameters of one command; dates are offsets resolved against the model when it runs. */
type Spec =
  | { type: 'ReceiveComplaint'; channel: (typeof CHANNELS)[number]; urgency: (typeof URGENCIES)[number] | undefined; receivedMinutesAgo: number; category: number; product: number }
  | { type: 'RequalifyComplaint'; as: 'information_request' | 'service_request' | 'improvement_suggestion' }
  | { type: 'AssignComplaint'; assignee: number }
  | { type: 'AcknowledgeComplaint'; expectedInDays: number }
  | { type: 'DelayAnswer'; afterDueDays: number }
  | { type: 'AnswerComplaint'; channel: (typeof CHANNELS)[number] }
  | { type: 'OpenInternalAppeal'; grounds: 'unsatisfied_with_answer' | 'no_news_after_deadline' }
  | { type: 'DecideInternalAppeal'; outcome: 'upheld' | 'partially_upheld' | 'rejected' }
  | { type: 'ReferToMediator'; reference: string | undefined }
  | { type: 'ConcludeMediation'; outcome: 'in_favour_of_complainant' | 'in_favour_of_lukea' | 'settlement' | 'withdrawn' }
  | { type: 'CloseComplaint'; withdrawn: boolean | undefined }
  | { type: 'RecordDeadlineMissed'; deadline: 'acknowledgement' | 'answer' | 'urgency_target' | 'internal_appeal_decision' }
  | { type: 'LogClientContact'; direction: 'inbound' | 'outbound'; channel: (typeof CHANNELS)[number] }
  | { type: 'ReassessUrgency'; urgency: (typeof URGENCIES)[number] }
  | { type: 'RecategoriseComplaint'; category: number; product: number };

/** A spec, who sends it, and how long before now the action happened (null: now). */
interface Send {
  readonly spec: Spec;
  readonly role: ActorRole;
  readonly atMinutesAgo: number | null;
}

const ROLES: readonly ActorRole[] = ['agent', 'supervisor', 'direction', 'system', 'auditor'];
/** Who usually sends a command (generation bias only, so that runs go deep into the lifecycle). */
const usualRole = (type: ComplaintCommandType): ActorRole =>
  type === 'DecideInternalAppeal' ? 'direction' : type === 'RequalifyComplaint' ? 'supervisor' : type === 'RecordDeadlineMissed' ? 'system' : 'agent';
const channel = fc.constantFrom(...CHANNELS);
const urgency = fc.constantFrom(...URGENCIES);
const w = <T>(weight: number, arbitrary: fc.Arbitrary<T>) => ({ weight, arbitrary });

const spec: fc.Arbitrary<Spec> = fc.oneof(
  w(5, fc.record({ type: fc.constant('ReceiveComplaint' as const), channel, urgency: fc.option(urgency, { nil: undefined }), receivedMinutesAgo: fc.integer({ min: -120, max: 4 * 24 * 60 }), category: fc.nat(1), product: fc.nat(1) })),
  w(1, fc.record({ type: fc.constant('RequalifyComplaint' as const), as: fc.constantFrom('information_request' as const, 'service_request' as const, 'improvement_suggestion' as const) })),
  w(2, fc.record({ type: fc.constant('AssignComplaint' as const), assignee: fc.nat(2) })),
  w(6, fc.record({ type: fc.constant('AcknowledgeComplaint' as const), expectedInDays: fc.integer({ min: -1, max: 16 }) })),
  w(4, fc.record({ type: fc.constant('DelayAnswer' as const), afterDueDays: fc.integer({ min: -2, max: 12 }) })),
  w(3, fc.record({ type: fc.constant('AnswerComplaint' as const), channel })),
  w(8, fc.record({ type: fc.constant('OpenInternalAppeal' as const), grounds: fc.constantFrom('unsatisfied_with_answer' as const, 'no_news_after_deadline' as const) })),
  w(8, fc.record({ type: fc.constant('DecideInternalAppeal' as const), outcome: fc.constantFrom('upheld' as const, 'partially_upheld' as const, 'rejected' as const) })),
  w(6, fc.record({ type: fc.constant('ReferToMediator' as const), reference: fc.option(fc.constant('MED-2022-001'), { nil: undefined }) })),
  w(6, fc.record({ type: fc.constant('ConcludeMediation' as const), outcome: fc.constantFrom('in_favour_of_complainant' as const, 'in_favour_of_lukea' as const, 'settlement' as const, 'withdrawn' as const) })),
  w(2, fc.record({ type: fc.constant('CloseComplaint' as const), withdrawn: fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: fc.boolean() }) })),
  w(6, fc.record({ type: fc.constant('RecordDeadlineMissed' as const), deadline: fc.constantFrom('acknowledgement' as const, 'answer' as const, 'urgency_target' as const, 'internal_appeal_decision' as const) })),
  w(4, fc.record({ type: fc.constant('LogClientContact' as const), direction: fc.constantFrom('inbound' as const, 'outbound' as const), channel })),
  w(4, fc.record({ type: fc.constant('ReassessUrgency' as const), urgency })),
  w(2, fc.record({ type: fc.constant('RecategoriseComplaint' as const), category: fc.nat(1), product: fc.nat(1) })),
);

const send: fc.Arbitrary<Send> = fc.record({
  spec,
  // Usually the role that sends such a command; one time in three any role (auditors included).
  role: fc.oneof({ weight: 2, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.constantFrom(...ROLES) }),
  // Mostly "now"; sometimes back-dated (up to three days), which may land before receipt or the last step.
  atMinutesAgo: fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 3 * 24 * 60 }) }),
}).map((s) => ({ ...s, role: s.role ?? usualRole(s.spec.type) }));

const iso = (ms: number): string => new Date(ms).toISOString();
const isoDate = <T>(s: string): T => s as unknown as T;

/** The concrete command a spec stands for, given the model's dates and the current time. */
const concrete = (s: Send, id: string, c: RefComplaint | null, nowMs: number): ComplaintCommandInput => {
  const atMs = s.atMinutesAgo === null ? null : nowMs - s.atMinutesAgo * 60_000;
  const at = atMs === null ? {} : { at: iso(atMs) };
  const today = parisDate(atMs ?? nowMs);
  const answerDue = c?.answerDue ?? plusDays(today, 15);
  const p = s.spec;
  const complaintId = id;
  switch (p.type) {
    case 'ReceiveComplaint':
      return {
        type: p.type,
        complaintId,
        receivedAt: iso(nowMs - p.receivedMinutesAgo * 60_000),
        channel: p.channel,
        complainant: { id: 'client-42', kind: 'client', name: 'Camille Martin' },
        category: CATEGORIES[p.category] ?? 'billing',
        product: PRODUCTS[p.product] ?? 'electricity-contract',
        subject: 'Double charge',
        description: 'I was charged twice.',
        ...(p.urgency === undefined ? {} : { urgency: p.urgency }),
      };
    case 'RequalifyComplaint':
      return { type: p.type, complaintId, requalifiedAs: p.as, reason: 'Only a question.', ...at };
    case 'AssignComplaint':
      return { type: p.type, complaintId, assignee: { id: `agent-${p.assignee}`, name: `Agent ${p.assignee}` }, ...at };
    case 'AcknowledgeComplaint':
      return { type: p.type, complaintId, contactPerson: { id: 'agent-ana', name: 'Ana Lopez' }, handlingSteps: 'We check and answer.', expectedAnswerDate: isoDate(plusDays(today, p.expectedInDays)), ...at };
    case 'DelayAnswer':
      return { type: p.type, complaintId, reason: 'The audit takes longer.', newAnswerDue: isoDate(plusDays(answerDue, p.afterDueDays)), ...at };
    case 'AnswerComplaint':
      return { type: p.type, complaintId, channel: p.channel, facts: 'Batch rerun.', decision: 'Refund.', correctiveMeasures: ['Refund'], rootCause: 'billing-batch-rerun', ...at };
    case 'OpenInternalAppeal':
      return { type: p.type, complaintId, grounds: p.grounds, statement: 'Not enough.', channel: 'email', ...at };
    case 'DecideInternalAppeal':
      return { type: p.type, complaintId, outcome: p.outcome, decision: 'Decided.', ...at };
    case 'ReferToMediator':
      return { type: p.type, complaintId, ...(p.reference === undefined ? {} : { reference: p.reference }), ...at };
    case 'ConcludeMediation':
      return { type: p.type, complaintId, outcome: p.outcome, summary: 'Concluded.', ...at };
    case 'CloseComplaint':
      return { type: p.type, complaintId, ...(p.withdrawn === undefined ? {} : { withdrawnByComplainant: p.withdrawn }), ...at };
    case 'RecordDeadlineMissed':
      return { type: p.type, complaintId, deadline: p.deadline, ...at };
    case 'LogClientContact':
      return { type: p.type, complaintId, direction: p.direction, channel: p.channel, summary: 'Called.', ...at };
    case 'ReassessUrgency':
      return { type: p.type, complaintId, urgency: p.urgency, reason: 'Changed.', ...at };
    case 'RecategoriseComplaint':
      return { type: p.type, complaintId, category: CATEGORIES[p.category] ?? 'billing', product: PRODUCTS[p.product] ?? 'direct-debit', reason: 'Wrong category.', ...at };
  }
};

// ------------------------------------------------------------------ the system under test

interface Real {
  /** The store as the model checks see it (no injected faults). */
  readonly store: EventStore;
  readonly services: readonly [ComplaintService, ComplaintService];
  /** A service on `store`, for the checks. */
  readonly checker: ComplaintService;
  /** With injected faults, callers retry StoreUnavailable and ConcurrencyConflict with the same command id. */
  readonly retryFaults: boolean;
  /**
   * The services append optimistically on their kept state: a retry whose events this
   * instance decides byte for byte alike may answer `duplicate: false` (documented).
   */
  readonly optimistic: boolean;
  readonly clock: { ms: number };
  readonly id: string;
  /** Event types seen, to check the runs reach the whole lifecycle. */
  readonly seen: Set<string>;
}

interface World {
  model: RefModel;
  nowMs: number;
  /** Every command sent, by command id, to resend it verbatim. */
  readonly sent: Map<string, ComplaintCommandInput>;
}

const outcomeOf = (r: E.Either<ServiceError, HandleResult>): Outcome => {
  if (E.isRight(r)) return { kind: 'ok', eventTypes: r.right.events.map((e) => e.event.type) };
  const e = r.left;
  return {
    kind: 'error',
    tag: e._tag,
    ...(e._tag === 'RuleViolation' ? { rule: e.rule } : {}),
    ...('status' in e ? { status: e.status } : {}),
  };
};

/** The fields of a service state the model predicts. */
const viewOfState = (s: Complaint) => ({
  status: s.status,
  form: s.form,
  receivedAtMs: Date.parse(s.receivedAt),
  ackDue: s.acknowledgement.due,
  acknowledged: s.acknowledgement.at !== undefined,
  originalAnswerDue: s.answer.originalDue,
  answerDue: s.answer.due,
  delays: s.answer.delays.length,
  urgency: s.urgency,
  urgencyTargetDue: s.urgencyTargetDue,
  category: s.category,
  product: s.product,
  answered: s.answer.at !== undefined,
  appeal: s.appeal === undefined ? null : { decided: s.appeal.decidedAt !== undefined, targetDue: s.appeal.decisionTargetDue },
  mediation: s.mediation === undefined ? null : { concluded: s.mediation.concludedAt !== undefined },
  missed: s.missedDeadlines.map((m) => `${m.deadline}@${m.dueDate}`).sort(),
  contacts: s.contacts,
  lastActivityMs: Date.parse(s.lastActivityAt),
  closeReason: s.closeReason ?? null,
  eventCount: s.eventCount,
});
const viewOfModel = (c: RefComplaint, eventCount: number) => ({ ...c, missed: [...c.missed].sort(), eventCount });

/** Stream, state and query agree with the model. */
const checkAgainstModel = async (w: World, real: Real): Promise<void> => {
  const stream = await real.store.readStream(complaintStreamName(real.id));
  expect(stream.map((e) => e.type)).toEqual(w.model.events);
  expect(stream.map((e) => e.revision)).toEqual(stream.map((_, i) => BigInt(i)));
  expect(new Set(stream.map((e) => e.id)).size).toBe(stream.length);
  for (const e of stream) real.seen.add(e.type);

  const got = await real.checker.getComplaintTE(real.id)();
  if (w.model.complaint === null) {
    expect(E.isLeft(got) && got.left._tag).toBe('UnknownComplaint');
  } else {
    if (E.isLeft(got)) throw new Error(`getComplaint failed: ${got.left._tag}`);
    expect(viewOfState(got.right)).toEqual(viewOfModel(w.model.complaint, w.model.events.length));
  }
};

/** The model's prediction for one command, and a check of the service's answer against it. */
const expectAnswer = (r: E.Either<ServiceError, HandleResult>, predicted: ReturnType<typeof step>, allowDuplicateFlag = false): void => {
  expect(outcomeOf(r)).toEqual(predicted.outcome);
  if (E.isRight(r)) {
    if (!allowDuplicateFlag) expect(r.right.duplicate).toBe(predicted.duplicate);
    expect(r.right.revision).toBe(BigInt(predicted.lastRevision ?? -1));
    expect(r.right.state.status).toBe(predicted.statusAfter);
  }
};

/** Sends a command; under injected faults, retries it with the same command id as a careful caller would. */
const sendVia = async (real: Real, via: 0 | 1, command: ComplaintCommandInput, m: ReturnType<typeof metaFor>): Promise<E.Either<ServiceError, HandleResult>> => {
  for (let attempt = 1; ; attempt++) {
    const r = await real.services[via].handleTE(command, m)();
    if (!real.retryFaults || E.isRight(r) || (r.left._tag !== 'StoreUnavailable' && r.left._tag !== 'ConcurrencyConflict') || attempt >= 40) return r;
  }
};

const metaFor = (commandId: string, r: ActorRole) => ({ commandId, actor: { id: `${r}-1`, role: r } });

// ------------------------------------------------------------------ model commands

class Advance implements fc.AsyncCommand<World, Real> {
  constructor(readonly minutes: number) {}
  check = (): boolean => true;
  async run(w: World, real: Real): Promise<void> {
    w.nowMs += this.minutes * 60_000;
    real.clock.ms = w.nowMs;
  }
  toString = (): string => `advance(${this.minutes} min)`;
}

class Handle implements fc.AsyncCommand<World, Real> {
  constructor(
    readonly s: Send,
    readonly via: 0 | 1,
  ) {}
  check = (): boolean => true;
  async run(w: World, real: Real): Promise<void> {
    const command = concrete(this.s, real.id, w.model.complaint, w.nowMs);
    const commandId = uuidv4();
    const predicted = step(w.model, command, commandId, this.s.role, w.nowMs);
    w.sent.set(commandId, command);
    const r = await sendVia(real, this.via, command, metaFor(commandId, this.s.role));
    // A retry after a lost answer is answered as a duplicate of the stored outcome.
    expectAnswer(r, predicted, real.retryFaults);
    w.model = predicted.model;
    await checkAgainstModel(w, real);
  }
  toString = (): string => `handle(${JSON.stringify(this.s)}, via ${this.via})`;
}

/** Resends an accepted command with its command id (a caller retrying after a timeout). */
class Retry implements fc.AsyncCommand<World, Real> {
  constructor(
    readonly pick: number,
    readonly via: 0 | 1,
    readonly reuseFor: Send | null,
  ) {}
  check = (w: Readonly<World>): boolean => w.model.handled.size > 0;
  async run(w: World, real: Real): Promise<void> {
    const ids = [...w.model.handled.keys()];
    const commandId = ids[this.pick % ids.length] ?? '';
    const original = w.model.handled.get(commandId);
    if (original === undefined) throw new Error('no handled command');
    // Either the very command sent first (a retry, by whoever) or another command under the same id.
    const sent = w.sent.get(commandId);
    if (sent === undefined) throw new Error('command not kept');
    const command = this.reuseFor === null ? sent : concrete(this.reuseFor, real.id, w.model.complaint, w.nowMs);
    const retryRole = this.reuseFor?.role ?? 'agent';
    const predicted = step(w.model, command, commandId, retryRole, w.nowMs);
    const r = await sendVia(real, this.via, command, metaFor(commandId, retryRole));
    expect(outcomeOf(r)).toEqual(predicted.outcome);
    if (E.isRight(r)) {
      if (!real.optimistic) expect(r.right.duplicate).toBe(true);
      expect(r.right.revision).toBe(BigInt(predicted.lastRevision ?? -1));
    }
    w.model = predicted.model;
    await checkAgainstModel(w, real);
  }
  toString = (): string => `retry(#${this.pick}, via ${this.via}${this.reuseFor === null ? '' : `, reusing the id for ${this.reuseFor.spec.type}`})`;
}

/** Two commands raced with Promise.all; any serial order may win, the stream must be one of them. */
class Race implements fc.AsyncCommand<World, Real> {
  constructor(
    readonly a: Send,
    readonly b: Send,
    readonly sameId: boolean,
    readonly twoServices: boolean,
  ) {}
  check = (): boolean => true;
  async run(w: World, real: Real): Promise<void> {
    const ca = concrete(this.a, real.id, w.model.complaint, w.nowMs);
    const idA = uuidv4();
    // Same id: the very same command sent twice (a client retrying while the first is in flight).
    const [cb, idB, roleB] = this.sameId ? [ca, idA, this.a.role] : [concrete(this.b, real.id, w.model.complaint, w.nowMs), uuidv4(), this.b.role];
    w.sent.set(idA, ca);
    w.sent.set(idB, cb);
    const [ra, rb] = await Promise.all([
      sendVia(real, 0, ca, metaFor(idA, this.a.role)),
      sendVia(real, this.twoServices ? 1 : 0, cb, metaFor(idB, roleB)),
    ]);
    const stream = (await real.store.readStream(complaintStreamName(real.id))).map((e) => e.type);
    const orders = [
      (() => {
        const first = step(w.model, ca, idA, this.a.role, w.nowMs);
        const second = step(first.model, cb, idB, roleB, w.nowMs);
        return { model: second.model, pa: first, pb: second };
      })(),
      (() => {
        const first = step(w.model, cb, idB, roleB, w.nowMs);
        const second = step(first.model, ca, idA, this.a.role, w.nowMs);
        return { model: second.model, pa: second, pb: first };
      })(),
    ];
    // Same event types either way (two contacts, say): the revisions tell which went first.
    const sameRevision = (r: E.Either<ServiceError, HandleResult>, p: ReturnType<typeof step>): boolean => E.isLeft(r) || r.right.revision === BigInt(p.lastRevision ?? -1);
    const matches = orders.filter(
      (o) =>
        JSON.stringify(o.model.events) === JSON.stringify(stream) &&
        JSON.stringify(outcomeOf(ra)) === JSON.stringify(o.pa.outcome) &&
        JSON.stringify(outcomeOf(rb)) === JSON.stringify(o.pb.outcome) &&
        sameRevision(ra, o.pa) &&
        sameRevision(rb, o.pb),
    );
    const chosen = matches[0];
    if (chosen === undefined)
      throw new Error(
        `race matches no serial order: got ${JSON.stringify([outcomeOf(ra), outcomeOf(rb), stream])}, expected one of ${JSON.stringify(orders.map((o) => [o.pa.outcome, o.pb.outcome, o.model.events]))}`,
      );
    // Same id: whichever lost the race answers the winner's outcome (events stored once).
    expectAnswer(ra, chosen.pa, this.sameId || real.retryFaults);
    expectAnswer(rb, chosen.pb, this.sameId || real.retryFaults);
    w.model = chosen.model;
    await checkAgainstModel(w, real);
  }
  toString = (): string => `race(${JSON.stringify(this.a)}, ${this.sameId ? 'same id' : JSON.stringify(this.b)}, ${this.twoServices ? 'two services' : 'one service'})`;
}

const via = fc.constantFrom<0 | 1>(0, 1);
const commands = (maxCommands: number) =>
  fc.commands(
    [
      fc.integer({ min: 1, max: 6 * 24 * 60 }).map((m) => new Advance(m)),
      fc.tuple(send, via).map(([s, v]) => new Handle(s, v)),
      fc.tuple(send, via).map(([s, v]) => new Handle(s, v)),
      fc.tuple(send, via).map(([s, v]) => new Handle(s, v)),
      fc.tuple(fc.nat(50), via, fc.option(send, { nil: null, freq: 3 })).map(([p, v, s]) => new Retry(p, v, s)),
      fc.tuple(send, send, fc.boolean(), fc.boolean()).map(([a, b, same, two]) => new Race(a, b, same, two)),
    ],
    { maxCommands, size: 'max' },
  );

// Start dates across years and both DST changes (Paris): 2021-06-25 (the policy) + up to ~5 years.
const POLICY_DAY_MS = Date.parse('2021-06-25T08:00:00Z');
const start = fc.integer({ min: 0, max: 5 * 365 * 24 * 60 }).map((m) => POLICY_DAY_MS + m * 60_000);

const runOn = async (
  makeStore: () => EventStore,
  startMs: number,
  cmds: Iterable<fc.AsyncCommand<World, Real>>,
  seen: Set<string>,
  faulty?: (inner: EventStore) => EventStore,
  options: { readonly optimisticAppend?: boolean } = {},
): Promise<void> => {
  const clock = { ms: startMs };
  const store = makeStore();
  const serviceStore = faulty === undefined ? store : faulty(store);
  const optimistic = options.optimisticAppend === true;
  const service = (s: EventStore) => new ComplaintService({ store: s, clock: () => new Date(clock.ms), optimisticAppend: optimistic });
  const services: readonly [ComplaintService, ComplaintService] = [service(serviceStore), service(serviceStore)];
  await fc.asyncModelRun(
    () => ({ model: { model: emptyModel(), nowMs: startMs, sent: new Map() }, real: { store, services, checker: service(store), retryFaults: faulty !== undefined, optimistic, clock, id: uuidv4(), seen } }),
    cmds,
  );
};

describe('ComplaintService agrees with the reference model of the policy', () => {
  it('a scripted run through the whole lifecycle (every event type, retries, races) agrees step by step', async () => {
    const seen = new Set<string>();
    const as = (spec: Spec, r?: ActorRole, atMinutesAgo: number | null = null): Send => ({ spec, role: r ?? usualRole(spec.type), atMinutesAgo });
    const DAY = 24 * 60;
    const lifecycle: fc.AsyncCommand<World, Real>[] = [
      new Handle(as({ type: 'AcknowledgeComplaint', expectedInDays: 3 }), 0),
      new Handle(as({ type: 'ReceiveComplaint', channel: 'email', urgency: 'normal', receivedMinutesAgo: 60, category: 0, product: 0 }), 0),
      new Race(as({ type: 'LogClientContact', direction: 'inbound', channel: 'phone' }), as({ type: 'AssignComplaint', assignee: 1 }), false, true),
      new Handle(as({ type: 'ReassessUrgency', urgency: 'critical' }), 1),
      new Handle(as({ type: 'AcknowledgeComplaint', expectedInDays: 10 }, 'auditor'), 0),
      new Advance(3 * DAY),
      new Handle(as({ type: 'RecordDeadlineMissed', deadline: 'urgency_target' }), 0),
      new Retry(0, 1, null),
      new Handle(as({ type: 'AcknowledgeComplaint', expectedInDays: 5 }), 0),
      new Handle(as({ type: 'DelayAnswer', afterDueDays: 5 }), 1),
      new Handle(as({ type: 'RecategoriseComplaint', category: 1, product: 1 }), 0),
      new Advance(1 * DAY),
      new Race(as({ type: 'AnswerComplaint', channel: 'email' }), as({ type: 'AnswerComplaint', channel: 'email' }), true, true),
      new Handle(as({ type: 'OpenInternalAppeal', grounds: 'unsatisfied_with_answer' }), 0),
      new Handle(as({ type: 'DecideInternalAppeal', outcome: 'rejected' }, 'agent'), 0),
      new Advance(20 * DAY),
      new Handle(as({ type: 'DecideInternalAppeal', outcome: 'rejected' }), 1),
      new Handle(as({ type: 'ReferToMediator', reference: 'MED-1' }), 0),
      new Retry(3, 0, as({ type: 'ConcludeMediation', outcome: 'settlement' })),
      new Handle(as({ type: 'ConcludeMediation', outcome: 'settlement' }), 0),
      new Handle(as({ type: 'CloseComplaint', withdrawn: undefined }), 1),
      new Handle(as({ type: 'LogClientContact', direction: 'outbound', channel: 'email' }), 0),
    ];
    const requalified: fc.AsyncCommand<World, Real>[] = [
      new Handle(as({ type: 'ReceiveComplaint', channel: 'phone', urgency: undefined, receivedMinutesAgo: 0, category: 0, product: 0 }), 0),
      new Handle(as({ type: 'RequalifyComplaint', as: 'information_request' }, 'agent'), 0),
      new Handle(as({ type: 'RequalifyComplaint', as: 'information_request' }), 1),
      new Handle(as({ type: 'CloseComplaint', withdrawn: true }), 0),
    ];
    const startMs = Date.parse('2022-03-21T09:00:00+01:00'); // the week of the spring DST change
    for (const script of [lifecycle, requalified]) {
      const inner = new InMemoryEventStore({ clock: () => new Date(startMs) });
      await runOn(() => new SlowReadStore(inner), startMs, script, seen);
    }
    expect([...seen].sort()).toEqual([...COMPLAINT_EVENT_TYPES].sort());
  });

  it('on the in-memory store (reads yield, so raced commands interleave and conflict)', async () => {
    const seen = new Set<string>();
    await fc.assert(
      fc.asyncProperty(start, commands(40), async (startMs, cmds) => {
        const inner = new InMemoryEventStore({ clock: () => new Date(startMs) });
        await runOn(() => new SlowReadStore(inner), startMs, cmds, seen);
      }),
      fcParams(60, 2000),
    );
  });

  const faultSchedule = (seed: number) => ({
    seed,
    rate: 0.2,
    faults: [faults.failBeforeWrite(), faults.failAfterWrite(), faults.timeout(0), faults.timeout(0, { afterWrite: true }), faults.conflict(), faults.delay(0)],
  });

  it.each([
    ['through injected store faults (lost answers, timeouts, conflicts, failures before writing), callers retrying the same command id get the model’s outcomes, each event stored once', {}],
    ['with optimisticAppend through injected store faults, callers retrying the same command id get the model’s outcomes', { optimisticAppend: true }],
  ] as const)('%s', async (_title, options) => {
    await fc.assert(
      fc.asyncProperty(start, commands(30), fc.integer(), async (startMs, cmds, seed) => {
        const inner = new InMemoryEventStore({ clock: () => new Date(startMs) });
        const random = faultSchedule(seed);
        await runOn(() => inner, startMs, cmds, new Set(), (store) => new FaultInjectingEventStore(new SlowReadStore(store), { random }), options);
      }),
      fcParams(30, 1000),
    );
  });

  it('with optimisticAppend (decide on the kept state, append expecting its revision), the same agreement', async () => {
    await fc.assert(
      fc.asyncProperty(start, commands(40), async (startMs, cmds) => {
        const inner = new InMemoryEventStore({ clock: () => new Date(startMs) });
        await runOn(() => new SlowReadStore(inner), startMs, cmds, new Set(), undefined, { optimisticAppend: true });
      }),
      fcParams(40, 1000),
    );
  });

  describe.each(ADAPTERS)('on EventStoreDB / KurrentDB: $name over real gRPC to the in-process server', (adapter) => {
    let server: FakeEventStoreDBServer;
    let store: EventStore & { close(): Promise<void> };
    beforeAll(async () => {
      server = await FakeEventStoreDBServer.start();
      store = adapter.open(server);
    });
    afterAll(async () => {
      await store.close();
      await server.close();
    });

    it('the same agreement, fewer runs (each run on its own complaint stream)', async () => {
      await fc.assert(
        fc.asyncProperty(start, commands(25), async (startMs, cmds) => {
          await runOn(() => store, startMs, cmds, new Set());
        }),
        fcParams(8, 200),
      );
    }, timeoutMs(120_000));
  });
});
