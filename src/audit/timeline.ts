/**
 * A readable timeline of a complaint's history, for auditors and complaint handlers:
 * one block per event with its business time (in Europe/Paris by default), what happened
 * in plain words, who recorded it and when, the status after it, and the deadlines it set,
 * moved or found missed.
 *
 * ```text
 * Complaint 6f1c… (times in Europe/Paris)
 * #0  2022-01-10 09:00  Complaint received by postal mail (written, normal urgency): "…"
 *       by agent-ana (agent) · recorded 2022-01-11 15:00 · status: received
 *       acknowledgement due 2022-01-17 · answer due 2022-03-10
 * ```
 */
import type { Complaint, ComplaintState } from '../domain/state';
import type { DeadlineKind } from '../domain/vocabulary';
import type { HistoryEntry } from './history';
import { type TimelineWording, englishWording } from './timelineEnglish';

export { englishWording, type TimelineWording } from './timelineEnglish';
export { frenchWording } from './timelineFrench';

/** Options of {@link formatTimeline}. */
export interface TimelineOptions {
  /** The zone times are shown in. Default: `Europe/Paris`. */
  readonly timeZone?: string;
  /** The words. Default: {@link englishWording}; `frenchWording` for French. */
  readonly wording?: TimelineWording;
}

const formatters = new Map<string, Intl.DateTimeFormat>();

/** `YYYY-MM-DD HH:mm` of an instant in `timeZone`. */
export const localDateTime = (instant: string | Date, timeZone: string): string => {
  let f = formatters.get(timeZone);
  if (f === undefined) {
    f = new Intl.DateTimeFormat('en-GB', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' });
    formatters.set(timeZone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(typeof instant === 'string' ? new Date(instant) : instant).map((p) => [p.type, p.value]));
  return `${parts.year ?? ''}-${parts.month ?? ''}-${parts.day ?? ''} ${parts.hour ?? ''}:${parts.minute ?? ''}`;
};

const deadlinesOf = (s: ComplaintState): ReadonlyMap<DeadlineKind, string | null> =>
  s.status === 'none'
    ? new Map()
    : new Map<DeadlineKind, string | null>([
        ['acknowledgement', s.acknowledgement.due],
        ['answer', s.answer.due],
        ['urgency_target', s.urgencyTargetDue],
        ...(s.appeal ? ([['internal_appeal_decision', s.appeal.decisionTargetDue]] as const) : []),
      ]);

const deadlineNotes = (before: ComplaintState, after: Complaint, w: TimelineWording): string[] => {
  const notes: string[] = [];
  const was = deadlinesOf(before);
  for (const [kind, due] of deadlinesOf(after)) {
    if (!was.has(kind)) {
      if (before.status === 'none' || due !== null) notes.push(w.deadlineSet(kind, due));
    } else if (was.get(kind) !== due) notes.push(w.deadlineMoved(kind, was.get(kind) ?? null, due));
  }
  const missedBefore = before.status === 'none' ? 0 : before.missedDeadlines.length;
  for (const m of after.missedDeadlines.slice(missedBefore)) notes.push(w.deadlineMissed(m.deadline, m.dueDate));
  return notes;
};

/** The timeline of history entries (from {@link history}) as text, one block per event. */
export const formatTimeline = (entries: readonly HistoryEntry[], options: TimelineOptions = {}): string => {
  const zone = options.timeZone ?? 'Europe/Paris';
  const w = options.wording ?? englishWording;
  const first = entries[0];
  if (first === undefined) return `${w.empty}\n`;
  const out = [w.title(first.state.complaintId, zone)];
  const pad = ' '.repeat(6);
  for (const e of entries) {
    out.push(`#${e.revision.toString().padEnd(3)}${localDateTime(e.occurredAt, zone)}  ${w.event(e.event)}`);
    out.push(`${pad}${w.actor(e.actor)} · ${w.recorded(localDateTime(e.recordedAt, zone))} · ${w.status(e.state.status)}`);
    const notes = deadlineNotes(e.before, e.state, w);
    if (notes.length > 0) out.push(`${pad}${notes.join(' · ')}`);
  }
  return `${out.join('\n')}\n`;
};
