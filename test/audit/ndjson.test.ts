import * as E from 'fp-ts/lib/Either.js';
import { exportStreamsTE, exportStreams, importStreamsTE, importStreams, verifyExport } from '../../src/audit/ndjson';
import { GENESIS_HASH, toLine } from '../../src/audit/exportLine';
import { complaintStreamName } from '../../src/stream/streams';
import { InMemoryEventStore } from '../../src/eventstore/inMemoryEventStore';
import type { RecordedEvent } from '../../src/eventstore/port';
import { OTHER_ID, cmd } from '../domain/spec';
import { ID, story, world } from './fixtures';

const twoComplaints = async () => {
  const w = await story();
  await w.service.handle({ ...cmd.receive({ subject: 'Meter reading wrong' }), complaintId: OTHER_ID }, w.meta());
  return w;
};

const lines = (text: string): string[] => text.trimEnd().split('\n');
const join = (ls: readonly string[]): string => ls.map((l) => `${l}\n`).join('');
const invalid = (text: string, options = {}) => {
  const r = verifyExport(text, options);
  if (E.isRight(r)) throw new Error('expected the export to be refused');
  return r.left;
};
const content = (events: readonly RecordedEvent[]) => events.map(({ position: _p, createdAt: _c, ...rest }) => rest);

describe('exportStreams / verifyExport', () => {
  it('exports one line per stored event, hash-chained, and verifies', async () => {
    const w = await twoComplaints();
    const text = await exportStreams(w.store, [ID, OTHER_ID, ID]);
    const ls = lines(text);
    expect(ls).toHaveLength(7);
    const first = JSON.parse(ls[0] ?? '') as Record<string, unknown>;
    expect(first).toMatchObject({ streamName: complaintStreamName(ID), revision: '0', type: 'ComplaintReceived', prevHash: '0'.repeat(64) });
    expect(first.hash).toMatch(/^[0-9a-f]{64}$/);
    const second = JSON.parse(ls[1] ?? '') as Record<string, unknown>;
    expect(second.prevHash).toBe(first.hash);
    const verified = verifyExport(text);
    expect(E.isRight(verified) && verified.right.streams).toEqual([
      { streamName: complaintStreamName(ID), events: 6 },
      { streamName: complaintStreamName(OTHER_ID), events: 1 },
    ]);
    expect(E.isRight(verifyExport(''))).toBe(true);
  });

  it('detects a tampered data line, with its line number', async () => {
    const w = await story();
    const ls = lines(await exportStreams(w.store, [ID]));
    const third = JSON.parse(ls[2] ?? '') as { data: { dueDate: string } };
    third.data.dueDate = '2022-01-31';
    ls[2] = JSON.stringify(third);
    expect(invalid(join(ls))).toEqual({ _tag: 'InvalidExport', line: 3, fault: 'tampered', reason: 'its content does not match its hash' });
  });

  it('detects a deleted line, a reordered line, a malformed line and truncation', async () => {
    const w = await story();
    const ls = lines(await exportStreams(w.store, [ID]));
    expect(invalid(join([...ls.slice(0, 3), ...ls.slice(4)]))).toMatchObject({ line: 4, fault: 'missing' });
    expect(invalid(join(ls.slice(1)))).toMatchObject({ line: 1, fault: 'missing' });
    const swapped = [ls[0], ls[2], ls[1], ...ls.slice(3)].map(String);
    expect(invalid(join(swapped))).toMatchObject({ line: 2, fault: 'reordered' });
    expect(invalid(join([ls[0] ?? '', '{"oops": true}']))).toMatchObject({ line: 2, fault: 'malformed' });
    const verified = verifyExport(join(ls));
    const head = E.isRight(verified) ? verified.right.head : '';
    expect(invalid(join(ls.slice(0, 5)), { expectedHead: head })).toMatchObject({ line: 6, fault: 'missing' });
    expect(E.isRight(verifyExport(join(ls), { expectedHead: head }))).toBe(true);
  });

  it('refuses unknown complaints', async () => {
    const w = await story();
    const r = await exportStreamsTE(w.store, [ID, OTHER_ID])();
    expect(E.isLeft(r) && r.left).toEqual({ _tag: 'UnknownComplaint', complaintId: OTHER_ID });
  });
});

