/**
 * Under every injected store fault, callers that retry the same command id until success
 * end with exactly the stream and the outcomes of a fault-free run: no event lost, none
 * duplicated, every command's outcome the same.
 */
import * as E from 'fp-ts/Either';
import { ComplaintService, type HandleResult } from '../../src/application/complaintService';
import type { ServiceError } from '../../src/application/errors';
import type { CommandMetadataInput } from '../../src/stream/metadata';
import type { ComplaintCommandInput } from '../../src/domain/commands';
import { EventStoreError } from '../../src/eventstore/errors';
import { InMemoryEventStore } from '../../src/eventstore/inMemory/inMemoryEventStore';
import type { EventStore, RecordedEvent } from '../../src/eventstore/port';
import {
  FAULT_KINDS,
  type Fault,
  type FaultKind,
  type FaultOperation,
  FaultInjectingEventStore,
  faults,
} from '../../src/testing/faultInjectingEventStore';
import { NOW, fixedClock, meta, plain } from '../application/harness';
import { ID, cmd } from '../domain/spec';

const MAX_ATTEMPTS = 25;

/** The command sequence, with fixed command ids so every run sends the same commands. */
const sequence = (): { readonly command: ComplaintCommandInput; readonly m: CommandMetadataInput }[] =>
  [
    cmd.receive(),
    cmd.assign(),
    cmd.acknowledge(),
    cmd.contact(),
    cmd.urgency(),
    cmd.recategorise(),
    cmd.contact({ summary: 'Second call: the client sent the bank statement.' }),
    cmd.answer(),
  ].map((c) => ({ command: plain(c), m: meta() }));

const newStore = (): InMemoryEventStore => new InMemoryEventStore({ clock: () => NOW });

const retryable = (e: ServiceError): boolean => e._tag === 'StoreUnavailable' || e._tag === 'ConcurrencyConflict';

/** A command's outcome without the `duplicate` flag (a retry after a lost answer is a duplicate by design). */
type Outcome = E.Either<ServiceError, Omit<HandleResult, 'duplicate'>>;

const outcomeOf = (r: E.Either<ServiceError, HandleResult>): Outcome =>
  E.isLeft(r) ? r : E.right({ complaintId: r.right.complaintId, events: r.right.events, state: r.right.state, revision: r.right.revision });

/** Sends each command, retrying the same command id on retryable errors, and returns the final outcomes. */
const run = async (
  store: EventStore,
  commands: ReturnType<typeof sequence>,
  before?: (i: number) => void,
  options: { readonly stateCache?: number } = {},
): Promise<{ outcomes: Outcome[]; attempts: number }> => {
  const service = new ComplaintService({ store, clock: fixedClock, ...options });
  const outcomes: Outcome[] = [];
  let attempts = 0;
  for (const [i, { command, m }] of commands.entries()) {
    before?.(i);
    for (let attempt = 1; ; attempt++) {
      attempts++;
      const r = await service.handleTE(command, m)();
      if (E.isRight(r) || !retryable(r.left) || attempt >= MAX_ATTEMPTS) {
        outcomes.push(outcomeOf(r));
        break;
      }
    }
  }
  return { outcomes, attempts };
};

const streamOf = (store: EventStore): Promise<RecordedEvent[]> => store.readStream(`complaint-${ID}`);

const baseline = async (commands: ReturnType<typeof sequence>): Promise<{ outcomes: Outcome[]; stream: RecordedEvent[] }> => {
  const store = newStore();
  const { outcomes } = await run(store, commands);
  return { outcomes, stream: await streamOf(store) };
};

const FAULT_OF: Record<FaultKind, Fault> = {
  failBeforeWrite: faults.failBeforeWrite(),
  failAfterWrite: faults.failAfterWrite(),
  delay: faults.delay(2),
  timeout: faults.timeout(2),
  conflict: faults.conflict(),
};

const expectSameAsBaseline = async (
  inner: EventStore,
  outcomes: readonly Outcome[],
  expected: { outcomes: readonly Outcome[]; stream: readonly RecordedEvent[] },
): Promise<void> => {
  const stream = await streamOf(inner);
  // Nothing lost, nothing duplicated: the very same events at the very same revisions.
  expect(stream).toEqual(expected.stream);
  expect(new Set(stream.map((e) => e.id)).size).toBe(stream.length);
  expect(stream.map((e) => e.revision)).toEqual(stream.map((_, i) => BigInt(i)));
  // Each command's final outcome (event types, events, state) is the fault-free one.
  expect(outcomes.map((o) => (E.isRight(o) ? o.right.events.map((e) => e.event.type) : o.left._tag))).toEqual(
    expected.outcomes.map((o) => (E.isRight(o) ? o.right.events.map((e) => e.event.type) : o.left._tag)),
  );
  expect(outcomes).toEqual(expected.outcomes);
};

