/**
 * Copies of projection models share their records until one side changes them (copy on
 * write, src/projections/copyOnWrite.ts): what a runner saves as a checkpoint must stay the
 * model as of its save whatever the runner folds afterwards, and a model restored from a
 * checkpoint must fold on exactly as the original did, leaving the checkpoint untouched.
 */
import * as fc from 'fast-check';
import type { StoredComplaintEvent } from '../../src/stream/decodeStream';
import type { ComplaintCommand } from '../../src/domain/commands';
import type { ComplaintEvent } from '../../src/domain/events';
import { fromEpochDay, toEpochDay } from '../../src/domain/policy/calendarDays';
import { localDate } from '../../src/domain/policy/deadlines';
import type { CalendarDate } from '../../src/domain/primitives';
import type { JsonValue } from '../../src/eventstore/port';
import type { Projection } from '../../src/projections/projection';
import { type RecurringIssuesModel, encodeRecurringIssues, recurringIssuesProjection } from '../../src/projections/recurringIssues';
import { type SlaModel, encodeSla, overdueNow, slaProjection } from '../../src/projections/sla';
import { type Step, at, cmd, direction, history, supervisor, system } from '../domain/spec';
import { asStored, complaintUuid } from './fixtures';

const HOUR = 3_600_000;
const BASE = Date.parse('2022-03-01T08:00:00Z');
const KINDS = ['assign', 'ack', 'delay', 'answer', 'appeal', 'decide', 'refer', 'close', 'requalify', 'urgency', 'missed', 'recategorise', 'contact'] as const;

const arbStory = fc.record({
  startH: fc.integer({ min: 0, max: 24 * 30 }),
  channel: fc.constantFrom('email' as const, 'phone' as const, 'web' as const),
  steps: fc.array(fc.record({ gapH: fc.integer({ min: 1, max: 24 * 12 }), kind: fc.constantFrom(...KINDS) }), { maxLength: 8 }),
});

/** A complaint's events: each step is kept only if the decider accepts it. */
const build = (s: typeof arbStory extends fc.Arbitrary<infer T> ? T : never): ComplaintEvent[] => {
  let t = BASE + s.startH * HOUR;
  const iso = (ms: number): string => new Date(ms).toISOString();
  const kept: Step[] = [{ command: cmd.receive({ receivedAt: at(iso(t)), channel: s.channel }), now: iso(t) }];
  for (const step of s.steps) {
    t += step.gapH * HOUR;
    const now = iso(t);
    const today = localDate(at(now), 'Europe/Paris');
    const later = fromEpochDay(toEpochDay(today) + 20) as CalendarDate;
    const commands: Record<(typeof KINDS)[number], ComplaintCommand> = {
      assign: cmd.assign({ assignee: { id: `agent-${step.gapH % 3}`, name: 'Agent' } }),
      ack: cmd.acknowledge({ expectedAnswerDate: today }),
      delay: cmd.delay({ newAnswerDue: later }),
      answer: cmd.answer({ rootCause: `cause-${step.gapH % 4}` }),
      appeal: cmd.appeal(),
      decide: cmd.decideAppeal(),
      refer: cmd.refer(),
      close: cmd.close({ withdrawnByComplainant: true }),
      requalify: cmd.requalify(),
      urgency: cmd.urgency({ urgency: 'high' }),
      missed: cmd.missed('answer'),
      recategorise: cmd.recategorise({ category: `category-${step.gapH % 3}` }),
      contact: cmd.contact(),
    };
    const actor = step.kind === 'decide' ? direction : step.kind === 'missed' ? system : step.kind === 'requalify' || step.kind === 'close' ? supervisor : undefined;
    const candidate: Step = actor === undefined ? { command: commands[step.kind], now } : { command: commands[step.kind], now, actor };
    try {
      history(...kept, candidate);
      kept.push(candidate);
    } catch {
      // refused by the decider: the story goes on without it
    }
  }
  return history(...kept);
};

