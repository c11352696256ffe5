/**
 * compliance(…, { now }) judges every deadline as of `now`: whatever settled it later — the
 * act, the answer that waived the acknowledgement, the close or requalification that
 * stopped the clocks — has not happened yet at `now`.
 */
import type { ComplaintEvent } from '../../src/domain/events';
import { type SlaModel, compliance, slaProjection } from '../../src/projections/sla';
import { cmd, history, supervisor } from '../domain/spec';
import { asStored, complaintUuid } from './fixtures';

const project = (...complaints: (readonly ComplaintEvent[])[]): SlaModel => {
  const p = slaProjection();
  let m = p.initial();
  complaints.forEach((events, i) => {
    for (const e of asStored(complaintUuid(i), events)) m = p.apply(m, e);
  });
  return m;
};
const januaryAsOf = (m: SlaModel, now: string) => compliance(m, { from: '2022-01-01T00:00:00Z', to: '2022-02-01T00:00:00Z', now })[0];

// Email complaints received Monday 10 January 2022 at 16:00 in Paris: acknowledgement due the 17th, answer the 25th.
const received = { command: cmd.receive(), now: '2022-01-10T16:00:00+01:00' };

describe('compliance as of an earlier now', () => {
  it('an acknowledgement waived by an answer given after now is still pending at now', () => {
    const m = project(history(received, { command: cmd.answer(), now: '2022-01-12T10:00:00+01:00' }));
    expect(januaryAsOf(m, '2022-01-11T00:00:00Z')?.acknowledgements).toEqual({ onTime: 0, late: 0, waived: 0, pending: 1, share: null });
    expect(januaryAsOf(m, '2022-01-13T00:00:00Z')?.acknowledgements).toEqual({ onTime: 0, late: 0, waived: 1, pending: 0, share: null });
  });

  it('the deadlines of a complaint closed after now are still running at now (pending, or missed once due)', () => {
    const withdrawn = history(received, { command: cmd.close({ withdrawnByComplainant: true }), now: '2022-01-20T10:00:00+01:00', actor: supervisor });
    const m = project(withdrawn);
    const early = januaryAsOf(m, '2022-01-11T00:00:00Z');
    expect([early?.acknowledgements.pending, early?.answers.pending]).toEqual([1, 1]);
    // On the 19th the acknowledgement (due the 17th) is missed, the answer still pending.
    const later = januaryAsOf(m, '2022-01-19T00:00:00Z');
    expect([later?.acknowledgements.late, later?.answers.pending]).toEqual([1, 1]);
    // Once closed, the acknowledgement stays missed and the answer (not yet due at closing) is void.
    const after = januaryAsOf(m, '2022-01-31T00:00:00Z');
    expect([after?.acknowledgements.late, after?.answers]).toEqual([1, { onTime: 0, late: 0, waived: 0, pending: 0, share: null }]);
  });

  it('a contact requalified after now is still a complaint at now; requalified by now, it is counted apart', () => {
    const m = project(history(received, { command: cmd.requalify(), now: '2022-01-14T10:00:00+01:00', actor: supervisor }));
    expect(januaryAsOf(m, '2022-01-11T00:00:00Z')).toMatchObject({ complaints: 1, requalified: 0, stillOpen: 1, acknowledgements: { pending: 1 }, answers: { pending: 1 } });
    expect(januaryAsOf(m, '2022-01-15T00:00:00Z')).toMatchObject({ complaints: 0, requalified: 1, stillOpen: 0, acknowledgements: { pending: 0 }, answers: { pending: 0 } });
  });
});
