/**
 * Realistic workloads for the benchmarks: complaint stories generated from the domain itself.
 * Every step is run through `decide`/`evolve` while the story is built, so each command is
 * one the policy accepts at its time, and the deadlines in the events are the policy's.
 *
 * Mix (seeded, reproducible): written (email, postal mail, web) and verbal (phone, in person)
 * complaints; an assignment; acknowledgements for written ones; client contacts; about a
 * third delayed; about one in six appealed (decided by the direction), a third of those
 * referred to the mediator; a few reassessed or recategorised; most closed.
 */
import * as E from 'fp-ts/lib/Either.js';
import type { CommandMetadataInput } from '../src/stream/metadata';
import type { ComplaintCommand, ComplaintCommandInput } from '../src/domain/commands';
import { decide } from '../src/domain/decide';
import { describeComplaintError } from '../src/domain/errors';
import type { ComplaintEvent } from '../src/domain/events';
import { evolve } from '../src/domain/evolve';
import { defaultPolicy } from '../src/domain/policy/policy';
import { type ComplaintState, initialState } from '../src/domain/state';
import type { Actor } from '../src/domain/vocabulary';
import { seededRandom } from '../src/testing/seededRandom';
import { cmd, direction } from '../test/domain/spec';

/** A small, fast, seeded PRNG (mulberry32). */
export const rng = seededRandom;

/** A UUID (v4 layout) from the PRNG: deterministic ids for reproducible runs. */
export const uuidFrom = (next: () => number): string => {
  const hex = (n: number): string =>
    Array.from({ length: n }, () => Math.floor(next() * 16).toString(16)).join('');
  return `${hex(8)}-${hex(4)}-4${hex(3)}-${'89ab'[Math.floor(next() * 4)] ?? '8'}${hex(3)}-${hex(12)}`;
};

/** One command of a story, with its decision time and actor. */
export interface Step {
  readonly command: ComplaintCommandInput;
  readonly metadata: CommandMetadataInput;
  readonly now: Date;
  readonly actor: Actor;
}

/** A complaint's whole story: its commands and the events they decide. */
export interface Story {
  readonly complaintId: string;
  readonly steps: readonly Step[];
  readonly events: readonly ComplaintEvent[];
}

const agents: readonly Actor[] = [
  { id: 'agent-ana', role: 'agent' },
  { id: 'agent-bruno', role: 'agent' },
  { id: 'agent-chloe', role: 'agent' },
  { id: 'sup-sam', role: 'supervisor' },
];
const categories = [
  ['billing', 'electricity-contract'],
  ['billing', 'gas-contract'],
  ['payments', 'direct-debit'],
  ['meter', 'smart-meter'],
  ['service', 'customer-portal'],
  ['moving', 'contract-transfer'],
] as const;
const rootCauses = ['billing-batch-rerun', 'meter-misread', 'portal-outage', 'agent-error', 'late-transfer', 'tariff-change'];
const channels = ['email', 'postal_mail', 'web', 'phone', 'in_person'] as const;

const HOUR = 3_600_000;
const DAY = 24 * HOUR;

/** Options of {@link generateStories}. */
export interface StoryOptions {
  readonly count: number;
  readonly seed?: number;
  /** Extra client contacts per story (on top of the random 0–2), to make long streams. */
  readonly extraContacts?: number;
  /** First receipt date; complaints are spread over the following `spreadDays`. */
  readonly from?: Date;
  readonly spreadDays?: number;
  /** Stop each story early (no answer, no closing): open complaints for the SLA index. */
  readonly openOnly?: boolean;
}

const plain = (c: ComplaintCommand): ComplaintCommandInput => JSON.parse(JSON.stringify(c)) as ComplaintCommandInput;

