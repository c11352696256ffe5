/**
 * A host wraps the protected store in its own decorator (logging, metrics) that forwards
 * the four methods and nothing else. The service must still keep no states over it: the
 * first command after an erasure answers with the erased name, never the kept plaintext.
 * Keeping states needs a store that says its reads never change (`readsMayChange: false`).
 */
import { ComplaintService } from '../../src/application/complaintService';
import { InMemoryEventStore } from '../../src/eventstore/inMemory/inMemoryEventStore';
import type {
  AllSubscription,
  AppendResult,
  EventStore,
  EventToAppend,
  ExpectedRevision,
  ReadAllOptions,
  ReadStreamOptions,
  RecordedEvent,
  StreamMetadata,
  SubscribeToAllOptions,
} from '../../src/eventstore/port';
import { ERASED, InMemoryKeyStore, eraseComplainant, protectPersonalData } from '../../src/privacy/index';
import { at, cmd } from '../domain/spec';
import { CAMILLE } from './fixtures';

/** What a host writes: the four methods, forwarded and logged; `readsMayChange` forgotten. */
class LoggingStore implements EventStore {
  readonly calls: string[] = [];
  constructor(private readonly inner: EventStore) {}
  appendToStream(streamName: string, events: readonly EventToAppend[], options?: { readonly expectedRevision?: ExpectedRevision }): Promise<AppendResult> {
    this.calls.push(`append ${streamName}`);
    return this.inner.appendToStream(streamName, events, options);
  }
  readStream(streamName: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
    this.calls.push(`read ${streamName}`);
    return this.inner.readStream(streamName, options);
  }
  readAll(options?: ReadAllOptions): Promise<RecordedEvent[]> {
    return this.inner.readAll(options);
  }
  subscribeToAll(options?: SubscribeToAllOptions): AllSubscription {
    return this.inner.subscribeToAll(options);
  }
  setStreamMetadata(streamName: string, metadata: StreamMetadata): Promise<void> {
    return this.inner.setStreamMetadata(streamName, metadata);
  }
  getStreamMetadata(streamName: string): Promise<StreamMetadata> {
    return this.inner.getStreamMetadata(streamName);
  }
}

const clock = (): Date => new Date('2022-01-11T14:00:00+01:00');
let n = 0;
const meta = () => ({ commandId: `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`, actor: { id: 'agent-ana', role: 'agent' as const } });

describe('a decorator that does not forward readsMayChange cannot turn the state cache back on', () => {
  it('over a protected store: the first command after an erasure answers [erased], not the kept name', async () => {
    const keyStore = new InMemoryKeyStore();
    const store = new LoggingStore(protectPersonalData(new InMemoryEventStore(), { keyStore }));
    const service = new ComplaintService({ store, clock }); // default stateCache
    await service.handle(cmd.receive({ receivedAt: at('2022-01-10T09:00:00+01:00'), complainant: { kind: 'client', ...CAMILLE } }), meta());
    await service.handle(cmd.assign(), meta());
    await eraseComplainant(keyStore, CAMILLE.id);
    const r = await service.handle(cmd.contact(), meta());
    expect(r.state.complainant.name).toBe(ERASED);
    expect(r.state.description).toBe(ERASED);
  });

  it('over a plain store it costs only speed: every command reads the whole stream', async () => {
    const inner = new InMemoryEventStore();
    const reads: (bigint | 'start' | 'end' | undefined)[] = [];
    const spy = new LoggingStore({
      appendToStream: (s, e, o) => inner.appendToStream(s, e, o),
      readStream: (s, o) => {
        reads.push(o?.fromRevision);
        return inner.readStream(s, o);
      },
      readAll: (o) => inner.readAll(o),
      subscribeToAll: (o) => inner.subscribeToAll(o),
      setStreamMetadata: (s, m) => inner.setStreamMetadata(s, m),
      getStreamMetadata: (s) => inner.getStreamMetadata(s),
    });
    const service = new ComplaintService({ store: spy, clock });
    await service.handle(cmd.receive(), meta());
    reads.length = 0;
    await service.handle(cmd.contact(), meta());
    // A full read before deciding (fromRevision absent), then the read-back of the append.
    expect(reads[0]).toBeUndefined();
  });
});
