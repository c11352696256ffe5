/**
 * NDJSON export and import of complaint streams, hash-chained (see `exportLine.ts` for the
 * line format and `verify.ts` for what verification proves).
 *
 * - {@link exportStreams}: the stored events of the given complaints, raw (as stored, before
 *   any upcasting), stream after stream, revision order, one line each.
 * - {@link verifyExport}: re-exported here; the first tampered, missing or reordered line.
 * - {@link importStreams}: verifies, checks that each stream is a history the service could
 *   have written (`importValidation.ts`: complaint stream names only, every command replayed
 *   through `decide`), and that the target store holds nothing different, then appends each stream's missing events with their original
 *   ids and the expected revision (`no_stream` for a new stream). Importing into an empty
 *   store restores the streams (ids, types, data, metadata, revisions; the store assigns
 *   its own `createdAt` and positions); importing again appends nothing.
 */
import * as E from 'fp-ts/lib/Either.js';
import type * as TE from 'fp-ts/lib/TaskEither.js';
import { abortedBy } from '../application/errors';
import { decodeStream } from '../stream/decodeStream';
import { complaintStreamOf, readStreamSafely, toStoreError } from '../stream/loadComplaint';
import { UpcasterRegistry } from '../stream/upcasting';
import type { StoreError } from '../eventstore/errors';
import { preview } from '../domain/decoding';
import type { EventStore, RecordedEvent } from '../eventstore/port';
import { withoutTraceFields } from '../observability/traceContext';
import { canonicalJson } from './canonicalJson';
import { type AuditError, AuditFailure } from './errors';
import { type ExportLine, GENESIS_HASH, toLine, unexportable } from './exportLine';
import { type ExportSigning, isKeyProblem, withSignature } from './signature';
import { defaultPolicy, type Policy } from '../domain/policy/policy';
import { type NumberedLine, checkImportedStream } from './importValidation';
import { type VerifyOptions, verifyExport } from './verify';
import { orThrow } from '../promiseApi';

export { verifyExport } from './verify';

/** What an import did, stream by stream. */
export interface ImportResult {
  readonly streams: readonly { readonly streamName: string; readonly events: number; readonly appended: number }[];
  /** Events appended in all. */
  readonly appended: number;
  /** Events already in the store (idempotent re-import). */
  readonly alreadyPresent: number;
}

/** Options of {@link importStreams} (and {@link importStreamsTE}). */
export interface ImportOptions extends VerifyOptions {
  /** Upcasters used to check that every imported event decodes. Default: the library's registry. */
  readonly upcasters?: UpcasterRegistry;
  /**
   * Policies the imported complaints may have been received under (the default policy is
   * always known), to replay their commands: a complaint received under another version is
   * refused with `UnknownPolicyVersion`.
   */
  readonly policies?: readonly Policy[];
  /**
   * Called after each stream is checked against the store (`phase: 'check'`), then after
   * each stream is written (`'append'`): `done` of `total` streams, for a progress display.
   */
  readonly onProgress?: (progress: { readonly phase: 'check' | 'append'; readonly done: number; readonly total: number }) => void;
  /**
   * Stops the import between two store calls: during the checks nothing has been written;
   * during the appends every stream is either fully imported or untouched (one atomic
   * append per stream), and importing again finishes the rest. The fp-ts form answers an
   * `Aborted` error, the Promise form rejects with the signal's reason.
   */
  readonly signal?: AbortSignal;
}

/** Options of {@link exportStreams} (and {@link exportStreamsTE}). */
export interface ExportOptions {
  /**
   * Stops the export between two streams (nothing is written anywhere: the export is a
   * string). The fp-ts form answers an `Aborted` error, the Promise form rejects with the
   * signal's reason.
   */
  readonly signal?: AbortSignal;
}

/** Options of {@link exportStreams} (and {@link exportStreamsTE}). */
export interface ExportOptions {
  /** Sign the export: a trailer line signing its head with this Ed25519 key (see `signature.ts`). */
  readonly sign?: ExportSigning;
}

