/**
 * Retention: after the policy's `retentionYearsAfterClosing`, complainants' personal data
 * goes while the statistics stay. {@link applyRetention} reads the complaint log, finds the
 * complainants whose every complaint ended longer ago than the rule (`retentionPlan.ts`),
 * and crypto-shreds them through the existing erasure ({@link eraseComplainantTE}): their
 * keys are destroyed, every personal field of theirs reads `[erased]` everywhere, and ids,
 * dates, statuses, labels — hence every projection — are unchanged.
 *
 * Idempotent: a complainant already erased is reported as such and nothing else happens.
 * A dry run reports what would be erased and erases nothing.
 */
import * as E from 'fp-ts/lib/Either.js';
import type * as TE from 'fp-ts/lib/TaskEither.js';
import { defaultPolicy, type Policy } from '../domain/policy/policy';
import { EventStoreError, type StoreError, describeStoreError } from '../eventstore/errors';
import type { EventStore } from '../eventstore/port';
import { InMemoryCheckpointStore } from '../projections/checkpointStore';
import { type ProjectionProblem, ProjectionRunner } from '../projections/runner';
import { eraseComplainantTE } from './erasure';
import { type PrivacyError, describePrivacyError } from './errors';
import type { KeyStore } from './keyStore';
import { orThrow } from '../promiseApi';
import { type ExpiredComplainant, type KeptComplainant, retentionPlan, retentionProjection } from './retentionPlan';

/** Options of {@link applyRetention}. */
export interface RetentionOptions {
  /**
   * The store to read the complaints from — normally the protected store
   * (`protectPersonalData(inner, { keyStore })`), so that complainants already erased are
   * recognised as such even in a dry run.
   */
  readonly store: EventStore;
  /** The key store whose keys are destroyed (needed unless `dryRun`). */
  readonly keyStore?: KeyStore;
  /** The instant the rule is applied at (default: now). */
  readonly at?: Date;
  /** The policy whose `retentionYearsAfterClosing` applies (default {@link defaultPolicy}). */
  readonly policy?: Policy;
  /** Report only: erase nothing. */
  readonly dryRun?: boolean;
}

/** One complainant erased by this run. */
export interface ErasedComplainant extends ExpiredComplainant {
  /** Keys destroyed (empty when the key store held none left: then `alreadyErased`). */
  readonly erasedKeyIds: readonly string[];
  readonly erasedAt: string;
}

/** What a retention run did (or, dry, would do). */
export interface RetentionReport {
  readonly at: string;
  readonly policyVersion: string;
  readonly years: number;
  readonly dryRun: boolean;
  /** Erased by this run (dry run: would be erased). */
  readonly erased: readonly (ErasedComplainant | ExpiredComplainant)[];
  /** Past the period, but erased before: nothing left to do. */
  readonly alreadyErased: readonly ExpiredComplainant[];
  /** Still within the rule, and why. */
  readonly kept: readonly KeptComplainant[];
}

/** The log holds events that cannot be read: retention judged on it could be wrong, so it did not run. */
export interface UnreadableEvents {
  readonly _tag: 'UnreadableEvents';
  readonly problems: number;
  readonly first: ProjectionProblem | undefined;
}

/** Why a retention run stopped (nothing more was erased after it). */
export type RetentionError = StoreError | PrivacyError | UnreadableEvents;

const storeError = (e: unknown): StoreError =>
  e instanceof EventStoreError ? e.error : { _tag: 'StoreFailure', message: e instanceof Error ? e.message : String(e) };

/**
 * Applies the retention rule (fp-ts API). Refuses to run on a log with an event it cannot
 * read (`UnreadableEvents`: a complaint missing its close or receipt would be judged wrongly).
 */
export const applyRetentionTE =
  (options: RetentionOptions): TE.TaskEither<RetentionError, RetentionReport> =>
  async () => {
    const policy = options.policy ?? defaultPolicy;
    const at = options.at ?? new Date();
    const runner = new ProjectionRunner({ store: options.store, checkpoints: new InMemoryCheckpointStore(), projection: retentionProjection() });
    try {
      await runner.catchUp();
    } catch (e) {
      return E.left(storeError(e));
    }
    const { problems } = runner.progress();
    if (problems > 0) return E.left({ _tag: 'UnreadableEvents', problems, first: runner.problems()[0] });
    const plan = retentionPlan(runner.model(), { at, years: policy.retentionYearsAfterClosing });
    const base = { at: plan.at, policyVersion: policy.version, years: plan.years, dryRun: options.dryRun === true, kept: plan.kept };
    const seenErased = plan.expired.filter((c) => c.alreadyErased);
    const due = plan.expired.filter((c) => !c.alreadyErased);
    if (options.dryRun === true) return E.right({ ...base, erased: due, alreadyErased: seenErased });
    const keyStore = options.keyStore;
    if (keyStore === undefined) return E.left({ _tag: 'KeyStoreRefused', message: 'applying retention needs the key store that holds the complainants’ keys (keyStore)' });
    const erased: ErasedComplainant[] = [];
    const alreadyErased = [...seenErased];
    for (const c of due) {
      const receipt = await eraseComplainantTE(keyStore, c.complainantId)();
      if (E.isLeft(receipt)) return receipt;
      // The key store had nothing left: erased earlier (read through an unprotected store).
      if (receipt.right.nothingToErase) alreadyErased.push({ ...c, alreadyErased: true });
      else erased.push({ ...c, erasedKeyIds: receipt.right.erasedKeyIds, erasedAt: receipt.right.erasedAt.toISOString() });
    }
    alreadyErased.sort((a, b) => (a.complainantId < b.complainantId ? -1 : a.complainantId > b.complainantId ? 1 : 0));
    return E.right({ ...base, erased, alreadyErased });
  };

const STORE_TAGS: ReadonlySet<string> = new Set<StoreError['_tag']>(['ConcurrencyConflict', 'InvalidAppend', 'StoreFailure', 'StoreUnavailable']);
const isStoreError = (e: StoreError | PrivacyError): e is StoreError => STORE_TAGS.has(e._tag);

/** A one-sentence description of a {@link RetentionError}. */
export const describeRetentionError = (e: RetentionError): string => {
  if (e._tag === 'UnreadableEvents')
    return `Retention was not applied: ${e.problems} stored event(s) cannot be read${e.first === undefined ? '' : `, the first ${e.first.streamName}@${e.first.revision} (${e.first.message})`}; repair them first.`;
  return `Retention stopped (complainants erased before this point stay erased): ${isStoreError(e) ? describeStoreError(e) : describePrivacyError(e)}`;
};

/** The Error {@link applyRetention} rejects with; `error` holds the tagged cause. */
export class RetentionFailure extends Error {
  override readonly name = 'RetentionFailure';
  constructor(readonly error: RetentionError) {
    super(describeRetentionError(error));
  }
}

/**
 * Applies the retention rule: crypto-shreds every complainant whose complaints all ended
 * more than `policy.retentionYearsAfterClosing` years before `at`; reports what was erased,
 * what was erased before, and who is kept and why. Rejects with a {@link RetentionFailure}.
 */
export const applyRetention = async (options: RetentionOptions): Promise<RetentionReport> =>
  orThrow(await applyRetentionTE(options)(), (e) => new RetentionFailure(e));
