/**
 * ComplaintService: the way other Lukéa services record and move complaints.
 *
 *   decode → read the stream → fold → decide → append (expected revision) → result
 *
 * - Optimistic concurrency: the append expects the revision that was read; on a conflict
 *   (another process appended meanwhile) the command is re-read and re-decided, a bounded
 *   number of times. Inside one process, commands on one complaint are queued.
 * - Idempotency: event ids derive from the command id, and a command id already in the
 *   stream returns the original outcome without appending.
 * - Every event carries the metadata envelope (actor, command, correlation, causation,
 *   policy version, schema version, recorded-at).
 */
import * as E from 'fp-ts/lib/Either.js';
import type * as TE from 'fp-ts/lib/TaskEither.js';
import { compileDecoder, fastDecode } from '../domain/decoderCompiler';
import { decodeCommand } from '../domain/decode';
import type { ComplaintCommand, ComplaintCommandInput } from '../domain/commands';
import type { ComplaintEvent } from '../domain/events';
import { decide } from '../domain/decide';
import { toIssues } from '../domain/decoding';
import { evolve, fold } from '../domain/evolve';
import { type Policy, defaultPolicy } from '../domain/policy/policy';
import { canonicalUuid, toInstant } from '../domain/primitives';
import type { Complaint, ComplaintState } from '../domain/state';
import type { EventStore, EventToAppend, JsonObject, JsonValue } from '../eventstore/port';
import { type ServiceError, ComplaintServiceError } from './errors';
import { eventIdsFor } from '../stream/eventIds';
import { KeyedMutex } from './keyedMutex';
import { type CachedStream, StateCache, freezeDeep } from './stateCache';
import { type StoredComplaintEvent, decodeStream } from '../stream/decodeStream';
import { CommandMetadata, type CommandMetadataInput, type EventMetadata } from '../stream/metadata';
import { loadComplaint, loadStream, readStreamSafely, toStoreError } from '../stream/loadComplaint';
import { complaintStreamName } from '../stream/streams';
import { UpcasterRegistry } from '../stream/upcasting';
import { orThrow } from '../promiseApi';
import { type CommandTrace, CommandTelemetry } from '../observability/commandTelemetry';
import type { Logger } from '../observability/logger';
import type { TelemetryOptions } from '../observability/telemetry';
import { activeTraceFields } from '../observability/traceContext';
import { traceEventStore } from '../observability/tracedEventStore';

/** Options of {@link ComplaintService}. */
export interface ComplaintServiceOptions {
  /** Where events live: `new InMemoryEventStore()` or an `EventStoreDBEventStore`. */
  readonly store: EventStore;
  /** The policy new complaints are received under. Default: {@link defaultPolicy}. */
  readonly policy?: Policy;
  /** Older policy versions that existing complaints may have been received under. */
  readonly policies?: readonly Policy[];
  /** The clock (decision time and `recordedAt`). Default: the system clock. */
  readonly clock?: () => Date;
  /** How many times a command is re-read and re-decided after a concurrency conflict. Default: 8. */
  readonly maxConflictRetries?: number;
  /** Upcasters for events stored under older schema versions. */
  readonly upcasters?: UpcasterRegistry;
  /**
   * How many complaints' latest states this instance keeps (when full, one not used for long
   * goes first: each kept state used since it was last passed over gets one more round),
   * so that a command on a complaint it handled recently skips reading and folding the
   * stream: it decides on the kept state and appends expecting its revision. Another writer
   * meanwhile makes that append conflict, and the command is then handled from the store as
   * without the cache (that conflict is not counted in `maxConflictRetries`). Default 10,000;
   * 0 turns it off. On only over a store that declares its reads immutable
   * (`readsMayChange: false`, as `InMemoryEventStore` and `EventStoreDBEventStore` do);
   * always off over a store whose reads may change without an append (a store protecting
   * personal data, where an erasure changes what stored events read) and over one that
   * does not say (a decorator that does not forward `readsMayChange`).
   */
  readonly stateCache?: number;
  /**
   * With a kept state (see `stateCache`), skip reading the stream before deciding: decide on
   * the kept state and append expecting its revision; if another writer appended meanwhile
   * the append conflicts and the command is handled from a fresh read (that conflict is not
   * counted in `maxConflictRetries`). Saves a read per command (a round trip on
   * EventStoreDB). One difference: a command id already handled by **another** instance
   * whose events this one decides byte for byte alike (same clock reading) is answered
   * `duplicate: false` — as two concurrent attempts of one command may already be — where a
   * fresh read would answer `duplicate: true`; nothing is stored twice either way.
   * Default: false.
   */
  readonly optimisticAppend?: boolean;
  /**
   * OpenTelemetry: a span per command and per store call, command metrics, and the command
   * span's trace context in every event's metadata (`$traceId`, `$spanId`). Default: the
   * global providers (a no-op until a service registers an SDK). See docs/observability.md.
   */
  readonly telemetry?: TelemetryOptions;
  /** Where the service logs (conflict retries, at debug level). Default: nowhere. */
  readonly logger?: Logger;
}

