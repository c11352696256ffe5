/**
 * The fake server's storage: one append-only log, as EventStoreDB's transaction file, plus
 * the per-stream index. Deliberately independent of the library's in-memory store so that
 * the two implementations check each other through the shared contract suite.
 *
 * The write rules mirror EventStoreDB's commit check (IndexWriter.CheckCommit):
 * - `stream_exists` fails on a stream without events;
 * - `any` / `stream_exists`: if the first event id is already in the stream, the whole batch
 *   must be there (idempotent success) or the append is a WrongExpectedVersion; a real
 *   server keeps those ids in a bounded cache (best effort), this fake never forgets them;
 * - an exact revision (or `no_stream`, i.e. -1) below the stream's revision is idempotent
 *   when the same ids sit right after it, else a WrongExpectedVersion;
 * - above the stream's revision: WrongExpectedVersion; equal: written;
 * - a tombstoned stream refuses every write (StreamDeleted); a soft-deleted one (its metadata's
 *   `$tb` is long.MaxValue) refuses `stream_exists` (StreamDeleted) and is re-created by any
 *   other accepted write at the next revision, `$tb` moving to that revision
 *   (StorageWriterService.SoftUndeleteStream).
 */
import { randomUUID } from 'node:crypto';
import { DELETED_STREAM, metaStreamOf, parseStreamMetadata, softUndeleted, type StreamMetadata } from './fakeMetadata';

/** One stored event (a "prepare" committed implicitly: its commit and prepare positions are equal). */
export interface StoredEvent {
  readonly streamName: string;
  readonly revision: bigint;
  /** Lower-case UUID, as the server prints a Guid. */
  readonly id: string;
  readonly type: string;
  readonly contentType: string;
  readonly data: Uint8Array;
  readonly customMetadata: Uint8Array;
  /** Log position: both the commit and the prepare position of the event. */
  readonly position: bigint;
  /** .NET ticks (100 ns) since the Unix epoch. */
  readonly createdTicks: bigint;
}

/** An event as proposed by an Append call. */
export interface ProposedEvent {
  readonly id: string;
  readonly type: string;
  readonly contentType: string;
  readonly data: Uint8Array;
  readonly customMetadata: Uint8Array;
}

/** The expected-revision option of an Append call. */
export type ExpectedState =
  | { readonly kind: 'any' }
  | { readonly kind: 'no_stream' }
  | { readonly kind: 'stream_exists' }
  | { readonly kind: 'revision'; readonly revision: bigint };

/** What the log answers to an append. `currentRevision` undefined means "no stream". */
export type AppendOutcome =
  | {
      readonly kind: 'written' | 'idempotent';
      readonly currentRevision: bigint | undefined;
      readonly position: bigint | undefined;
      readonly written: readonly StoredEvent[];
    }
  | { readonly kind: 'wrong_expected_version'; readonly currentRevision: bigint | undefined }
  /** The stream is tombstoned, or soft-deleted and written with `stream_exists`. */
  | { readonly kind: 'deleted' };

/** What a delete or a tombstone answers: the position of the record it wrote. */
export type DeleteOutcome =
  | { readonly kind: 'deleted'; readonly position: bigint }
  | { readonly kind: 'wrong_expected_version'; readonly currentRevision: bigint | undefined }
  | { readonly kind: 'already_deleted' };

/** The type of the event a tombstone writes into the stream, at revision long.MaxValue. */
export const TOMBSTONE_TYPE = '$streamDeleted';

/** Every record costs at least this many bytes of log, like a prepare record's header. */
const RECORD_HEADER_BYTES = 88n;

const recordSize = (streamName: string, e: ProposedEvent): bigint =>
  RECORD_HEADER_BYTES +
  BigInt(Buffer.byteLength(streamName) + Buffer.byteLength(e.type) + e.data.length + e.customMetadata.length);

const TICKS_PER_MS = 10_000n;

/** The append-only log and its stream index. */
export class FakeLog {
  private readonly records: StoredEvent[] = [];
  private readonly streams = new Map<string, StoredEvent[]>();
  private readonly tombstoned = new Set<string>();
  private nextPosition = 0n;
  private readonly listeners = new Set<(e: StoredEvent) => void>();

  /** @param now - the node's clock, in ms since the epoch: stamps `created` and ages events for `$maxAge`. */
  constructor(readonly now: () => number = Date.now) {}

