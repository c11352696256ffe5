/**
 * Copies of projection models share their records until one side changes them (copy on
 * write, src/projections/copyOnWrite.ts): what a runner saves as a checkpoint must stay the
 * model as of its save whatever the runner folds afterwards, and a model restored from a
 * checkpoint must fold on exactly as the original did, leaving the checkpoint untouched.
 */
import * as fc from 'fast-check';
import type { StoredComplaintEvent } from '../../src/stream/decodeStream';
import type { CalendarDate } from '../../src/domain/primitives';
import type { JsonValue } from '../../src/eventstore/port';
import type { Projection } from '../../src/projections/projection';
import { type RecurringIssuesModel, encodeRecurringIssues, recurringIssuesProjection } from '../../src/projections/recurring';
import { type SlaModel, encodeSla, overdueNow, slaProjection } from '../../src/projections/sla';
import { cmd, history } from '../domain/spec';
import { asStored, complaintUuid } from './fixtures';

import { arbStory, build, interleaved } from './stories';

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

/** A model's list and map of records, as both built-in models keep them. */
interface Listed {
  readonly records: Map<string, { readonly complaintId: string; readonly ix: number }>;
  readonly list: ReadonlyArray<{ readonly complaintId: string; readonly ix: number }>;
}

const listsAgree = (m: Listed): void => {
  expect(m.list.length).toBe(m.records.size);
  m.list.forEach((r, i) => {
    expect(r.ix).toBe(i);
    expect(m.records.get(r.complaintId)).toBe(r);
  });
};

describe.each(subjects)('the $name model keeps its records in a list by order of receipt', (subject) => {
  it('list[r.ix] is the record the map holds under its id, in the original and in every copy, however they fold on', () => {
    fc.assert(
      fc.property(fc.array(arbStory, { minLength: 1, maxLength: 6 }), fc.nat(), (stories, cutSeed) => {
        const events = interleaved(stories.map(build));
        const cut = cutSeed % (events.length + 1);
        const p = subject.projection();
        const live = foldAll(p, events.slice(0, cut));
        const copy = p.clone(live);
        foldAll(p, events.slice(cut), live);
        const restored = foldAll(p, events.slice(cut), p.clone(copy));
        for (const m of [live, copy, restored]) listsAgree(m as Listed);
      }),
      { numRuns: 40 },
    );
  });

  it('after a copy, a record received before it is copied once, at its first change, then changed in place; one received after it is never copied', () => {
    const p = subject.projection();
    const events = [
      ...asStored(complaintUuid(1), history({ command: cmd.receive(), now: '2022-01-10T16:05:00+01:00' })),
      ...asStored(complaintUuid(2), history({ command: cmd.receive(), now: '2022-01-10T16:05:00+01:00' })),
    ];
    // An answer and a closure: both change a record of either model.
    const answered = (id: string): StoredComplaintEvent[] =>
      asStored(
        id,
        history(
          { command: cmd.receive(), now: '2022-01-10T16:05:00+01:00' },
          { command: cmd.answer(), now: '2022-01-12T10:00:00+01:00' },
          { command: cmd.close({ withdrawnByComplainant: true }), now: '2022-01-13T10:00:00+01:00' },
        ),
      ).filter((e) => e.event.type === 'ComplaintAnswered' || e.event.type === 'ComplaintClosed');
    const [old, fresh] = [complaintUuid(1), complaintUuid(2)];
    const live = foldAll(p, events.slice(0, 1)) as unknown as Listed;
    const copy = p.clone(live as never) as unknown as Listed;
    const shared = live.records.get(old);
    foldAll(p, events.slice(1), live as never);
    const newcomer = live.records.get(fresh);
    const [answer, close] = answered(old);
    const [answerFresh, closeFresh] = answered(fresh);
    if (answer === undefined || close === undefined || answerFresh === undefined || closeFresh === undefined) throw new Error('no events');
    foldAll(p, [answer], live as never);
    const copied = live.records.get(old);
    expect(copied).not.toBe(shared);
    expect(copy.records.get(old)).toBe(shared);
    foldAll(p, [close, answerFresh, closeFresh], live as never);
    expect(live.records.get(old)).toBe(copied);
    expect(live.records.get(fresh)).toBe(newcomer);
    listsAgree(live);
    listsAgree(copy);
  });
});
