/**
 * Given / when / then for the decider, for tests of your own policies and commands:
 *
 *   decider.given(...pastEvents).when(command, { now, actor }).then(expectedEvents)
 *   decider.given(...pastEvents).when(command, { now, actor }).thenRefused('InvalidTransition')
 *
 * Framework-neutral: a failed expectation throws `node:assert`'s `AssertionError` (with a
 * diff), which Jest, Vitest and `node:test` all report. Histories can be built by running
 * commands through the decider itself (`historyOf`), so their deadlines are the ones the
 * policy computes.
 */
import { AssertionError, deepStrictEqual } from 'node:assert/strict';
import * as E from 'fp-ts/lib/Either.js';
import type { ComplaintCommand, ComplaintCommandInput } from '../domain/commands';
import { decodeCommand } from '../domain/decode';
import { describeDecodeError } from '../domain/decoding';
import { decide } from '../domain/decide';
import { type ComplaintError, describeComplaintError } from '../domain/errors';
import type { ComplaintEvent } from '../domain/events';
import { fold } from '../domain/evolve';
import { type Policy, defaultPolicy } from '../domain/policy/policy';
import type { Complaint, ComplaintState } from '../domain/state';
import type { Actor } from '../domain/vocabulary';

/** When and by whom a command is decided, and under which policy (default: `defaultPolicy`). */
export interface DecisionOptions {
  readonly now: Date | string;
  readonly actor: Actor;
  readonly policy?: Policy;
}

/** One step of a history: a command and its decision options. */
export interface HistoryStep extends DecisionOptions {
  readonly command: ComplaintCommand | ComplaintCommandInput;
}

/** What a command decided, ready to be checked. */
export interface Then {
  /** The decision itself. */
  readonly result: E.Either<ComplaintError, readonly ComplaintEvent[]>;
  /** Asserts the command was accepted with exactly these events (deep equality). */
  then(expected: readonly ComplaintEvent[]): readonly ComplaintEvent[];
  /** Asserts the command was accepted and hands its events to `check`. */
  thenEvents(check: (events: readonly ComplaintEvent[]) => void): readonly ComplaintEvent[];
  /** Asserts the command was accepted and answers the complaint's state after its events. */
  thenState(): Complaint;
  /** Asserts the command was refused, with this tag (and, if given, these fields). */
  thenRefused(tag: ComplaintError['_tag'], fields?: Partial<Record<string, unknown>>): ComplaintError;
}

const fail = (message: string): never => {
  throw new AssertionError({ message });
};

/** A command as typed by hand (plain strings) or already decoded; a malformed one fails the test, naming its paths. */
const decoded = (command: ComplaintCommand | ComplaintCommandInput): ComplaintCommand => {
  const result = decodeCommand(command);
  return E.isRight(result) ? result.right : fail(`The command does not decode: ${describeDecodeError(result.left)}`);
};

const decideAt = (command: ComplaintCommand | ComplaintCommandInput, state: ComplaintState, o: DecisionOptions) =>
  decide(decoded(command), state, { now: typeof o.now === 'string' ? new Date(o.now) : o.now, actor: o.actor, policy: o.policy ?? defaultPolicy });

const accepted = (result: Then['result']): readonly ComplaintEvent[] =>
  E.isRight(result) ? result.right : fail(`Expected the command to be accepted; it was refused: ${describeComplaintError(result.left)}`);

/** Past events, then a command: see the module docs. */
export const given = (...events: readonly ComplaintEvent[]) => {
  const state = fold(events);
  return {
    /** The state the past events fold to. */
    state,
    /** Decides `command` on that state. */
    when(command: ComplaintCommand | ComplaintCommandInput, options: DecisionOptions): Then {
      const result = decideAt(command, state, options);
      return {
        result,
        then(expected) {
          const events = accepted(result);
          deepStrictEqual(events, expected);
          return events;
        },
        thenEvents(check) {
          const events = accepted(result);
          check(events);
          return events;
        },
        thenState() {
          const after = fold(accepted(result), state);
          return after.status === 'none' ? fail('Expected a complaint after the command; there is none.') : after;
        },
        thenRefused(tag, fields = {}) {
          if (E.isRight(result)) return fail(`Expected a ${tag} refusal; the command was accepted with ${result.right.map((e) => e.type).join(', ') || 'no events'}.`);
          if (result.left._tag !== tag) return fail(`Expected a ${tag} refusal; got ${result.left._tag}: ${describeComplaintError(result.left)}`);
          const actual = result.left as unknown as Record<string, unknown>;
          for (const [key, value] of Object.entries(fields)) deepStrictEqual(actual[key], value, `refusal field ${key}`);
          return result.left;
        },
      };
    },
  };
};

/** Runs steps through the decider and answers every event decided; throws on a refusal, naming the step. */
export const historyOf = (...steps: readonly HistoryStep[]): ComplaintEvent[] => {
  const events: ComplaintEvent[] = [];
  let state: ComplaintState = fold([]);
  for (const [i, step] of steps.entries()) {
    const result = decideAt(step.command, state, step);
    if (E.isLeft(result)) return fail(`History step ${i + 1} (${step.command.type}) was refused: ${describeComplaintError(result.left)}`);
    events.push(...result.right);
    state = fold(result.right, state);
  }
  return events;
};

/** The decider specification: {@link given} and {@link historyOf} under one name. */
export const DeciderSpecification = { given, historyOf } as const;