  /** The clock in .NET ticks. */
  nowTicks(): bigint {
    return BigInt(Math.floor(this.now())) * TICKS_PER_MS;
  }

  /** Every stored event, in log order (events of deleted or truncated streams included, as until a scavenge). */
  all(): readonly StoredEvent[] {
    return this.records;
  }

  /** A stream's stored events in revision order, tombstone included, ignoring its metadata (empty when never written). */
  stream(streamName: string): readonly StoredEvent[] {
    return this.streams.get(streamName) ?? [];
  }

  /** The log position the next record gets: the post-position of the last record. */
  get end(): bigint {
    return this.nextPosition;
  }

  /** The post-position of a stored record (where the next record starts). */
  postPosition(e: StoredEvent): bigint {
    return e.position + recordSize(e.streamName, e);
  }

  /** Whether the stream was tombstoned (hard-deleted). */
  isTombstoned(streamName: string): boolean {
    return this.tombstoned.has(streamName);
  }

  /** The stream's metadata: the data of the last event of its `$$` stream. */
  metadata(streamName: string): StreamMetadata {
    const meta = this.stream(metaStreamOf(streamName));
    return parseStreamMetadata(meta[meta.length - 1]?.data);
  }

  /** Whether the stream is soft-deleted (its `$tb` is long.MaxValue). */
  isSoftDeleted(streamName: string): boolean {
    return this.metadata(streamName).truncateBefore === DELETED_STREAM;
  }

  /** Revision of the stream's last event (tombstone excluded); -1n when it has none. */
  lastRevision(streamName: string): bigint {
    const events = this.stream(streamName).filter((e) => e.type !== TOMBSTONE_TYPE || e.revision !== DELETED_STREAM);
    return events[events.length - 1]?.revision ?? -1n;
  }