describe('importStreams', () => {
  it('restores identical streams into an empty store, and a second import changes nothing', async () => {
    const w = await twoComplaints();
    const text = await exportStreams(w.store, [ID, OTHER_ID]);
    const target = new InMemoryEventStore();
    const first = await importStreams(target, text);
    expect(first).toMatchObject({ appended: 7, alreadyPresent: 0 });
    for (const id of [ID, OTHER_ID]) {
      const name = complaintStreamName(id);
      expect(content(await target.readStream(name))).toEqual(content(await w.store.readStream(name)));
    }
    const again = await importStreams(target, text);
    expect(again).toMatchObject({ appended: 0, alreadyPresent: 7 });
    expect(await target.readAll()).toHaveLength(7);
    // The imported store exports the same content (only createdAt differs).
    const strip = (t: string) => lines(t).map((l) => {
      const { createdAt: _c, hash: _h, prevHash: _p, ...rest } = JSON.parse(l) as Record<string, unknown>;
      return rest;
    });
    expect(strip(await exportStreams(target, [ID, OTHER_ID]))).toEqual(strip(text));
  });

  it('reports its progress: every stream checked, then every stream written, in order', async () => {
    const w = await twoComplaints();
    const text = await exportStreams(w.store, [ID, OTHER_ID]);
    const seen: string[] = [];
    await importStreams(new InMemoryEventStore(), text, { onProgress: ({ phase, done, total }) => seen.push(`${phase} ${done}/${total}`) });
    expect(seen).toEqual(['check 1/2', 'check 2/2', 'append 1/2', 'append 2/2']);
  });

  it('completes a partly imported stream', async () => {
    const w = await story();
    const ls = lines(await exportStreams(w.store, [ID]));
    const target = new InMemoryEventStore();
    await importStreams(target, join(ls.slice(0, 2)));
    expect(await importStreams(target, join(ls))).toMatchObject({ appended: 4, alreadyPresent: 2 });
    expect(content(await target.readStream(complaintStreamName(ID)))).toEqual(content(await w.store.readStream(complaintStreamName(ID))));
  });

  it('appends nothing for a tampered export, a conflicting store or an undecodable event', async () => {
    const w = await story();
    const ls = lines(await exportStreams(w.store, [ID]));
    const target = new InMemoryEventStore();
    const tampered = [...ls];
    tampered[4] = (tampered[4] ?? '').replace('"revision":"4"', '"revision":"5"');
    await expect(importStreams(target, join(tampered))).rejects.toMatchObject({ name: 'AuditFailure', _tag: 'InvalidExport', error: { line: 5 } });
    expect(await target.readAll()).toHaveLength(0);

    // A store whose stream already holds a different receipt at revision 0.
    const elsewhere = world();
    await elsewhere.service.handle(cmd.receive(), elsewhere.meta());
    const conflict = await importStreamsTE(elsewhere.store, join(ls))();
    expect(E.isLeft(conflict) && conflict.left).toMatchObject({ _tag: 'ImportConflict', streamName: complaintStreamName(ID), revision: 0n });
    expect(await elsewhere.store.readAll()).toHaveLength(1);

    // A well-chained export of an event that does not decode.
    const bad: RecordedEvent = {
      id: '33333333-3333-4333-8333-333333333333',
      type: 'ComplaintReceived',
      data: { complaintId: ID },
      metadata: {},
      streamName: complaintStreamName(ID),
      revision: 0n,
      position: { commit: 1n, prepare: 1n },
      createdAt: new Date('2022-01-11T13:00:00Z'),
    };
    const undecodable = await importStreamsTE(target, `${JSON.stringify(toLine(bad, GENESIS_HASH))}\n`)();
    expect(E.isLeft(undecodable) && undecodable.left).toMatchObject({ _tag: 'CorruptedEvent', revision: 0n });
    expect(await target.readAll()).toHaveLength(0);
  });
});
