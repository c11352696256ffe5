/**
 * The demo complaints: the story of Lukéa's policy told on an in-memory store with a clock
 * moved by hand (January–April 2022), so that a new user has real data to replay, export,
 * verify and report on.
 *
 * 1. A written complaint received by post, acknowledged, its answer postponed by an
 *    explanatory email, answered, appealed to the direction (recours interne), referred to
 *    the Médiateur, settled and closed — the whole policy.
 * 2. A verbal complaint by phone (no accusé de réception), never answered.
 * 3. A written complaint from a partner through the website, never acknowledged.
 */
import { ComplaintService, type HandleResult, type Complaint, type Actor, InMemoryEventStore, type EventStore } from '../index';

/** The demo's complaint ids, in the order they were received. */
export const DEMO_COMPLAINT_IDS = [
  '6f1c1c7e-3d5a-4c53-9a4e-0c2b8e7d1a01',
  '6f1c1c7e-3d5a-4c53-9a4e-0c2b8e7d1a02',
  '6f1c1c7e-3d5a-4c53-9a4e-0c2b8e7d1a03',
] as const;

/** Where and under which ids {@link recordDemo} records the story. */
export interface DemoOptions<S extends EventStore> {
  /** The store to record into (default: a fresh in-memory store whose clock is the story's). */
  readonly store?: S;
  /** The three complaints' ids (default {@link DEMO_COMPLAINT_IDS}); pass fresh ones to record the story again in the same store. */
  readonly complaintIds?: readonly [string, string, string];
  /** Command ids (default: deterministic `00000000-0000-4000-8000-…` ids, so a replay of the demo is idempotent). */
  readonly newCommandId?: () => string;
}

/** What {@link recordDemo} leaves behind. */
export interface DemoRun<S extends EventStore = InMemoryEventStore> {
  /** The store holding the demo's streams (with the default store, store times are the story's times). */
  readonly store: S;
  /** The three complaints' ids, in the order they were received. */
  readonly complaintIds: readonly [string, string, string];
  /** The first complaint's state right after its receipt, and at the end of its story. */
  readonly story: { readonly received: Complaint; readonly closed: Complaint };
  /** Every event appended. */
  readonly events: number;
}

/** Records the demo complaints, on a fresh in-memory store unless `options.store` is given. */
export async function recordDemo(): Promise<DemoRun>;
export async function recordDemo<S extends EventStore>(options: DemoOptions<S> & { readonly store: S }): Promise<DemoRun<S>>;
export async function recordDemo(options: DemoOptions<EventStore> & { readonly store?: undefined }): Promise<DemoRun>;
export async function recordDemo(options: DemoOptions<EventStore> = {}): Promise<DemoRun<EventStore>> {
  let now = new Date('2022-01-11T14:00:00+01:00');
  const clock = (): Date => now;
  const setNow = (iso: string): void => {
    now = new Date(iso);
  };
  const store = options.store ?? new InMemoryEventStore({ clock });
  const complaints = new ComplaintService({ store, clock });
  const complaintIds = options.complaintIds ?? DEMO_COMPLAINT_IDS;
  const [first, second, third] = complaintIds;
  const ana: Actor = { id: 'ana.lopez', role: 'agent' };
  const director: Actor = { id: 'dominique.roux', role: 'direction' };
  let n = 0;
  let events = 0;
  // Each command gets its own id: retrying it with the same id can never append twice.
  const handle = async (command: Parameters<ComplaintService['handle']>[0], actor: Actor): Promise<HandleResult> => {
    const commandId = options.newCommandId?.() ?? `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`;
    const r = await complaints.handle(command, { commandId, actor });
    events += r.events.length;
    return r;
  };

  const complaintId = first;
  const received = await handle(
    {
      type: 'ReceiveComplaint',
      complaintId,
      receivedAt: '2022-01-10T09:00:00+01:00', // the letter was opened on Monday, typed in on Tuesday
      channel: 'postal_mail',
      complainant: { id: 'client-42', kind: 'client', name: 'Camille Martin', email: 'camille.martin@example.fr' },
      category: 'billing',
      product: 'electricity-contract',
      subject: 'Charged twice in December',
      description: 'My December invoice was debited twice from my account.',
    },
    ana,
  );
  await handle({ type: 'AssignComplaint', complaintId, assignee: { id: 'ana.lopez', name: 'Ana Lopez' } }, ana);
  setNow('2022-01-13T10:00:00+01:00');
  await handle(
    {
      type: 'AcknowledgeComplaint',
      complaintId,
      contactPerson: { id: 'ana.lopez', name: 'Ana Lopez', email: 'ana.lopez@lukea.fr' },
      handlingSteps: 'Billing checks both debits; we answer by email.',
      expectedAnswerDate: '2022-01-24',
    },
    ana,
  );

  setNow('2022-01-14T10:30:00+01:00');
  await handle(
    {
      type: 'ReceiveComplaint',
      complaintId: second,
      receivedAt: '2022-01-14T10:20:00+01:00',
      channel: 'phone',
      complainant: { id: 'client-7', kind: 'client', name: 'Louis Bernard' },
      category: 'metering',
      product: 'electricity-contract',
      subject: 'Meter reading estimated for six months',
      description: 'My bills are based on estimates although the meter is accessible.',
    },
    ana,
  );

  setNow('2022-01-19T16:00:00+01:00');
  await handle(
    {
      type: 'ReceiveComplaint',
      complaintId: third,
      receivedAt: '2022-01-19T15:45:00+01:00',
      channel: 'web',
      complainant: { id: 'partner-3', kind: 'partner', name: 'Énergies du Rhône' },
      category: 'billing',
      product: 'gas-contract',
      subject: 'Commission statement missing for December',
      description: 'The December commission statement was never sent.',
    },
    ana,
  );

  setNow('2022-01-24T10:00:00+01:00');
  await handle({ type: 'DelayAnswer', complaintId, reason: 'The bank has not confirmed the second debit yet.', newAnswerDue: '2022-02-04' }, ana);
  setNow('2022-02-03T16:00:00+01:00');
  await handle(
    {
      type: 'AnswerComplaint',
      complaintId,
      channel: 'email',
      facts: 'A batch rerun debited the December invoice twice.',
      decision: 'The second debit is refunded.',
      correctiveMeasures: ['Refund of the duplicate debit', 'The batch now refuses to rerun a settled invoice'],
      rootCause: 'billing-batch-rerun',
    },
    ana,
  );
  setNow('2022-02-07T09:30:00+01:00');
  await handle(
    { type: 'OpenInternalAppeal', complaintId, grounds: 'unsatisfied_with_answer', statement: 'My bank charged me fees for the second debit.', channel: 'email' },
    ana,
  );
  setNow('2022-02-15T11:00:00+01:00');
  await handle({ type: 'DecideInternalAppeal', complaintId, outcome: 'rejected', decision: 'Bank fees are outside the contract.' }, director);
  setNow('2022-02-21T10:00:00+01:00');
  await handle({ type: 'ReferToMediator', complaintId }, ana);
  setNow('2022-04-12T15:00:00+02:00');
  await handle({ type: 'ConcludeMediation', complaintId, outcome: 'settlement', summary: 'Lukéa refunds half of the bank fees.' }, ana);
  const closed = await handle({ type: 'CloseComplaint', complaintId }, ana);

  return { store, complaintIds, story: { received: received.state, closed: closed.state }, events };
}