  /** Called synchronously, in log order, for every event stored from now on. */
  onStored(listener: (e: StoredEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Applies EventStoreDB's expected-revision, deletion and idempotency rules, then writes. */
  append(streamName: string, expected: ExpectedState, events: readonly ProposedEvent[]): AppendOutcome {
    const decision = this.checkCommit(streamName, expected, events.map((e) => e.id.toLowerCase()));
    if (decision.kind !== 'ok') return decision;
    const outcome = this.write(streamName, decision.current, events);
    if (decision.softDeleted && events.length > 0) this.undelete(streamName, decision.current + 1n);
    return outcome;
  }

  /**
   * Soft delete: checks `expected` as a write would, then sets the stream's metadata to
   * `{"$tb": long.MaxValue}` (the whole metadata: other keys are dropped, as the node does).
   * A stream with neither events nor metadata is a WrongExpectedVersion, whatever `expected`.
   */
  softDelete(streamName: string, expected: ExpectedState): DeleteOutcome {
    const decision = this.checkCommit(streamName, expected, [randomUUID()]);
    if (decision.kind === 'deleted') return { kind: 'already_deleted' };
    if (decision.kind !== 'ok') return { kind: 'wrong_expected_version', currentRevision: decision.currentRevision };
    if (decision.current < 0n && this.stream(metaStreamOf(streamName)).length === 0) {
      return { kind: 'wrong_expected_version', currentRevision: undefined };
    }
    const written = this.writeMetadata(streamName, `{"$tb":${DELETED_STREAM}}`);
    return { kind: 'deleted', position: written.position };
  }

  /** Hard delete: checks `expected` as a write would, then writes the tombstone; the name is never usable again. */
  tombstone(streamName: string, expected: ExpectedState): DeleteOutcome {
    const decision = this.checkCommit(streamName, expected, [randomUUID()]);
    if (decision.kind === 'deleted') return { kind: 'already_deleted' };
    if (decision.kind !== 'ok') return { kind: 'wrong_expected_version', currentRevision: decision.currentRevision };
    const [tombstone] = this.store(streamName, [
      { id: randomUUID(), type: TOMBSTONE_TYPE, contentType: 'application/octet-stream', data: new Uint8Array(), customMetadata: new Uint8Array() },
    ], () => DELETED_STREAM);
    this.tombstoned.add(streamName);
    if (tombstone === undefined) throw new Error('the tombstone was not written');
    return { kind: 'deleted', position: tombstone.position };
  }

  /** IndexWriter.CheckCommit: whether a write of these ids at `expected` may go ahead, and after which revision. */
  private checkCommit(
    streamName: string,
    expected: ExpectedState,
    ids: readonly string[],
  ): AppendOutcome | { readonly kind: 'ok'; readonly current: bigint; readonly softDeleted: boolean } {
    if (this.isTombstoned(streamName)) return { kind: 'deleted' };
    const existing = this.stream(streamName);
    const current = this.lastRevision(streamName); // -1 = no stream
    const softDeleted = this.isSoftDeleted(streamName);
    const currentRevision = current < 0n ? undefined : current;
    const wrong = { kind: 'wrong_expected_version', currentRevision } as const;
    const ok = { kind: 'ok', current, softDeleted } as const;

    if (expected.kind === 'stream_exists') {
      if (softDeleted) return { kind: 'deleted' };
      if (current < 0n && this.stream(metaStreamOf(streamName)).length === 0) return wrong;
    }

    if (expected.kind === 'any' || expected.kind === 'stream_exists') {
      const found = ids.map((id) => existing.find((s) => s.id === id));
      const first = found[0];
      if (first === undefined) return ok;
      const last = found[found.length - 1];
      if (found.some((f) => f === undefined) || last === undefined) return wrong; // corrupted idempotency
      return { kind: 'idempotent', currentRevision: last.revision, position: last.position, written: [] };
    }

    const expectedRevision = expected.kind === 'no_stream' ? -1n : expected.revision;
    if (expectedRevision > current) return wrong;
    if (expectedRevision === current) return ok;
    if (ids.length === 0) return wrong;
    const again = ids.map((id, i) => {
      const stored = existing.find((s) => s.revision === expectedRevision + 1n + BigInt(i));
      return stored !== undefined && stored.id === id ? stored : undefined;
    });
    if (again[0] === undefined && expected.kind === 'no_stream' && softDeleted) return ok;
    const last = again[again.length - 1];
    if (again.some((s) => s === undefined) || last === undefined) return wrong;
    return { kind: 'idempotent', currentRevision: last.revision, position: last.position, written: [] };
  }

  /** Re-creates a soft-deleted stream: its metadata is kept, with `$tb` at the first new revision. */
  private undelete(streamName: string, recreatedFrom: bigint): void {
    const meta = this.stream(metaStreamOf(streamName));
    this.writeMetadata(streamName, softUndeleted(meta[meta.length - 1]?.data, recreatedFrom));
  }

  private writeMetadata(streamName: string, json: string): StoredEvent {
    const metaStream = metaStreamOf(streamName);
    const [written] = this.store(metaStream, [
      { id: randomUUID(), type: '$metadata', contentType: 'application/json', data: Uint8Array.from(Buffer.from(json, 'utf8')), customMetadata: new Uint8Array() },
    ]);
    if (written === undefined) throw new Error('the metadata was not written');
    return written;
  }

  private write(streamName: string, current: bigint, events: readonly ProposedEvent[]): AppendOutcome {
    const stored = this.store(streamName, events, (i) => current + 1n + BigInt(i));
    const last = stored[stored.length - 1];
    if (last === undefined) {
      // Nothing to write: the answer carries the stream's revision and no position.
      return { kind: 'written', currentRevision: current < 0n ? undefined : current, position: undefined, written: [] };
    }
    return { kind: 'written', currentRevision: last.revision, position: last.position, written: stored };
  }

  private store(streamName: string, events: readonly ProposedEvent[], revisionOf?: (i: number) => bigint): StoredEvent[] {
    const createdTicks = this.nowTicks();
    const first = this.lastRevision(streamName) + 1n;
    const stored = events.map((e, i): StoredEvent => {
      const position = this.nextPosition;
      this.nextPosition += recordSize(streamName, e);
      const revision = revisionOf === undefined ? first + BigInt(i) : revisionOf(i);
      return { ...e, id: e.id.toLowerCase(), streamName, revision, position, createdTicks };
    });
    const streamEvents = this.streams.get(streamName) ?? [];
    streamEvents.push(...stored);
    this.streams.set(streamName, streamEvents);
    this.records.push(...stored);
    for (const e of stored) for (const listener of [...this.listeners]) listener(e);
    return stored;
  }
}
