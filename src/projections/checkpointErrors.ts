/**
 * How a durable checkpoint store can fail beyond the event store's own errors: another
 * runner took the checkpoint stream over (fencing), or what the stream holds cannot be read
 * back as a checkpoint.
 * @packageDocumentation
 */
import type { DecodeIssue } from '../domain/decoding';

/**
 * Another runner appended to the projection's checkpoint stream since this store last read
 * or wrote it: two runners are saving the same projection. The store wrote nothing after
 * noticing, and refuses every later save of this projection until `load` or `delete`
 * (a restart) takes the stream over again.
 */
export interface CheckpointFenced {
  readonly _tag: 'CheckpointFenced';
  readonly projection: string;
  readonly streamName: string;
  /** The revision this store expected the stream at. */
  readonly expected: bigint | 'no_stream';
  /** The revision the stream was at. */
  readonly actual: bigint | 'no_stream';
  /** The other runner's writer id, when its events carry one. */
  readonly otherWriter: string | undefined;
}

/** The last checkpoint in the stream cannot be read back (foreign event, corrupt or missing parts, model codec refused it). */
export interface CheckpointUnreadable {
  readonly _tag: 'CheckpointUnreadable';
  readonly projection: string;
  readonly streamName: string;
  /** Revision of the event found unreadable. */
  readonly revision: bigint;
  /** What is wrong with it, as a sentence fragment. */
  readonly reason: string;
  /**
   * When the projection's own codec refused the model: each problem with its JSON path in the
   * model (e.g. `records[3][5]`) and what was expected there.
   */
  readonly issues?: readonly DecodeIssue[];
}

/** Every failure of a checkpoint store of its own. */
export type CheckpointFailure = CheckpointFenced | CheckpointUnreadable;

const revision = (r: bigint | 'no_stream'): string => (r === 'no_stream' ? 'no stream' : `revision ${r}`);

/** A sentence describing a checkpoint failure, with what to do. */
export const describeCheckpointFailure = (f: CheckpointFailure): string => {
  switch (f._tag) {
    case 'CheckpointFenced':
      return (
        `The checkpoint stream ${f.streamName} was written by another runner${f.otherWriter === undefined ? '' : ` (writer ${f.otherWriter})`} ` +
        `since this one last read or wrote it (expected ${revision(f.expected)}, found ${revision(f.actual)}): two runners are saving projection ${f.projection}. ` +
        'This runner no longer saves it; stop one of them, or restart this one to take over from the newest checkpoint.'
      );
    case 'CheckpointUnreadable':
      return (
        `The checkpoint of projection ${f.projection} (${f.streamName}@${f.revision}) cannot be read: ${f.reason}. ` +
        'Rebuild the projection (ProjectionRunner.rebuild() deletes the checkpoint and folds the log again), or give this store another stream prefix.'
      );
  }
};

/** The Error a checkpoint store rejects with for a {@link CheckpointFailure}; `error` holds the tagged cause. */
export class CheckpointError extends Error {
  override readonly name = 'CheckpointError';
  constructor(readonly error: CheckpointFailure) {
    super(describeCheckpointFailure(error));
  }
}

/** True when `e` is a {@link CheckpointError} saying another runner took the checkpoint over. */
export const isCheckpointFenced = (e: unknown): e is CheckpointError & { readonly error: CheckpointFenced } =>
  e instanceof CheckpointError && e.error._tag === 'CheckpointFenced';
