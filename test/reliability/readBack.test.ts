/**
 * Whatever the service appends, it can read back — and import back. fast-check plays random
 * command sequences under random policies (calendar or business days, day counts up to 366,
 * time zones from UTC−11 to UTC+14 and one whose clocks jump over midnight), with clocks and
 * business times anywhere in the years 0000–9999 and beyond (edges of the accepted years
 * weighted in), ids in any case, complainant ids with spaces and capitals. For every command
 * the service accepts:
 *
 * - each event it answers decodes back to itself from JSON (`decodeEvent`);
 * - the stream, read from the store, decodes (`listStream`, `history`) — nothing stored is
 *   unreadable;
 * - an export of the stream verifies and imports into an empty store: the import's replay
 *   through the service's rules accepts every history the service writes.
 *
 * Any refusal must be a typed error; no call may throw or reject.
 */
import * as E from 'fp-ts/lib/Either.js';
import fc from 'fast-check';
import { ComplaintService } from '../../src/application/complaintService';
import type { ServiceError } from '../../src/application/errors';
import { historyTE } from '../../src/audit/history';
import { exportStreamsTE, importStreamsTE } from '../../src/audit/ndjson';
import { decodeEvent } from '../../src/domain/decode';
import type { ComplaintCommand } from '../../src/domain/commands';
import { fromEpochDay, toEpochDay } from '../../src/domain/policy/calendarDays';
import { defaultPolicy, parsePolicy, type Policy } from '../../src/domain/policy/policy';
import type { CalendarDate } from '../../src/domain/primitives';
import type { Complaint } from '../../src/domain/state';
import type { ActorRole } from '../../src/domain/vocabulary';
import { InMemoryEventStore } from '../../src/eventstore/inMemoryEventStore';
import { ID, LATER_COMMANDS, cmd, sampleOf } from '../domain/spec';
import { fcParams, timeoutMs } from './runs';

const FIRST_MS = Date.parse('0000-01-01T00:00:00Z');
const LAST_MS = Date.parse('9999-12-31T23:59:59.999Z');
const DAY = 86_400_000;

/** Instants anywhere an ISO string can name, the edges of the accepted years weighted in. */
const arbMs = fc.oneof(
  { weight: 6, arbitrary: fc.integer({ min: Date.parse('1990-01-01T00:00:00Z'), max: Date.parse('2040-01-01T00:00:00Z') }) },
  { weight: 1, arbitrary: fc.integer({ min: FIRST_MS, max: LAST_MS }) },
  {
    weight: 3,
    arbitrary: fc
      .constantFrom('1899-12-31T23:59:59.999Z', '1900-01-01T00:00:00Z', '1900-01-01T11:00:00Z', '9997-12-31T23:59:59.999Z', '9997-12-20T00:00:00Z', '9998-01-01T00:00:00Z', '0024-03-04T09:00:00Z', '0000-02-29T12:00:00Z', '9999-12-31T00:00:00Z')
      .chain((edge) => fc.integer({ min: -40 * DAY, max: 40 * DAY }).map((d) => Math.min(LAST_MS, Math.max(FIRST_MS, Date.parse(edge) + d)))),
  },
);

const arbPolicy: fc.Arbitrary<Policy> = fc
  .record({
    dayCounting: fc.constantFrom('calendar', 'business'),
    timeZone: fc.constantFrom('Europe/Paris', 'Pacific/Kiritimati', 'Pacific/Pago_Pago', 'America/Santiago', 'Asia/Kolkata', 'UTC'),
    acknowledgementDays: fc.integer({ min: 1, max: 20 }),
    extraAnswerDays: fc.integer({ min: 0, max: 346 }),
    internalAppealDecisionDays: fc.integer({ min: 1, max: 366 }),
    critical: fc.integer({ min: 1, max: 20 }),
    maxDelayNotices: fc.integer({ min: 1, max: 4 }),
  })
  .map((p) => {
    const parsed = parsePolicy({
      ...defaultPolicy,
      version: 'random',
      dayCounting: p.dayCounting,
      timeZone: p.timeZone,
      acknowledgementDays: p.acknowledgementDays,
      answerDays: p.acknowledgementDays + p.extraAnswerDays,
      internalAppealDecisionDays: p.internalAppealDecisionDays,
      urgencyTargets: { critical: Math.min(p.critical, p.acknowledgementDays + p.extraAnswerDays) },
      maxDelayNotices: p.maxDelayNotices,
    });
    if (E.isLeft(parsed)) throw new Error(`policy refused: ${JSON.stringify(parsed.left.issues)}`);
    return parsed.right;
  });

