/**
 * Reads a classic `Streams.Append` call (options first, then one proposed message per event)
 * and rejects what EventStoreDB rejects: a missing `type` or `content-type` metadata entry,
 * an id that is not a UUID, more than the maximum append size (1 MiB by default), counted as
 * the node counts it: data + metadata + 2 × the type's length.
 */
import { status, type ServiceError } from '@grpc/grpc-js';
import type { AppendReq } from '@eventstore/db-client/generated/streams_pb';
import type { ExpectedState, ProposedEvent } from './fakeLog';
import { isUuid, readUuid, serviceError, streamNameOf } from './fakeMessages';
import { sizeOnDisk } from './fakeBatchAppend';

/** EventStoreDB's default `MaxAppendSize` (1 MiB up to KurrentDB 25.0). */
export const MAX_APPEND_SIZE = 1024 * 1024;

/** A decoded Append call, or the error status the server answers. */
export type AppendRequest =
  | {
      readonly kind: 'append';
      readonly streamName: string;
      readonly expected: ExpectedState;
      readonly events: readonly ProposedEvent[];
    }
  | { readonly kind: 'invalid'; readonly error: ServiceError };

const invalid = (error: ServiceError): AppendRequest => ({ kind: 'invalid', error });

const expectedOf = (options: AppendReq.Options): ExpectedState | undefined => {
  if (options.hasRevision()) return { kind: 'revision', revision: BigInt(options.getRevision()) };
  if (options.hasNoStream()) return { kind: 'no_stream' };
  if (options.hasStreamExists()) return { kind: 'stream_exists' };
  if (options.hasAny()) return { kind: 'any' };
  return undefined;
};

const missingMetadata = (property: string): ServiceError =>
  serviceError(status.INVALID_ARGUMENT, `Required metadata property ${property} is missing`, {
    exception: 'missing-required-metadata-property',
    'required-metadata-properties': 'type,content-type',
  });

/** Decodes the messages of one Append call. */
export const parseAppend = (messages: readonly AppendReq[], maxAppendSize = MAX_APPEND_SIZE): AppendRequest => {
  const [header, ...rest] = messages;
  const options = header?.getOptions();
  const expected = options === undefined ? undefined : expectedOf(options);
  if (options === undefined || expected === undefined) {
    return invalid(serviceError(status.INTERNAL, 'Exception was thrown by handler.'));
  }
  const events: ProposedEvent[] = [];
  let size = 0;
  for (const message of rest) {
    const proposed = message.getProposedMessage();
    if (proposed === undefined) return invalid(serviceError(status.INTERNAL, 'Exception was thrown by handler.'));
    const id = readUuid(proposed.getId());
    // The server parses the id into a Guid; a malformed one is an unhandled exception.
    if (id === undefined || !isUuid(id)) return invalid(serviceError(status.UNKNOWN, 'Exception was thrown by handler.'));
    const metadata = proposed.getMetadataMap();
    const type = metadata.get('type');
    if (type === undefined) return invalid(missingMetadata('type'));
    const contentType = metadata.get('content-type');
    if (contentType === undefined) return invalid(missingMetadata('content-type'));
    const data = proposed.getData_asU8();
    const customMetadata = proposed.getCustomMetadata_asU8();
    size += sizeOnDisk(type, data, customMetadata);
    if (size > maxAppendSize) {
      return invalid(
        serviceError(status.INVALID_ARGUMENT, `Maximum Append Size of ${maxAppendSize} Exceeded.`, {
          exception: 'maximum-append-size-exceeded',
          'maximum-append-size': String(maxAppendSize),
        }),
      );
    }
    events.push({ id, type, contentType, data, customMetadata });
  }
  return { kind: 'append', streamName: streamNameOf(options.getStreamIdentifier()), expected, events };
};
