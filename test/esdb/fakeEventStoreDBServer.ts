/**
 * An in-process EventStoreDB stand-in speaking the real gRPC protocol on 127.0.0.1, built on
 * the client's own generated service definitions, so the production adapter and the real
 * `@eventstore/db-client` can be tested end to end without a server install.
 *
 * By default it plays a 24.10 node: `ServerFeatures.GetSupportedMethods` reports the version
 * and advertises `Streams.BatchAppend`, so the client appends through BatchAppend as against
 * a real node. It serves `Streams.BatchAppend` and `Streams.Append` (classic), `Streams.Read`
 * (stream and `$all` reads, catch-up subscriptions), `Streams.Delete` (soft delete) and
 * `Streams.Tombstone`; honours stream metadata on reads; resolves links on request; and, in
 * secure mode, authenticates users over TLS and applies EventStoreDB's ACLs. `serverVersion:
 * false` plays a 20.x node (ServerFeatures UNIMPLEMENTED: the client stays on classic Append).
 * Test hooks inject failures, drop subscriptions or make them fall behind, and count calls.
 */
import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import {
  Server,
  ServerCredentials,
  status,
  type sendUnaryData,
  type ServerDuplexStream,
  type ServerReadableStream,
  type ServerUnaryCall,
  type ServerWritableStream,
  type Metadata,
  type ServiceError,
} from '@grpc/grpc-js';
import { StreamsService } from '@eventstore/db-client/generated/streams_grpc_pb';
import { ServerFeaturesService } from '@eventstore/db-client/generated/serverfeatures_grpc_pb';
import type {
  AppendReq,
  AppendResp,
  BatchAppendReq,
  BatchAppendResp,
  DeleteReq,
  DeleteResp,
  ReadReq,
  ReadResp,
  TombstoneReq,
  TombstoneResp,
} from '@eventstore/db-client/generated/streams_pb';
import type { SupportedMethods } from '@eventstore/db-client/generated/serverfeatures_pb';
import type { Empty } from '@eventstore/db-client/generated/shared_pb';
import { FakeLog } from './fakeServer/fakeLog';
import { appendSuccess, appendWrongExpectedVersion, serviceError, streamNameOf } from './fakeServer/fakeMessages';
import { MAX_APPEND_SIZE, parseAppend } from './fakeServer/fakeAppendRequest';
import { readOnce, streamDeletedError } from './fakeServer/fakeReads';
import { startSubscription, type LiveSubscription } from './fakeServer/fakeSubscriptions';
import { serveBatchAppend, type BatchFaultAnswer } from './fakeServer/fakeBatchAppend';
import { supportedMethods } from './fakeServer/fakeServerFeatures';
import { DEFAULT_ADMIN, callerOf, mayAccess, type Caller, type FakeUser, type StreamAction } from './fakeServer/fakeAuth';
import { deleteResp, deleteStream, tombstoneResp } from './fakeServer/fakeDelete';

export type { FakeUser } from './fakeServer/fakeAuth';

/** Which kind of call a fault applies to. */
export type FaultTarget = 'append' | 'read' | 'subscribe';

/**
 * A failure the server answers instead of (or, for appends, after) doing the work. An
 * `append` fault applies to the next classic Append call or the next complete batch of a
 * BatchAppend call, each the way the node fails there.
 */
export interface Fault {
  /**
   * - `unavailable` (default): the call fails with UNAVAILABLE (on BatchAppend the whole
   *   call, with every batch in flight on it, as when a node goes away mid-batch);
   * - `deadline_exceeded`: DEADLINE_EXCEEDED (on BatchAppend, the batch's Timeout);
   * - `not_leader`: NOT_FOUND with the leader's address (pointing back at this server);
   * - `not_ready` / `too_busy` (appends): the node's NotHandled answer — UNAVAILABLE
   *   "Server Is Not Ready" / "Server Is Too Busy" on Append, a per-batch error with `Empty`
   *   details ("Server Is Not Ready" / "Server Is Busy") on BatchAppend;
   * - `write_timeout` (appends): the node's write timeout — after `writeTimeoutMs`, ABORTED
   *   "Operation timed out" on Append, a per-batch Timeout (DEADLINE_EXCEEDED) on BatchAppend;
   * - `internal`: an unhandled server exception that retrying will not fix (UNKNOWN on
   *   Append and reads, a per-batch BadRequest on BatchAppend).
   */
  readonly code?: 'unavailable' | 'deadline_exceeded' | 'not_leader' | 'not_ready' | 'too_busy' | 'write_timeout' | 'internal';
  /** Appends only: store the events, then fail — the answer is lost, the write is not. */
  readonly afterStore?: boolean;
}

