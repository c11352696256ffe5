/**
 * One complaint in the SLA model, kept compact: numbers (epoch days, epoch ms, indices into
 * the model's tables) rather than strings, and its small state packed in the bits of one
 * integer. What a record's pending deadlines are follows from those numbers alone.
 * @packageDocumentation
 */
import type { DeadlineKind } from '../../domain/vocabulary';

/** The deadline kinds, by their index in a record (`ref & 3` in the due-time index). */
export const KINDS: readonly DeadlineKind[] = ['acknowledgement', 'answer', 'urgency_target', 'internal_appeal_decision'];
export const ACK = 0;
export const ANSWER = 1;
export const URGENCY = 2;
export const APPEAL = 3;

// Lifecycle stages, as small numbers.
export const BEFORE_ANSWER = 0;
export const ANSWERED = 1;
export const APPEAL_OPEN = 2;
export const AFTER_APPEAL = 3;
export const CLOSED = 4;
export const REQUALIFIED = 5;

/** "No such deadline" (and "no assignee"): a day or index that cannot occur. */
export const NONE = -1;

/** The lifecycle stages packed in bits 0–2 of {@link SlaRecord.flags} (`flags & SLA_FLAGS.stageMask`). */
export const SLA_STAGES = {
  beforeAnswer: BEFORE_ANSWER,
  answered: ANSWERED,
  appealOpen: APPEAL_OPEN,
  afterAppeal: AFTER_APPEAL,
  closed: CLOSED,
  requalified: REQUALIFIED,
} as const;

/**
 * One complaint, kept compact: numbers (epoch days, epoch ms, indices into the model's
 * tables) rather than strings. `NaN` = not happened, `-1` = no such deadline. Its pending
 * deadlines live in the model's `DeadlineHeap` under references `ix * 4 + kind`.
 */
export interface SlaRecord {
  readonly complaintId: string;
  zone: number;
  channel: number;
  urgency: number;
  assignee: number;
  /**
   * Small state packed in one small integer (see {@link SLA_FLAGS}): lifecycle stage (bits
   * 0–2), whether the acknowledgement was on time (bit 3) or waived (bit 4), the answer on
   * time (bit 5), the appeal decision on target (bit 6), and recorded misses (bit 8 + k:
   * the miss of pending deadline kind k, at its current due date, is recorded).
   */
  flags: number;
  receivedMs: number;
  receivedDay: number;
  ackDue: number;
  ackMs: number;
  answerDue: number;
  answerMs: number;
  urgencyDue: number;
  appealDue: number;
  appealMs: number;
  /** When the clocks stopped without an act (closed, requalified, appeal decided unanswered). */
  stopMs: number;
  /** Late delay notices as pairs `[notifiedMs, postponedDueDay]` (rare: undefined when none). */
  lateNotices: number[] | undefined;
  /**
   * Position in the model's `list`; the heap entry of pending deadline kind k is the one of
   * reference `ix * 4 + k`, tagged with its due epoch day.
   */
  readonly ix: number;
}

/** The due-time index reference of a record's deadline kind. */
export const refOf = (r: SlaRecord, kind: number): number => r.ix * 4 + kind;

/** The bits of {@link SlaRecord.flags}. */
export const SLA_FLAGS = {
  stageMask: 0b111,
  ackOnTime: 1 << 3,
  ackWaived: 1 << 4,
  answerOnTime: 1 << 5,
  appealOnTarget: 1 << 6,
  /** Recorded miss of deadline kind k: `missShift + k`. */
  missShift: 8,
} as const;
const STAGE_MASK = SLA_FLAGS.stageMask;
export const MISS_SHIFT = SLA_FLAGS.missShift;
export const stageOf = (r: SlaRecord): number => r.flags & STAGE_MASK;
export const setStage = (r: SlaRecord, stage: number): void => {
  r.flags = (r.flags & ~STAGE_MASK) | stage;
};
export const flag = (r: SlaRecord, bit: number): boolean => (r.flags & bit) !== 0;
export const setFlag = (r: SlaRecord, bit: number, on: boolean): void => {
  r.flags = on ? r.flags | bit : r.flags & ~bit;
};
export const missRecorded = (r: SlaRecord, kind: number): boolean => (r.flags & (1 << (MISS_SHIFT + kind))) !== 0;
/** The recorded misses as 4 bits (bit k: kind k), as the checkpoint JSON spells them. */
export const missesOf = (r: SlaRecord): number => (r.flags >> MISS_SHIFT) & 0b1111;

/** The due epoch day of each pending deadline kind of a record ({@link NONE}: not pending). */
export const pendingDays = (r: SlaRecord): number[] => {
  const out = [NONE, NONE, NONE, NONE];
  const stage = stageOf(r);
  const beforeAnswer = stage === BEFORE_ANSWER || (stage === APPEAL_OPEN && Number.isNaN(r.answerMs));
  if (beforeAnswer) {
    if (r.ackDue !== NONE && Number.isNaN(r.ackMs)) out[ACK] = r.ackDue;
    out[ANSWER] = r.answerDue;
    out[URGENCY] = r.urgencyDue;
  }
  if (stage === APPEAL_OPEN) out[APPEAL] = r.appealDue;
  return out;
};

/** The name of a deadline kind index. */
export const kindName = (k: number): DeadlineKind => KINDS[k] ?? 'answer';