const read = (store: EventStore, streamName: string): Promise<E.Either<StoreError, RecordedEvent[]>> => readStreamSafely(store, streamName);

/**
 * The NDJSON export of the given complaints' streams (fp-ts API). Each id must name a
 * received complaint (`UnknownComplaint` otherwise); a repeated id is exported once. With
 * `sign`, the export ends with a signed trailer (`InvalidKey` when the key is not an
 * Ed25519 private key).
 */
export const exportStreamsTE =
  (store: EventStore, complaintIds: readonly string[], options: ExportOptions = {}): TE.TaskEither<AuditError, string> =>
  async () => {
    let prev = GENESIS_HASH;
    const out: string[] = [];
    // Ids in any case name one complaint: their streams (complaint-<lower-case uuid>), each once.
    const streams = new Map<string, string>();
    const given: unknown = complaintIds;
    if (!Array.isArray(given))
      return E.left({ _tag: 'DecodeError', subject: 'complaint ids', issues: [{ path: '(root)', expected: 'an array of complaint ids', message: `(root): expected an array of complaint ids, got ${preview(given)}` }] });
    for (const complaintId of complaintIds) {
      const aborted = abortedBy('export', options.signal);
      if (aborted !== undefined) return E.left(aborted);
      const streamName = complaintStreamOf(complaintId);
      if (E.isLeft(streamName)) return streamName;
      if (!streams.has(streamName.right)) streams.set(streamName.right, complaintId);
    }
    for (const [streamName, complaintId] of streams) {
      const recorded = await read(store, streamName);
      if (E.isLeft(recorded)) return recorded;
      if (recorded.right.length === 0) return E.left({ _tag: 'UnknownComplaint', complaintId });
      for (const r of recorded.right) {
        const bad = unexportable(r);
        if (bad !== undefined) return E.left(bad);
        const line = toLine(r, prev);
        out.push(JSON.stringify(line));
        prev = line.hash;
      }
    }
    const text = out.map((l) => `${l}\n`).join('');
    if (options.sign === undefined) return E.right(text);
    const signed = withSignature(text, prev, out.length, options.sign);
    return isKeyProblem(signed) ? E.left({ _tag: 'InvalidKey', key: 'the signing key', reason: signed.problem }) : E.right(signed);
  };

const asRecorded = (l: ExportLine): RecordedEvent => ({
  id: l.id,
  type: l.type,
  data: l.data,
  metadata: l.metadata,
  streamName: l.streamName,
  revision: BigInt(l.revision),
  position: { commit: 0n, prepare: 0n },
  createdAt: new Date(l.createdAt),
});

const sameEvent = (stored: RecordedEvent, line: ExportLine): string | undefined => {
  if (stored.id.toLowerCase() !== line.id.toLowerCase()) return `the store holds event ${stored.id} there, the export ${line.id}`;
  if (stored.type !== line.type) return `the store holds a ${stored.type} there, the export a ${line.type}`;
  if (canonicalJson(stored.data) !== canonicalJson(line.data)) return 'the stored data differs from the exported data';
  // A client's tracing instrumentation (e.g. @kurrent/opentelemetry) rewrites the trace fields of what it appends.
  if (canonicalJson(withoutTraceFields(stored.metadata)) !== canonicalJson(withoutTraceFields(line.metadata))) return 'the stored metadata differs from the exported metadata';
  return undefined;
};

interface Plan {
  readonly streamName: string;
  readonly lines: readonly ExportLine[];
  readonly present: number;
}

