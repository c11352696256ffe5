/**
 * `Streams.Delete` (soft delete) and `Streams.Tombstone` (hard delete) as the node serves them
 * (Streams.Delete.cs): the expected revision is checked as for a write; a WrongExpectedVersion
 * is FAILED_PRECONDITION with the `wrong-expected-version` trailers, an already tombstoned
 * stream is StreamDeleted; success answers the position of the record written.
 */
import { status, type ServiceError } from '@grpc/grpc-js';
import { DeleteResp, type DeleteReq, TombstoneResp, type TombstoneReq } from '@eventstore/db-client/generated/streams_pb';
import { Empty } from '@eventstore/db-client/generated/shared_pb';
import type { DeleteOutcome, ExpectedState, FakeLog } from './fakeLog';
import { serviceError } from './fakeMessages';
import { streamDeletedError } from './fakeReads';

const expectedOf = (options: DeleteReq.Options | TombstoneReq.Options): ExpectedState => {
  if (options.hasRevision()) return { kind: 'revision', revision: BigInt(options.getRevision()) };
  if (options.hasNoStream()) return { kind: 'no_stream' };
  if (options.hasStreamExists()) return { kind: 'stream_exists' };
  return { kind: 'any' };
};

/** ExpectedVersion as the node prints it: -1 no stream, -2 any, -4 stream exists. */
const versionNumber = (expected: ExpectedState): string => {
  switch (expected.kind) {
    case 'no_stream':
      return '-1';
    case 'any':
      return '-2';
    case 'stream_exists':
      return '-4';
    case 'revision':
      return expected.revision.toString();
  }
};

/** Deletes or tombstones a stream; the error status to answer, or the outcome. */
export const deleteStream = (
  log: FakeLog,
  kind: 'delete' | 'tombstone',
  streamName: string,
  options: DeleteReq.Options | TombstoneReq.Options,
): Extract<DeleteOutcome, { kind: 'deleted' }> | ServiceError => {
  const expected = expectedOf(options);
  const outcome = kind === 'delete' ? log.softDelete(streamName, expected) : log.tombstone(streamName, expected);
  switch (outcome.kind) {
    case 'deleted':
      return outcome;
    case 'already_deleted':
      return streamDeletedError(streamName);
    case 'wrong_expected_version': {
      const actual = outcome.currentRevision?.toString() ?? '-1';
      return serviceError(
        status.FAILED_PRECONDITION,
        `Delete failed due to WrongExpectedVersion. Stream: ${streamName}, Expected version: ${versionNumber(expected)}, Actual version: ${actual}`,
        { exception: 'wrong-expected-version', 'stream-name': streamName, 'expected-version': versionNumber(expected), 'actual-version': actual },
      );
    }
  }
};

/** The answer to a successful soft delete. */
export const deleteResp = (position: bigint | undefined): DeleteResp =>
  position === undefined
    ? new DeleteResp().setNoPosition(new Empty())
    : new DeleteResp().setPosition(new DeleteResp.Position().setCommitPosition(position.toString()).setPreparePosition(position.toString()));

/** The answer to a successful tombstone. */
export const tombstoneResp = (position: bigint | undefined): TombstoneResp =>
  position === undefined
    ? new TombstoneResp().setNoPosition(new Empty())
    : new TombstoneResp().setPosition(new TombstoneResp.Position().setCommitPosition(position.toString()).setPreparePosition(position.toString()));
