/**
 * Given/when/then for the decider: `given(events).when(command, { now })` then assert the
 * events or the refusal. Histories are built by running commands through `decide`, so the
 * deadlines in them are the ones the policy computes.
 */
import * as E from 'fp-ts/Either';
import { COMPLAINT_COMMAND_TYPES, type ComplaintCommand, type CommandOf } from '../../src/domain/commands';
import { decide } from '../../src/domain/decide';
import { type ComplaintError, describeComplaintError } from '../../src/domain/errors';
import type { ComplaintEvent, EventOf } from '../../src/domain/events';
import { fold } from '../../src/domain/evolve';
import { defaultPolicy, type Policy } from '../../src/domain/policy/policy';
import type { Instant } from '../../src/domain/primitives';
import type { Complaint, ComplaintState } from '../../src/domain/state';
import type { Actor } from '../../src/domain/vocabulary';

export const ID = '6f1c1c7e-3d5a-4c53-9a4e-0c2b8e7d1a01';
export const OTHER_ID = '2a7d3f10-5b8e-4f6a-8c1d-9e0f1a2b3c4d';
export const agent: Actor = { id: 'agent-ana', role: 'agent' };
export const supervisor: Actor = { id: 'sup-sam', role: 'supervisor' };
export const direction: Actor = { id: 'dir-dominique', role: 'direction' };
export const system: Actor = { id: 'deadline-watcher', role: 'system' };
export const auditor: Actor = { id: 'audit-alex', role: 'auditor' };

/** An instant (the tests write Paris local times with their offset). */
export const at = (s: string): Instant => s as Instant;

type Without<C> = Omit<C, 'type' | 'complaintId'>;

