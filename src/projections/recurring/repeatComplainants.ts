/**
 * Repeat complainants: people with several complaints within a window of days (optionally
 * about the same thing), and the complaints linked to one already closed.
 * @packageDocumentation
 */
import type { IssueRecord, RecurringIssuesModel } from './model';
import type { DateRange } from './periods';
import { type IssueDimension, cmp, complaintsIn, keyOf } from './select';

/** A complainant with several complaints within a window. */
export interface RepeatComplainant {
  readonly complainantId: string;
  /** Largest number of complaints received within any `windowDays` days. */
  readonly maxInWindow: number;
  /** All their complaints (in the range; with `by`, those of `key`), by receipt. */
  readonly complaintIds: readonly string[];
  /** With the `by` option: what the complaints counted have in common (e.g. the reported problem). */
  readonly key?: string;
}

/**
 * Complainants with at least `minComplaints` (default 2) complaints received within
 * `windowDays` (default 90) local days of each other, most frequent first; and the
 * complaints linked to an earlier complaint that was already closed when they came in.
 * With `by` (e.g. `'reportedProblem'`), only complaints with the same key count together:
 * the same person coming back about the same problem (a person may then be listed once per
 * key; complaints without a key — no root cause yet — are left out).
 */
export const repeatComplainants = (
  m: RecurringIssuesModel,
  options: { readonly windowDays?: number; readonly minComplaints?: number; readonly range?: DateRange; readonly by?: IssueDimension } = {},
): { readonly complainants: RepeatComplainant[]; readonly linkedToClosed: string[] } => {
  const windowDays = options.windowDays ?? 90;
  const minComplaints = options.minComplaints ?? 2;
  const by = options.by;
  const byPerson = new Map<string, { person: number; key: string | undefined; list: IssueRecord[] }>();
  const linkedToClosed: string[] = [];
  for (const r of complaintsIn(m, options.range)) {
    if (r.linkedToClosed) linkedToClosed.push(r.complaintId);
    const key = by === undefined ? undefined : keyOf(m, r, by);
    if (by !== undefined && key === undefined) continue;
    const group = `${r.complainant}\u0000${key ?? ''}`;
    const found = byPerson.get(group);
    if (found === undefined) byPerson.set(group, { person: r.complainant, key, list: [r] });
    else found.list.push(r);
  }
  const complainants: RepeatComplainant[] = [];
  for (const { person, key, list } of byPerson.values()) {
    if (list.length < minComplaints) continue;
    list.sort((a, b) => a.receivedMs - b.receivedMs);
    let best = 0;
    for (let i = 0, j = 0; j < list.length; j++) {
      while ((list[j]?.receivedDay ?? 0) - (list[i]?.receivedDay ?? 0) >= windowDays) i++;
      best = Math.max(best, j - i + 1);
    }
    if (best >= minComplaints)
      complainants.push({
        complainantId: m.complainants.values[person] ?? '',
        maxInWindow: best,
        complaintIds: list.map((r) => r.complaintId),
        ...(key === undefined ? {} : { key }),
      });
  }
  complainants.sort((a, b) => b.maxInWindow - a.maxInWindow || cmp(a.complainantId, b.complainantId) || cmp(a.key ?? '', b.key ?? ''));
  return { complainants, linkedToClosed: linkedToClosed.sort() };
};
