/**
 * Concurrency storms: many commands racing on one complaint through several service
 * instances (real conflicts), and ten thousand complaints received at once. Streams stay
 * consistent, revisions gap-free, every accepted command's events are stored exactly once,
 * and nothing rejects unhandled.
 */
import * as E from 'fp-ts/Either';
import { v4 as uuidv4 } from 'uuid';
import { ComplaintService, type HandleResult } from '../../src/application/complaintService';
import type { ServiceError } from '../../src/application/errors';
import type { CommandMetadataInput } from '../../src/stream/metadata';
import type { ComplaintCommandInput } from '../../src/domain/commands';
import { InMemoryEventStore } from '../../src/eventstore/inMemory/inMemoryEventStore';
import type { RecordedEvent } from '../../src/eventstore/port';
import { FaultInjectingEventStore, faults } from '../../src/testing/faultInjectingEventStore';
import { NOW, SlowReadStore, fixedClock, meta, plain } from '../application/harness';
import { ID, cmd } from '../domain/spec';

const STREAM = `complaint-${ID}`;

/** Collects unhandled rejections while a test runs. */
const watchUnhandled = (): { readonly rejections: unknown[]; stop(): void } => {
  const rejections: unknown[] = [];
  const onRejection = (reason: unknown): void => {
    rejections.push(reason);
  };
  process.on('unhandledRejection', onRejection);
  return { rejections, stop: () => process.off('unhandledRejection', onRejection) };
};

/** Lets pending callbacks (and any unhandled-rejection report) run. */
const settle = (): Promise<void> => new Promise((resolve) => setTimeout(resolve, 10));

const retryable = (e: ServiceError): boolean => e._tag === 'StoreUnavailable' || e._tag === 'ConcurrencyConflict';

/** Handles a command, retrying the same command id on retryable errors (bounded). */
const handleWithRetries = async (service: ComplaintService, command: ComplaintCommandInput, m: CommandMetadataInput, max = 50): Promise<E.Either<ServiceError, HandleResult>> => {
  for (let attempt = 1; ; attempt++) {
    const r = await service.handleTE(command, m)();
    if (E.isRight(r) || !retryable(r.left) || attempt >= max) return r;
  }
};

const expectGapFree = (stream: readonly RecordedEvent[]): void => {
  expect(stream.map((e) => e.revision)).toEqual(stream.map((_, i) => BigInt(i)));
  expect(new Set(stream.map((e) => e.id)).size).toBe(stream.length);
};

const commandIdOf = (e: RecordedEvent): unknown => e.metadata['commandId'];