/** The outcome of a command. */
export interface HandleResult {
  readonly complaintId: string;
  /** The events the command appended (or, for a repeated command id, had appended). */
  readonly events: readonly StoredComplaintEvent[];
  /** The complaint's state right after those events. */
  readonly state: Complaint;
  /** The stream revision of the command's last event. */
  readonly revision: bigint;
  /** True when this command id had already been handled: nothing was appended now. */
  readonly duplicate: boolean;
}

/** A complaint stream, read and decoded. */
interface LoadedStream {
  readonly events: StoredComplaintEvent[];
  readonly state: ComplaintState;
  readonly revision: bigint | 'no_stream';
}

/** Errors of reading or appending (as opposed to a refusal decided on the state). */
const STORE_FAILURES: ReadonlySet<ServiceError['_tag']> = new Set([
  'ConcurrencyConflict',
  'StoreUnavailable',
  'StoreFailure',
  'InvalidAppend',
  'StreamDeleted',
  'AccessDenied',
  'CorruptedEvent',
]);

const commandMetadataDecoder = compileDecoder(CommandMetadata);

/**
 * Decodes command metadata (as `decodeWith(CommandMetadata, 'command metadata')`, faster),
 * with the command id in its canonical lower-case spelling: a retry whose id differs only in
 * case is the same command.
 */
export const decodeCommandMetadata = (input: unknown): E.Either<ServiceError, CommandMetadata> => {
  const result = fastDecode(CommandMetadata, commandMetadataDecoder, input);
  if (E.isLeft(result)) return E.left({ _tag: 'DecodeError', subject: 'command metadata', issues: toIssues(result.left) });
  const commandId = canonicalUuid(result.right.commandId);
  return E.right(commandId === result.right.commandId ? result.right : { ...result.right, commandId });
};

/** Records and moves complaints through their lifecycle. See the module docs. */
export class ComplaintService {
  private readonly store: EventStore;
  private readonly policy: Policy;
  private readonly policies: ReadonlyMap<string, Policy>;
  private readonly clock: () => Date;
  private readonly maxConflictRetries: number;
  private readonly upcasters: UpcasterRegistry;
  private readonly queue = new KeyedMutex();
  private readonly optimisticAppend: boolean;
  /** Kept states (see `stateCache`). Touched only under `queue`. */
  private readonly cache: StateCache;
  private readonly telemetry: CommandTelemetry;

