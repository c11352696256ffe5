/**
 * What a store adapter reports about its own recovery: transient failures it retries and
 * subscriptions it resumes after a drop. Logged (retries and drops at warn, resumptions at
 * info, giving up at error) and counted (`complaints.store.retries`).
 */
import type { Counter } from '@opentelemetry/api';
import { type Logger, errorMessage } from './logger';
import { ATTRIBUTES, METRIC_NAMES } from './names';
import { type TelemetryOptions, meterOf } from './telemetry';

/** The observer of one store adapter. */
export class StoreObserver {
  private readonly retries: Counter;

  constructor(
    private readonly serverName: string,
    options: TelemetryOptions | undefined,
    private readonly logger: Logger | undefined,
  ) {
    this.retries = meterOf(options).createCounter(METRIC_NAMES.storeRetries, { description: 'Store calls retried after a transient failure.', unit: '{retry}' });
  }

  /** A call failed transiently and is retried after `delayMs`. */
  retry(operation: string, attempt: number, delayMs: number, error: unknown): void {
    this.retries.add(1, { [ATTRIBUTES.operation]: operation });
    this.logger?.warn(
      { server: this.serverName, operation, attempt, delayMs, error: errorMessage(error) },
      `${this.serverName}: ${operation} failed (attempt ${attempt}), retrying in ${delayMs} ms: ${errorMessage(error)}`,
    );
  }

  /** The `$all` subscription was dropped; it resubscribes after `delayMs`, or gives up when `delayMs` is undefined. */
  subscriptionDropped(failures: number, delayMs: number | undefined, reason: string): void {
    if (delayMs === undefined)
      this.logger?.error(
        { server: this.serverName, failures, error: reason },
        `${this.serverName}: the $all subscription was dropped ${failures} times in a row; giving up: ${reason}`,
      );
    else
      this.logger?.warn(
        { server: this.serverName, failures, delayMs, error: reason },
        `${this.serverName}: the $all subscription was dropped (${reason}); resubscribing in ${delayMs} ms`,
      );
  }

  /** The subscription was opened again after a drop, after `from` (the last position it had received). */
  subscriptionResumed(from: string): void {
    this.logger?.info({ server: this.serverName, from }, `${this.serverName}: the $all subscription resumed after position ${from}`);
  }
}
