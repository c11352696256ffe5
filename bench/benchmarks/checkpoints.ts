/**
 * Benchmark 6: durable checkpoints of the SLA model at 100,000 and 1,000,000 open complaints,
 * saved with EventStoreCheckpointStore (gzipped snapshot in chunks + manifest) into an
 * in-memory store that refuses appends over 1 MiB as an EventStoreDB node does — save time,
 * load time (a fresh store instance: read, check, unpack, decode), bytes, and every append's
 * size as the node counts it: the run fails if one is over the limit. Complaint ids are
 * random UUIDs, the least compressible case. Times are absolute (one row per size); the
 * note also gives them as ratios to the bare serialisation and parse measured in the same
 * rounds, which a loaded machine moves far less.
 */
import { randomUUID } from 'node:crypto';
import { EVENTSTOREDB_MAX_APPEND_SIZE, appendSizeOf } from '../../src/eventstore/appendSize';
import { InMemoryEventStore } from '../../src/eventstore/inMemory/inMemoryEventStore';
import type { AllSubscription, AppendResult, EventStore, EventToAppend, ExpectedRevision, JsonValue, ReadAllOptions, ReadStreamOptions, RecordedEvent, StreamMetadata, SubscribeToAllOptions } from '../../src/eventstore/port';
import { EventStoreCheckpointStore, type ModelCodec } from '../../src/projections/eventStoreCheckpointStore';
import { type SlaModel, decodeSla, encodeSla } from '../../src/projections/sla';
import { bytes, gc, stats } from '../lib/harness';
import type { BenchContext, Row } from '../lib/report';
import { openSlaModel } from '../slaModel';

/** Forwards to a store and records the size of every append, as a node counts it. */
class MeasuredStore implements EventStore {
  readonly sizes: number[] = [];
  constructor(private readonly inner: EventStore) {}
  appendToStream(streamName: string, events: readonly EventToAppend[], options?: { readonly expectedRevision?: ExpectedRevision }): Promise<AppendResult> {
    this.sizes.push(appendSizeOf(events));
    return this.inner.appendToStream(streamName, events, options);
  }
  readStream(streamName: string, options?: ReadStreamOptions): Promise<RecordedEvent[]> {
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

const codec: ModelCodec = {
  encode: (_name, model) => encodeSla(model as SlaModel),
  decode: (_name, json: JsonValue) => decodeSla(json),
};

const seconds = async (work: () => Promise<unknown>): Promise<number> => {
  gc();
  const t0 = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - t0) / 1e6;
};

const mib = (n: number): string => `${(n / 2 ** 20).toFixed(1)} MiB`;

export const checkpointSaves = async (ctx: BenchContext): Promise<Row[]> => {
  const sizes = ctx.quick ? [10_000, 100_000] : [100_000, 1_000_000];
  const rows: Row[] = [];
  for (const n of sizes) {
    const model = openSlaModel(n, () => randomUUID());
    const store = new InMemoryEventStore({ maxAppendSize: EVENTSTOREDB_MAX_APPEND_SIZE });
    const measured = new MeasuredStore(store);
    const writer = new EventStoreCheckpointStore(measured, { codec });
    const name = 'sla-breaches';
    const samples = n >= 1_000_000 ? 2 : 3;
    const saveMs: number[] = [];
    const loadMs: number[] = [];
    // References measured in the same rounds (the machine's load hits both alike): the bare
    // serialisation a save cannot avoid, and the bare parse + decode a load cannot avoid.
    const encodeMs: number[] = [];
    const decodeMs: number[] = [];
    let text = '';
    let appendsPerSave = 0;
    for (let i = 0; i < samples; i++) {
      const before = measured.sizes.length;
      saveMs.push(await seconds(() => writer.save(name, { position: { commit: BigInt(i + 1), prepare: BigInt(i + 1) }, version: 2, eventsProcessed: n, model })));
      appendsPerSave = measured.sizes.length - before;
      encodeMs.push(
        await seconds(async () => {
          text = JSON.stringify(encodeSla(model));
        }),
      );
      decodeMs.push(await seconds(async () => decodeSla(JSON.parse(text) as JsonValue)));
      let loaded: SlaModel | undefined;
      loadMs.push(
        await seconds(async () => {
          loaded = (await new EventStoreCheckpointStore(store, { codec }).load<SlaModel>(name))?.model;
        }),
      );
      if (i === 0 && (loaded === undefined || JSON.stringify(encodeSla(loaded)) !== JSON.stringify(encodeSla(model)))) throw new Error(`the checkpoint of ${n} complaints did not load back the same model`);
    }
    const [manifest] = await store.readStream(writer.streamName(name), { direction: 'backwards', maxCount: 1 });
    const m = manifest?.data;
    const info = typeof m === 'object' && m !== null && !Array.isArray(m) ? m : {};
    const modelBytes = typeof info.modelBytes === 'number' ? info.modelBytes : NaN;
    const packed = typeof info.bytes === 'number' ? info.bytes : NaN;
    const over = measured.sizes.filter((s) => s > EVENTSTOREDB_MAX_APPEND_SIZE).length;
    const largest = Math.max(...measured.sizes);
    if (over > 0) throw new Error(`${over} appends over 1 MiB`);
    const save = stats(saveMs);
    const load = stats(loadMs);
    const ratio = (a: readonly number[], b: readonly number[]): string => stats(a.map((x, i) => x / (b[i] ?? Number.NaN))).median.toFixed(2);
    rows.push({
      bench: '6. checkpoints',
      case: `SLA model, ${n.toLocaleString('en')} open complaints (random ids), store refusing appends over 1 MiB`,
      subject: 'EventStoreCheckpointStore.save (encode, gzip, chunks + manifest)',
      unit: 'ms',
      value: save.median,
      note:
        `load ${load.median.toFixed(0)} ms (median of ${load.samples}; save ${save.samples} samples, ${save.min.toFixed(0)}–${save.max.toFixed(0)} ms); ` +
        `save ${ratio(saveMs, encodeMs)}× JSON.stringify(encodeSla), load ${ratio(loadMs, decodeMs)}× decodeSla(JSON.parse) in the same rounds; ` +
        `model JSON ${mib(modelBytes)} → gzip ${mib(packed)} (${(packed / n).toFixed(1)} B/complaint); ` +
        `${appendsPerSave} appends per save, ${measured.sizes.length} in all, largest ${bytes(largest)}, ${over} over 1 MiB; ` +
        `format 1 would append ${mib(modelBytes)} at once`,
    });
  }
  return rows;
};
