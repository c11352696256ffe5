/**
 * Authorisation, command × role. The table below is written from the documented rules
 * (docs/rules/authorisation-and-time.md and the policy), not copied from ROLES_ALLOWED:
 * - only the direction decides an internal appeal (« contacter la direction de Lukéa »);
 * - requalifying a contact (which stops every clock) needs a supervisor or the direction;
 * - a deadline miss is recorded by the system (the watcher), a supervisor or the direction;
 * - auditors only read: they issue no command at all;
 * - every other command may be issued by agents, supervisors, the direction and the system.
 * Each command is tried in a state where it is otherwise valid, so an allowed role gets
 * events and a refused role gets `NotAuthorised` and nothing else.
 */
import * as E from 'fp-ts/Either';
import { COMPLAINT_COMMAND_TYPES, type ComplaintCommand, type ComplaintCommandType } from '../../src/domain/commands';
import { decide } from '../../src/domain/decide';
import type { ComplaintEvent } from '../../src/domain/events';
import { fold } from '../../src/domain/evolve';
import { defaultPolicy } from '../../src/domain/policy/policy';
import { ROLES_ALLOWED } from '../../src/domain/rules/context';
import { ActorRole as ActorRoleCodec, type Actor, type ActorRole } from '../../src/domain/vocabulary';
import { agent, auditor, cmd, direction, history, supervisor, system } from './spec';

const ROLES: readonly ActorRole[] = ['agent', 'supervisor', 'direction', 'system', 'auditor'];
const ACTOR: Record<ActorRole, Actor> = { agent, supervisor, direction, system, auditor };
const WRITERS: readonly ActorRole[] = ['agent', 'supervisor', 'direction', 'system'];

interface Rule {
  readonly rule: string;
  readonly allowed: readonly ActorRole[];
}

/** The documented rule for each command. */
const DOCUMENTED: Record<ComplaintCommandType, Rule> = {
  ReceiveComplaint: { rule: 'any writer records a complaint that reached Lukéa', allowed: WRITERS },
  RequalifyComplaint: { rule: 'requalifying stops every clock: supervisor or direction only', allowed: ['supervisor', 'direction'] },
  AssignComplaint: { rule: 'any writer assigns', allowed: WRITERS },
  AcknowledgeComplaint: { rule: 'any writer records the acknowledgement email', allowed: WRITERS },
  DelayAnswer: { rule: 'any writer records a delay notice', allowed: WRITERS },
  AnswerComplaint: { rule: 'any writer records the definitive answer', allowed: WRITERS },
  OpenInternalAppeal: { rule: 'any writer records that the complainant turned to the direction', allowed: WRITERS },
  DecideInternalAppeal: { rule: 'only the direction decides an internal appeal (« contacter la direction de Lukéa »)', allowed: ['direction'] },
  ReferToMediator: { rule: 'any writer records the referral to the mediator', allowed: WRITERS },
  ConcludeMediation: { rule: "any writer records the mediation's outcome", allowed: WRITERS },
  CloseComplaint: { rule: 'any writer closes', allowed: WRITERS },
  RecordDeadlineMissed: { rule: 'a miss is recorded by the system (deadline watcher), a supervisor or the direction', allowed: ['system', 'supervisor', 'direction'] },
  LogClientContact: { rule: 'any writer logs a contact with the complainant', allowed: WRITERS },
  ReassessUrgency: { rule: 'any writer reassesses the urgency', allowed: WRITERS },
  RecategoriseComplaint: { rule: 'any writer recategorises', allowed: WRITERS },
};

// Histories in which each command is valid (decided by roles allowed to build them).
const RECEIVED = history({ command: cmd.receive(), now: '2022-01-10T16:00:00+01:00' });
const ANSWERED = history({ command: cmd.receive(), now: '2022-01-10T16:00:00+01:00' }, { command: cmd.answer(), now: '2022-01-12T10:00:00+01:00' });
const APPEALED = history(
  { command: cmd.receive(), now: '2022-01-10T16:00:00+01:00' },
  { command: cmd.answer(), now: '2022-01-12T10:00:00+01:00' },
  { command: cmd.appeal(), now: '2022-01-13T10:00:00+01:00' },
);
const DECIDED = history(
  { command: cmd.receive(), now: '2022-01-10T16:00:00+01:00' },
  { command: cmd.answer(), now: '2022-01-12T10:00:00+01:00' },
  { command: cmd.appeal(), now: '2022-01-13T10:00:00+01:00' },
  { command: cmd.decideAppeal(), now: '2022-01-14T10:00:00+01:00', actor: direction },
);
const REFERRED = history(
  { command: cmd.receive(), now: '2022-01-10T16:00:00+01:00' },
  { command: cmd.answer(), now: '2022-01-12T10:00:00+01:00' },
  { command: cmd.appeal(), now: '2022-01-13T10:00:00+01:00' },
  { command: cmd.decideAppeal(), now: '2022-01-14T10:00:00+01:00', actor: direction },
  { command: cmd.refer(), now: '2022-01-15T10:00:00+01:00' },
);

