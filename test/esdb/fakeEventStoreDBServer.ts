/**
 * An in-process EventStoreDB stand-in speaking the real gRPC protocol on 127.0.0.1, built on
 * the client's own generated service definitions, so the production adapter and the real
 * `@eventstore/db-client` can be tested end to end without a server install.
 *
 * It serves `Streams.Append` (classic, client-streaming), `Streams.Read` (stream and `$all`
 * reads, catch-up subscriptions) and answers `ServerFeatures.GetSupportedMethods` with
 * UNIMPLEMENTED, as a 20.x server does, which keeps the client on classic Append.
 * Test hooks inject transient failures, drop subscriptions and count calls.
 */
import { randomUUID } from 'node:crypto';
import {
  Server,
  ServerCredentials,
  status,
  type sendUnaryData,
  type ServerDuplexStream,
  type ServerReadableStream,
  type ServerUnaryCall,
  type ServerWritableStream,
  type ServiceError,
} from '@grpc/grpc-js';
import { StreamsService } from '@eventstore/db-client/generated/streams_grpc_pb';
import { ServerFeaturesService } from '@eventstore/db-client/generated/serverfeatures_grpc_pb';
import type { AppendReq, AppendResp, ReadReq, ReadResp } from '@eventstore/db-client/generated/streams_pb';
import type { SupportedMethods } from '@eventstore/db-client/generated/serverfeatures_pb';
import type { Empty } from '@eventstore/db-client/generated/shared_pb';
import { FakeLog } from './fakeServer/fakeLog';
import { appendSuccess, appendWrongExpectedVersion, serviceError } from './fakeServer/fakeMessages';
import { parseAppend } from './fakeServer/fakeAppendRequest';
import { readOnce } from './fakeServer/fakeReads';
import { startSubscription, type LiveSubscription } from './fakeServer/fakeSubscriptions';

/** Which kind of call a fault applies to. */
export type FaultTarget = 'append' | 'read' | 'subscribe';

/** A failure the server answers instead of (or, for appends, after) doing the work. */
export interface Fault {
  /**
   * `unavailable` (default), `deadline_exceeded`, `not_leader` (pointing back at this server)
   * — all transient — or `internal`, an unhandled server exception that retrying will not fix.
   */
  readonly code?: 'unavailable' | 'deadline_exceeded' | 'not_leader' | 'internal';
  /** Appends only: store the events, then fail — the answer is lost, the write is not. */
  readonly afterStore?: boolean;
}

/** How many calls of each kind the server received. */
export interface CallCounts {
  append: number;
  read: number;
  subscribe: number;
  serverFeatures: number;
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
}

const bytes = (s: string): Uint8Array => Uint8Array.from(Buffer.from(s, 'utf8'));

/** The in-process fake EventStoreDB node. */
export class FakeEventStoreDBServer {
  /** The server's storage, for assertions (e.g. how many events were really written). */
  readonly log = new FakeLog();
  /** Calls received so far, per kind. */
  readonly calls: CallCounts = { append: 0, read: 0, subscribe: 0, serverFeatures: 0 };
  private readonly faults: Record<FaultTarget, Fault[]> = { append: [], read: [], subscribe: [] };
  private readonly subscriptions = new Set<LiveSubscription>();

  private constructor(
    private readonly server: Server,
    /** The TCP port the server listens on. */
    readonly port: number,
    private readonly options: FakeServerOptions,
  ) {}

  /** Starts a server on 127.0.0.1 on a free port. */
  static async start(options: FakeServerOptions = {}): Promise<FakeEventStoreDBServer> {
    const server = new Server();
    const port = await new Promise<number>((resolve, reject) =>
      server.bindAsync('127.0.0.1:0', ServerCredentials.createInsecure(), (err, p) => (err ? reject(err) : resolve(p))),
    );
    const fake = new FakeEventStoreDBServer(server, port, options);
    fake.register();
    if (options.systemEvents ?? true) fake.writeSystemEvents();
    return fake;
  }

  /** `esdb://127.0.0.1:<port>?tls=false`, optionally with credentials in it. */
  connectionString(credentials?: string): string {
    return `esdb://${credentials === undefined ? '' : `${credentials}@`}127.0.0.1:${this.port}?tls=false`;
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
      delete: (_call: ServerUnaryCall<unknown, unknown>, callback: sendUnaryData<unknown>) =>
        callback(serviceError(status.UNIMPLEMENTED, 'Not served by the fake server.')),
      tombstone: (_call: ServerUnaryCall<unknown, unknown>, callback: sendUnaryData<unknown>) =>
        callback(serviceError(status.UNIMPLEMENTED, 'Not served by the fake server.')),
      // Not announced by ServerFeatures, so the client never calls it.
      batchAppend: (call: ServerDuplexStream<unknown, unknown>) =>
        call.emit('error', serviceError(status.UNIMPLEMENTED, 'Not served by the fake server.')),
    });
    this.server.addService(ServerFeaturesService, {
      getSupportedMethods: (_call: ServerUnaryCall<Empty, SupportedMethods>, callback: sendUnaryData<SupportedMethods>) => {
        this.calls.serverFeatures += 1;
        callback(serviceError(status.UNIMPLEMENTED, 'Method not found.'));
      },
    });
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
      case 'internal':
        return serviceError(status.UNKNOWN, 'Exception was thrown by handler.');
    }
  }

  private append(call: ServerReadableStream<AppendReq, AppendResp>, callback: sendUnaryData<AppendResp>): void {
    this.calls.append += 1;
    const messages: AppendReq[] = [];
    call.on('data', (m: AppendReq) => messages.push(m));
    call.on('error', () => undefined); // the client went away: nothing to answer
    call.on('end', () => {
      const fault = this.faults.append.shift();
      if (fault !== undefined && fault.afterStore !== true) return callback(this.faultError(fault));
      const request = parseAppend(messages);
      if (request.kind === 'invalid') return callback(request.error);
      const outcome = this.log.append(request.streamName, request.expected, request.events);
      if (fault !== undefined) return callback(this.faultError(fault));
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
    if (!subscribing) {
      for (const resp of readOnce(this.log, options)) call.write(resp);
      call.end();
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