/** How a step dates its action: not at all (now), a little before now, or anywhere. */
const arbAt = fc.oneof(fc.constant<'now'>('now'), fc.integer({ min: 0, max: 30 * DAY }).map((back) => ({ back })), arbMs.map((ms) => ({ ms })));

const arbStep = fc.record({
  type: fc.constantFrom(...LATER_COMMANDS),
  role: fc.constantFrom<ActorRole>('agent', 'supervisor', 'direction', 'system', 'direction', 'system'),
  advance: fc.oneof({ weight: 4, arbitrary: fc.integer({ min: 0, max: 3 * DAY }) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 400 * DAY }) }),
  at: arbAt,
  shift: fc.integer({ min: -5, max: 400 }),
  variant: fc.nat(3),
  upperCaseId: fc.boolean(),
});

type Step = typeof arbStep extends fc.Arbitrary<infer S> ? S : never;

const arbRun = fc.record({
  policy: arbPolicy,
  clock: fc.oneof({ weight: 9, arbitrary: arbMs }, { weight: 1, arbitrary: fc.constantFrom(Number.NaN, 8.64e15, Date.parse('9999-12-31T23:59:59.999Z') + 1) }),
  receivedBefore: fc.integer({ min: 0, max: 20 * DAY }),
  receivedAt: fc.oneof({ weight: 4, arbitrary: fc.constant(undefined) }, { weight: 1, arbitrary: arbMs }),
  channel: fc.constantFrom('email', 'phone', 'postal_mail', 'web', 'in_person'),
  urgency: fc.constantFrom('low', 'normal', 'high', 'critical'),
  complainantId: fc.constantFrom('client-42', 'Client-Zed ', '  CFPB-ZIP:VA-24382', 'İstanbul-7'),
  steps: fc.array(arbStep, { maxLength: 14 }),
});

const iso = (ms: number): string | undefined => (Number.isFinite(ms) && ms >= FIRST_MS && ms <= LAST_MS ? new Date(ms).toISOString() : undefined);

/** `date` moved by `days`, or the last representable day. */
const shifted = (date: CalendarDate, days: number): CalendarDate => {
  const day = toEpochDay(date) + days;
  return day > toEpochDay('9999-12-31' as CalendarDate) ? ('9999-12-31' as CalendarDate) : day < 0 ? ('0000-01-01' as CalendarDate) : fromEpochDay(day);
};

/** The command of a step, its dates drawn around the complaint's current deadlines. */
const commandOf = (step: Step, state: Complaint | undefined, nowMs: number): unknown => {
  const kinds = ['acknowledgement', 'answer', 'urgency_target', 'internal_appeal_decision'] as const;
  const due = state?.answer.due ?? ('2022-01-25' as CalendarDate);
  let c: ComplaintCommand =
    step.type === 'AcknowledgeComplaint'
      ? cmd.acknowledge({ expectedAnswerDate: shifted(due, -Math.abs(step.shift % 4)) })
      : step.type === 'DelayAnswer'
        ? cmd.delay({ newAnswerDue: shifted(due, step.shift) })
        : step.type === 'RecordDeadlineMissed'
          ? cmd.missed(kinds[step.variant] ?? 'answer')
          : step.type === 'OpenInternalAppeal' && step.variant % 2 === 1
            ? cmd.appeal({ grounds: 'no_news_after_deadline' })
            : step.type === 'CloseComplaint' && step.variant === 3
              ? cmd.close({ withdrawnByComplainant: true })
              : sampleOf(step.type);
  const at = step.at === 'now' ? undefined : 'back' in step.at ? iso(nowMs - step.at.back) : iso(step.at.ms);
  if (at !== undefined) c = { ...c, at } as ComplaintCommand;
  const plain = JSON.parse(JSON.stringify(c)) as Record<string, unknown>;
  return step.upperCaseId ? { ...plain, complaintId: ID.toUpperCase() } : plain;
};

