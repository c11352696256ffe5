/**
 * Audit replay of one complaint: every stored event with the state right after it, who
 * recorded it and when, and the state as the records stood at a past instant.
 *
 * Replay reads the raw stream, upcasts and decodes every event ({@link decodeStream}), and
 * folds with the domain's own `evolve`: the states shown are exactly the states the service
 * decided on. A stored event that cannot be read stops the replay with a `CorruptedEvent`
 * naming the stream, the revision and the path — an audit never shows a guessed state.
 *
 * "As known then" is decided by `metadata.recordedAt`, not by the business time in the
 * event's data: business times may be backdated (a letter received on Monday and typed in
 * on Tuesday carries Monday's `receivedAt`), so folding by business time would rewrite what
 * the records showed at the time. `recordedAt` is the service clock at the append, travels
 * with the event in exports and survives an import, unlike the store's own `createdAt`.
 */
import * as E from 'fp-ts/lib/Either.js';
import type * as TE from 'fp-ts/lib/TaskEither.js';
import { ComplaintServiceError, type ServiceError, abortedBy } from '../application/errors';
import { type StoredComplaintEvent, decodeStream, truncatedHistory } from '../stream/decodeStream';
import type { EventMetadata } from '../stream/metadata';
import { complaintStreamOf, toStoreError } from '../stream/loadComplaint';
import { complaintIdOf } from '../stream/streams';
import { UpcasterRegistry } from '../stream/upcasting';
import type { ComplaintEvent } from '../domain/events';
import { evolve } from '../domain/evolve';
import { preview } from '../domain/decoding';
import { Instant, toInstant } from '../domain/primitives';
import { type Complaint, type ComplaintState, initialState } from '../domain/state';
import type { Actor } from '../domain/vocabulary';
import type { EventStore, RecordedEvent } from '../eventstore/port';
import { occurredAt } from './businessTime';
import { orThrow } from '../promiseApi';

/** One step of a complaint's history. */
export interface HistoryEntry {
  readonly streamName: string;
  readonly revision: bigint;
  readonly eventId: string;
  readonly event: ComplaintEvent;
  /** The complaint's state right after this event. */
  readonly state: Complaint;
  /** The state right before it (`status: 'none'` before the receipt). */
  readonly before: ComplaintState;
  /** Who issued the command that recorded the event. */
  readonly actor: Actor;
  /** Business time: when the fact happened (from the event's data). */
  readonly occurredAt: Instant;
  /** When the service recorded it (`metadata.recordedAt`, service clock). */
  readonly recordedAt: Instant;
  /** When the store wrote it (store clock; reassigned by an import). */
  readonly createdAt: Date;
  readonly metadata: EventMetadata;
}

/** Options of {@link history} and {@link stateAsOf} (and their `TE` forms). */
export interface HistoryOptions {
  /** Upcasters for old schema versions. Default: the library's registry. */
  readonly upcasters?: UpcasterRegistry;
  /**
   * Stops reading a long stream between two pages (of {@link HISTORY_PAGE_SIZE} events): the
   * fp-ts form answers an `Aborted` error, the Promise form rejects with the signal's reason.
   */
  readonly signal?: AbortSignal;
}

/** How many events history reads per call of the store (a long stream is read page by page). */
export const HISTORY_PAGE_SIZE = 1000;

/** A complaint's state as the records stood at an instant. */
export interface StateAsOf {
  /** The instant asked about (UTC). */
  readonly asOf: Instant;
  /** The state folding the events recorded at or before `asOf` (`status: 'none'` if none were). */
  readonly state: ComplaintState;
  /** How many events were folded. */
  readonly eventCount: number;
  /** The revision of the last event folded, or null when none was. */
  readonly lastRevision: bigint | null;
}


/**
 * Replays decoded events into history entries (pure). Events that leave the complaint
 * unreceived (a stream not starting with its receipt) are reported as corrupted.
 */
export const replay = (events: readonly StoredComplaintEvent[]): E.Either<ServiceError, HistoryEntry[]> => {
  const out: HistoryEntry[] = [];
  let before: ComplaintState = initialState;
  for (const e of events) {
    // A receipt naming another complaint than its stream's would show that complaint's data.
    const streamId = complaintIdOf(e.streamName);
    if (e.event.type === 'ComplaintReceived' && streamId !== undefined && e.event.data.complaintId.toLowerCase() !== streamId.toLowerCase())
      return E.left({
        _tag: 'CorruptedEvent',
        streamName: e.streamName,
        revision: e.revision,
        eventType: e.event.type,
        issues: [{ path: 'data.complaintId', expected: streamId, message: `data.complaintId: expected ${streamId} (the stream's complaint), got ${e.event.data.complaintId}` }],
      });
    const state = evolve(before, e.event);
    if (state.status === 'none')
      return E.left({
        _tag: 'CorruptedEvent',
        streamName: e.streamName,
        revision: e.revision,
        eventType: e.event.type,
        issues: [{ path: 'type', expected: 'ComplaintReceived first', message: `type: ${e.event.type} before the complaint was received` }],
      });
    out.push({
      streamName: e.streamName,
      revision: e.revision,
      eventId: e.id,
      event: e.event,
      state,
      before,
      actor: e.metadata.actor,
      occurredAt: occurredAt(e.event),
      recordedAt: e.metadata.recordedAt,
      createdAt: e.createdAt,
      metadata: e.metadata,
    });
    before = state;
  }
  return E.right(out);
};

