/**
 * Issue #6 "done when" rules not covered elsewhere in test/projections: local-time
 * bucketing around DST and month ends, delays and verbal complaints in every SLA query,
 * requalified contacts kept out of every recurring-issue query, the watcher under
 * concurrent runs of several processes, and rebuild-from-zero against live processing for
 * both projections on a service-driven history.
 */
import { ComplaintService } from '../../src/application/complaintService';
import type { ComplaintCommandInput } from '../../src/domain/commands';
import type { ComplaintEvent } from '../../src/domain/events';
import type { CalendarDate } from '../../src/domain/primitives';
import type { Actor } from '../../src/domain/vocabulary';
import { InMemoryEventStore } from '../../src/eventstore/inMemory/inMemoryEventStore';
import { InMemoryCheckpointStore } from '../../src/projections/checkpointStore';
import { watchDeadlines } from '../../src/application/deadlineWatcher';
import {
  type RecurringIssuesModel,
  countsByPeriod,
  encodeRecurringIssues,
  pareto,
  recourseRates,
  recurringIssuesProjection,
  repeatComplainants,
  requalifiedCounts,
  spikes,
} from '../../src/projections/recurring';
import { ProjectionRunner } from '../../src/projections/runner';
import { type SlaModel, breachesIn, compliance, deadlinesOf, dueWithin, encodeSla, overdueNow, slaProjection } from '../../src/projections/sla';
import { type Step, agent, at, cmd, direction, history, supervisor } from '../domain/spec';
import { asStored, complaintUuid } from './fixtures';

const fold = <M>(p: { initial(): M; apply(m: M, e: ReturnType<typeof asStored>[number]): M }, complaints: readonly (readonly ComplaintEvent[])[]): M => {
  let m = p.initial();
  complaints.forEach((events, i) => {
    for (const e of asStored(complaintUuid(i), events)) m = p.apply(m, e);
  });
  return m;
};
const sla = (...complaints: (readonly ComplaintEvent[])[]): SlaModel => fold(slaProjection(), complaints);
const issues = (...complaints: (readonly ComplaintEvent[])[]): RecurringIssuesModel => fold(recurringIssuesProjection(), complaints);
const receivedAt = (when: string, over: Parameters<typeof cmd.receive>[0] = {}): Step => ({ command: cmd.receive({ receivedAt: at(when), ...over }), now: when });
const d = (s: string): CalendarDate => s as CalendarDate;

describe('periods are local (Europe/Paris) calendar days, across DST and month ends', () => {
  it('a complaint received at 00:30 in Paris on 1 April (22:30Z on 31 March, summer time) counts in April and in ISO week 13', () => {
    const m = issues(history(receivedAt('2022-03-31T22:30:00Z')), history(receivedAt('2022-03-31T21:30:00Z')));
    expect(countsByPeriod(m, { by: 'category', period: 'month' }).map((c) => [c.period, c.count])).toEqual([
      ['2022-03', 1],
      ['2022-04', 1],
    ]);
    // Thursday 31 March and Friday 1 April are both in 2022-W13.
    expect(countsByPeriod(m, { by: 'category', period: 'week' }).map((c) => [c.period, c.count])).toEqual([['2022-W13', 2]]);
    // A DateRange is in local dates too: from 1 April keeps only the 00:30 one.
    expect(pareto(m, { by: 'category', range: { from: d('2022-04-01'), to: d('2022-05-01') } })).toEqual([{ key: 'billing', count: 1, share: 1, cumulativeShare: 1 }]);
    // compliance groups by the local month of receipt as well.
    const byMonth = compliance(sla(history(receivedAt('2022-03-31T22:30:00Z')), history(receivedAt('2022-03-31T21:30:00Z'))), {
      from: '2022-03-01T00:00:00Z',
      to: '2022-05-01T00:00:00Z',
      groupBy: 'month',
    });
    expect(byMonth.map((r) => [r.group, r.complaints])).toEqual([
      ['2022-03', 1],
      ['2022-04', 1],
    ]);
  });

  it('a deadline falls due at the end of its local day whatever the DST change between receipt and due date', () => {
    // Received Saturday 19 March (winter, UTC+1) late evening: local day 19, answer due Sunday 3 April (summer, UTC+2).
    const m = sla(history(receivedAt('2022-03-19T23:30:00+01:00')));
    const answerDue = deadlinesOf(m, complaintUuid(0), '2022-03-20T00:00:00Z').find((x) => x.deadline === 'answer');
    expect([answerDue?.due, answerDue?.dueAt]).toEqual(['2022-04-03', new Date('2022-04-03T22:00:00Z')]);
    expect(dueWithin(m, '2022-04-01T10:00:00+02:00').map((x) => x.deadline)).toEqual(['answer']);
    expect(breachesIn(m, '2022-04-03T00:00:00+02:00', '2022-04-03T23:59:59+02:00')).toEqual([]);
    expect(breachesIn(m, '2022-04-03T00:00:00+02:00', '2022-04-04T00:00:00+02:00').map((b) => [b.deadline, b.due])).toEqual([['answer', '2022-04-03']]);
  });
});

