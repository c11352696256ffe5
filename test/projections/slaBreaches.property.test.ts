import * as fc from 'fast-check';
import type { ComplaintCommand } from '../../src/domain/commands';
import type { ComplaintEvent } from '../../src/domain/events';
import { fold } from '../../src/domain/evolve';
import { pendingDeadlines } from '../../src/domain/pendingDeadlines';
import { isMissRecorded } from '../../src/domain/state';
import { fromEpochDay, toEpochDay } from '../../src/domain/policy/calendarDays';
import { isOverdue, localDate } from '../../src/domain/policy/deadlines';
import type { CalendarDate } from '../../src/domain/primitives';
import { InMemoryEventStore } from '../../src/eventstore/inMemory/inMemoryEventStore';
import { InMemoryCheckpointStore } from '../../src/projections/checkpointStore';
import { ProjectionRunner } from '../../src/projections/runner';
import type { JsonValue } from '../../src/eventstore/port';
import { type SlaModel, cloneSla, decodeSla, dueWithin, encodeSla, overdueNow, slaProjection } from '../../src/projections/sla';
import { type Step, at, cmd, direction, history, supervisor } from '../domain/spec';
import { appendHistory, asStored, complaintUuid } from './fixtures';

const HOUR = 3_600_000;
const BASE = Date.parse('2022-03-01T08:00:00Z');

/** A random story: each step is tried and kept only if the decider accepts it. */
const arbStory = fc.record({
  startH: fc.integer({ min: 0, max: 24 * 60 }),
  channel: fc.constantFrom('email' as const, 'phone' as const, 'web' as const, 'postal_mail' as const),
  urgency: fc.constantFrom('low' as const, 'normal' as const, 'high' as const, 'critical' as const),
  steps: fc.array(
    fc.record({
      gapH: fc.integer({ min: 1, max: 24 * 12 }),
      kind: fc.constantFrom('ack', 'delay', 'answer', 'appeal', 'decide', 'close', 'requalify', 'urgency', 'missed'),
    }),
    { maxLength: 5 },
  ),
});

type Story = typeof arbStory extends fc.Arbitrary<infer T> ? T : never;

const iso = (ms: number): string => new Date(ms).toISOString();

