/**
 * Builds and reads the gRPC messages of EventStoreDB's Streams service with the client's own
 * generated classes (their serializers check `instanceof`). int64 fields travel as strings.
 */
import { Metadata, status, type ServiceError } from '@grpc/grpc-js';
import { AppendResp, ReadResp } from '@eventstore/db-client/generated/streams_pb';
import { Empty, StreamIdentifier, UUID } from '@eventstore/db-client/generated/shared_pb';
import type { ExpectedState, StoredEvent } from './fakeLog';

const hexOf = (uuid: string): string => uuid.replace(/-/g, '').toLowerCase();

const formatUuid = (hex: string): string =>
  `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The server parses ids into Guids: an id that is not a UUID fails the whole call. */
export const isUuid = (s: string): boolean => UUID_PATTERN.test(s);

/** Reads a UUID message in either of its forms; undefined when absent. */
export const readUuid = (uuid: UUID | undefined): string | undefined => {
  if (uuid === undefined) return undefined;
  const structured = uuid.getStructured();
  if (uuid.hasStructured() && structured !== undefined) {
    const high = BigInt.asUintN(64, BigInt(structured.getMostSignificantBits()));
    const low = BigInt.asUintN(64, BigInt(structured.getLeastSignificantBits()));
    return formatUuid(high.toString(16).padStart(16, '0') + low.toString(16).padStart(16, '0'));
  }
  return uuid.getString().toLowerCase();
};

const writeUuid = (id: string, structured: boolean): UUID => {
  const uuid = new UUID();
  if (!structured) return uuid.setString(id);
  const hex = hexOf(id);
  const bits = new UUID.Structured()
    .setMostSignificantBits(BigInt.asIntN(64, BigInt(`0x${hex.slice(0, 16)}`)).toString())
    .setLeastSignificantBits(BigInt.asIntN(64, BigInt(`0x${hex.slice(16)}`)).toString());
  return uuid.setStructured(bits);
};

/** The UTF-8 stream name of a StreamIdentifier. */
export const streamNameOf = (identifier: StreamIdentifier | undefined): string =>
  identifier === undefined ? '' : Buffer.from(identifier.getStreamName_asU8()).toString('utf8');

const identifierOf = (streamName: string): StreamIdentifier =>
  new StreamIdentifier().setStreamName(Uint8Array.from(Buffer.from(streamName, 'utf8')));

const recordedEvent = (e: StoredEvent, structuredIds: boolean): ReadResp.ReadEvent.RecordedEvent => {
  const recorded = new ReadResp.ReadEvent.RecordedEvent()
    .setId(writeUuid(e.id, structuredIds))
    .setStreamIdentifier(identifierOf(e.streamName))
    .setStreamRevision(e.revision.toString())
    .setCommitPosition(e.position.toString())
    .setPreparePosition(e.position.toString())
    .setData(e.data)
    .setCustomMetadata(e.customMetadata);
  recorded
    .getMetadataMap()
    .set('type', e.type)
    .set('content-type', e.contentType)
    .set('created', e.createdTicks.toString());
  return recorded;
};

/**
 * A ReadResp carrying one recorded event, each record with its own `$all` position, the
 * ReadEvent with the position of the record read (the link's, for a link). With `link`, the
 * event is the one the link points to (`undefined` when it could not be resolved: the link
 * comes alone, as the node sends a failed resolution).
 */
export const eventResp = (e: StoredEvent | undefined, structuredIds: boolean, link?: StoredEvent): ReadResp => {
  const readEvent = new ReadResp.ReadEvent();
  if (e !== undefined) readEvent.setEvent(recordedEvent(e, structuredIds));
  if (link !== undefined) readEvent.setLink(recordedEvent(link, structuredIds));
  const original = link ?? e;
  if (original !== undefined) readEvent.setCommitPosition(original.position.toString());
  return new ReadResp().setEvent(readEvent);
};

/** First message of every subscription. */
export const confirmationResp = (subscriptionId: string): ReadResp =>
  new ReadResp().setConfirmation(new ReadResp.SubscriptionConfirmation().setSubscriptionId(subscriptionId));

/**
 * Sent by filtered `$all` subscriptions every checkpoint interval of considered events: during
 * catch-up at `{ commit: post-position of the last record read, prepare: 0 }` (AllReader's
 * next position), live at the position of the event that completed the interval.
 */
export const checkpointResp = (commit: bigint, prepare: bigint): ReadResp =>
  new ReadResp().setCheckpoint(new ReadResp.Checkpoint().setCommitPosition(commit.toString()).setPreparePosition(prepare.toString()));

/** Sent when a subscription switches from catch-up to live (servers 23.10 and later), again after each FellBehind. */
export const caughtUpResp = (): ReadResp => new ReadResp().setCaughtUp(new ReadResp.CaughtUp());

/** Sent when a live subscription lost live events and goes back to catching up from the log. */
export const fellBehindResp = (): ReadResp => new ReadResp().setFellBehind(new ReadResp.FellBehind());

/** The answer to a read of a stream that has no events. */
export const streamNotFoundResp = (streamName: string): ReadResp =>
  new ReadResp().setStreamNotFound(new ReadResp.StreamNotFound().setStreamIdentifier(identifierOf(streamName)));

/** A successful append (also the answer to an idempotent re-append). */
export const appendSuccess = (currentRevision: bigint | undefined, position: bigint | undefined): AppendResp => {
  const success = new AppendResp.Success();
  if (currentRevision === undefined) success.setNoStream(new Empty());
  else success.setCurrentRevision(currentRevision.toString());
  if (position === undefined) success.setNoPosition(new Empty());
  else success.setPosition(new AppendResp.Position().setCommitPosition(position.toString()).setPreparePosition(position.toString()));
  return new AppendResp().setSuccess(success);
};

/** The WrongExpectedVersion answer, carrying the stream's actual and the caller's expected revision. */
export const appendWrongExpectedVersion = (currentRevision: bigint | undefined, expected: ExpectedState): AppendResp => {
  const wrong = new AppendResp.WrongExpectedVersion();
  if (currentRevision === undefined) wrong.setCurrentNoStream(new Empty());
  else wrong.setCurrentRevision(currentRevision.toString());
  switch (expected.kind) {
    case 'any':
      wrong.setExpectedAny(new Empty());
      break;
    case 'no_stream':
      wrong.setExpectedNoStream(new Empty());
      break;
    case 'stream_exists':
      wrong.setExpectedStreamExists(new Empty());
      break;
    case 'revision':
      wrong.setExpectedRevision(expected.revision.toString());
      break;
  }
  return new AppendResp().setWrongExpectedVersion(wrong);
};

/** A gRPC error status as the server sends it, with EventStoreDB's `exception` trailers. */
export const serviceError = (code: status, details: string, trailers: Record<string, string> = {}): ServiceError => {
  const metadata = new Metadata();
  for (const [key, value] of Object.entries(trailers)) metadata.set(key, value);
  return Object.assign(new Error(`${code} ${status[code]}: ${details}`), { code, details, metadata });
};