/** Generates `count` stories. Throws if the domain refuses a step (a bug in the generator). */
export const generateStories = (options: StoryOptions): Story[] => {
  const next = rng(options.seed ?? 7);
  const from = (options.from ?? new Date('2022-01-03T08:00:00Z')).getTime();
  const spread = options.spreadDays ?? 730;
  const stories: Story[] = [];
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(next() * xs.length)] as T;
  for (let n = 0; n < options.count; n++) {
    const complaintId = uuidFrom(next);
    const id = complaintId as never;
    const steps: Step[] = [];
    const events: ComplaintEvent[] = [];
    let state: ComplaintState = initialState;
    // Working hours on a weekday-ish time: receipt between 08:00 and 17:00 UTC.
    let t = from + Math.floor(next() * spread) * DAY + Math.floor(next() * 9) * HOUR;
    const run = (given: ComplaintCommand, actor: Actor, at: number): void => {
      const now = new Date(at);
      const command = { ...given, complaintId: id } as ComplaintCommand;
      const r = decide(command, state, { now, policy: defaultPolicy, actor });
      if (E.isLeft(r)) throw new Error(`story step ${command.type} refused: ${describeComplaintError(r.left)}`);
      for (const e of r.right) state = evolve(state, e);
      events.push(...r.right);
      const commandId = uuidFrom(next);
      steps.push({ command: plain(command), metadata: { commandId, actor }, now, actor });
    };
    const channel = pick(channels);
    const written = channel !== 'phone' && channel !== 'in_person';
    const [category, product] = pick(categories);
    const agent = pick(agents);
    run(
      cmd.receive({
        receivedAt: new Date(t).toISOString() as never,
        channel,
        category,
        product,
        complainant: { id: `client-${Math.floor(next() * 50_000)}`, kind: next() < 0.9 ? 'client' : 'partner', name: 'Camille Martin', email: 'camille@example.fr' },
        ...(next() < 0.1 ? { urgency: 'high' as const } : {}),
      }),
      agent,
      t + 10 * 60_000,
    );
    t += HOUR;
    run(cmd.assign({ assignee: { id: agent.id, name: 'Agent' } }), agent, t);
    if (written) {
      t += Math.floor(next() * 20) * HOUR + HOUR;
      const s = state;
      const expected = s.status === 'none' ? undefined : s.answer.due;
      run(cmd.acknowledge({ ...(expected === undefined ? {} : { expectedAnswerDate: expected }) }), agent, t);
    }
    const contacts = Math.floor(next() * 3) + (options.extraContacts ?? 0);
    for (let i = 0; i < contacts; i++) {
      t += Math.floor(next() * 6) * HOUR + HOUR;
      run(cmd.contact({ summary: `Call ${i + 1} with the client about the case.` }), agent, t);
    }
    if (next() < 0.05) {
      t += HOUR;
      run(cmd.urgency({ urgency: 'critical' }), agent, t);
    }
    if (next() < 0.05) {
      t += HOUR;
      run(cmd.recategorise({ category: category === 'service' ? 'billing' : 'service', product: 'customer-portal' }), agent, t);
    }
    if (options.openOnly === true) {
      stories.push({ complaintId, steps, events });
      continue;
    }
    const s0 = state;
    if (s0.status === 'none') throw new Error('no complaint');
    if (next() < 0.33) {
      t = Math.max(t + HOUR, Date.parse(`${s0.answer.due}T08:00:00Z`) - 3 * DAY);
      const newDue = new Date(Date.parse(`${s0.answer.due}T00:00:00Z`) + 20 * DAY).toISOString().slice(0, 10);
      run(cmd.delay({ newAnswerDue: newDue as never }), agent, t);
    }
    const s1 = state;
    if (s1.status === 'none') throw new Error('no complaint');
    // Most answers are on time; about one in ten comes after the due date.
    const dueMs = Date.parse(`${s1.answer.due}T12:00:00Z`);
    t = next() < 0.9 ? Math.max(t + HOUR, dueMs - Math.floor(next() * 5 + 1) * DAY) : Math.max(t + HOUR, dueMs + 3 * DAY);
    run(cmd.answer({ rootCause: pick(rootCauses) }), agent, t);
    if (next() < 0.16) {
      t += 3 * DAY;
      run(cmd.appeal(), agent, t);
      t += 5 * DAY;
      run(cmd.decideAppeal(), direction, t);
      if (next() < 0.33) {
        t += 2 * DAY;
        run(cmd.refer(), agent, t);
        t += 30 * DAY;
        run(cmd.conclude(), agent, t);
      }
    }
    if (next() < 0.9) {
      t += DAY;
      run(cmd.close(), agent, t);
    }
    stories.push({ complaintId, steps, events });
  }
  return stories;
};

/** The stories' steps in one global order: round-robin over the complaints (streams grow together). */
export const interleave = (stories: readonly Story[]): Step[] => {
  const out: Step[] = [];
  const longest = Math.max(0, ...stories.map((s) => s.steps.length));
  for (let i = 0; i < longest; i++) for (const s of stories) {
    const step = s.steps[i];
    if (step !== undefined) out.push(step);
  }
  return out;
};
