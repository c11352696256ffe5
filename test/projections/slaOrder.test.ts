/** overdueNow and dueWithin list deadlines by due instant, then kind, then complaint id. */
import * as fc from 'fast-check';
import { applySla, dueWithin, overdueNow, slaProjection, type DueDeadline } from '../../src/projections/sla';
import { cmd, history } from '../domain/spec';
import { asStored } from './fixtures';

const KIND_ORDER = ['acknowledgement', 'answer', 'urgency_target', 'internal_appeal_decision'];
const expected = (xs: readonly DueDeadline[]): DueDeadline[] =>
  [...xs].sort(
    (a, b) =>
      a.dueAt.getTime() - b.dueAt.getTime() ||
      KIND_ORDER.indexOf(a.deadline) - KIND_ORDER.indexOf(b.deadline) ||
      (a.complaintId < b.complaintId ? -1 : a.complaintId > b.complaintId ? 1 : 0),
  );

describe('SLA query order', () => {
  it('ties on due instant and kind are ordered by complaint id (many complaints received the same days)', () => {
    let m = slaProjection().initial();
    const ids: string[] = [];
    for (let i = 0; i < 300; i++) {
      // Hex ids in a scrambled order, several receipts per day, some urgent (urgency targets).
      const id = `${((i * 7919) % 4096).toString(16).padStart(8, '0')}-1111-4111-8111-${String(i).padStart(12, '0')}`;
      ids.push(id);
      const day = 10 + (i % 5);
      const events = history({
        command: cmd.receive({ receivedAt: `2022-01-${day}T09:00:00+01:00` as never, channel: i % 3 === 0 ? 'phone' : 'email', ...(i % 4 === 0 ? { urgency: 'critical' as const } : {}) }),
        now: `2022-01-${day}T10:00:00+01:00`,
      });
      for (const e of asStored(id, events)) m = applySla(m, e);
    }
    for (const now of ['2022-01-20T12:00:00Z', '2022-01-26T12:00:00Z', '2022-02-10T12:00:00Z']) {
      const overdue = overdueNow(m, now);
      expect(overdue.length).toBeGreaterThan(0);
      expect(overdue).toEqual(expected(overdue));
      const soon = dueWithin(m, '2022-01-12T12:00:00Z', 10);
      expect(soon).toEqual(expected(soon));
    }
    expect(ids).toHaveLength(300);
  });

  it('ids of any shape are ordered by code units: shared prefixes, ids prefix of others, non-ASCII, many ties', () => {
    const events = (day: number) =>
      history({ command: cmd.receive({ receivedAt: `2022-01-${day}T09:00:00+01:00` as never, channel: 'email' }), now: `2022-01-${day}T10:00:00+01:00` });
    const byDay = new Map([10, 11, 12].map((d) => [d, events(d)] as const));
    const idArb = fc.oneof(
      fc.string({ minLength: 1, maxLength: 6 }),
      fc.string({ minLength: 0, maxLength: 4 }).map((s) => `same-long-prefix-${s}`),
      fc.string({ unit: 'binary', minLength: 1, maxLength: 5 }),
      fc.constantFrom('a', 'ab', 'abc', 'a\u007f', 'a\u0080', 'é', 'ÿ', '\uffff', '😀', 'Z', 'z'),
    );
    fc.assert(
      fc.property(fc.uniqueArray(idArb, { minLength: 1, maxLength: 60 }), (ids) => {
        let m = slaProjection().initial();
        ids.forEach((id, i) => {
          for (const e of asStored(id, byDay.get(10 + (i % 3)) ?? [])) m = applySla(m, e);
        });
        const overdue = overdueNow(m, '2022-03-01T00:00:00Z');
        expect(overdue).toHaveLength(ids.length * 2);
        expect(overdue).toEqual(expected(overdue));
        const soon = dueWithin(m, '2022-01-10T12:00:00Z', 40);
        expect(soon).toEqual(expected(soon));
      }),
      { numRuns: 150 },
    );
  });
});