/** Decodes raw stored events (upcasting old schemas) and replays them (pure). */
export const replayRecorded = (recorded: readonly RecordedEvent[], upcasters: UpcasterRegistry = new UpcasterRegistry()): E.Either<ServiceError, HistoryEntry[]> => {
  const decoded = decodeStream(recorded, upcasters);
  return E.isLeft(decoded) ? decoded : replay(decoded.right);
};

const readComplaint = async (store: EventStore, complaintId: string, signal: AbortSignal | undefined): Promise<E.Either<ServiceError, readonly RecordedEvent[]>> => {
  const streamName = complaintStreamOf(complaintId);
  if (E.isLeft(streamName)) return streamName;
  const recorded: RecordedEvent[] = [];
  try {
    // Page by page, so that a long stream can be stopped between two reads.
    for (let from = 0n; ; ) {
      const aborted = abortedBy('history', signal);
      if (aborted !== undefined) return E.left(aborted);
      const page = await store.readStream(streamName.right, { fromRevision: from, maxCount: HISTORY_PAGE_SIZE });
      for (const r of page) recorded.push(r);
      const last = page[page.length - 1];
      if (page.length < HISTORY_PAGE_SIZE || last === undefined) break;
      from = last.revision + 1n;
    }
  } catch (e) {
    return E.left(toStoreError(e));
  }
  if (recorded.length === 0) return E.left({ _tag: 'UnknownComplaint', complaintId });
  return truncatedHistory(recorded) ?? E.right(recorded);
};

/**
 * Every event of a complaint, in stream order, with the state after it, its actor, its
 * business time and its recorded-at (fp-ts API). `UnknownComplaint` for an empty stream,
 * `CorruptedEvent` for a stored event that cannot be read, `DecodeError` for a bad id.
 */
export const historyTE =
  (store: EventStore, complaintId: string, options: HistoryOptions = {}): TE.TaskEither<ServiceError, HistoryEntry[]> =>
  async () => {
    const recorded = await readComplaint(store, complaintId, options.signal);
    return E.isLeft(recorded) ? recorded : replayRecorded(recorded.right, options.upcasters);
  };

/** Folds the entries recorded at or before `instant` (pure; see the module docs). */
export const stateAsOfEntries = (entries: readonly HistoryEntry[], instant: Date): StateAsOf => {
  const limit = instant.getTime();
  let state: ComplaintState = initialState;
  let eventCount = 0;
  let lastRevision: bigint | null = null;
  // Stream order, skipping later-recorded events: the fold is the service's, minus what was
  // not yet recorded (recorded-at is not guaranteed monotonic across service instances).
  for (const e of entries) {
    if (Date.parse(e.recordedAt) > limit) continue;
    state = evolve(state, e.event);
    eventCount++;
    lastRevision = e.revision;
  }
  return { asOf: toInstant(instant), state, eventCount, lastRevision };
};

/**
 * The instant asked about: a valid `Date`, or a string that is an {@link Instant} (a real
 * moment with an offset). Anything else — `null`, `NaN`, an object, `2022-02-30T…`, a date
 * without an offset — is a `DecodeError`, never a guess.
 */
const toDate = (instant: unknown): E.Either<ServiceError, Date> => {
  if (instant instanceof Date && !Number.isNaN(instant.getTime())) return E.right(instant);
  if (typeof instant === 'string' && Instant.is(instant)) return E.right(new Date(instant));
  const got = instant instanceof Date ? 'an invalid Date' : preview(instant);
  return E.left({
    _tag: 'DecodeError',
    subject: 'instant',
    issues: [{ path: '(root)', expected: 'Instant', message: `(root): expected a valid Date or an ISO-8601 instant with an offset (Instant), got ${got}` }],
  });
};

/**
 * The complaint's state folding only the events recorded (`metadata.recordedAt`) at or
 * before `instant` (fp-ts API). The whole stream is decoded first, so a corrupted event
 * anywhere is reported rather than hidden by the cut-off.
 */
export const stateAsOfTE =
  (store: EventStore, complaintId: string, instant: Date | string, options: HistoryOptions = {}): TE.TaskEither<ServiceError, StateAsOf> =>
  async () => {
    const at = toDate(instant);
    if (E.isLeft(at)) return at;
    const entries = await historyTE(store, complaintId, options)();
    return E.isLeft(entries) ? entries : E.right(stateAsOfEntries(entries.right, at.right));
  };

// An abort rejects with the signal's reason, as fetch and Node's own APIs do.
const rejection = (e: ServiceError): unknown => (e._tag === 'Aborted' ? e.reason : new ComplaintServiceError(e));

/**
 * Every event of a complaint with the state after it (see {@link historyTE}); rejects with a
 * `ComplaintServiceError`, or with the signal's reason when aborted.
 */
export const history = async (store: EventStore, complaintId: string, options?: HistoryOptions): Promise<HistoryEntry[]> =>
  orThrow(await historyTE(store, complaintId, options)(), rejection);

/**
 * The complaint's state as recorded at `instant` (see {@link stateAsOfTE}); rejects with a
 * `ComplaintServiceError`, or with the signal's reason when aborted.
 */
export const stateAsOf = async (store: EventStore, complaintId: string, instant: Date | string, options?: HistoryOptions): Promise<StateAsOf> =>
  orThrow(await stateAsOfTE(store, complaintId, instant, options)(), rejection);

/**
 * The Promise form under its 0.1 name.
 * @deprecated Use {@link history} (same function): Promise forms have the plain name. Removed in 0.3.
 */
export const historyAsync = history;

/**
 * The Promise form under its 0.1 name.
 * @deprecated Use {@link stateAsOf} (same function): Promise forms have the plain name. Removed in 0.3.
 */
export const stateAsOfAsync = stateAsOf;
