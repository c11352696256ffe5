/**
 * The messages of `Streams.BatchAppend` as EventStoreDB builds them (Streams.BatchAppend.cs,
 * Status.cs): a batch succeeds with its revision and position, or fails with a
 * `google.rpc.Status` whose `details` is an `Any` the client unpacks by type name:
 * WrongExpectedVersion (ALREADY_EXISTS), StreamDeleted (NOT_FOUND), AccessDenied
 * (PERMISSION_DENIED), Timeout (DEADLINE_EXCEEDED), MaximumAppendSizeExceeded
 * (INVALID_ARGUMENT), BadRequest (INVALID_ARGUMENT). A node that is not ready or too busy
 * answers the batch with `Empty` details, code OK and the reason as the message, which
 * @eventstore/db-client 6.x surfaces as `UnknownError("Could not recognize Server Is Not Ready")`.
 */
import { Any } from 'google-protobuf/google/protobuf/any_pb';
import { Empty as WellKnownEmpty } from 'google-protobuf/google/protobuf/empty_pb';
import { status as grpcStatus } from '@grpc/grpc-js';
import { BatchAppendResp } from '@eventstore/db-client/generated/streams_pb';
import { Status } from '@eventstore/db-client/generated/status_pb';
import {
  AccessDenied,
  AllStreamPosition,
  BadRequest,
  MaximumAppendSizeExceeded,
  StreamDeleted,
  StreamIdentifier,
  Timeout,
  type UUID,
  WrongExpectedVersion,
} from '@eventstore/db-client/generated/shared_pb';
import type { ExpectedState } from './fakeLog';

const identifierOf = (streamName: string): StreamIdentifier =>
  new StreamIdentifier().setStreamName(Uint8Array.from(Buffer.from(streamName, 'utf8')));

const packed = (message: { serializeBinary(): Uint8Array }, typeName: string): Any => {
  const any = new Any();
  any.pack(message.serializeBinary(), typeName);
  return any;
};

const statusOf = (code: grpcStatus, message: string, details: Any): Status =>
  new Status().setCode(Number(code)).setMessage(message).setDetails(details);

/** Why a batch failed, as the node reports it. */
export type BatchFailure =
  | { readonly kind: 'wrong_expected_version'; readonly currentRevision: bigint | undefined; readonly expected: ExpectedState }
  | { readonly kind: 'stream_deleted' }
  | { readonly kind: 'access_denied' }
  | { readonly kind: 'timeout' }
  | { readonly kind: 'max_append_size'; readonly maxAppendSize: number }
  | { readonly kind: 'bad_request'; readonly message: string }
  /** ClientMessage.NotHandled: NotReady ("Server Is Not Ready") or TooBusy ("Server Is Busy"). */
  | { readonly kind: 'not_handled'; readonly reason: 'not_ready' | 'too_busy' };

const wrongExpectedVersion = (currentRevision: bigint | undefined, expected: ExpectedState): WrongExpectedVersion => {
  const details = new WrongExpectedVersion();
  if (currentRevision === undefined) details.setCurrentNoStream(new WellKnownEmpty());
  else details.setCurrentStreamRevision(currentRevision.toString());
  switch (expected.kind) {
    case 'any':
      return details.setExpectedAny(new WellKnownEmpty());
    case 'no_stream':
      return details.setExpectedNoStream(new WellKnownEmpty());
    case 'stream_exists':
      return details.setExpectedStreamExists(new WellKnownEmpty());
    case 'revision':
      return details.setExpectedStreamPosition(expected.revision.toString());
  }
};

/** The google.rpc.Status of a failed batch. */
export const batchStatus = (failure: BatchFailure, streamName: string): Status => {
  switch (failure.kind) {
    case 'wrong_expected_version':
      return statusOf(
        grpcStatus.ALREADY_EXISTS,
        'WrongExpectedVersion',
        packed(wrongExpectedVersion(failure.currentRevision, failure.expected), 'event_store.client.WrongExpectedVersion'),
      );
    case 'stream_deleted':
      return statusOf(
        grpcStatus.NOT_FOUND,
        'StreamDeleted',
        packed(new StreamDeleted().setStreamIdentifier(identifierOf(streamName)), 'event_store.client.StreamDeleted'),
      );
    case 'access_denied':
      return statusOf(grpcStatus.PERMISSION_DENIED, 'AccessDenied', packed(new AccessDenied(), 'event_store.client.AccessDenied'));
    case 'timeout':
      return statusOf(grpcStatus.DEADLINE_EXCEEDED, 'Timeout', packed(new Timeout(), 'event_store.client.Timeout'));
    case 'max_append_size':
      return statusOf(
        grpcStatus.INVALID_ARGUMENT,
        'MaximumAppendSizeExceeded',
        packed(new MaximumAppendSizeExceeded().setMaxappendsize(failure.maxAppendSize), 'event_store.client.MaximumAppendSizeExceeded'),
      );
    case 'bad_request':
      return statusOf(grpcStatus.INVALID_ARGUMENT, 'BadRequest', packed(new BadRequest().setMessage(failure.message), 'event_store.client.BadRequest'));
    case 'not_handled':
      // The node leaves the code unset (OK) and packs a google.protobuf.Empty.
      return statusOf(
        grpcStatus.OK,
        failure.reason === 'not_ready' ? 'Server Is Not Ready' : 'Server Is Busy',
        packed(new WellKnownEmpty(), 'google.protobuf.Empty'),
      );
  }
};

/** A failed batch. */
export const batchFailed = (correlationId: UUID, streamName: string, failure: BatchFailure): BatchAppendResp =>
  new BatchAppendResp()
    .setCorrelationId(correlationId)
    .setStreamIdentifier(identifierOf(streamName))
    .setError(batchStatus(failure, streamName));

/** A written (or idempotently repeated) batch: the stream's revision and the position of its last event. */
export const batchSucceeded = (
  correlationId: UUID,
  streamName: string,
  currentRevision: bigint | undefined,
  position: bigint | undefined,
): BatchAppendResp => {
  const success = new BatchAppendResp.Success();
  if (currentRevision === undefined) success.setNoStream(new WellKnownEmpty());
  else success.setCurrentRevision(currentRevision.toString());
  if (position === undefined) success.setNoPosition(new WellKnownEmpty());
  else success.setPosition(new AllStreamPosition().setCommitPosition(position.toString()).setPreparePosition(position.toString()));
  return new BatchAppendResp().setCorrelationId(correlationId).setStreamIdentifier(identifierOf(streamName)).setSuccess(success);
};
