/**
 * Verification reads exports as people save them and answers every input with a typed
 * result: a byte-order mark or blank lines at the end are accepted, a line nested deeper
 * than any store accepts is malformed (never a stack overflow), bytes instead of text are
 * malformed — and import, which verifies first, writes nothing in those cases.
 */
import * as E from 'fp-ts/lib/Either.js';
import { GENESIS_HASH, hashLine } from '../../src/audit/exportLine';
import { exportStreamsTE, exportStreams, importStreamsTE, verifyExport } from '../../src/audit/ndjson';
import { complaintStreamName } from '../../src/stream/streams';
import { InMemoryEventStore } from '../../src/eventstore/inMemoryEventStore';
import { MAX_JSON_DEPTH } from '../../src/eventstore/jsonDepth';
import type { JsonValue } from '../../src/eventstore/port';
import { nestedArrays } from '../../src/testing/eventStoreContract';
import { ID, story } from './fixtures';

const lineContent = (data: JsonValue) => ({
  streamName: complaintStreamName(ID),
  revision: '0',
  id: '00000000-0000-4000-8000-000000000001',
  type: 'ComplaintReceived',
  data,
  metadata: {},
  createdAt: '2022-01-11T14:00:00.000Z',
  prevHash: GENESIS_HASH,
});
/** A line whose hash is right for its content. */
const chainedLine = (data: JsonValue): string => JSON.stringify({ ...lineContent(data), hash: hashLine(lineContent(data)) });
/** A line whose data is `levels` nested arrays, written as text (too deep to stringify or hash here). */
const deepLine = (levels: number): string =>
  JSON.stringify({ ...lineContent('DEEP'), hash: GENESIS_HASH }).replace('"DEEP"', `${'['.repeat(levels)}${']'.repeat(levels)}`);

describe('an export saved with a byte-order mark or blank lines at the end still verifies', () => {
  it.each([
    ['a byte-order mark', (t: string) => `\uFEFF${t}`],
    ['a trailing blank line', (t: string) => `${t}\n`],
    ['several trailing blank lines with spaces and CRLF', (t: string) => `${t}\r\n  \r\n\n`],
    ['a BOM, CRLF line ends and a trailing blank line', (t: string) => `\uFEFF${t.replaceAll('\n', '\r\n')}\r\n`],
    ['no final newline', (t: string) => t.trimEnd()],
  ])('%s', async (_what, save) => {
    const w = await story();
    const text = await exportStreams(w.store, [ID]);
    const original = verifyExport(text);
    const saved = verifyExport(save(text));
    expect(E.isRight(saved) && saved.right.head).toBe(E.isRight(original) && original.right.head);
    const imported = await importStreamsTE(new InMemoryEventStore(), save(text))();
    expect(E.isRight(imported) && imported.right.appended).toBe(6);
  });

  it('a blank line between two lines is still malformed, at its line', async () => {
    const w = await story();
    const [first, ...rest] = (await exportStreams(w.store, [ID])).split('\n');
    expect(verifyExport([first, '', ...rest].join('\n'))).toEqual(E.left(expect.objectContaining({ line: 2, fault: 'malformed' })));
  });
});

describe(`a line nested deeper than ${MAX_JSON_DEPTH} levels is malformed, never a RangeError`, () => {
  it.each([MAX_JSON_DEPTH + 1, 50_000, 500_000])('data nested %i levels deep: verify and import answer InvalidExport, nothing is written', async (depth) => {
    const text = `${deepLine(depth)}\n`;
    expect(verifyExport(text)).toEqual(E.left(expect.objectContaining({ _tag: 'InvalidExport', line: 1, fault: 'malformed', reason: expect.stringContaining('nested more than') })));
    const store = new InMemoryEventStore();
    expect(await importStreamsTE(store, text)()).toEqual(E.left(expect.objectContaining({ _tag: 'InvalidExport', line: 1 })));
    expect(await store.readAll()).toEqual([]);
  });

  it(`data nested exactly ${MAX_JSON_DEPTH} levels passes the depth check (and is judged on its content)`, () => {
    const r = verifyExport(`${chainedLine({ deep: nestedArrays(MAX_JSON_DEPTH - 1) })}\n`);
    expect(E.isRight(r)).toBe(true);
  });

  it('brackets inside strings do not count as nesting', () => {
    expect(E.isRight(verifyExport(`${chainedLine({ text: '['.repeat(5000) })}\n`))).toBe(true);
  });
});

describe('an export that is not text is malformed, not thrown on', () => {
  it.each<[string, unknown]>([
    ['bytes (a file read without an encoding)', Buffer.from('{}\n')],
    ['undefined', undefined],
    ['an object', { lines: [] }],
  ])('%s', (_what, input) => {
    expect(verifyExport(input as string)).toEqual(E.left(expect.objectContaining({ _tag: 'InvalidExport', line: 1, fault: 'malformed' })));
  });
});

describe('an export of a stored event deeper than any store accepts (written past the stores) is a typed error', () => {
  it('exportStreams answers CorruptedEvent naming the event, not a RangeError', async () => {
    const w = await story();
    const stored = await w.store.readStream(complaintStreamName(ID));
    const deep = { ...stored[1], data: { deep: nestedArrays(50_000) } } as (typeof stored)[number];
    const store = { ...w.store, readStream: async () => [stored[0], deep, ...stored.slice(2)] } as unknown as InMemoryEventStore;
    const r = await exportStreamsTE(store, [ID])();
    expect(r).toEqual(E.left(expect.objectContaining({ _tag: 'CorruptedEvent', revision: 1n, issues: [expect.objectContaining({ path: 'data' })] })));
  });
});