/** The complaints' events in one global order: round-robin, so records change between copies. */
const interleaved = (stories: readonly ComplaintEvent[][]): StoredComplaintEvent[] => {
  const streams = stories.map((events, i) => asStored(complaintUuid(i), events));
  const out: StoredComplaintEvent[] = [];
  for (let k = 0; out.length < streams.reduce((n, s) => n + s.length, 0); k++) for (const s of streams) if (s[k] !== undefined) out.push(s[k] as StoredComplaintEvent);
  return out;
};

const foldAll = <M>(p: Projection<M>, events: readonly StoredComplaintEvent[], from: M = p.initial()): M => events.reduce((m, e) => p.apply(m, e), from);

interface Subject<M> {
  readonly name: string;
  readonly projection: () => Projection<M>;
  /** Everything the model holds, as JSON (the checkpoint codec), plus what the queries answer. */
  readonly view: (m: M) => JsonValue;
}

const NOW = '2022-04-20T00:00:00Z';
const sla: Subject<SlaModel> = { name: 'SLA', projection: slaProjection, view: (m) => ({ json: encodeSla(m), overdue: JSON.parse(JSON.stringify(overdueNow(m, NOW))) as JsonValue }) };
const issues: Subject<RecurringIssuesModel> = { name: 'recurring issues', projection: recurringIssuesProjection, view: (m) => encodeRecurringIssues(m) };
const subjects = [sla, issues] as unknown as ReadonlyArray<Subject<unknown>>;

describe.each(subjects)('copies of the $name model share records until they change', (subject) => {
  it('a copy taken at any point stays the model as of that point while the original folds on, and a copy of it folds on like the original', () => {
    fc.assert(
      fc.property(fc.array(arbStory, { minLength: 1, maxLength: 8 }), fc.array(fc.nat(), { minLength: 1, maxLength: 4 }), (stories, cutSeeds) => {
        const events = interleaved(stories.map(build));
        const cuts = [...new Set(cutSeeds.map((c) => c % (events.length + 1)))].sort((a, b) => a - b);
        const p = subject.projection();
        let live = p.initial();
        const copies: Array<{ at: number; model: unknown }> = [];
        let done = 0;
        for (const cut of cuts) {
          live = foldAll(p, events.slice(done, cut), live);
          done = cut;
          copies.push({ at: cut, model: p.clone(live) });
        }
        live = foldAll(p, events.slice(done), live);
        const whole = subject.view(foldAll(p, events));
        expect(subject.view(live)).toEqual(whole);
        for (const c of copies) {
          const expected = subject.view(foldAll(p, events.slice(0, c.at)));
          expect(subject.view(c.model)).toEqual(expected);
          // Restored from the copy (as a runner does from its checkpoint) and folded on.
          const restored = foldAll(p, events.slice(c.at), p.clone(c.model));
          expect(subject.view(restored)).toEqual(whole);
          expect(subject.view(c.model)).toEqual(expected);
        }
      }),
      { numRuns: 60 },
    );
  });
});

describe('copies of the SLA model and late delay notices', () => {
  it('a late delay notice folded after a copy does not reach the copy’s list of late notices', () => {
    const events = history(
      { command: cmd.receive(), now: '2022-01-10T16:05:00+01:00' },
      { command: cmd.delay({ newAnswerDue: '2022-02-10' as CalendarDate }), now: '2022-01-28T10:00:00+01:00' },
      { command: cmd.delay({ newAnswerDue: '2022-02-25' as CalendarDate }), now: '2022-02-14T10:00:00+01:00' },
    );
    const stored = asStored(complaintUuid(1), events);
    const second = stored.map((e) => e.event.type).lastIndexOf('ComplaintAnswerDelayed');
    const p = slaProjection();
    const live = foldAll(p, stored.slice(0, second));
    const [record] = live.list;
    expect(record?.lateNotices).toHaveLength(2);
    const copy = p.clone(live);
    const before = encodeSla(copy);
    foldAll(p, stored.slice(second), live);
    expect(live.list[0]?.lateNotices).toHaveLength(4);
    expect(encodeSla(copy)).toEqual(before);
    expect(copy.list[0]?.lateNotices).toHaveLength(2);
  });
});
