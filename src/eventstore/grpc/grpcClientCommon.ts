/**
 * The half of the two drivers that does not depend on the client: `@eventstore/db-client`
 * and `@kurrent/kurrentdb-client` hand over recorded events of the same shape and run `$all`
 * subscriptions as the same kind of Node stream.
 * @packageDocumentation
 */
import type { UnavailableReason } from '../errors';
import type { ClientAppendResult, RawSubscription, RawSubscriptionHandlers } from './grpcDriver';
import type { ActualRevision, EventToAppend, ExpectedRevision, JsonObject, JsonValue, Position, RecordedEvent } from '../port';

/** An error's message; errors either client builds from a BatchAppend answer, or the bridge builds, may carry none. */
export const messageOf = (e: unknown): string => {
  if (!(e instanceof Error)) return String(e);
  if (e.message !== '') return e.message;
  return 'type' in e && typeof e.type === 'string' ? e.type : e.name;
};

/**
 * A node that is not ready or too busy answers a batch of BatchAppend with `Empty` details
 * and this message ("Server Is Not Ready", "Server Is Busy"); both clients turn it into an
 * UnknownError "Could not recognize …". On the classic Append path it is UNAVAILABLE.
 */
export const NOT_HANDLED = /Server Is (Not Ready|Busy|Too Busy)/i;

// What the transport's English text says, by the codes and words Node, grpc-js and the bridge put in it.
const REASONS: readonly (readonly [RegExp, UnavailableReason])[] = [
  [/ECONNREFUSED|connection refused/i, 'connection-refused'],
  [/ENOTFOUND|EAI_AGAIN|getaddrinfo|failed to lookup address|name or service not known/i, 'host-not-found'],
  [/ECONNRESET|EPIPE|socket hang up|connection reset/i, 'connection-reset'],
  [/certificate|\bSSL\b|\bTLS\b|handshake|wrong version number/i, 'tls'],
  [/ETIMEDOUT|DEADLINE_EXCEEDED|deadline exceeded|timed out|timeout/i, 'timed-out'],
];

/** Why a transient failure happened, as far as its text tells. */
export const reasonInText = (message: string): UnavailableReason => REASONS.find(([pattern]) => pattern.test(message))?.[1] ?? 'other';

/** A recorded event of either client: JSON data already parsed, metadata parsed when it is JSON. */
export interface ClientRecordedEvent {
  readonly id: string;
  readonly type: string;
  readonly streamId: string;
  readonly revision: bigint;
  readonly isJson: boolean;
  /** Parsed JSON; the raw text when a JSON event does not parse; bytes for a binary event. */
  readonly data: unknown;
  /** Parsed JSON; bytes when it is not JSON; undefined when empty. */
  readonly metadata: unknown;
  readonly position?: Position | undefined;
  readonly created: Date;
}

/**
 * A parsed JSON object: not an array, nor the raw bytes a client hands over when metadata is
 * not JSON. Any realm's `Object.prototype` counts (a native addon may build objects in another).
 */
const isJsonObject = (v: unknown): v is JsonObject => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return false;
  const proto: unknown = Object.getPrototypeOf(v);
  return proto === null || Object.getPrototypeOf(proto) === null;
};

/** What either client's `appendToStream` answers. */
export interface ClientAppendAnswer {
  readonly success: boolean;
  readonly nextExpectedRevision: bigint;
  readonly position?: Position | undefined;
}

/**
 * How one client appends. Both clients spell the expected revision as the port does
 * (`'any'`, `'no_stream'`, `'stream_exists'` or a revision); they differ in the option's name,
 * their event type and their conflict error.
 */
export interface ClientAppending<Data> {
  /** The client's `jsonEvent`. */
  readonly jsonEvent: (event: EventToAppend) => Data;
  /** Sends one batch with the expected revision. */
  readonly send: (streamName: string, events: Data[], expected: ExpectedRevision) => Promise<ClientAppendAnswer>;
  /** The client's WrongExpectedVersionError, which the driver's `classify` recognises. */
  readonly conflict: (streamName: string, actual: ActualRevision, expected: ExpectedRevision) => Error;
}

/**
 * Appends JSON events through a client. A WrongExpectedVersion answer is thrown as the
 * client's error whatever the client's `throwOnAppendFailure` setting: a client built with
 * it off reports the conflict instead of throwing.
 */
export const appendJsonEvents = async <Data>(
  client: ClientAppending<Data>,
  streamName: string,
  events: readonly EventToAppend[],
  expected: ExpectedRevision,
): Promise<ClientAppendResult> => {
  const answer = await client.send(streamName, events.map(client.jsonEvent), expected);
  if (!answer.success) throw client.conflict(streamName, answer.nextExpectedRevision < 0n ? 'no_stream' : answer.nextExpectedRevision, expected);
  return { nextExpectedRevision: answer.nextExpectedRevision, position: answer.position };
};

const UNKNOWN_POSITION: Position = { commit: -1n, prepare: -1n };

/**
 * Maps a recorded event to the port. JSON data is parsed by the client; data that is not
 * JSON (written by another application) surfaces as a base64 string; metadata that is not a
 * JSON object as `{}`. Servers before 22.6 send no position on stream reads:
 * `{ commit: -1n, prepare: -1n }` then.
 */
export const toRecordedEvent = (e: ClientRecordedEvent): RecordedEvent => ({
  id: e.id,
  type: e.type,
  data: e.isJson || !(e.data instanceof Uint8Array) ? (e.data as JsonValue) : Buffer.from(e.data).toString('base64'),
  metadata: isJsonObject(e.metadata) ? e.metadata : {},
  streamName: e.streamId,
  revision: e.revision,
  position: e.position ?? UNKNOWN_POSITION,
  createdAt: e.created,
});

/** Drains a client read into port events (link events without a resolved target are skipped). */
export const collectEvents = async (read: AsyncIterable<{ readonly event?: ClientRecordedEvent | undefined }>): Promise<RecordedEvent[]> => {
  const events: RecordedEvent[] = [];
  for await (const resolved of read) if (resolved.event !== undefined) events.push(toRecordedEvent(resolved.event));
  return events;
};

/**
 * A client's `$all` subscription as the adapter uses it: a readable stream of resolved
 * events that also emits `confirmation` and `caughtUp` (structural, so it fits both clients).
 */
export interface ClientAllSubscription {
  on(event: string, listener: (...args: never[]) => void): unknown;
  readonly readableLength: number;
  pause(): unknown;
  resume(): unknown;
  unsubscribe(): Promise<void>;
}

/** Forwards what a client subscription emits to the handlers, and exposes its flow control. */
export const wireAllSubscription = (subscription: ClientAllSubscription, handlers: RawSubscriptionHandlers): RawSubscription => {
  subscription.on('confirmation', handlers.onConfirmed);
  subscription.on('caughtUp', handlers.onCaughtUp);
  subscription.on('data', (resolved: { readonly event?: ClientRecordedEvent | undefined }) => {
    if (resolved.event !== undefined) handlers.onEvent(toRecordedEvent(resolved.event));
  });
  subscription.on('error', handlers.onError);
  subscription.on('end', handlers.onEnd);
  return {
    buffered: () => subscription.readableLength,
    pause: () => void subscription.pause(),
    resume: () => void subscription.resume(),
    unsubscribe: () => subscription.unsubscribe(),
  };
};