/** How many calls of each kind the server received. */
export interface CallCounts {
  /** Classic `Streams.Append` calls. */
  append: number;
  /** Batches received on `Streams.BatchAppend` calls (one per client append). */
  batchAppend: number;
  /** `Streams.BatchAppend` calls (the client keeps one open and sends every batch on it). */
  batchAppendCalls: number;
  read: number;
  subscribe: number;
  serverFeatures: number;
  delete: number;
  tombstone: number;
}

/** Options of {@link FakeEventStoreDBServer.start}. */
export interface FakeServerOptions {
  /**
   * Write a few system events first, as a fresh node does (`$metadata`, `$UserCreated`…),
   * so readers meet `$`-typed events in `$all` as on a real server. Default: true.
   */
  readonly systemEvents?: boolean;
  /** Send CaughtUp when a subscription goes live, as servers 23.10 and later do. Default: true. */
  readonly caughtUp?: boolean;
  /**
   * Answer a repeated (idempotent) batch with the position of its last event. A server that
   * cannot tell it yet (EventStoreDB's "idempotent, not ready" case) answers `no_position`:
   * set false to play that. Default: true.
   */
  readonly idempotentPosition?: boolean;
  /** Called with the options of every Read request (reads and subscriptions), to see what a client asks. */
  readonly onRead?: (options: ReadReq.Options) => void;
  /**
   * The version ServerFeatures reports, e.g. `'24.10.0'` (default), with BatchAppend among
   * the supported methods as every node since 21.10 advertises it. `false` plays a 20.x node:
   * GetSupportedMethods answers UNIMPLEMENTED, the client treats it as 20.10 and appends
   * through classic Append.
   */
  readonly serverVersion?: string | false;
  /** The node's `MaxAppendSize`, in bytes as the node counts them. Default: 1 MiB. */
  readonly maxAppendSize?: number;
  /** The node's write timeout (`WriteTimeoutMs`), in ms: a batch's time budget and how late a `write_timeout` fault answers. Default: 2000. */
  readonly writeTimeoutMs?: number;
  /**
   * Secure mode: TLS (a node certificate for 127.0.0.1 signed by a test CA, see `tlsCAFile`), basic
   * authentication and EventStoreDB's ACLs (see fakeServer/fakeAuth.ts). `admin` /
   * `changeit` (group `$admins`) always exists; `users` adds others. Default: insecure.
   */
  readonly secure?: { readonly users?: readonly FakeUser[] };
  /** The node's clock (ms since the epoch): `created` stamps and `$maxAge`. Default: `Date.now`. */
  readonly clock?: () => number;
}

const TLS_DIR = path.join(__dirname, 'fakeServer', 'tls');

/**
 * The CA certificate a client must trust to reach a secure fake node (`tlsCAFile=` in the
 * connection string). As on a real node (es-gencert-cli), the node's certificate is signed by
 * this CA, not self-signed: the KurrentDB client's bridge (rustls) refuses a CA certificate
 * presented as the server's own.
 */
export const tlsCAFile = path.join(TLS_DIR, 'ca.crt');

const bytes = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'utf8'));

/** The in-process fake EventStoreDB node. */
export class FakeEventStoreDBServer {
  /** The server's storage, for assertions (e.g. how many events were really written). */
  readonly log: FakeLog;
  /** Calls received so far, per kind. */
  readonly calls: CallCounts = { append: 0, batchAppend: 0, batchAppendCalls: 0, read: 0, subscribe: 0, serverFeatures: 0, delete: 0, tombstone: 0 };
  private readonly faults: Record<FaultTarget, Fault[]> = { append: [], read: [], subscribe: [] };
  private readonly subscriptions = new Set<LiveSubscription>();
  private readonly users: readonly FakeUser[];

  private constructor(
    private readonly server: Server,
    /** The TCP port the server listens on. */
    readonly port: number,
    private readonly options: FakeServerOptions,
  ) {
    this.users = options.secure === undefined ? [] : [DEFAULT_ADMIN, ...(options.secure.users ?? [])];
    this.log = new FakeLog(options.clock);
  }

