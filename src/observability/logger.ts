/**
 * The logging hook: one optional logger, of the shape pino and `console` share
 * (`logger.warn({ fields }, 'message')`). The library never writes to the console itself;
 * what it has to say about retries, dropped and resumed subscriptions, checkpoint saves and
 * projection problems goes to this logger when one is given, and nowhere otherwise.
 */

/** Structured fields of a log entry: plain, JSON-friendly values (bigints are written as strings). */
export type LogFields = { readonly [key: string]: string | number | boolean | null | undefined | readonly string[] };

/** What the library logs through: pino, `console`, or anything with these four methods. */
export interface Logger {
  /** Routine detail: a command re-decided after a concurrency conflict. */
  debug(fields: LogFields, message: string): void;
  /** Normal but notable: a subscription resumed, a checkpoint of another version ignored. */
  info(fields: LogFields, message: string): void;
  /** Something went wrong and was handled: a retried call, a dropped subscription, a projection problem. */
  warn(fields: LogFields, message: string): void;
  /** Something went wrong and was not recovered here: a failed checkpoint save, a failed subscription. */
  error(fields: LogFields, message: string): void;
}

/** A message for log fields: an Error's message, or the value as text. */
export const errorMessage = (error: unknown): string => (error instanceof Error ? error.message : String(error));