/** Imports an export (fp-ts API). Nothing is appended unless every check passes; see the module docs. */
export const importStreamsTE =
  (store: EventStore, text: string, given: ImportOptions = {}): TE.TaskEither<AuditError, ImportResult> =>
  async () => {
    const options: ImportOptions = given ?? {};
    const verified = verifyExport(text, options);
    if (E.isLeft(verified)) return verified;
    const upcasters = options.upcasters ?? new UpcasterRegistry();
    // One pass: each stream's lines (the verifier has checked they are contiguous, in order).
    const linesOf = new Map<string, ExportLine[]>();
    const numberedOf = new Map<string, NumberedLine[]>();
    for (const [i, l] of verified.right.lines.entries()) {
      const lines = linesOf.get(l.streamName);
      if (lines === undefined) linesOf.set(l.streamName, [l]);
      else lines.push(l);
      const numbered = numberedOf.get(l.streamName);
      if (numbered === undefined) numberedOf.set(l.streamName, [{ line: l, number: i + 1 }]);
      else numbered.push({ line: l, number: i + 1 });
    }
    // Every stream must be a history the service could have written, before any store is read.
    const policies = new Map([defaultPolicy, ...(options.policies ?? [])].map((p) => [p.version, p]));
    for (const [streamName, lines] of numberedOf) {
      const legal = checkImportedStream(streamName, lines, { upcasters, policies });
      if (E.isLeft(legal)) return legal;
    }
    const total = verified.right.streams.length;
    const plans: Plan[] = [];
    for (const { streamName } of verified.right.streams) {
      const aborted = abortedBy('import', options.signal);
      if (aborted !== undefined) return E.left(aborted);
      const lines = linesOf.get(streamName) ?? [];
      const decoded = decodeStream(lines.map(asRecorded), upcasters);
      if (E.isLeft(decoded)) return decoded;
      const existing = await read(store, streamName);
      if (E.isLeft(existing)) return existing;
      for (const stored of existing.right) {
        const line = lines[Number(stored.revision)];
        if (line === undefined) continue; // the stream has grown since the export: nothing to add
        const difference = sameEvent(stored, line);
        if (difference !== undefined) return E.left({ _tag: 'ImportConflict', streamName, revision: stored.revision, reason: difference });
      }
      plans.push({ streamName, lines, present: Math.min(existing.right.length, lines.length) });
      options.onProgress?.({ phase: 'check', done: plans.length, total });
    }
    let written = 0;
    for (const { streamName, lines, present } of plans) {
      const aborted = abortedBy('import', options.signal);
      if (aborted !== undefined) return E.left(aborted);
      written += 1;
      const missing = lines.slice(present);
      if (missing.length === 0) {
        options.onProgress?.({ phase: 'append', done: written, total });
        continue;
      }
      try {
        await store.appendToStream(
          streamName,
          missing.map((l) => ({ id: l.id, type: l.type, data: l.data, metadata: l.metadata })),
          { expectedRevision: present === 0 ? 'no_stream' : BigInt(present - 1) },
        );
      } catch (e) {
        return E.left(toStoreError(e));
      }
      options.onProgress?.({ phase: 'append', done: written, total });
    }
    const streams = plans.map((p) => ({ streamName: p.streamName, events: p.lines.length, appended: p.lines.length - p.present }));
    const appended = streams.reduce((n, s) => n + s.appended, 0);
    return E.right({ streams, appended, alreadyPresent: verified.right.lines.length - appended });
  };

// An abort rejects with the signal's reason, as fetch and Node's own APIs do.
const rejection = (e: AuditError): unknown => (e._tag === 'Aborted' ? e.reason : new AuditFailure(e));

/** The NDJSON export of the given complaints' streams (see {@link exportStreamsTE}); rejects with an {@link AuditFailure}. */
export const exportStreams = async (store: EventStore, complaintIds: readonly string[], options?: ExportOptions): Promise<string> =>
  orThrow(await exportStreamsTE(store, complaintIds, options)(), rejection);

/** Imports an export (see {@link importStreamsTE}); rejects with an {@link AuditFailure}. */
export const importStreams = async (store: EventStore, text: string, options?: ImportOptions): Promise<ImportResult> =>
  orThrow(await importStreamsTE(store, text, options)(), rejection);

/**
 * The Promise form under its 0.1 name.
 * @deprecated Use {@link exportStreams} (same function): Promise forms have the plain name. Removed in 0.3.
 */
export const exportStreamsAsync = exportStreams;

/**
 * The Promise form under its 0.1 name.
 * @deprecated Use {@link importStreams} (same function): Promise forms have the plain name. Removed in 0.3.
 */
export const importStreamsAsync = importStreams;