describe('FaultInjectingEventStore', () => {
  it('failBeforeWrite writes nothing, failAfterWrite writes and loses the answer, both as StoreUnavailable', async () => {
    const inner = newStore();
    const store = new FaultInjectingEventStore(inner).injectNext('append', faults.failBeforeWrite(), faults.failAfterWrite());
    const event = { id: '0b0f3c52-6a0e-4b8e-9d8e-6f5c1b2a3d4e', type: 'T', data: {}, metadata: {} };
    await expect(store.appendToStream('s', [event])).rejects.toMatchObject({ error: { _tag: 'StoreUnavailable' } });
    expect(await inner.readStream('s')).toHaveLength(0);
    const lost = await store.appendToStream('s', [event]).catch((e: unknown) => e);
    expect(lost).toBeInstanceOf(EventStoreError);
    expect(await inner.readStream('s')).toHaveLength(1);
    expect(store.counts).toMatchObject({ total: 2, byKind: { failBeforeWrite: 1, failAfterWrite: 1 }, byOperation: { append: 2 } });
    expect(store.pending()).toBe(0);
  });

  it('conflict reports the real revision and writes nothing; timeout after write stores the events', async () => {
    const inner = newStore();
    const store = new FaultInjectingEventStore(inner);
    const event = { id: '0b0f3c52-6a0e-4b8e-9d8e-6f5c1b2a3d4e', type: 'T', data: {}, metadata: {} };
    await store.appendToStream('s', [event]);
    store.injectNext('append', faults.conflict(), faults.timeout(1, { afterWrite: true }));
    const second = { ...event, id: '1c1f3c52-6a0e-4b8e-9d8e-6f5c1b2a3d4e' };
    await expect(store.appendToStream('s', [second], { expectedRevision: 0n })).rejects.toMatchObject({
      error: { _tag: 'ConcurrencyConflict', streamName: 's', expected: 0n, actual: 0n },
    });
    expect(await inner.readStream('s')).toHaveLength(1);
    await expect(store.appendToStream('s', [second], { expectedRevision: 0n })).rejects.toMatchObject({ error: { _tag: 'StoreUnavailable' } });
    expect(await inner.readStream('s')).toHaveLength(2);
  });

  it('refuses a conflict on a read and a negative delay', () => {
    const store = new FaultInjectingEventStore(newStore());
    expect(() => store.injectNext('readStream', faults.conflict())).toThrow(RangeError);
    expect(() => store.injectNext('append', faults.delay(-1))).toThrow(RangeError);
  });

  it('random faults are deterministic for a seed', async () => {
    const kindsFor = async (seed: number): Promise<string[]> => {
      const store = new FaultInjectingEventStore(newStore(), { random: { seed, rate: 0.5, faults: [faults.failBeforeWrite(), faults.delay(0)] } });
      for (let i = 0; i < 30; i++) await store.readStream('s').catch(() => undefined);
      return store.log.map((f) => f.fault.kind);
    };
    expect(await kindsFor(7)).toEqual(await kindsFor(7));
    expect((await kindsFor(7)).length).toBeGreaterThan(0);
  });
});

describe('retrying the same command id through faults gives the fault-free outcome', () => {
  const commands = sequence();
  let expected: { outcomes: Outcome[]; stream: RecordedEvent[] };

  beforeAll(async () => {
    expected = await baseline(commands);
    // The sequence is accepted command by command without faults.
    expect(expected.outcomes.every(E.isRight)).toBe(true);
    expect(expected.stream.length).toBeGreaterThanOrEqual(commands.length);
  });

  const operations: { readonly op: FaultOperation; readonly kinds: readonly FaultKind[] }[] = [
    { op: 'append', kinds: FAULT_KINDS },
    { op: 'readStream', kinds: FAULT_KINDS.filter((k) => k !== 'conflict') },
  ];

  for (const { op, kinds } of operations) {
    for (const kind of kinds) {
      it(`${kind} on ${op} (up to twice per command)`, async () => {
        const inner = newStore();
        const store = new FaultInjectingEventStore(inner);
        const fault = FAULT_OF[kind];
        // A retry after a lost answer (or a mere delay) needs no second append: what is left unused is dropped.
        // A warm service decides on its kept state without reading: keep none, so every command reads.
        const { outcomes } = await run(
          store,
          commands,
          () => {
            store.clearScheduled();
            store.injectNext(op, fault, fault);
          },
          op === 'readStream' ? { stateCache: 0 } : {},
        );
        expect(store.counts.byKind[kind]).toBeGreaterThanOrEqual(commands.length);
        await expectSameAsBaseline(inner, outcomes, expected);
      });
    }
  }

  it('timeout after the write on append', async () => {
    const inner = newStore();
    const store = new FaultInjectingEventStore(inner);
    const { outcomes, attempts } = await run(store, commands, () => store.injectNext('append', faults.timeout(2, { afterWrite: true })));
    expect(store.counts.byKind.timeout).toBe(commands.length);
    expect(attempts).toBe(commands.length * 2);
    await expectSameAsBaseline(inner, outcomes, expected);
  });

  it.each([1, 2, 3, 42, 2026])('seeded random faults of every kind on every operation (seed %i)', async (seed) => {
    const inner = newStore();
    const store = new FaultInjectingEventStore(inner, {
      random: {
        seed,
        rate: 0.3,
        faults: [...Object.values(FAULT_OF), faults.timeout(1, { afterWrite: true })],
      },
    });
    const { outcomes } = await run(store, commands);
    expect(store.counts.total).toBeGreaterThan(0);
    await expectSameAsBaseline(inner, outcomes, expected);
  });
});
