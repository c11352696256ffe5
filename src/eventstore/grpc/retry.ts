/**
 * Bounded exponential backoff for transient EventStoreDB failures (node unavailable, deadline
 * exceeded, leader change). Retrying is safe for reads, and for appends because a retry
 * re-sends the same event ids with the same expected revision (see the adapter).
 * @packageDocumentation
 */
import type { UnavailableReason } from '../errors';

/** How transient failures are retried. */
export interface RetryPolicy {
  /** Attempts in all, the first included (1 = no retry). */
  readonly maxAttempts: number;
  /** Delay before the first retry, in ms; it doubles with each further retry. */
  readonly baseDelayMs: number;
  /** Upper bound of one delay, in ms. */
  readonly maxDelayMs: number;
}

/** 5 attempts, 100 ms doubling up to 2 s: about 1.5 s of waiting before giving up. */
export const DEFAULT_RETRY_POLICY: RetryPolicy = { maxAttempts: 5, baseDelayMs: 100, maxDelayMs: 2000 };

/**
 * The delay before retry number `retry` (1-based): base × 2^(retry-1), capped, with ±25 %
 * jitter so that many clients do not hammer a recovering node in step.
 */
export const backoffDelay = (policy: RetryPolicy, retry: number): number => {
  const exponential = Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** Math.max(0, retry - 1));
  return Math.round(exponential * (0.75 + Math.random() * 0.5));
};

/** Resolves after `ms` milliseconds. */
export const sleep = (ms: number): Promise<void> => new Promise((resolve) => setTimeout(resolve, ms));

/** Thrown by {@link withRetry} when every attempt failed transiently. */
export class RetriesExhausted extends Error {
  override readonly name = 'RetriesExhausted';
  constructor(
    readonly attempts: number,
    readonly lastError: unknown,
    /** Why, when the caller knows better than the last error's text. */
    readonly reason?: UnavailableReason,
  ) {
    super(`gave up after ${attempts} attempt${attempts === 1 ? '' : 's'}`);
  }
}

/**
 * Runs `operation` until it succeeds, fails with an error `isTransient` rejects (rethrown as
 * is), or fails transiently `policy.maxAttempts` times ({@link RetriesExhausted}). `onRetry`
 * hears of each retry before its delay.
 */
export const withRetry = async <T>(
  policy: RetryPolicy,
  isTransient: (error: unknown) => boolean,
  operation: (attempt: number) => Promise<T>,
  onRetry?: (attempt: number, delayMs: number, error: unknown) => void,
): Promise<T> => {
  const attempts = Math.max(1, policy.maxAttempts);
  for (let attempt = 1; ; attempt += 1) {
    try {
      return await operation(attempt);
    } catch (error) {
      if (!isTransient(error)) throw error;
      if (attempt >= attempts) throw new RetriesExhausted(attempt, error);
      const delay = backoffDelay(policy, attempt);
      onRetry?.(attempt, delay, error);
      await sleep(delay);
    }
  }
};