  constructor(options: ComplaintServiceOptions) {
    this.store = traceEventStore(options.store, options.telemetry);
    this.telemetry = new CommandTelemetry(options.telemetry, options.logger);
    this.policy = options.policy ?? defaultPolicy;
    this.policies = new Map([defaultPolicy, ...(options.policies ?? []), this.policy].map((p) => [p.version, p]));
    this.clock = options.clock ?? (() => new Date());
    this.maxConflictRetries = options.maxConflictRetries ?? 8;
    this.upcasters = options.upcasters ?? new UpcasterRegistry();
    // A store whose reads of stored events can change without an append (personal data
    // erased by key, see EventStore.readsMayChange) must be read every time: no kept states.
    // Only a store that says its reads never change gets them, so a wrapper that forgets to
    // forward the flag over a protected store fails safe (no cache), not open.
    const readsImmutable = options.store.readsMayChange === false;
    this.cache = new StateCache(readsImmutable ? Math.max(0, Math.floor(options.stateCache ?? 10_000)) : 0);
    this.optimisticAppend = options.optimisticAppend ?? true;
  }

  /**
   * Handles a command (fp-ts API): a task of the result or a typed {@link ServiceError}.
   * Both arguments are decoded first, so untyped input (JSON from a queue) is fine too.
   */
  handleTE(command: ComplaintCommandInput | unknown, metadata: CommandMetadataInput | unknown): TE.TaskEither<ServiceError, HandleResult> {
    return () => this.run(command, metadata);
  }

  /** Handles a command (Promise API); rejects with a {@link ComplaintServiceError}. */
  async handle(command: ComplaintCommandInput, metadata: CommandMetadataInput): Promise<HandleResult> {
    return orThrow(await this.run(command, metadata), rejection);
  }

  /** The complaint's current state (fp-ts API). */
  getComplaintTE(complaintId: string): TE.TaskEither<ServiceError, Complaint> {
    return async () => {
      const loaded = await this.loadById(complaintId);
      if (E.isLeft(loaded)) return loaded;
      const { state } = loaded.right;
      return state.status === 'none' ? E.left(unknownComplaint(complaintId)) : E.right(state);
    };
  }

  /** The complaint's current state; rejects when it does not exist. */
  async getComplaint(complaintId: string): Promise<Complaint> {
    return orThrow(await this.getComplaintTE(complaintId)(), rejection);
  }

  /** The complaint's stored events, decoded, with their envelopes (fp-ts API). */
  listStreamTE(complaintId: string): TE.TaskEither<ServiceError, StoredComplaintEvent[]> {
    return async () => {
      const loaded = await this.loadById(complaintId);
      if (E.isLeft(loaded)) return loaded;
      return loaded.right.events.length === 0 ? E.left(unknownComplaint(complaintId)) : E.right(loaded.right.events);
    };
  }

  /** The complaint's stored events, decoded, with their envelopes. */
  async listStream(complaintId: string): Promise<StoredComplaintEvent[]> {
    return orThrow(await this.listStreamTE(complaintId)(), rejection);
  }

  /** The policy a complaint received under `version` is handled with. */
  policyFor(version: string): Policy | undefined {
    return this.policies.get(version);
  }

  private run(commandInput: unknown, metadataInput: unknown): Promise<E.Either<ServiceError, HandleResult>> {
    return this.telemetry.observe(commandInput, (trace) => this.runTraced(commandInput, metadataInput, trace));
  }

  // Not an async function: it hands back the queue's promise itself rather than a promise
  // adopting it (one promise and two microtask turns less per command); a throw still
  // becomes a rejection, as from an async function.
  private runTraced(commandInput: unknown, metadataInput: unknown, trace: CommandTrace): Promise<E.Either<ServiceError, HandleResult>> {
    try {
      return this.decodedAndQueued(commandInput, metadataInput, trace);
    } catch (e: unknown) {
      return Promise.reject(e);
    }
  }

