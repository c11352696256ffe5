/**
 * Compliance statistics of the SLA model: per group of complaints received in a period,
 * on-time shares of acknowledgements and answers, answer-time buckets, and median / 90th
 * percentile times, all judged as of a given instant.
 * @packageDocumentation
 */
import { localDate } from '../../domain/policy/deadlines';
import { fromEpochDay } from '../../domain/policy/calendarDays';
import { CHANNELS, URGENCIES } from '../../domain/vocabulary';
import { type SlaModel, dayOf, zoneOf } from './model';
import { ACK, ANSWER, NONE, REQUALIFIED, type SlaRecord, stageOf } from './record';
import { type DeadlineStatus, outcomes, toMs } from './status';

/** Median and 90th percentile (nearest rank) of a set of durations in ms; null when empty. */
export interface DurationStats {
  readonly count: number;
  readonly medianMs: number | null;
  readonly p90Ms: number | null;
}

/** On-time share of one kind of deadline. `share` = onTime / (onTime + late); null when none is decided. */
export interface OnTimeShare {
  readonly onTime: number;
  readonly late: number;
  readonly waived: number;
  readonly pending: number;
  readonly share: number | null;
}

/** Compliance of one group of complaints. */
export interface ComplianceRow {
  readonly group: string;
  /** Complaints received in the period (contacts requalified by `now` excluded). */
  readonly complaints: number;
  /** Contacts received in the period and requalified by `now`, counted apart. */
  readonly requalified: number;
  readonly acknowledgements: OnTimeShare;
  readonly answers: OnTimeShare;
  /**
   * FCA-style buckets by calendar days from the local receipt date to the local answer
   * date: ≤ 7, 8–15, > 15, not answered by `now` (closed unanswered included).
   */
  readonly answeredWithinWeek: number;
  readonly answeredWithin15Days: number;
  readonly answeredLater: number;
  readonly stillOpen: number;
  readonly timeToAcknowledge: DurationStats;
  readonly timeToAnswer: DurationStats;
}

/** Options of {@link compliance}. */
export interface ComplianceOptions {
  /** Complaints received in `[from, to)`. */
  readonly from: Date | string;
  readonly to: Date | string;
  /** Grouping: by receipt channel, current urgency, assignee id, or local month of receipt (`YYYY-MM`). */
  readonly groupBy?: 'channel' | 'urgency' | 'assignee' | 'month' | 'all';
  /** Instant statuses are judged at (default `to`). */
  readonly now?: Date | string;
}

const percentile = (sorted: readonly number[], p: number): number | null =>
  sorted.length === 0 ? null : (sorted[Math.max(0, Math.ceil(p * sorted.length) - 1)] ?? null);

const stats = (values: number[]): DurationStats => {
  values.sort((a, b) => a - b);
  return { count: values.length, medianMs: percentile(values, 0.5), p90Ms: percentile(values, 0.9) };
};

interface Acc {
  complaints: number;
  requalified: number;
  ack: { onTime: number; late: number; waived: number; pending: number };
  ans: { onTime: number; late: number; waived: number; pending: number };
  week: number;
  fifteen: number;
  later: number;
  open: number;
  tAck: number[];
  tAns: number[];
}

const share = (s: Acc['ack']): OnTimeShare => ({ ...s, share: s.onTime + s.late === 0 ? null : s.onTime / (s.onTime + s.late) });

const count = (s: Acc['ack'], status: DeadlineStatus): void => {
  if (status === 'met') s.onTime += 1;
  else if (status === 'missed') s.late += 1;
  else if (status === 'waived') s.waived += 1;
  else if (status === 'pending') s.pending += 1;
};

/**
 * Compliance of the complaints received in `[from, to)`, per group, sorted by group name,
 * judged as of `now`: an act, a waiving answer, a close or a requalification after `now`
 * has not happened yet (the deadline is pending, or missed if due by `now`).
 * Time to acknowledge / answer: from receipt to the act, over the complaints that had it
 * by `now`. Scans every complaint.
 */
export const compliance = (m: SlaModel, options: ComplianceOptions): ComplianceRow[] => {
  const fromMs = toMs(options.from);
  const toMsValue = toMs(options.to);
  const nowMs = options.now === undefined ? toMsValue : toMs(options.now);
  const groupBy = options.groupBy ?? 'all';
  const groups = new Map<string, Acc>();
  const keyOf = (r: SlaRecord): string => {
    switch (groupBy) {
      case 'channel':
        return CHANNELS[r.channel] ?? 'unknown';
      case 'urgency':
        return URGENCIES[r.urgency] ?? 'unknown';
      case 'assignee':
        return r.assignee === NONE ? 'unassigned' : (m.assignees[r.assignee] ?? 'unknown');
      case 'month':
        return fromEpochDay(r.receivedDay).slice(0, 7);
      case 'all':
        return 'all';
    }
  };
  for (const r of m.records.values()) {
    if (r.receivedMs < fromMs || r.receivedMs >= toMsValue || r.receivedMs > nowMs) continue;
    const key = keyOf(r);
    let g = groups.get(key);
    if (g === undefined) {
      g = { complaints: 0, requalified: 0, ack: { onTime: 0, late: 0, waived: 0, pending: 0 }, ans: { onTime: 0, late: 0, waived: 0, pending: 0 }, week: 0, fifteen: 0, later: 0, open: 0, tAck: [], tAns: [] };
      groups.set(key, g);
    }
    // A contact requalified after `now` was still a complaint at `now`.
    if (stageOf(r) === REQUALIFIED && r.stopMs < nowMs) {
      g.requalified += 1;
      continue;
    }
    g.complaints += 1;
    for (const o of outcomes(m, r, nowMs, true)) {
      // Whatever settled a deadline after `now` (its act, the answer that waived it, the close or
      // requalification that stopped it) has not happened yet as far as this report is concerned.
      const status: DeadlineStatus = !Number.isNaN(o.decidedMs) && o.decidedMs >= nowMs ? (nowMs >= o.dueMs ? 'missed' : 'pending') : o.status;
      if (o.kind === ACK) count(g.ack, status);
      else if (o.kind === ANSWER) count(g.ans, status);
    }
    if (!Number.isNaN(r.ackMs) && r.ackMs < nowMs) g.tAck.push(r.ackMs - r.receivedMs);
    if (!Number.isNaN(r.answerMs) && r.answerMs < nowMs) {
      g.tAns.push(r.answerMs - r.receivedMs);
      const days = dayOf(localDate(new Date(r.answerMs), zoneOf(m, r))) - r.receivedDay;
      if (days <= 7) g.week += 1;
      else if (days <= 15) g.fifteen += 1;
      else g.later += 1;
    } else g.open += 1;
  }
  return [...groups.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([group, g]) => ({
      group,
      complaints: g.complaints,
      requalified: g.requalified,
      acknowledgements: share(g.ack),
      answers: share(g.ans),
      answeredWithinWeek: g.week,
      answeredWithin15Days: g.fifteen,
      answeredLater: g.later,
      stillOpen: g.open,
      timeToAcknowledge: stats(g.tAck),
      timeToAnswer: stats(g.tAns),
    }));
};