const build = (s: Story): ComplaintEvent[] => {
  let t = BASE + s.startH * HOUR;
  const kept: Step[] = [{ command: cmd.receive({ receivedAt: at(iso(t)), channel: s.channel, urgency: s.urgency }), now: iso(t) }];
  for (const step of s.steps) {
    t += step.gapH * HOUR;
    const now = iso(t);
    const today = localDate(at(now), 'Europe/Paris');
    const later = fromEpochDay(toEpochDay(today) + 20) as CalendarDate;
    const command: ComplaintCommand =
      step.kind === 'ack' ? cmd.acknowledge({ expectedAnswerDate: today })
      : step.kind === 'delay' ? cmd.delay({ newAnswerDue: later })
      : step.kind === 'answer' ? cmd.answer()
      : step.kind === 'appeal' ? cmd.appeal()
      : step.kind === 'decide' ? cmd.decideAppeal()
      : step.kind === 'close' ? cmd.close({ withdrawnByComplainant: true })
      : step.kind === 'requalify' ? cmd.requalify()
      : step.kind === 'missed' ? cmd.missed('answer')
      : cmd.urgency({ urgency: 'high' });
    const actor = step.kind === 'decide' ? direction : step.kind === 'requalify' || step.kind === 'close' || step.kind === 'missed' ? supervisor : undefined;
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

const key = (d: { complaintId: string; deadline: string; due: string }): string => `${d.complaintId}|${d.deadline}|${d.due}`;

/** Linear-scan reference from the domain's own definition. */
const reference = (stories: readonly ComplaintEvent[][], now: string, horizon: number | null): string[] => {
  const out: string[] = [];
  stories.forEach((events, i) => {
    const c = fold(events);
    if (c.status === 'none') return;
    const today = toEpochDay(localDate(at(now), c.timeZone));
    for (const p of pendingDeadlines(c)) {
      const overdue = isOverdue(p.due, at(now), c.timeZone);
      if (horizon === null ? overdue : !overdue && toEpochDay(p.due) <= today + horizon) out.push(key({ complaintId: complaintUuid(i), deadline: p.deadline, due: p.due }));
    }
  });
  return out.sort();
};

const project = (stories: readonly ComplaintEvent[][]): SlaModel => {
  const p = slaProjection();
  let m = p.initial();
  stories.forEach((events, i) => {
    for (const e of asStored(complaintUuid(i), events)) m = p.apply(m, e);
  });
  return m;
};

describe('SLA index against a linear scan', () => {
  it('overdueNow and dueWithin equal the domain reference on random stories', () => {
    fc.assert(
      fc.property(fc.array(arbStory, { minLength: 1, maxLength: 25 }), fc.integer({ min: 0, max: 24 * 90 }), fc.integer({ min: 0, max: 5 }), (stories, nowH, horizon) => {
        const histories = stories.map(build);
        const m = project(histories);
        const now = iso(BASE + nowH * HOUR);
        expect(overdueNow(m, now).map(key).sort()).toEqual(reference(histories, now, null));
        expect(dueWithin(m, now, horizon).map(key).sort()).toEqual(reference(histories, now, horizon));
        for (const d of overdueNow(m, now)) {
          const c = fold(histories[Number(d.complaintId.slice(-12))] ?? []);
          expect(c.status !== 'none' && isMissRecorded(c, d.deadline, d.due)).toBe(d.missRecorded);
        }
        expect(overdueNow(cloneSla(m), now)).toEqual(overdueNow(m, now));
        expect(overdueNow(decodeSla(JSON.parse(JSON.stringify(encodeSla(m))) as JsonValue), now)).toEqual(overdueNow(m, now));
        const sorted = overdueNow(m, now).map((d) => d.dueAt.getTime());
        expect(sorted).toEqual([...sorted].sort((a, b) => a - b));
      }),
      { numRuns: 80 },
    );
  });

  it('through the runner: rebuild from zero equals live processing', async () => {
    const stories = fc.sample(arbStory, { numRuns: 30, seed: 42 }).map(build);
    const types = new Set(stories.flat().map((e) => e.type));
    for (const t of ['ComplaintAcknowledged', 'ComplaintAnswerDelayed', 'ComplaintAnswered', 'ComplaintInternalAppealOpened', 'ComplaintRequalified', 'ComplaintClosed'] as const)
      expect(types).toContain(t);
    const store = new InMemoryEventStore();
    const checkpoints = new InMemoryCheckpointStore();
    const live = new ProjectionRunner({ store, checkpoints, projection: slaProjection(), batchSize: 7, flushIntervalMs: 5 });
    await live.start();
    for (const [i, events] of stories.entries()) await appendHistory(store, complaintUuid(i), events);
    const total = stories.reduce((n, s) => n + s.length, 0);
    for (let i = 0; i < 200 && live.progress().eventsProcessed < total; i++) await new Promise((r) => setTimeout(r, 5));
    await live.stop();
    const rebuilt = new ProjectionRunner({ store, checkpoints: new InMemoryCheckpointStore(), projection: slaProjection(), pageSize: 13 });
    await rebuilt.rebuild();
    expect(rebuilt.progress().eventsProcessed).toBe(total);
    const resumed = new ProjectionRunner({ store, checkpoints, projection: slaProjection() });
    await resumed.catchUp();
    for (const now of ['2022-03-10T00:00:00Z', '2022-04-15T00:00:00Z', '2022-06-01T00:00:00Z']) {
      expect(overdueNow(rebuilt.model(), now)).toEqual(overdueNow(live.model(), now));
      expect(dueWithin(rebuilt.model(), now)).toEqual(dueWithin(live.model(), now));
      expect(overdueNow(resumed.model(), now)).toEqual(overdueNow(live.model(), now));
    }
    expect([...rebuilt.model().records.values()].map((r) => ({ ...r, ix: undefined }))).toEqual(
      [...live.model().records.values()].map((r) => ({ ...r, ix: undefined })),
    );
  });
});