  private decodedAndQueued(commandInput: unknown, metadataInput: unknown, trace: CommandTrace): Promise<E.Either<ServiceError, HandleResult>> {
    // 1. Decode: nothing is read or written for a malformed command.
    const metadata = decodeCommandMetadata(metadataInput);
    if (E.isLeft(metadata)) return Promise.resolve(metadata);
    const command = decodeCommand(commandInput);
    if (E.isLeft(command)) return Promise.resolve(command);
    trace.identify(command.right.complaintId, metadata.right.commandId);
    const streamName = complaintStreamName(command.right.complaintId);
    // 2. One command at a time per complaint in this process; retries on conflicts with others.
    return this.queue.run(streamName, async () => {
      // 2b. A state kept from this instance's last command on the complaint:
      //     read only what was appended after it, fold that in, and decide (see attemptOn).
      //     Whatever it cannot settle is handled from a full read below, as without the cache.
      let first = 0;
      const cached = this.cache.get(streamName);
      if (cached !== undefined && !cached.commandIds.has(metadata.right.commandId)) {
        const outcome = await this.attemptOn(streamName, command.right, metadata.right, cached);
        if (outcome !== undefined && E.isRight(outcome) && !outcome.right.duplicate) return outcome;
        // A refusal decided on an up-to-date state leaves that state valid; anything else forgets it.
        const refusedOnFreshState = !this.optimisticAppend && outcome !== undefined && E.isLeft(outcome) && !STORE_FAILURES.has(outcome.left._tag);
        if (!refusedOnFreshState) this.cache.forget(streamName);
        if (outcome !== undefined && (E.isRight(outcome) || outcome.left._tag !== 'ConcurrencyConflict')) return outcome;
        // A conflict after an up-to-date read was this command's first attempt; after an
        // optimistic append it only meant the kept state was stale.
        if (outcome !== undefined && !this.optimisticAppend) first = 1;
        if (outcome !== undefined) trace.conflict(true);
      }
      for (let attempt = first; ; attempt++) {
        const outcome = await this.attempt(streamName, command.right, metadata.right);
        if (E.isRight(outcome) || outcome.left._tag !== 'ConcurrencyConflict') return outcome;
        trace.conflict(attempt < this.maxConflictRetries);
        if (attempt >= this.maxConflictRetries) return outcome;
      }
    });
  }

  /**
   * One attempt from a kept state. By default it reads only the events after the kept
   * revision (from the kept revision on, whose event id must still be the one kept: a stream
   * that is not the one kept is read in full) and folds them in: the same state, revision
   * and command ids as a full read, for the cost of the new events. With `optimisticAppend`
   * it reads nothing and lets the append's expected revision tell whether the state is still
   * current. Answers undefined when the command must be handled from a full read instead.
   */
  private async attemptOn(
    streamName: string,
    command: ComplaintCommand,
    metadata: CommandMetadata,
    cached: CachedStream,
  ): Promise<E.Either<ServiceError, HandleResult> | undefined> {
    if (!this.optimisticAppend) {
      const read = await readStreamSafely(this.store, streamName, cached.revision);
      if (E.isLeft(read)) return read;
      const recorded = read.right;
      if (recorded[0]?.id !== cached.lastId) return undefined;
      if (recorded.length > 1) {
        const tail = decodeStream(recorded.slice(1), this.upcasters);
        if (E.isLeft(tail)) return undefined;
        let state: ComplaintState = cached.state;
        for (const e of tail.right) {
          state = evolve(state, e.event);
          cached.commandIds.add(e.metadata.commandId);
        }
        const last = tail.right[tail.right.length - 1];
        if (state.status === 'none' || last === undefined) return undefined;
        cached.state = freezeDeep(state);
        cached.revision = last.revision;
        cached.lastId = last.id;
        if (cached.commandIds.has(metadata.commandId)) return undefined;
      }
    }
    const state = cached.state;
    const policy = this.policies.get(state.policyVersion);
    if (policy === undefined) return this.optimisticAppend ? undefined : E.left(unknownPolicy(command, state.policyVersion, this.policies));
    const now = this.clock();
    const decided = decide(command, state, { now, policy, actor: metadata.actor });
    if (E.isLeft(decided)) return this.optimisticAppend ? undefined : decided;
    const outcome = await this.appendDecided(streamName, command, metadata, state, cached.revision, now, decided.right);
    if (E.isRight(outcome) && !outcome.right.duplicate) {
      const last = outcome.right.events[outcome.right.events.length - 1];
      if (last !== undefined) {
        cached.commandIds.add(metadata.commandId);
        cached.revision = outcome.right.revision;
        cached.lastId = last.id;
        cached.state = outcome.right.state;
      }
    }
    return outcome;
  }

