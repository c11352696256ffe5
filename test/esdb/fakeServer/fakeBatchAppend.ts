/**
 * `Streams.BatchAppend` (bidirectional) as EventStoreDB serves it (Streams.BatchAppend.cs):
 * requests carry a correlation id; the first request of a batch has the options (stream,
 * expected revision, deadline); a batch may span several requests and is written when the
 * one marked `is_final` arrives. Each batch is answered on its own, success or failure
 * (see fakeBatchMessages.ts); batches of one call are independent.
 *
 * Per batch, as the node checks them: write access (AccessDenied); an expired deadline —
 * the batch's time budget is the smaller of the client's deadline and the node's write
 * timeout — answers Timeout without writing; the running size, counted as the node counts
 * it (data + metadata + 2 × the type's UTF-16 length), must stay within the maximum append
 * size (MaximumAppendSizeExceeded as soon as it is passed; the rest of the batch is ignored);
 * a proposed message without `type`/`content-type` or with an id that is not a UUID is a
 * BadRequest.
 */
import { status, type ServerDuplexStream, type ServiceError } from '@grpc/grpc-js';
import type { BatchAppendReq, BatchAppendResp } from '@eventstore/db-client/generated/streams_pb';
import type { UUID } from '@eventstore/db-client/generated/shared_pb';
import type { AppendOutcome, ExpectedState, FakeLog, ProposedEvent } from './fakeLog';
import { batchFailed, batchSucceeded, type BatchFailure } from './fakeBatchMessages';
import { isUuid, readUuid, streamNameOf } from './fakeMessages';

/** What a batch fault makes the node answer (see the server's `Fault`). */
export type BatchFaultAnswer =
  | { readonly kind: 'batch'; readonly failure: BatchFailure; readonly delayMs?: number }
  /** The whole call fails: every batch still in flight on it is lost with it. */
  | { readonly kind: 'call'; readonly error: ServiceError };

/** What the BatchAppend handler needs from the server. */
export interface BatchAppendDeps {
  readonly log: FakeLog;
  readonly maxAppendSize: number;
  readonly writeTimeoutMs: number;
  readonly idempotentPosition: boolean;
  readonly mayWrite: (streamName: string) => boolean;
  /** Called when the first request of a batch (the one with its options) arrives. */
  readonly onBatch: () => void;
  /** Called once per complete batch; the fault to play for it, if any, and whether it applies after storing. */
  readonly nextBatch: () => { readonly answer: BatchFaultAnswer; readonly afterStore: boolean } | undefined;
}

interface PendingBatch {
  readonly streamName: string;
  readonly expected: ExpectedState;
  readonly events: ProposedEvent[];
  size: number;
}

const expectedOf = (options: BatchAppendReq.Options): ExpectedState | undefined => {
  if (options.hasStreamPosition()) return { kind: 'revision', revision: BigInt(options.getStreamPosition()) };
  if (options.hasNoStream()) return { kind: 'no_stream' };
  if (options.hasStreamExists()) return { kind: 'stream_exists' };
  if (options.hasAny()) return { kind: 'any' };
  return undefined;
};

/** Event.SizeOnDisk: data + metadata + the type's length twice (.NET strings are UTF-16). */
export const sizeOnDisk = (type: string, data: Uint8Array, metadata: Uint8Array): number => data.length + metadata.length + type.length * 2;