describe('breaches belong to the period holding the end of their due day', () => {
  it('an answer due on the last day of a month is a breach of that month, not of the next (Paris local months)', () => {
    // Received 16 March (summer time from the 27th): answer due Thursday 31 March, falls due at 1 April 00:00 in Paris.
    const m = sla(history(receivedAt('2022-03-16T10:00:00+01:00', { channel: 'phone' })));
    const march = breachesIn(m, '2022-03-01T00:00:00+01:00', '2022-04-01T00:00:00+02:00');
    expect(march.map((b) => [b.deadline, b.due, b.dueAt])).toEqual([['answer', '2022-03-31', new Date('2022-03-31T22:00:00Z')]]);
    expect(breachesIn(m, '2022-04-01T00:00:00+02:00', '2022-05-01T00:00:00+02:00')).toEqual([]);
  });
});

describe('delays in every SLA query', () => {
  // Received 10 January (answer due the 25th), acknowledged, delayed on the 20th to 4 February.
  const delayed = (answeredOn: string | null): ComplaintEvent[] =>
    history(
      receivedAt('2022-01-10T16:00:00+01:00'),
      { command: cmd.acknowledge(), now: '2022-01-11T10:00:00+01:00' },
      { command: cmd.delay(), now: '2022-01-20T10:00:00+01:00' },
      ...(answeredOn === null ? [] : [{ command: cmd.answer(), now: answeredOn }]),
    );

  it('an answer after the original date but by the new one is on time: no breach, counted on time', () => {
    const m = sla(delayed('2022-02-03T10:00:00+01:00'));
    expect(breachesIn(m, '2022-01-01T00:00:00Z', '2022-03-01T00:00:00Z')).toEqual([]);
    const [row] = compliance(m, { from: '2022-01-01T00:00:00Z', to: '2022-02-01T00:00:00Z', now: '2022-03-01T00:00:00Z' });
    expect(row?.answers).toEqual({ onTime: 1, late: 0, waived: 0, pending: 0, share: 1 });
    // The FCA buckets count days to the answer, delay or not: 24 days is "later than 15".
    expect([row?.answeredWithinWeek, row?.answeredWithin15Days, row?.answeredLater]).toEqual([0, 0, 1]);
  });

  it('an answer after the new date breaches the new date, not the original one', () => {
    const m = sla(delayed('2022-02-07T10:00:00+01:00'));
    expect(breachesIn(m, '2022-01-01T00:00:00Z', '2022-03-01T00:00:00Z').map((b) => [b.deadline, b.due])).toEqual([['answer', '2022-02-04']]);
    expect(compliance(m, { from: '2022-01-01T00:00:00Z', to: '2022-02-01T00:00:00Z', now: '2022-03-01T00:00:00Z' })[0]?.answers.late).toBe(1);
  });

  it('while the delay runs, the original date is neither overdue nor due soon; the new one is', () => {
    const m = sla(delayed(null));
    expect(overdueNow(m, '2022-01-28T12:00:00Z')).toEqual([]);
    expect(dueWithin(m, '2022-01-24T12:00:00Z')).toEqual([]);
    expect(dueWithin(m, '2022-02-03T12:00:00Z').map((x) => [x.deadline, x.due])).toEqual([['answer', '2022-02-04']]);
  });
});

