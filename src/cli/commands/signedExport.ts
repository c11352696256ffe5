/**
 * `export --sign`: the export text followed by its signed trailer, and the summary line
 * naming the key (its id is what verifiers list among their trusted keys).
 */
import type { KeyObject } from 'node:crypto';
import { signExport, trailerLine } from '../../audit/signature';
import type { CliContext } from '../context';
import { signatureMessagesFor } from '../signatureMessages';
import { showInstant } from '../values';

/** The signed text and one summary line. */
export const signedExport = (
  ctx: CliContext,
  exported: { readonly text: string; readonly events: number; readonly head: string },
  key: KeyObject,
): { readonly text: string; readonly summary: string } => {
  const trailer = signExport(key, exported.head, exported.events, ctx.io.now());
  return {
    text: `${exported.text}${trailerLine(trailer)}`,
    summary: `${signatureMessagesFor(ctx.lang).signed(trailer.keyId, showInstant(new Date(trailer.signedAt)))}\n`,
  };
};
