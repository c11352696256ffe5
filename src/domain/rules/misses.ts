/**
 * Late actions record the breach they reveal. Each deadline miss is recorded once (by
 * whichever comes first: the deadline watcher or the late action), so a late delay notice
 * or a late answer never erases it ("le non-respect de ce délai").
 */
import type { ComplaintEvent } from '../events';
import { isOverdue } from '../policy/deadlines';
import type { CalendarDate, Instant } from '../primitives';
import { type Complaint, isMissRecorded } from '../state';
import type { DeadlineKind } from '../vocabulary';

/** `[ComplaintDeadlineMissed]` when `due` had passed at `at` and the miss is not yet recorded, else `[]`. */
export const missIfLate = (c: Complaint, deadline: DeadlineKind, due: CalendarDate | null, at: Instant): ComplaintEvent[] =>
  due !== null && isOverdue(due, at, c.timeZone) && !isMissRecorded(c, deadline, due)
    ? [{ type: 'ComplaintDeadlineMissed', data: { deadline, dueDate: due, detectedAt: at } }]
    : [];