describe('verbal complaints: no acknowledgement is due (none waived, none missed)', () => {
  it('a phone complaint has only an answer deadline in every SLA query', () => {
    const phone = history(receivedAt('2022-01-10T16:00:00+01:00', { channel: 'phone' }));
    const m = sla(phone);
    expect(deadlinesOf(m, complaintUuid(0), '2022-01-11T00:00:00Z').map((x) => x.deadline)).toEqual(['answer']);
    expect(dueWithin(m, '2022-01-15T10:00:00Z')).toEqual([]);
    expect(overdueNow(m, '2022-01-20T00:00:00Z')).toEqual([]);
    expect(breachesIn(m, '2022-01-01T00:00:00Z', '2022-01-26T00:00:00Z').map((b) => b.deadline)).toEqual(['answer']);
    const answered = sla(history(receivedAt('2022-01-10T16:00:00+01:00', { channel: 'in_person' }), { command: cmd.answer(), now: '2022-01-20T10:00:00+01:00' }));
    const [row] = compliance(answered, { from: '2022-01-01T00:00:00Z', to: '2022-02-01T00:00:00Z' });
    expect(row?.acknowledgements).toEqual({ onTime: 0, late: 0, waived: 0, pending: 0, share: null });
    expect(row?.timeToAcknowledge.count).toBe(0);
  });
});

describe('requalified contacts are kept out of every recurring-issue query', () => {
  it('they appear only in requalifiedCounts, not in counts, Pareto, spikes, repeat complainants or recourse rates', () => {
    const same = { complainant: { id: 'p-1', kind: 'client' as const, name: 'P' }, category: 'information' };
    const requalified = [10, 11, 12, 13].map((day) =>
      history(receivedAt(`2022-02-${day}T10:00:00+01:00`, same), { command: cmd.requalify(), now: `2022-02-${day}T12:00:00+01:00`, actor: supervisor }),
    );
    const complaint = history(receivedAt('2022-02-14T10:00:00+01:00'), { command: cmd.answer(), now: '2022-02-15T10:00:00+01:00' }, { command: cmd.appeal(), now: '2022-02-16T10:00:00+01:00' });
    const m = issues(...requalified, complaint);
    const feb = { from: d('2022-02-01'), to: d('2022-03-01') };
    expect(requalifiedCounts(m, { period: 'month' })).toEqual([{ period: '2022-02', count: 4 }]);
    expect(countsByPeriod(m, { by: 'category', period: 'month' })).toEqual([{ period: '2022-02', key: 'billing', count: 1 }]);
    expect(pareto(m, { by: 'category' }).map((r) => r.key)).toEqual(['billing']);
    // Four contacts of a new "category" in one month would be a spike if they counted (P(X ≥ 4 | 0.5) ≈ 0.002).
    expect(spikes(m, { by: 'category', period: 'month', range: feb })).toEqual([]);
    expect(repeatComplainants(m).complainants).toEqual([]);
    expect(recourseRates(m)).toEqual([{ category: 'billing', complaints: 1, appealed: 1, appealRate: 1, referredToMediator: 0, mediatorRate: 0 }]);
  });
});

// --- Through the service and the runner ---------------------------------------------------

interface World {
  readonly store: InMemoryEventStore;
  readonly services: ComplaintService[];
  setNow(iso: string): void;
  run(command: ComplaintCommandInput, actor?: Actor): Promise<void>;
}

const world = (processes = 1): World => {
  let now = new Date('2022-03-01T09:00:00+01:00');
  const store = new InMemoryEventStore({ clock: () => now });
  const services = Array.from({ length: processes }, () => new ComplaintService({ store, clock: () => now }));
  let n = 0;
  return {
    store,
    services,
    setNow: (iso) => {
      now = new Date(iso);
    },
    run: async (command, actor = agent) => {
      await services[0]?.handle(command, { commandId: `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`, actor });
    },
  };
};

