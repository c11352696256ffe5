/**
 * Benchmark 4: the SLA index at scale — 1,000,000 open complaints in the SLA model;
 * `overdueNow` and `dueWithin(2 days)` through the due-time heap against a linear scan of
 * the same records, and the heap memory per open complaint.
 */
import { fromEpochDay } from '../../src/domain/policy/calendarDays';
import { localDate } from '../../src/domain/policy/deadlines';
import { toEpochDay } from '../../src/domain/policy/calendarDays';
import type { CalendarDate } from '../../src/domain/primitives';
import type { DeadlineKind } from '../../src/domain/vocabulary';
import { type DueDeadline, type SlaModel, type SlaRecord, SLA_FLAGS, dueWithin, overdueNow } from '../../src/projections/sla';
import { compare, heapUsed } from '../lib/harness';
import { type BenchContext, type Row, timedSeconds } from '../lib/report';
import { openSlaModel } from '../slaModel';

const KINDS: readonly DeadlineKind[] = ['acknowledgement', 'answer', 'urgency_target', 'internal_appeal_decision'];

/** Builds the SLA model of `n` open complaints (stories cut before the answer). */
const openModel = (n: number): SlaModel => openSlaModel(n);

// The same answer as the library's queries, computed by visiting every record (in the
// model's array of records, faster to walk than its Map) and reading its pending deadlines
// (due instant and day) through the per-record view of the index.
interface Pending {
  readonly r: SlaRecord;
  readonly kind: number;
  readonly dueMs: number;
  readonly day: number;
}
const toDue = (p: Pending): DueDeadline => ({
  complaintId: p.r.complaintId,
  deadline: KINDS[p.kind] ?? 'answer',
  due: fromEpochDay(p.day),
  dueAt: new Date(p.dueMs),
  missRecorded: (p.r.flags & (1 << (SLA_FLAGS.missShift + p.kind))) !== 0,
});
const byDue = (a: Pending, b: Pending): number =>
  a.dueMs - b.dueMs || a.kind - b.kind || (a.r.complaintId < b.r.complaintId ? -1 : a.r.complaintId > b.r.complaintId ? 1 : 0);

const scan = (m: SlaModel, keep: (r: SlaRecord, dueMs: number, day: number) => boolean): DueDeadline[] => {
  const out: Pending[] = [];
  const heap = m.heap;
  for (const r of m.list) {
    for (let kind = 0; kind < 4; kind++) {
      const ref = r.ix * 4 + kind;
      if (!heap.has(ref)) continue;
      const dueMs = heap.dueOf(ref);
      const day = heap.tagOf(ref, -1);
      if (keep(r, dueMs, day)) out.push({ r, kind, dueMs, day });
    }
  }
  return out.sort(byDue).map(toDue);
};

const scanOverdue = (m: SlaModel, nowMs: number): DueDeadline[] => scan(m, (_r, dueMs) => dueMs <= nowMs);
const scanDueWithin = (m: SlaModel, nowMs: number, horizon: number): DueDeadline[] => {
  const today = new Map<number, number>();
  return scan(m, (r, dueMs, day) => {
    if (dueMs <= nowMs) return false;
    let t = today.get(r.zone);
    if (t === undefined) {
      t = toEpochDay(localDate(new Date(nowMs), m.zones[r.zone] ?? 'Europe/Paris') as CalendarDate);
      today.set(r.zone, t);
    }
    return day <= t + horizon;
  });
};

// The JS heap plus ArrayBuffer backing stores (the due-time index keeps its arrays there,
// outside `heapUsed`).
const memoryUsed = (): number => heapUsed() + process.memoryUsage().arrayBuffers;

export const slaIndex = async (ctx: BenchContext): Promise<Row[]> => {
  const n = ctx.quick ? 50_000 : 1_000_000;
  // Warm the generator (and its pool's code paths) before measuring memory.
  openModel(10);
  const before = memoryUsed();
  const t0 = Date.now();
  const m = openModel(n);
  const buildS = (Date.now() - t0) / 1000;
  const after = memoryUsed();
  const perComplaint = (after - before) / m.records.size;
  // "now": just after the 1,000th earliest pending deadline (a healthy backlog: about a
  // thousand overdue, the rest due later; results stay small whatever the size).
  const dues: number[] = [];
  for (const r of m.records.values()) for (let k = 0; k < 4; k++) if (m.heap.has(r.ix * 4 + k)) dues.push(m.heap.dueOf(r.ix * 4 + k));
  dues.sort((a, b) => a - b);
  const nowMs = (dues[Math.min(dues.length - 1, 999)] ?? 0) + 1;
  const now = new Date(nowMs);
  const overdue = overdueNow(m, now);
  const soon = dueWithin(m, now, 2);
  // Same answers both ways.
  if (JSON.stringify(overdue) !== JSON.stringify(scanOverdue(m, nowMs))) throw new Error('overdueNow and the scan disagree');
  if (JSON.stringify(soon) !== JSON.stringify(scanDueWithin(m, nowMs, 2))) throw new Error('dueWithin and the scan disagree');
  const reps = ctx.quick ? 20 : 200;
  const options = { samples: ctx.quick ? 3 : 7, warmup: 1, minSeconds: timedSeconds(ctx) };
  const qOverdue = await compare(
    { name: 'overdueNow', run: () => { for (let i = 0; i < reps; i++) overdueNow(m, now); return reps; } },
    { name: 'scan', run: () => { scanOverdue(m, nowMs); return 1; } },
    options,
  );
  const qSoon = await compare(
    { name: 'dueWithin', run: () => { for (let i = 0; i < reps; i++) dueWithin(m, now, 2); return reps; } },
    { name: 'scan', run: () => { scanDueWithin(m, nowMs, 2); return 1; } },
    options,
  );
  const ms = (qps: number): string => `${(1000 / qps).toFixed(3)} ms median`;
  const size = `${m.records.size.toLocaleString('en')} open complaints, ${m.heap.size.toLocaleString('en')} pending deadlines`;
  return [
    {
      bench: '4. SLA index',
      case: `overdueNow: ${size}; ${overdue.length} results`,
      subject: 'overdueNow (due-time heap)',
      unit: 'queries/s',
      result: qOverdue,
      reference: 'linear scan of the records',
      target: { ratio: 100, minRate: 1000, label: '≥ 100×, < 1 ms (≥ 1 k/s)' },
      note: ms(qOverdue.subject.median),
    },
    {
      bench: '4. SLA index',
      case: `dueWithin 2 days: ${soon.length} results`,
      subject: 'dueWithin (due-time heap)',
      unit: 'queries/s',
      result: qSoon,
      reference: 'linear scan of the records',
      target: { ratio: 100, minRate: 1000, label: '≥ 100×, < 1 ms (≥ 1 k/s)' },
      note: ms(qSoon.subject.median),
    },
    {
      bench: '4. SLA index',
      case: `memory: ${size} (built in ${buildS.toFixed(1)} s)`,
      subject: 'heap + array buffers per open complaint',
      unit: 'bytes',
      value: perComplaint,
      target: { maxValue: 400, label: '≤ 400 bytes' },
      memory: `${((after - before) / 2 ** 20).toFixed(0)} MB in all`,
      note: `now = ${now.toISOString()}, ${(dues.length / m.records.size).toFixed(2)} pending deadlines per complaint`,
    },
  ];
};