describe('storm: 100 concurrent commands on one complaint', () => {
  it('through three service instances on one store: conflicts happen and are resolved, the stream is gap-free, each command stored once', async () => {
    const watch = watchUnhandled();
    try {
      const inner = new InMemoryEventStore({ clock: () => NOW });
      const stores = [new SlowReadStore(inner), new SlowReadStore(inner), new SlowReadStore(inner)];
      const services = stores.map((store) => new ComplaintService({ store, clock: fixedClock, maxConflictRetries: 20 }));
      const first = services[0];
      if (first === undefined) throw new Error('no service');
      await first.handle(plain(cmd.receive()), meta());

      const commands = Array.from({ length: 100 }, (_, i) => ({ command: plain(cmd.contact({ summary: `Storm call ${i}` })), m: meta() }));
      const results = await Promise.all(
        commands.map(({ command, m }, i) => {
          const service = services[i % services.length];
          if (service === undefined) throw new Error('no service');
          return handleWithRetries(service, command, m);
        }),
      );
      await settle();

      expect(stores.reduce((n, s) => n + s.conflicts, 0)).toBeGreaterThan(0);
      const stream = await inner.readStream(STREAM);
      expectGapFree(stream);
      expect(stream).toHaveLength(101);
      for (const [i, r] of results.entries()) {
        if (E.isLeft(r)) throw new Error(`command ${i} failed: ${r.left._tag}`);
        const commandId = commands[i]?.m.commandId;
        const stored = stream.filter((e) => commandIdOf(e) === commandId);
        expect(stored).toHaveLength(1);
        expect(r.right.events.map((e) => e.id)).toEqual(stored.map((e) => e.id));
        expect(r.right.revision).toBe(stored[0]?.revision);
      }
      expect((await first.getComplaint(ID)).contacts).toBe(100);
      expect(watch.rejections).toEqual([]);
    } finally {
      watch.stop();
    }
  });

  it('with seeded random faults (lost answers, timeouts, conflicts, delays) on every instance: still exactly once, gap-free', async () => {
    const watch = watchUnhandled();
    try {
      const inner = new InMemoryEventStore({ clock: () => NOW });
      const stores = [11, 12, 13].map(
        (seed) =>
          new FaultInjectingEventStore(new SlowReadStore(inner), {
            random: {
              seed,
              rate: 0.2,
              faults: [faults.failBeforeWrite(), faults.failAfterWrite(), faults.delay(1), faults.timeout(1, { afterWrite: true }), faults.conflict()],
            },
          }),
      );
      const services = stores.map((store) => new ComplaintService({ store, clock: fixedClock, maxConflictRetries: 20 }));
      const receive = { command: plain(cmd.receive()), m: meta() };
      const first = services[0];
      if (first === undefined) throw new Error('no service');
      expect(E.isRight(await handleWithRetries(first, receive.command, receive.m))).toBe(true);

      const commands = Array.from({ length: 100 }, (_, i) => ({ command: plain(cmd.contact({ summary: `Faulty storm call ${i}` })), m: meta() }));
      const results = await Promise.all(
        commands.map(({ command, m }, i) => {
          const service = services[i % services.length];
          if (service === undefined) throw new Error('no service');
          return handleWithRetries(service, command, m, 200);
        }),
      );
      await settle();

      expect(stores.reduce((n, s) => n + s.counts.total, 0)).toBeGreaterThan(0);
      const stream = await inner.readStream(STREAM);
      expectGapFree(stream);
      expect(stream).toHaveLength(101);
      for (const [i, r] of results.entries()) {
        if (E.isLeft(r)) throw new Error(`command ${i} failed: ${r.left._tag}`);
        const commandId = commands[i]?.m.commandId;
        expect(stream.filter((e) => commandIdOf(e) === commandId)).toHaveLength(1);
      }
      expect(watch.rejections).toEqual([]);
    } finally {
      watch.stop();
    }
  });
});

describe('storm: 10,000 complaints received concurrently', () => {
  it('gives 10,000 streams, each one event at revision 0', async () => {
    const watch = watchUnhandled();
    try {
      const store = new InMemoryEventStore({ clock: () => NOW });
      const services = [0, 1, 2].map(() => new ComplaintService({ store, clock: fixedClock }));
      const ids = Array.from({ length: 10_000 }, () => uuidv4());
      const BATCH = 1000;
      for (let from = 0; from < ids.length; from += BATCH) {
        const batch = ids.slice(from, from + BATCH);
        const results = await Promise.all(
          batch.map((complaintId, i) => {
            const service = services[i % services.length];
            if (service === undefined) throw new Error('no service');
            return service.handleTE({ ...plain(cmd.receive()), complaintId }, meta())();
          }),
        );
        for (const r of results) {
          if (E.isLeft(r)) throw new Error(`a receive failed: ${r.left._tag}`);
          expect(r.right.revision).toBe(0n);
        }
      }
      await settle();

      const all = await store.readAll({ maxCount: 20_000 });
      expect(all).toHaveLength(10_000);
      const byStream = new Map<string, RecordedEvent[]>();
      for (const e of all) byStream.set(e.streamName, [...(byStream.get(e.streamName) ?? []), e]);
      expect(byStream.size).toBe(10_000);
      for (const id of ids) {
        const events = byStream.get(`complaint-${id}`) ?? [];
        expect(events.map((e) => [e.type, e.revision])).toEqual([['ComplaintReceived', 0n]]);
      }
      // The global log is gap-free too.
      expect(all.map((e) => e.position.commit)).toEqual(all.map((_, i) => BigInt(i + 1)));
      expect(watch.rejections).toEqual([]);
    } finally {
      watch.stop();
    }
  });
});