const describeLeft = (e: ServiceError): string => `${e._tag}${'rule' in e ? ` ${e.rule}` : ''}`;

describe('whatever the service appends, it can read back and import back', () => {
  it(
    'random commands under random policies, clocks and times across years 0000–9999: every accepted command’s events decode, the stored stream decodes, and its export imports',
    async () => {
      let accepted = 0;
      let runs = 0;
      await fc.assert(
        fc.asyncProperty(arbRun, async (run) => {
          runs++;
          let nowMs = run.clock;
          const store = new InMemoryEventStore({ clock: () => new Date('2022-01-01T00:00:00Z') });
          const service = new ComplaintService({ store, policy: run.policy, clock: () => new Date(nowMs) });
          let n = 0;
          const meta = (role: ActorRole) => ({ commandId: `30000000-0000-4000-8000-${String(++n).padStart(12, '0')}`, actor: { id: `${role}-1`, role } });
          const receivedAt = iso(run.receivedAt ?? nowMs - run.receivedBefore) ?? '2022-01-10T09:00:00Z';
          const receipt = { ...JSON.parse(JSON.stringify(cmd.receive({ channel: run.channel as never, urgency: run.urgency as never }))), receivedAt, complainant: { id: run.complainantId, kind: 'client', name: 'Zed' } };
          const commands: { command: unknown; role: ActorRole; at: number }[] = [{ command: receipt, role: 'agent', at: nowMs }];
          let state: Complaint | undefined;
          const handle = async (command: unknown, role: ActorRole): Promise<void> => {
            const r = await service.handleTE(command, meta(role))();
            if (E.isLeft(r)) {
              expect(describeLeft(r.left)).not.toMatch(/^(CorruptedEvent|StoreFailure|InvalidAppend)/);
              return;
            }
            accepted++;
            for (const e of r.right.events) expect(decodeEvent(e.event.type, JSON.parse(JSON.stringify(e.event.data)))).toEqual(E.right(e.event));
            state = r.right.state;
          };
          await handle(receipt, 'agent');
          for (const step of run.steps) {
            nowMs += step.advance;
            const command = commandOf(step, state, nowMs);
            commands.push({ command, role: step.role, at: nowMs });
            await handle(command, step.role);
          }
          // Read back: the stream decodes, its history replays.
          const listed = await service.listStreamTE(ID)();
          if (state === undefined) {
            expect(E.isLeft(listed) && listed.left._tag).toBe('UnknownComplaint');
            return;
          }
          if (E.isLeft(listed)) throw new Error(`stored stream unreadable: ${JSON.stringify(listed.left, (_k, v: unknown) => (typeof v === 'bigint' ? String(v) : v))}`);
          expect(E.isRight(await historyTE(store, ID)())).toBe(true);
          // Import back: the export of what the service wrote is a legal history.
          const text = await exportStreamsTE(store, [ID])();
          if (E.isLeft(text)) throw new Error(`export failed: ${text.left._tag}`);
          const imported = await importStreamsTE(new InMemoryEventStore(), text.right, { policies: [run.policy] })();
          if (E.isLeft(imported)) throw new Error(`the service's own history was refused on import: ${JSON.stringify(imported.left)}\ncommands: ${JSON.stringify(commands)}`);
          expect(imported.right.appended).toBe(listed.right.length);
        }),
        fcParams(40, 1_500),
      );
      // The property is not vacuous: commands do get accepted (about two per run).
      expect(accepted).toBeGreaterThanOrEqual(runs / 2);
    },
    timeoutMs(120_000),
  );
});
