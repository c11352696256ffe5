/**
 * Random complaint histories for projection properties: each story is a receipt followed by
 * steps the decider accepts (refused steps are dropped), and several stories interleave into
 * one global order.
 */
import * as fc from 'fast-check';
import type { StoredComplaintEvent } from '../../src/stream/decodeStream';
import type { ComplaintCommand } from '../../src/domain/commands';
import type { ComplaintEvent } from '../../src/domain/events';
import { fromEpochDay, toEpochDay } from '../../src/domain/policy/calendarDays';
import { localDate } from '../../src/domain/policy/deadlines';
import type { CalendarDate } from '../../src/domain/primitives';
import { type Step, at, cmd, direction, history, supervisor, system } from '../domain/spec';
import { asStored, complaintUuid } from './fixtures';

const HOUR = 3_600_000;
const BASE = Date.parse('2022-03-01T08:00:00Z');
const KINDS = ['assign', 'ack', 'delay', 'answer', 'appeal', 'decide', 'refer', 'close', 'requalify', 'urgency', 'missed', 'recategorise', 'contact'] as const;

export const arbStory = fc.record({
  startH: fc.integer({ min: 0, max: 24 * 30 }),
  channel: fc.constantFrom('email' as const, 'phone' as const, 'web' as const),
  steps: fc.array(fc.record({ gapH: fc.integer({ min: 1, max: 24 * 12 }), kind: fc.constantFrom(...KINDS) }), { maxLength: 8 }),
});

/** A complaint's events: each step is kept only if the decider accepts it. */
export const build = (s: typeof arbStory extends fc.Arbitrary<infer T> ? T : never): ComplaintEvent[] => {
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
export const interleaved = (stories: readonly ComplaintEvent[][]): StoredComplaintEvent[] => {
  const streams = stories.map((events, i) => asStored(complaintUuid(i), events));
  const out: StoredComplaintEvent[] = [];
  for (let k = 0; out.length < streams.reduce((n, s) => n + s.length, 0); k++) for (const s of streams) if (s[k] !== undefined) out.push(s[k] as StoredComplaintEvent);
  return out;
};