/** Command builders with realistic defaults. */
export const cmd = {
  receive: (over: Partial<Without<CommandOf<'ReceiveComplaint'>>> = {}): CommandOf<'ReceiveComplaint'> => ({
    type: 'ReceiveComplaint',
    complaintId: ID as CommandOf<'ReceiveComplaint'>['complaintId'],
    receivedAt: at('2022-01-10T16:00:00+01:00'),
    channel: 'email',
    complainant: { id: 'client-42', kind: 'client', name: 'Camille Martin', email: 'camille@example.fr' },
    category: 'billing',
    product: 'electricity-contract',
    subject: 'Double charge in December',
    description: 'I was charged twice for my December bill.',
    ...over,
  }),
  acknowledge: (over: Partial<Without<CommandOf<'AcknowledgeComplaint'>>> = {}): CommandOf<'AcknowledgeComplaint'> => ({
    type: 'AcknowledgeComplaint',
    complaintId: ID as CommandOf<'AcknowledgeComplaint'>['complaintId'],
    contactPerson: { id: 'agent-ana', name: 'Ana Lopez', email: 'ana.lopez@lukea.fr' },
    handlingSteps: 'We check your invoices with billing and answer by email.',
    expectedAnswerDate: '2022-01-20' as CommandOf<'AcknowledgeComplaint'>['expectedAnswerDate'],
    ...over,
  }),
  delay: (over: Partial<Without<CommandOf<'DelayAnswer'>>> = {}): CommandOf<'DelayAnswer'> => ({
    type: 'DelayAnswer',
    complaintId: ID as CommandOf<'DelayAnswer'>['complaintId'],
    reason: 'The billing system audit takes longer than planned.',
    newAnswerDue: '2022-02-04' as CommandOf<'DelayAnswer'>['newAnswerDue'],
    ...over,
  }),
  answer: (over: Partial<Without<CommandOf<'AnswerComplaint'>>> = {}): CommandOf<'AnswerComplaint'> => ({
    type: 'AnswerComplaint',
    complaintId: ID as CommandOf<'AnswerComplaint'>['complaintId'],
    channel: 'email',
    facts: 'The December invoice was issued twice by a batch rerun.',
    decision: 'The duplicate charge is refunded.',
    correctiveMeasures: ['Refund of the duplicate charge', 'Batch rerun guarded against duplicates'],
    rootCause: 'billing-batch-rerun',
    ...over,
  }),
  appeal: (over: Partial<Without<CommandOf<'OpenInternalAppeal'>>> = {}): CommandOf<'OpenInternalAppeal'> => ({
    type: 'OpenInternalAppeal',
    complaintId: ID as CommandOf<'OpenInternalAppeal'>['complaintId'],
    grounds: 'unsatisfied_with_answer',
    statement: 'The refund does not cover the bank fees I paid.',
    channel: 'email',
    ...over,
  }),
  decideAppeal: (over: Partial<Without<CommandOf<'DecideInternalAppeal'>>> = {}): CommandOf<'DecideInternalAppeal'> => ({
    type: 'DecideInternalAppeal',
    complaintId: ID as CommandOf<'DecideInternalAppeal'>['complaintId'],
    outcome: 'rejected',
    decision: 'Bank fees are not covered by the contract.',
    ...over,
  }),
  refer: (over: Partial<Without<CommandOf<'ReferToMediator'>>> = {}): CommandOf<'ReferToMediator'> => ({
    type: 'ReferToMediator',
    complaintId: ID as CommandOf<'ReferToMediator'>['complaintId'],
    ...over,
  }),
  conclude: (over: Partial<Without<CommandOf<'ConcludeMediation'>>> = {}): CommandOf<'ConcludeMediation'> => ({
    type: 'ConcludeMediation',
    complaintId: ID as CommandOf<'ConcludeMediation'>['complaintId'],
    outcome: 'settlement',
    summary: 'Lukéa refunds half of the bank fees.',
    ...over,
  }),
  close: (over: Partial<Without<CommandOf<'CloseComplaint'>>> = {}): CommandOf<'CloseComplaint'> => ({
    type: 'CloseComplaint',
    complaintId: ID as CommandOf<'CloseComplaint'>['complaintId'],
    ...over,
  }),
  requalify: (over: Partial<Without<CommandOf<'RequalifyComplaint'>>> = {}): CommandOf<'RequalifyComplaint'> => ({
    type: 'RequalifyComplaint',
    complaintId: ID as CommandOf<'RequalifyComplaint'>['complaintId'],
    requalifiedAs: 'information_request',
    reason: 'The client only asked how to read the bill.',
    ...over,
  }),
  assign: (over: Partial<Without<CommandOf<'AssignComplaint'>>> = {}): CommandOf<'AssignComplaint'> => ({
    type: 'AssignComplaint',
    complaintId: ID as CommandOf<'AssignComplaint'>['complaintId'],
    assignee: { id: 'agent-ana', name: 'Ana Lopez' },
    ...over,
  }),
  contact: (over: Partial<Without<CommandOf<'LogClientContact'>>> = {}): CommandOf<'LogClientContact'> => ({
    type: 'LogClientContact',
    complaintId: ID as CommandOf<'LogClientContact'>['complaintId'],
    direction: 'outbound',
    channel: 'phone',
    summary: 'Called the client to confirm the invoice numbers.',
    ...over,
  }),
  urgency: (over: Partial<Without<CommandOf<'ReassessUrgency'>>> = {}): CommandOf<'ReassessUrgency'> => ({
    type: 'ReassessUrgency',
    complaintId: ID as CommandOf<'ReassessUrgency'>['complaintId'],
    urgency: 'critical',
    reason: 'The client cannot pay rent because of the double charge.',
    ...over,
  }),
  recategorise: (over: Partial<Without<CommandOf<'RecategoriseComplaint'>>> = {}): CommandOf<'RecategoriseComplaint'> => ({
    type: 'RecategoriseComplaint',
    complaintId: ID as CommandOf<'RecategoriseComplaint'>['complaintId'],
    category: 'payments',
    product: 'direct-debit',
    reason: 'The double charge came from the direct debit, not the invoice.',
    ...over,
  }),
  missed: (deadline: CommandOf<'RecordDeadlineMissed'>['deadline']): CommandOf<'RecordDeadlineMissed'> => ({
    type: 'RecordDeadlineMissed',
    complaintId: ID as CommandOf<'RecordDeadlineMissed'>['complaintId'],
    deadline,
  }),
};