  private async attempt(streamName: string, command: ComplaintCommand, metadata: CommandMetadata): Promise<E.Either<ServiceError, HandleResult>> {
    // 3. Load and fold.
    const loaded = await this.load(streamName);
    if (E.isLeft(loaded)) return loaded;
    const { events, state, revision } = loaded.right;
    // 4. Idempotency: a command id already in the stream returns its original outcome.
    const previous = events.filter((e) => e.metadata.commandId === metadata.commandId);
    if (previous.length > 0) return this.previousOutcome(command, metadata, events, previous);
    const lastEvent = events[events.length - 1];
    if (state.status !== 'none' && revision !== 'no_stream' && lastEvent !== undefined)
      this.cache.remember(streamName, { revision, lastId: lastEvent.id, state: freezeDeep(state), commandIds: new Set(events.map((e) => e.metadata.commandId)), used: false });
    // 5. Decide under the complaint's own policy version.
    const policy = state.status === 'none' ? this.policy : this.policies.get(state.policyVersion);
    if (policy === undefined && state.status !== 'none') return E.left(unknownPolicy(command, state.policyVersion, this.policies));
    const now = this.clock();
    const decided = decide(command, state, { now, policy: policy ?? this.policy, actor: metadata.actor });
    if (E.isLeft(decided)) return decided;
    const outcome = await this.appendDecided(streamName, command, metadata, state, revision, now, decided.right);
    const lastAppended = E.isRight(outcome) ? outcome.right.events[outcome.right.events.length - 1] : undefined;
    if (E.isRight(outcome) && !outcome.right.duplicate && lastAppended !== undefined) {
      this.cache.remember(streamName, {
        revision: outcome.right.revision,
        lastId: lastAppended.id,
        state: outcome.right.state,
        commandIds: new Set([...events.map((e) => e.metadata.commandId), metadata.commandId]),
        used: false,
      });
    } else this.cache.forget(streamName);
    return outcome;
  }