  /** Starts a server on 127.0.0.1 on a free port. */
  static async start(options: FakeServerOptions = {}): Promise<FakeEventStoreDBServer> {
    const server = new Server();
    const credentials =
      options.secure === undefined
        ? ServerCredentials.createInsecure()
        : ServerCredentials.createSsl(null, [
            { cert_chain: readFileSync(path.join(TLS_DIR, 'node.crt')), private_key: readFileSync(path.join(TLS_DIR, 'node.key')) },
          ]);
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', credentials, (err, p) => (err ? reject(err) : resolve(p))),
    );
    const fake = new FakeEventStoreDBServer(server, port, options);
    fake.register();
    if (options.systemEvents ?? true) fake.writeSystemEvents();
    return fake;
  }

  /**
   * `esdb://127.0.0.1:<port>?tls=false`, optionally with credentials (`user:password`) in it;
   * in secure mode `?tls=true&tlsCAFile=…` (the client sends credentials only over TLS).
   */
  connectionString(credentials?: string): string {
    const userInfo = credentials === undefined ? '' : `${credentials}@`;
    const query = this.options.secure === undefined ? 'tls=false' : `tls=true&tlsCAFile=${encodeURIComponent(tlsCAFile)}`;
    return `esdb://${userInfo}127.0.0.1:${this.port}?${query}`;
  }

  /** The node's maximum append size, in bytes as it counts them. */
  get maxAppendSize(): number {
    return this.options.maxAppendSize ?? MAX_APPEND_SIZE;
  }

  /** The next `count` calls of `target` fail with `fault`. */
  failNext(target: FaultTarget, count: number, fault: Fault = {}): void {
    for (let i = 0; i < count; i += 1) this.faults[target].push(fault);
  }

  /**
   * Ends every live subscription, as a node restart would: with UNAVAILABLE (default), or
   * `'gracefully'` with an OK status, as a server closing its streams does; returns how many.
   */
  dropSubscriptions(how: 'unavailable' | 'gracefully' = 'unavailable'): number {
    const dropped = [...this.subscriptions];
    const error = how === 'unavailable' ? serviceError(status.UNAVAILABLE, 'Server is shutting down.') : undefined;
    for (const s of dropped) this.endSubscription(s, error);
    return dropped.length;
  }

  /**
   * Makes every live subscription fall behind, as when its live queue overflows: it says
   * FellBehind, catches up from the log and says CaughtUp again (servers 23.10 and later);
   * nothing is lost or repeated. Returns how many.
   */
  fallBehind(): number {
    for (const s of this.subscriptions) s.fallBehind();
    return this.subscriptions.size;
  }

  /** Live subscriptions being served now. */
  get liveSubscriptions(): number {
    return this.subscriptions.size;
  }

  /** Stops accepting calls, ends subscriptions and waits for the server to shut down. */
  async close(): Promise<void> {
    for (const s of [...this.subscriptions]) this.endSubscription(s);
    await new Promise<void>((resolve) => {
      const timer = setTimeout(() => {
        this.server.forceShutdown();
        resolve();
      }, 1000);
      this.server.tryShutdown(() => {
        clearTimeout(timer);
        resolve();
      });
    });
  }

  /** Drops every connection at once, without letting calls finish. */
  forceShutdown(): void {
    for (const s of [...this.subscriptions]) s.stop();
    this.subscriptions.clear();
    this.server.forceShutdown();
  }

  private register(): void {
    this.server.addService(StreamsService, {
      read: (call: ServerWritableStream<ReadReq, ReadResp>) => this.read(call),
      append: (call: ServerReadableStream<AppendReq, AppendResp>, callback: sendUnaryData<AppendResp>) =>
        this.append(call, callback),
      delete: (call: ServerUnaryCall<DeleteReq, DeleteResp>, callback: sendUnaryData<DeleteResp>) => {
        this.calls.delete += 1;
        this.deleteOrTombstone(call, 'delete', callback);
      },
      tombstone: (call: ServerUnaryCall<TombstoneReq, TombstoneResp>, callback: sendUnaryData<TombstoneResp>) => {
        this.calls.tombstone += 1;
        this.deleteOrTombstone(call, 'tombstone', callback);
      },
      batchAppend: (call: ServerDuplexStream<BatchAppendReq, BatchAppendResp>) => this.batchAppend(call),
    });
    this.server.addService(ServerFeaturesService, {
      getSupportedMethods: (_call: ServerUnaryCall<Empty, SupportedMethods>, callback: sendUnaryData<SupportedMethods>) => {
        this.calls.serverFeatures += 1;
        const version = this.options.serverVersion ?? '24.10.0';
        if (version === false) callback(serviceError(status.UNIMPLEMENTED, 'Method not found.'));
        else callback(null, supportedMethods(version));
      },
    });
  }

  /** Who calls, in secure mode; undefined when the node is insecure (everyone may do anything). */
  private callerOf(call: { readonly metadata: Metadata }): Caller | undefined {
    return this.options.secure === undefined ? undefined : callerOf(this.users, call.metadata);
  }

  /** UNAUTHENTICATED for wrong credentials, PERMISSION_DENIED (access-denied) when the ACL says no; undefined when allowed. */
  private refusal(caller: Caller | undefined, action: StreamAction, streamName: string): ServiceError | undefined {
    if (caller === undefined) return undefined;
    if (caller.kind === 'unauthenticated') return serviceError(status.UNAUTHENTICATED, 'Bad HTTP status code from the server: 401 (Unauthorized)');
    if (mayAccess(this.log, caller, action, streamName)) return undefined;
    return serviceError(status.PERMISSION_DENIED, 'Access Denied', { exception: 'access-denied' });
  }

  private faultError(fault: Fault): ServiceError {
    switch (fault.code ?? 'unavailable') {
      case 'deadline_exceeded':
        return serviceError(status.DEADLINE_EXCEEDED, 'Deadline Exceeded');
      case 'not_leader':
        return serviceError(status.NOT_FOUND, 'Leader info available', {
          exception: 'not-leader',
          'leader-endpoint-host': '127.0.0.1',
          'leader-endpoint-port': String(this.port),
        });
      case 'unavailable':
        return serviceError(status.UNAVAILABLE, 'Server is not ready.');
      case 'not_ready':
        return serviceError(status.UNAVAILABLE, 'Server Is Not Ready');
      case 'too_busy':
        return serviceError(status.UNAVAILABLE, 'Server Is Too Busy');
      case 'write_timeout':
        return serviceError(status.ABORTED, 'Operation timed out: Timed out waiting for the write to be committed.');
      case 'internal':
        return serviceError(status.UNKNOWN, 'Exception was thrown by handler.');
    }
  }

  /** How a fault shows on BatchAppend: per batch where the node answers per batch, else on the whole call. */
  private batchFaultAnswer(fault: Fault): BatchFaultAnswer {
    switch (fault.code ?? 'unavailable') {
      case 'not_ready':
        return { kind: 'batch', failure: { kind: 'not_handled', reason: 'not_ready' } };
      case 'too_busy':
        return { kind: 'batch', failure: { kind: 'not_handled', reason: 'too_busy' } };
      case 'deadline_exceeded':
        return { kind: 'batch', failure: { kind: 'timeout' } };
      case 'write_timeout':
        return { kind: 'batch', failure: { kind: 'timeout' }, delayMs: this.writeTimeoutMs };
      case 'internal':
        return { kind: 'batch', failure: { kind: 'bad_request', message: 'Exception was thrown by handler.' } };
      case 'unavailable':
      case 'not_leader':
        return { kind: 'call', error: this.faultError(fault) };
    }
  }

  private get writeTimeoutMs(): number {
    return this.options.writeTimeoutMs ?? 2000;
  }

  private batchAppend(call: ServerDuplexStream<BatchAppendReq, BatchAppendResp>): void {
    this.calls.batchAppendCalls += 1;
    const caller = this.callerOf(call);
    if (caller?.kind === 'unauthenticated') {
      call.emit('error', this.refusal(caller, 'write', ''));
      return;
    }
    serveBatchAppend(call, {
      log: this.log,
      maxAppendSize: this.maxAppendSize,
      writeTimeoutMs: this.writeTimeoutMs,
      idempotentPosition: this.options.idempotentPosition ?? true,
      mayWrite: (streamName) => this.refusal(caller, 'write', streamName) === undefined,
      onBatch: () => {
        this.calls.batchAppend += 1;
      },
      nextBatch: () => {
        const fault = this.faults.append.shift();
        return fault === undefined ? undefined : { answer: this.batchFaultAnswer(fault), afterStore: fault.afterStore === true };
      },
    });
  }

  private append(call: ServerReadableStream<AppendReq, AppendResp>, callback: sendUnaryData<AppendResp>): void {
    this.calls.append += 1;
    const caller = this.callerOf(call);
    const messages: AppendReq[] = [];
    call.on('data', (m: AppendReq) => messages.push(m));
    call.on('error', () => undefined); // the client went away: nothing to answer
    call.on('end', () => {
      const refused = this.refusal(caller, 'write', streamNameOf(messages[0]?.getOptions()?.getStreamIdentifier()));
      if (refused !== undefined) return callback(refused);
      const fault = this.faults.append.shift();
      if (fault !== undefined && fault.afterStore !== true) return this.answerLate(fault, () => callback(this.faultError(fault)));
      const request = parseAppend(messages, this.maxAppendSize);
      if (request.kind === 'invalid') return callback(request.error);
      const outcome = this.log.append(request.streamName, request.expected, request.events);
      if (fault !== undefined) return this.answerLate(fault, () => callback(this.faultError(fault)));
      if (outcome.kind === 'deleted') return callback(streamDeletedError(request.streamName));
      callback(
        null,
        outcome.kind === 'wrong_expected_version'
          ? appendWrongExpectedVersion(outcome.currentRevision, request.expected)
          : appendSuccess(
              outcome.currentRevision,
              outcome.kind === 'idempotent' && this.options.idempotentPosition === false ? undefined : outcome.position,
            ),
      );
    });
  }

  /** A write timeout answers when the timeout expires; other faults at once. */
  private answerLate(fault: Fault, answer: () => void): void {
    if (fault.code === 'write_timeout') setTimeout(answer, this.writeTimeoutMs);
    else answer();
  }

  private deleteOrTombstone<R>(
    call: ServerUnaryCall<DeleteReq | TombstoneReq, R>,
    kind: 'delete' | 'tombstone',
    callback: sendUnaryData<R>,
  ): void {
    const options = call.request.getOptions();
    const streamName = streamNameOf(options?.getStreamIdentifier());
    const refused = this.refusal(this.callerOf(call), 'delete', streamName);
    if (refused !== undefined) return callback(refused);
    if (options === undefined) return callback(serviceError(status.INVALID_ARGUMENT, 'Delete request without options.'));
    const outcome = deleteStream(this.log, kind, streamName, options);
    if (outcome instanceof Error) return callback(outcome);
    const position = outcome.kind === 'deleted' ? outcome.position : undefined;
    callback(null, (kind === 'delete' ? deleteResp(position) : tombstoneResp(position)) as R);
  }

  private read(call: ServerWritableStream<ReadReq, ReadResp>): void {
    const options = call.request.getOptions();
    if (options === undefined) {
      call.emit('error', serviceError(status.INVALID_ARGUMENT, 'Read request without options.'));
      return;
    }
    this.options.onRead?.(options);
    const subscribing = options.hasSubscription();
    if (subscribing) this.calls.subscribe += 1;
    else this.calls.read += 1;
    const fault = this.faults[subscribing ? 'subscribe' : 'read'].shift();
    if (fault !== undefined) {
      call.emit('error', this.faultError(fault));
      return;
    }
    const refused = this.refusal(this.callerOf(call), 'read', options.hasAll() ? '$all' : streamNameOf(options.getStream()?.getStreamIdentifier()));
    if (refused !== undefined) {
      call.emit('error', refused);
      return;
    }
    if (!subscribing) {
      const answer = readOnce(this.log, options);
      for (const resp of answer.messages) call.write(resp);
      if (answer.error === undefined) call.end();
      else call.emit('error', answer.error);
      return;
    }
    const subscription = startSubscription(this.log, options, call, this.options.caughtUp ?? true);
    this.subscriptions.add(subscription);
    call.on('cancelled', () => {
      subscription.stop();
      this.subscriptions.delete(subscription);
    });
  }

  private endSubscription(s: LiveSubscription, error?: ServiceError): void {
    s.stop();
    this.subscriptions.delete(s);
    if (error === undefined) s.call.end();
    else s.call.emit('error', error);
  }

  private writeSystemEvents(): void {
    const json = (o: unknown): Uint8Array => bytes(JSON.stringify(o));
    const system = (type: string, data: unknown) => ({
      id: randomUUID(),
      type,
      contentType: 'application/json',
      data: json(data),
      customMetadata: new Uint8Array(),
    });
    this.log.append('$$$scavenges', { kind: 'any' }, [system('$metadata', { $maxAge: 2592000 })]);
    this.log.append('$users', { kind: 'any' }, [system('$User', 'admin')]);
    this.log.append('$user-admin', { kind: 'any' }, [system('$UserCreated', { loginName: 'admin' })]);
  }
}