/** Serves one BatchAppend call. */
export const serveBatchAppend = (call: ServerDuplexStream<BatchAppendReq, BatchAppendResp>, deps: BatchAppendDeps): void => {
  const pending = new Map<string, PendingBatch>();
  let delayed = 0;
  let clientDone = false;
  let failed = false;

  const send = (resp: BatchAppendResp): void => {
    if (!failed && !call.cancelled) call.write(resp);
  };
  const endIfIdle = (): void => {
    if (clientDone && delayed === 0 && !failed && !call.cancelled) call.end();
  };
  const answer = (correlationId: UUID, streamName: string, outcome: AppendOutcome, expected: ExpectedState): BatchAppendResp => {
    switch (outcome.kind) {
      case 'wrong_expected_version':
        return batchFailed(correlationId, streamName, { kind: 'wrong_expected_version', currentRevision: outcome.currentRevision, expected });
      case 'deleted':
        return batchFailed(correlationId, streamName, { kind: 'stream_deleted' });
      case 'written':
      case 'idempotent':
        return batchSucceeded(
          correlationId,
          streamName,
          outcome.currentRevision,
          outcome.kind === 'idempotent' && !deps.idempotentPosition ? undefined : outcome.position,
        );
    }
  };

  const complete = (correlationId: UUID, batch: PendingBatch): void => {
    const fault = deps.nextBatch();
    if (fault === undefined || fault.afterStore) {
      const outcome = deps.log.append(batch.streamName, batch.expected, batch.events);
      if (fault === undefined) return send(answer(correlationId, batch.streamName, outcome, batch.expected));
    }
    const played = fault.answer;
    if (played.kind === 'call') {
      failed = true;
      call.emit('error', played.error);
      return;
    }
    const resp = batchFailed(correlationId, batch.streamName, played.failure);
    if (played.delayMs === undefined) return send(resp);
    delayed += 1;
    setTimeout(() => {
      delayed -= 1;
      send(resp);
      endIfIdle();
    }, played.delayMs);
  };

  call.on('data', (request: BatchAppendReq) => {
    const correlationId = request.getCorrelationId();
    const key = readUuid(correlationId);
    if (correlationId === undefined || key === undefined) {
      failed = true;
      call.emit('error', Object.assign(new Error('Exception was thrown by handler.'), { code: status.UNKNOWN, details: 'Exception was thrown by handler.' }));
      return;
    }
    const options = request.getOptions();
    if (options !== undefined) {
      deps.onBatch();
      const streamName = streamNameOf(options.getStreamIdentifier());
      const expected = expectedOf(options);
      if (!deps.mayWrite(streamName)) return send(batchFailed(correlationId, streamName, { kind: 'access_denied' }));
      if (!options.hasStreamIdentifier() || expected === undefined) {
        return send(batchFailed(correlationId, streamName, { kind: 'bad_request', message: 'Required field StreamIdentifier not set.' }));
      }
      const deadline = options.getDeadline();
      const clientBudget = deadline === undefined ? Infinity : deadline.toDate().getTime() - Date.now();
      if (Math.min(clientBudget, deps.writeTimeoutMs) <= 0) return send(batchFailed(correlationId, streamName, { kind: 'timeout' }));
      if (!pending.has(key)) pending.set(key, { streamName, expected, events: [], size: 0 });
    }
    const batch = pending.get(key);
    if (batch === undefined) return; // unknown, refused or oversized batch: the rest of it is ignored
    for (const message of request.getProposedMessagesList()) {
      const id = readUuid(message.getId());
      const metadata = message.getMetadataMap();
      const type = metadata.get('type');
      const contentType = metadata.get('content-type');
      if (id === undefined || !isUuid(id) || type === undefined || contentType === undefined) {
        pending.delete(key);
        const why = type === undefined || contentType === undefined ? "The given key was not present in the dictionary." : 'Unrecognized Guid format.';
        return send(batchFailed(correlationId, batch.streamName, { kind: 'bad_request', message: why }));
      }
      const data = message.getData_asU8();
      const customMetadata = message.getCustomMetadata_asU8();
      batch.size += sizeOnDisk(type, data, customMetadata);
      batch.events.push({ id, type, contentType, data, customMetadata });
    }
    if (batch.size > deps.maxAppendSize) {
      pending.delete(key);
      return send(batchFailed(correlationId, batch.streamName, { kind: 'max_append_size', maxAppendSize: deps.maxAppendSize }));
    }
    if (!request.getIsFinal()) return;
    pending.delete(key);
    complete(correlationId, batch);
  });
  call.on('error', () => undefined); // the client went away: nothing to answer
  call.on('end', () => {
    clientDone = true;
    endIfIdle();
  });
};