/** A situation where `type` is valid: the past events, the command and when it is decided. */
const SITUATION: Record<ComplaintCommandType, { readonly past: readonly ComplaintEvent[]; readonly command: ComplaintCommand; readonly now: string }> = {
  ReceiveComplaint: { past: [], command: cmd.receive(), now: '2022-01-10T16:00:00+01:00' },
  RequalifyComplaint: { past: RECEIVED, command: cmd.requalify(), now: '2022-01-11T10:00:00+01:00' },
  AssignComplaint: { past: RECEIVED, command: cmd.assign(), now: '2022-01-11T10:00:00+01:00' },
  AcknowledgeComplaint: { past: RECEIVED, command: cmd.acknowledge(), now: '2022-01-11T10:00:00+01:00' },
  DelayAnswer: { past: RECEIVED, command: cmd.delay(), now: '2022-01-11T10:00:00+01:00' },
  AnswerComplaint: { past: RECEIVED, command: cmd.answer(), now: '2022-01-11T10:00:00+01:00' },
  OpenInternalAppeal: { past: ANSWERED, command: cmd.appeal(), now: '2022-01-13T10:00:00+01:00' },
  DecideInternalAppeal: { past: APPEALED, command: cmd.decideAppeal(), now: '2022-01-14T10:00:00+01:00' },
  ReferToMediator: { past: DECIDED, command: cmd.refer(), now: '2022-01-15T10:00:00+01:00' },
  ConcludeMediation: { past: REFERRED, command: cmd.conclude(), now: '2022-01-16T10:00:00+01:00' },
  CloseComplaint: { past: ANSWERED, command: cmd.close(), now: '2022-01-13T10:00:00+01:00' },
  // The written complaint's acknowledgement was due by the end of 2022-01-17.
  RecordDeadlineMissed: { past: RECEIVED, command: cmd.missed('acknowledgement'), now: '2022-01-18T10:00:00+01:00' },
  LogClientContact: { past: RECEIVED, command: cmd.contact(), now: '2022-01-11T10:00:00+01:00' },
  ReassessUrgency: { past: RECEIVED, command: cmd.urgency(), now: '2022-01-11T10:00:00+01:00' },
  RecategoriseComplaint: { past: RECEIVED, command: cmd.recategorise(), now: '2022-01-11T10:00:00+01:00' },
};

const decideAs = (type: ComplaintCommandType, role: ActorRole) => {
  const s = SITUATION[type];
  return decide(s.command, fold(s.past), { now: new Date(s.now), policy: defaultPolicy, actor: ACTOR[role] });
};

describe('the documented table covers every command and every role', () => {
  it('every command type has a documented rule, and ROLES_ALLOWED says the same', () => {
    expect(Object.keys(DOCUMENTED).sort()).toEqual([...COMPLAINT_COMMAND_TYPES].sort());
    for (const type of COMPLAINT_COMMAND_TYPES) expect([...ROLES_ALLOWED[type]].sort()).toEqual([...DOCUMENTED[type].allowed].sort());
  });

  it('the roles tried are exactly the published roles', () => {
    expect([...ROLES].sort()).toEqual(Object.keys(ActorRoleCodec.keys).sort());
  });
});

describe.each(COMPLAINT_COMMAND_TYPES.map((type) => [type, DOCUMENTED[type].rule] as const))('%s: %s', (type) => {
  const { allowed } = DOCUMENTED[type];
  it.each(ROLES.map((role) => [role, allowed.includes(role)] as const))('role %s → allowed: %s', (role, isAllowed) => {
    const r = decideAs(type, role);
    if (isAllowed) {
      // Accepted: at least the command's own event, and no refusal.
      if (E.isLeft(r)) throw new Error(`${type} by ${role} refused: ${r.left._tag}`);
      expect(r.right.length).toBeGreaterThan(0);
    } else {
      expect(E.isLeft(r) && r.left).toEqual({
        _tag: 'NotAuthorised',
        command: type,
        status: fold(SITUATION[type].past).status,
        role,
        allowedRoles: ROLES_ALLOWED[type],
      });
    }
  });
});

describe('authorisation comes before every other check', () => {
  it.each(COMPLAINT_COMMAND_TYPES)('an auditor issuing %s on a complaint never received is NotAuthorised (not ComplaintNotFound)', (type) => {
    const s = SITUATION[type];
    const r = decide(s.command, fold([]), { now: new Date(s.now), policy: defaultPolicy, actor: auditor });
    expect(E.isLeft(r) && r.left._tag).toBe('NotAuthorised');
  });

  it('an agent deciding an internal appeal on a closed complaint is NotAuthorised, naming the status', () => {
    const closed = history(
      { command: cmd.receive(), now: '2022-01-10T16:00:00+01:00' },
      { command: cmd.answer(), now: '2022-01-12T10:00:00+01:00' },
      { command: cmd.close(), now: '2022-01-13T10:00:00+01:00' },
    );
    const r = decide(cmd.decideAppeal(), fold(closed), { now: new Date('2022-01-14T10:00:00+01:00'), policy: defaultPolicy, actor: agent });
    expect(E.isLeft(r) && r.left).toMatchObject({ _tag: 'NotAuthorised', status: 'closed', role: 'agent', allowedRoles: ['direction'] });
  });
});