/** One step of a history: a command, when it is decided, and by whom. */
export interface Step {
  readonly command: ComplaintCommand;
  readonly now: string;
  readonly actor?: Actor;
  readonly policy?: Policy;
}

/** Runs steps through decide/evolve and returns the events; fails the test on a refusal. */
export const history = (...steps: Step[]): ComplaintEvent[] => {
  const events: ComplaintEvent[] = [];
  let state: ComplaintState = fold([]);
  for (const s of steps) {
    const r = decide(s.command, state, { now: new Date(s.now), actor: s.actor ?? agent, policy: s.policy ?? defaultPolicy });
    if (E.isLeft(r)) throw new Error(`history step ${s.command.type} refused: ${describeComplaintError(r.left)}`);
    events.push(...r.right);
    state = fold(r.right, state);
  }
  return events;
};

/** Given past events, when a command is decided, then… */
export const given = (...events: readonly ComplaintEvent[]) => {
  const state = fold(events);
  return {
    state,
    when(command: ComplaintCommand, opts: { now: string; actor?: Actor; policy?: Policy }) {
      const result = decide(command, state, { now: new Date(opts.now), actor: opts.actor ?? agent, policy: opts.policy ?? defaultPolicy });
      return {
        result,
        /** The events decided; fails when the command was refused. */
        events(): ComplaintEvent[] {
          if (E.isLeft(result)) throw new Error(`expected events, got refusal: ${describeComplaintError(result.left)}`);
          return result.right;
        },
        /** The refusal; fails when the command was accepted. */
        error(): ComplaintError {
          if (E.isRight(result)) throw new Error(`expected a refusal, got events ${result.right.map((e) => e.type).join(', ')}`);
          return result.left;
        },
        /** The state after folding the decided events. */
        state(): Complaint {
          if (E.isLeft(result)) throw new Error(`expected events, got refusal: ${describeComplaintError(result.left)}`);
          const s = fold(result.right, state);
          if (s.status === 'none') throw new Error('no complaint');
          return s;
        },
      };
    },
  };
};

/** The only event of a type in a list (fails otherwise). */
export const only = <K extends ComplaintEvent['type']>(events: readonly ComplaintEvent[], type: K): EventOf<K> => {
  const found = events.filter((e): e is EventOf<K> => e.type === type);
  if (found.length !== 1) throw new Error(`expected exactly one ${type}, got ${found.length} in ${events.map((e) => e.type).join(', ')}`);
  const [first] = found;
  if (!first) throw new Error('unreachable');
  return first;
};

/** A valid command of each type (other than ReceiveComplaint) for the complaint, for "every command" checks. */
export const sampleOf = (type: Exclude<ComplaintCommand['type'], 'ReceiveComplaint'>): ComplaintCommand => {
  switch (type) {
    case 'RequalifyComplaint':
      return cmd.requalify();
    case 'AssignComplaint':
      return cmd.assign();
    case 'AcknowledgeComplaint':
      return cmd.acknowledge();
    case 'DelayAnswer':
      return cmd.delay();
    case 'AnswerComplaint':
      return cmd.answer();
    case 'OpenInternalAppeal':
      return cmd.appeal();
    case 'DecideInternalAppeal':
      return cmd.decideAppeal();
    case 'ReferToMediator':
      return cmd.refer();
    case 'ConcludeMediation':
      return cmd.conclude();
    case 'CloseComplaint':
      return cmd.close({ withdrawnByComplainant: true });
    case 'RecordDeadlineMissed':
      return cmd.missed('answer');
    case 'LogClientContact':
      return cmd.contact();
    case 'ReassessUrgency':
      return cmd.urgency();
    case 'RecategoriseComplaint':
      return cmd.recategorise();
  }
};

/** Every command type but ReceiveComplaint. */
export const LATER_COMMANDS = COMPLAINT_COMMAND_TYPES.filter(
  (t): t is Exclude<ComplaintCommand['type'], 'ReceiveComplaint'> => t !== 'ReceiveComplaint',
);
