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
 * - above the stream's revision: WrongExpectedVersion; equal: written.
 */

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
  | { readonly kind: 'wrong_expected_version'; readonly currentRevision: bigint | undefined };

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
  private nextPosition = 0n;
  private readonly listeners = new Set<(e: StoredEvent) => void>();

  /** Every stored event, in log order. */
  all(): readonly StoredEvent[] {
    return this.records;
  }

  /** A stream's events in revision order (empty when it does not exist). */
  stream(streamName: string): readonly StoredEvent[] {
    return this.streams.get(streamName) ?? [];
  }

  /** Called synchronously, in log order, for every event stored from now on. */
  onStored(listener: (e: StoredEvent) => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /** Applies EventStoreDB's expected-revision and idempotency rules, then writes. */
  append(streamName: string, expected: ExpectedState, events: readonly ProposedEvent[]): AppendOutcome {
    const existing = this.stream(streamName);
    const current = BigInt(existing.length) - 1n; // -1 = no stream
    const currentRevision = current < 0n ? undefined : current;
    const wrong = { kind: 'wrong_expected_version', currentRevision } as const;

    if (expected.kind === 'stream_exists' && current < 0n) return wrong;

    if (expected.kind === 'any' || expected.kind === 'stream_exists') {
      const found = events.map((e) => existing.find((s) => s.id === e.id));
      const first = found[0];
      if (first === undefined) return this.write(streamName, current, events);
      const last = found[found.length - 1];
      if (found.some((f) => f === undefined) || last === undefined) return wrong; // corrupted idempotency
      return { kind: 'idempotent', currentRevision: last.revision, position: last.position, written: [] };
    }

    const expectedRevision = expected.kind === 'no_stream' ? -1n : expected.revision;
    if (expectedRevision > current) return wrong;
    if (expectedRevision === current) return this.write(streamName, current, events);
    if (events.length === 0) return wrong;
    const again = events.map((e, i) => {
      const stored = existing[Number(expectedRevision) + 1 + i];
      return stored !== undefined && stored.id === e.id ? stored : undefined;
    });
    const last = again[again.length - 1];
    if (again.some((s) => s === undefined) || last === undefined) return wrong;
    return { kind: 'idempotent', currentRevision: last.revision, position: last.position, written: [] };
  }

  private write(streamName: string, current: bigint, events: readonly ProposedEvent[]): AppendOutcome {
    const createdTicks = BigInt(Date.now()) * TICKS_PER_MS;
    const stored = events.map((e, i): StoredEvent => {
      const position = this.nextPosition;
      this.nextPosition += recordSize(streamName, e);
      return { ...e, id: e.id.toLowerCase(), streamName, revision: current + 1n + BigInt(i), position, createdTicks };
    });
    const streamEvents = this.streams.get(streamName) ?? [];
    streamEvents.push(...stored);
    this.streams.set(streamName, streamEvents);
    this.records.push(...stored);
    for (const e of stored) for (const listener of [...this.listeners]) listener(e);
    const last = stored[stored.length - 1];
    if (last === undefined) {
      // Nothing to write: the answer carries the stream's revision and no position.
      return { kind: 'written', currentRevision: current < 0n ? undefined : current, position: undefined, written: [] };
    }
    return { kind: 'written', currentRevision: last.revision, position: last.position, written: stored };
  }
}
