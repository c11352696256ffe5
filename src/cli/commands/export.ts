/**
 * `complaints export (--ids <id…> | --all) [--out file.ndjson] [--sign key.pem]`: complaint
 * streams as a hash-chained NDJSON export (the library's format: see `audit/exportLine.ts`),
 * optionally signed (`audit/signature.ts`).
 */
import * as E from 'fp-ts/lib/Either.js';
import { GENESIS_HASH } from '../../audit';
import { toLine, unexportable } from '../../audit/exportLine';
import { COMPLAINT_STREAM_PREFIX, complaintIdOf, complaintStreamName, decodeComplaintId, type EventStore, type Position } from '../../index';
import { type CliContext, describeFailure, emit, progressOf } from '../context';
import { CliError, EXIT } from '../errors';
import { type SourceOptions, withSource } from '../source';
import { readSigningKey } from '../keys';
import { signedExport } from './signedExport';

/** Options of `export`. */
export interface ExportOptions extends SourceOptions {
  readonly ids?: readonly string[];
  readonly all?: boolean;
  readonly out?: string;
  /** Private key file to sign the export with (`--sign`). */
  readonly sign?: string;
}

const PAGE = 4096;

/** The ids of every complaint stream, in the order of their first event in the global log. */
export const allComplaintIds = async (store: EventStore): Promise<string[]> => {
  const ids = new Set<string>();
  let from: Position | 'start' = 'start';
  for (;;) {
    const page = await store.readAll({ fromPosition: from, maxCount: PAGE + (from === 'start' ? 0 : 1), filter: { streamNamePrefixes: [COMPLAINT_STREAM_PREFIX] } });
    const fresh = from !== 'start' && page[0] !== undefined && page[0].position.commit === from.commit && page[0].position.prepare === from.prepare ? page.slice(1) : page;
    for (const r of fresh) {
      const id = complaintIdOf(r.streamName);
      if (id !== undefined) ids.add(id);
    }
    const last = page[page.length - 1];
    if (fresh.length === 0 || last === undefined || page.length < PAGE) break;
    from = last.position;
  }
  return [...ids];
};

/** The export text of the given complaints, and its last hash. */
export const exportText = async (ctx: CliContext, store: EventStore, ids: readonly string[]): Promise<{ text: string; events: number; head: string }> => {
  let prev = GENESIS_HASH;
  const out: string[] = [];
  const bar = progressOf(ctx, ctx.m.out.progressExport);
  try {
    for (const [i, id] of ids.entries()) {
      const recorded = await store.readStream(complaintStreamName(id));
      if (recorded.length === 0) throw new CliError(ctx.m.errors.unknownComplaint(id));
      for (const r of recorded) {
        const bad = unexportable(r);
        if (bad !== undefined) throw describeFailure(ctx, bad);
        const line = toLine(r, prev);
        out.push(`${JSON.stringify(line)}\n`);
        prev = line.hash;
      }
      bar.update(i + 1, ids.length);
    }
  } finally {
    bar.stop();
  }
  return { text: out.join(''), events: out.length, head: prev };
};

/** Runs `export`. */
export const exportCommand = async (ctx: CliContext, options: ExportOptions): Promise<void> => {
  const typed = (options.ids ?? []).flatMap((s) => s.split(',')).map((s) => s.trim()).filter((s) => s !== '');
  if ((typed.length === 0) === (options.all !== true)) throw new CliError(ctx.m.errors.idsOrAll, EXIT.usage);
  // Any case names the complaint: canonical (lower-case) ids, each once.
  const given: string[] = [];
  for (const s of typed) {
    const id = decodeComplaintId(s);
    if (E.isLeft(id)) throw new CliError(ctx.m.errors.badComplaintId(s), EXIT.usage);
    if (!given.includes(id.right)) given.push(id.right);
  }
  const key = options.sign === undefined ? undefined : await readSigningKey(ctx, options.sign);
  const result = await withSource(ctx, options, async ({ store }) => {
    const ids = options.all === true ? await allComplaintIds(store) : given;
    return { ids, ...(await exportText(ctx, store, ids)) };
  });
  const signed = key === undefined ? undefined : signedExport(ctx, result, key);
  await emit(ctx, signed?.text ?? result.text, options.out);
  const summary = `${ctx.m.out.exported(result.events, result.ids.length, options.out ?? '-', result.head)}\n${signed?.summary ?? ''}`;
  (options.out === undefined ? ctx.io.stderr : ctx.io.stdout).write(summary);
};