  /** Steps 6–7: append what was decided on `state` (at `revision`) and answer. */
  private async appendDecided(
    streamName: string,
    command: ComplaintCommand,
    metadata: CommandMetadata,
    state: ComplaintState,
    revision: bigint | 'no_stream',
    now: Date,
    decidedEvents: readonly ComplaintEvent[],
  ): Promise<E.Either<ServiceError, HandleResult>> {
    // 6. Append with the revision read. The envelope is shared by the command's events; each
    //    event adds its own schema version. Ids are content-addressed (see eventIds.ts), so a
    //    success at this exact expected revision — written now, or an idempotent repeat of
    //    events with these very ids — proves these exact events are stored: nothing to read
    //    back. An attempt that decided otherwise gets other ids and conflicts instead.
    //    Each event's metadata is one literal (the envelope's fields, then its schema
    //    version): no spread of a shared envelope per event.
    const actor = metadata.actor;
    const commandId = metadata.commandId;
    const commandType = command.type;
    const correlationId = metadata.correlationId ?? commandId;
    const causationId = metadata.causationId ?? commandId;
    const policyVersion = state.status === 'none' ? this.policy.version : state.policyVersion;
    const recordedAt = toInstant(now);
    // The command span's context, so the events link back to the request that caused them.
    const traced = activeTraceFields();
    const count = decidedEvents.length;
    const metadatas = new Array<EventMetadata>(count);
    const toAppend = new Array<EventToAppend>(count);
    for (let i = 0; i < count; i++) {
      const event = decidedEvents[i] as ComplaintEvent;
      const schemaVersion = this.upcasters.currentVersion(event.type);
      metadatas[i] =
        traced === undefined
          ? { actor, commandId, commandType, correlationId, causationId, policyVersion, recordedAt, schemaVersion }
          : ({ actor, commandId, commandType, correlationId, causationId, policyVersion, recordedAt, $traceId: traced.$traceId, $spanId: traced.$spanId, schemaVersion } as EventMetadata);
      toAppend[i] = { id: '', type: event.type, data: event.data as unknown as JsonValue, metadata: metadatas[i] as unknown as JsonObject };
    }
    const ids = eventIdsFor(commandId, toAppend);
    for (let i = 0; i < count; i++) (toAppend[i] as { id: string }).id = ids[i] as string;
    let appended: bigint;
    let createdAt: Date;
    try {
      const result = await this.store.appendToStream(streamName, toAppend, { expectedRevision: revision });
      appended = result.nextExpectedRevision;
      // When the store recorded them, if it says (the in-memory store does); else the decision time.
      createdAt = result.createdAt ?? now;
    } catch (e) {
      return E.left(toStoreError(e));
    }
    // 7. The outcome: the new events as stored and the state after them.
    const first = appended - BigInt(toAppend.length) + 1n;
    const stored: StoredComplaintEvent[] = decidedEvents.map((event, i) => ({
      id: ids[i] as string,
      streamName,
      revision: first + BigInt(i),
      event,
      metadata: metadatas[i] as EventMetadata,
      createdAt: new Date(createdAt),
    }));
    // The state is shared with the cache: it is frozen, and so with it every part of the
    // events it holds (the events themselves are the caller's, fresh objects).
    const after = fold(decidedEvents, state);
    return after.status === 'none'
      ? E.left(unknownComplaint(command.complaintId))
      : E.right({ complaintId: command.complaintId, events: stored, state: freezeDeep(after), revision: appended, duplicate: false });
  }

  private previousOutcome(
    command: ComplaintCommand,
    metadata: CommandMetadata,
    events: readonly StoredComplaintEvent[],
    previous: readonly StoredComplaintEvent[],
  ): E.Either<ServiceError, HandleResult> {
    const original = previous[0]?.metadata.commandType ?? '';
    if (original !== command.type) return E.left({ _tag: 'CommandIdReused', commandId: metadata.commandId, originalCommand: original, command: command.type });
    const last = previous[previous.length - 1];
    const upTo = last === undefined ? events : events.filter((e) => e.revision <= last.revision);
    const state = fold(upTo.map((e) => e.event));
    return state.status === 'none'
      ? E.left(unknownComplaint(command.complaintId))
      : E.right({ complaintId: command.complaintId, events: previous, state, revision: last?.revision ?? -1n, duplicate: true });
  }

  private async loadById(complaintId: string): Promise<E.Either<ServiceError, LoadedStream>> {
    return loadComplaint(this.store, complaintId, { upcasters: this.upcasters });
  }

  private async load(streamName: string): Promise<E.Either<ServiceError, LoadedStream>> {
    return loadStream(this.store, streamName, { upcasters: this.upcasters });
  }
}

const unknownComplaint = (complaintId: string): ServiceError => ({ _tag: 'UnknownComplaint', complaintId });

const unknownPolicy = (command: ComplaintCommand, policyVersion: string, policies: ReadonlyMap<string, Policy>): ServiceError => ({
  _tag: 'UnknownPolicyVersion',
  complaintId: command.complaintId,
  policyVersion,
  known: [...policies.keys()],
});

const rejection = (e: ServiceError): ComplaintServiceError => new ComplaintServiceError(e);