/** A month of complaints: on time, late, delayed, verbal, waived, requalified, appealed, DST deadlines. */
const story = async (w: World): Promise<void> => {
  const id = (i: number) => complaintUuid(900 + i);
  const step = async (when: string, command: ComplaintCommandInput, actor?: Actor) => {
    w.setNow(when);
    await w.run(command, actor);
  };
  const receive = (i: number, when: string, over: Partial<Parameters<typeof cmd.receive>[0]> = {}) =>
    step(when, { ...cmd.receive({ receivedAt: at(when), complainant: { id: `client-${i % 3}`, kind: 'client', name: 'C' }, ...over }), complaintId: id(i) });
  const on = (i: number, when: string, c: ComplaintCommandInput, actor?: Actor) => step(when, { ...c, complaintId: id(i) }, actor);
  await receive(0, '2022-03-01T10:00:00+01:00');
  await on(0, '2022-03-02T10:00:00+01:00', cmd.acknowledge({ expectedAnswerDate: d('2022-03-16') }));
  await on(0, '2022-03-09T10:00:00+01:00', cmd.answer());
  await receive(1, '2022-03-02T10:00:00+01:00', { channel: 'web', category: 'metering' });
  await on(1, '2022-03-02T11:00:00+01:00', cmd.assign({ assignee: { id: 'bob', name: 'Bob' } }));
  await on(1, '2022-03-12T10:00:00+01:00', cmd.acknowledge({ expectedAnswerDate: d('2022-03-17') }));
  await on(1, '2022-03-15T10:00:00+01:00', cmd.delay({ newAnswerDue: d('2022-03-28') }));
  await on(1, '2022-03-29T10:00:00+02:00', cmd.answer({ rootCause: 'meter-misread' }));
  await on(1, '2022-03-30T10:00:00+02:00', cmd.appeal());
  await receive(2, '2022-03-03T10:00:00+01:00', { channel: 'phone' });
  await on(2, '2022-03-05T10:00:00+01:00', cmd.answer());
  await receive(3, '2022-03-04T10:00:00+01:00', { urgency: 'critical' });
  await on(3, '2022-03-05T10:00:00+01:00', cmd.answer());
  await receive(4, '2022-03-05T10:00:00+01:00');
  await on(4, '2022-03-05T12:00:00+01:00', cmd.requalify(), supervisor);
  await receive(5, '2022-03-20T11:00:00+01:00'); // acknowledgement due Sunday 27 March, the DST night
  await receive(6, '2022-03-21T11:00:00+01:00', { channel: 'postal_mail', category: 'metering' });
  await on(6, '2022-03-22T11:00:00+01:00', cmd.recategorise());
  await on(0, '2022-03-31T10:00:00+02:00', cmd.appeal());
  await on(0, '2022-04-05T10:00:00+02:00', cmd.decideAppeal(), direction);
  await on(0, '2022-04-08T10:00:00+02:00', cmd.refer());
};

describe('the deadline watcher under concurrent runs', () => {
  it('three processes watching at once, twice, with their own runners: exactly one miss recorded per overdue deadline', async () => {
    const w = world(3);
    await story(w);
    const now = new Date('2022-04-20T09:00:00+02:00');
    w.setNow(now.toISOString());
    const runners = w.services.map(() => new ProjectionRunner({ store: w.store, checkpoints: new InMemoryCheckpointStore(), projection: slaProjection() }));
    await Promise.all(runners.map((r) => r.catchUp()));
    const expected = overdueNow(runners[0]?.model() ?? slaProjection().initial(), now).map((x) => `${x.complaintId}/${x.deadline}/${x.due}`);
    expect(expected.length).toBeGreaterThanOrEqual(3);

    const watchAll = () => Promise.all(w.services.map((service, i) => watchDeadlines({ service, model: runners[i]?.model() ?? slaProjection().initial(), now })));
    // Two rounds on the same stale models: every command is sent six times in all.
    const outcomes = [...(await watchAll()), ...(await watchAll())].flat();
    expect(outcomes).toHaveLength(expected.length * 6);
    expect(outcomes.filter((o) => o.result === 'failed')).toEqual([]);

    const misses = (await w.store.readAll({ fromPosition: 'start', maxCount: 10_000 }))
      .filter((e) => e.type === 'ComplaintDeadlineMissed' && (e.metadata as { actor?: Actor }).actor?.role === 'system')
      .map((e) => {
        const data = e.data as { deadline: string; dueDate: string };
        return `${e.streamName.slice('complaint-'.length)}/${data.deadline}/${data.dueDate}`;
      });
    expect(misses.sort()).toEqual([...expected].sort());
    // Caught up, every process sees the misses as recorded and sends nothing more.
    await Promise.all(runners.map((r) => r.catchUp()));
    expect((await watchAll()).flat()).toEqual([]);
  });
});

