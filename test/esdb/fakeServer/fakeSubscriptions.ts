/**
 * Catch-up subscriptions (`subscription` option of Read), as EventStoreDB serves them:
 * a confirmation first, then the stored events after the start point (a stream revision or
 * an `$all` position, both exclusive), a CaughtUp message, then live events as they are
 * written. Filtered `$all` subscriptions also send a Checkpoint every checkpoint interval of
 * considered events, so a client can advance through events that do not match: during
 * catch-up at `{ commit: <post-position of the last record read>, prepare: 0 }`, once more
 * at the end of the catch-up (before CaughtUp), and live at the position of the event that
 * completed the interval (Enumerator.AllSubscriptionFiltered). A live subscription that
 * loses live events (here: {@link LiveSubscription.fallBehind}) says FellBehind, catches up
 * from the log and says CaughtUp again. Links are resolved when the request asks so.
 *
 * The fake is single-threaded: catch-up and the switch to live happen in one tick, so no
 * event can slip between them (a real server reconciles the two with positions).
 */
import { randomUUID } from 'node:crypto';
import type { ServerWritableStream } from '@grpc/grpc-js';
import type { ReadReq, ReadResp } from '@eventstore/db-client/generated/streams_pb';
import type { FakeLog, StoredEvent } from './fakeLog';
import { filterOf } from './fakeFilter';
import { caughtUpResp, checkpointResp, confirmationResp, fellBehindResp, streamNameOf } from './fakeMessages';
import { allPositionOf, comparePosition, respOf } from './fakeReads';

/** A running subscription call. */
export interface LiveSubscription {
  readonly call: ServerWritableStream<ReadReq, ReadResp>;
  /** Stops delivering live events (the call itself is left to the caller). */
  readonly stop: () => void;
  /** Plays a live-queue overflow: FellBehind, a checkpoint (filtered), then CaughtUp again; nothing is lost. */
  readonly fallBehind: () => void;
}

type Pick = (e: StoredEvent) => boolean;

const streamSelection = (stream: ReadReq.Options.StreamOptions): { pick: Pick; after: Pick } => {
  const name = streamNameOf(stream.getStreamIdentifier());
  const pick: Pick = (e) => e.streamName === name;
  if (stream.hasStart()) return { pick, after: () => true };
  if (stream.hasEnd()) return { pick, after: () => false };
  const revision = BigInt(stream.getRevision());
  return { pick, after: (e) => e.revision > revision };
};

const allSelection = (all: ReadReq.Options.AllOptions): { pick: Pick; after: Pick } => {
  const pick: Pick = () => true;
  if (all.hasStart()) return { pick, after: () => true };
  const position = allPositionOf(all);
  if (all.hasEnd() || position === undefined) return { pick, after: () => false };
  return { pick, after: (e) => comparePosition(e, position) > 0 };
};

/**
 * Starts serving a subscription on `call`; returns its handle once the catch-up is sent.
 * `sendCaughtUp` false plays a server older than 23.10, which does not say when it goes live.
 */
export const startSubscription = (
  log: FakeLog,
  options: ReadReq.Options,
  call: ServerWritableStream<ReadReq, ReadResp>,
  sendCaughtUp: boolean,
): LiveSubscription => {
  const stream = options.getStream();
  const all = options.getAll();
  const selection =
    options.hasStream() && stream !== undefined
      ? streamSelection(stream)
      : all !== undefined
        ? allSelection(all)
        : undefined;
  if (selection === undefined) throw new Error('Subscription without stream or all options');
  const filter = options.hasAll() ? filterOf(options) : undefined;
  // The last event or checkpoint sent towards the client, as (commit, prepare).
  let sent: { commit: bigint; prepare: bigint } | undefined = allPositionOf(all);
  let considered = 0;
  let live = false;
  const now = (): bigint => log.nowTicks();
  const checkpoint = (commit: bigint, prepare: bigint): void => {
    const later = sent === undefined || commit > sent.commit || (commit === sent.commit && prepare >= sent.prepare);
    if (!later) return;
    sent = { commit, prepare };
    call.write(checkpointResp(commit, prepare));
  };

  const deliver = (e: StoredEvent): void => {
    if (!selection.pick(e)) return;
    if (filter === undefined || filter.allows(e)) {
      call.write(respOf(log, options, e, now()));
      sent = { commit: e.position, prepare: e.position };
    }
    if (filter === undefined) return;
    considered += 1;
    if (considered >= filter.checkpointInterval) {
      considered = 0;
      if (live) checkpoint(e.position, e.position);
      else checkpoint(log.postPosition(e), 0n);
    }
  };
  const goLive = (): void => {
    // The end of a catch-up is always checkpointed, so a filtered subscriber moves past what did not match.
    if (filter !== undefined) checkpoint(log.end, 0n);
    if (sendCaughtUp) call.write(caughtUpResp());
    live = true;
  };

  call.write(confirmationResp(randomUUID()));
  for (const e of log.all()) if (selection.after(e)) deliver(e);
  goLive();
  const unsubscribe = log.onStored((e) => {
    if (live) deliver(e);
  });
  return {
    call,
    stop: unsubscribe,
    fallBehind: () => {
      if (sendCaughtUp) call.write(fellBehindResp());
      live = false;
      if (sent !== undefined && filter !== undefined) call.write(checkpointResp(sent.commit, sent.prepare));
      goLive();
    },
  };
};
