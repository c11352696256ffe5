/**
 * `complaints replay <complaintId> [--as-of <instant>] [--format text|json]`: the
 * complaint's history with the state after each event.
 */
import * as E from 'fp-ts/lib/Either.js';
import { type HistoryEntry, historyTE, stateAsOfEntries, formatTimeline, englishWording, frenchWording } from '../../audit';
import { FRENCH_STATUSES } from '../../audit/timelineFrench';
import { decodeComplaintId } from '../../index';
import { toJsonValue } from '../../projections';
import { terminalSafe } from '../terminalText';
import { type CliContext, describeFailure, emit } from '../context';
import { CliError, EXIT } from '../errors';
import { type SourceOptions, withSource } from '../source';
import { DISPLAY_ZONE, parseChoice, parseInstant, showInstant } from '../values';

/** Options of `replay`. */
export interface ReplayOptions extends SourceOptions {
  readonly asOf?: string;
  readonly format?: string;
  readonly out?: string;
}

const FORMATS = ['text', 'json'] as const;

const entryJson = (e: HistoryEntry): unknown =>
  toJsonValue({
    revision: e.revision,
    eventId: e.eventId,
    type: e.event.type,
    occurredAt: e.occurredAt,
    recordedAt: e.recordedAt,
    actor: e.actor,
    data: e.event.data,
    status: e.state.status,
    state: e.state,
  });

/** Runs `replay`. */
export const replayCommand = async (ctx: CliContext, givenId: string, options: ReplayOptions): Promise<void> => {
  const format = parseChoice(options.format ?? 'text', '--format', FORMATS, ctx.m);
  const asOf = options.asOf === undefined ? undefined : parseInstant(options.asOf, '--as-of', ctx.m);
  // Any case names the complaint; it is shown in its canonical (lower-case) spelling.
  const id = decodeComplaintId(givenId);
  if (E.isLeft(id)) throw new CliError(ctx.m.errors.badComplaintId(givenId), EXIT.usage);
  const complaintId: string = id.right;
  const entries = await withSource(ctx, options, async ({ store }) => {
    const r = await historyTE(store, complaintId)();
    if (E.isLeft(r)) throw describeFailure(ctx, r.left);
    return r.right;
  });
  const shown = asOf === undefined ? entries : entries.filter((e) => Date.parse(e.recordedAt) <= asOf.getTime());
  const atState = asOf === undefined ? undefined : stateAsOfEntries(entries, asOf);
  if (format === 'json') {
    const json = {
      complaintId,
      timeZone: DISPLAY_ZONE,
      ...(asOf === undefined ? {} : { asOf: asOf.toISOString() }),
      events: shown.map(entryJson),
      state: toJsonValue(atState?.state ?? entries[entries.length - 1]?.state ?? null),
    };
    await emit(ctx, `${JSON.stringify(json, null, 2)}\n`, options.out);
    return;
  }
  let text = formatTimeline(shown, { timeZone: DISPLAY_ZONE, wording: ctx.lang === 'fr' ? frenchWording : englishWording });
  if (atState !== undefined && asOf !== undefined) {
    const status = atState.state.status === 'none' ? '—' : ctx.lang === 'fr' ? FRENCH_STATUSES[atState.state.status] : atState.state.status;
    text += `\n${ctx.m.out.asOf(showInstant(asOf), status, atState.eventCount, entries.length)}\n`;
  }
  await emit(ctx, terminalSafe(text), options.out); // also when written to a file: it is read on terminals
};