describe('rebuild from zero gives the same model as live processing', () => {
  it('SLA and recurring-issues models (encoded) and every query agree between a live runner and rebuild()', async () => {
    const w = world();
    const checkpoints = new InMemoryCheckpointStore();
    const live = [
      new ProjectionRunner({ store: w.store, checkpoints, projection: slaProjection(), batchSize: 3, flushIntervalMs: 2 }),
      new ProjectionRunner({ store: w.store, checkpoints, projection: recurringIssuesProjection(), batchSize: 3, flushIntervalMs: 2 }),
    ] as const;
    await Promise.all(live.map((r) => r.start()));
    await story(w);
    const total = (await w.store.readAll({ fromPosition: 'start', maxCount: 10_000 })).length;
    for (let i = 0; i < 400 && live.some((r) => r.progress().eventsProcessed < total); i++) await new Promise((r) => setTimeout(r, 5));
    await Promise.all(live.map((r) => r.stop()));
    expect(live.map((r) => r.progress().eventsProcessed)).toEqual([total, total]);

    const slaRebuilt = new ProjectionRunner({ store: w.store, checkpoints, projection: slaProjection(), pageSize: 4 });
    const issuesRebuilt = new ProjectionRunner({ store: w.store, checkpoints, projection: recurringIssuesProjection(), pageSize: 4 });
    await slaRebuilt.rebuild();
    await issuesRebuilt.rebuild();

    const [slaLive, issuesLive] = [live[0].model(), live[1].model()];
    expect(encodeSla(slaRebuilt.model())).toEqual(encodeSla(slaLive));
    expect(encodeRecurringIssues(issuesRebuilt.model())).toEqual(encodeRecurringIssues(issuesLive));
    for (const now of ['2022-03-10T00:00:00Z', '2022-03-28T00:00:00Z', '2022-04-30T00:00:00Z']) {
      expect(overdueNow(slaRebuilt.model(), now)).toEqual(overdueNow(slaLive, now));
      expect(dueWithin(slaRebuilt.model(), now, 5)).toEqual(dueWithin(slaLive, now, 5));
    }
    const march = { from: '2022-03-01T00:00:00+01:00', to: '2022-04-01T00:00:00+02:00', now: '2022-04-30T00:00:00Z' };
    for (const groupBy of ['channel', 'urgency', 'assignee', 'month'] as const) expect(compliance(slaRebuilt.model(), { ...march, groupBy })).toEqual(compliance(slaLive, { ...march, groupBy }));
    expect(breachesIn(slaRebuilt.model(), march.from, march.now)).toEqual(breachesIn(slaLive, march.from, march.now));
    const m2 = issuesRebuilt.model();
    expect(countsByPeriod(m2, { by: 'rootCause', period: 'week' })).toEqual(countsByPeriod(issuesLive, { by: 'rootCause', period: 'week' }));
    expect(pareto(m2, { by: 'category' })).toEqual(pareto(issuesLive, { by: 'category' }));
    expect(repeatComplainants(m2)).toEqual(repeatComplainants(issuesLive));
    expect(recourseRates(m2)).toEqual(recourseRates(issuesLive));
    expect(requalifiedCounts(m2, { period: 'month' })).toEqual([{ period: '2022-03', count: 1 }]);
    // The story reached every kind of fact the projections read.
    expect(pareto(m2, { by: 'category' }).map((r) => [r.key, r.count])).toEqual([['billing', 4], ['metering', 1], ['payments', 1]]);
    expect(recourseRates(m2).find((r) => r.category === 'billing')).toMatchObject({ appealed: 1, referredToMediator: 1 });
  });
});
