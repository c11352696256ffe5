/**
 * Text from event data, export files and stores is written to terminals: an escape sequence
 * in it (clear the screen, set the window title, rewrite a line, hide text) would act on the
 * terminal instead of being read. Every character a terminal interprets, or that reorders
 * what is shown, is written as a visible `\uXXXX` escape instead — the form JSON uses, so
 * JSON output stays valid JSON with the same value.
 */

// C0 controls except tab and line feed; DEL and the C1 controls (U+009B is a one-character
// CSI); the Unicode bidirectional controls that reorder a line ("Trojan source"); a carriage
// return that does not end a CRLF line (it would let text overwrite the start of its line).
// eslint-disable-next-line no-control-regex
const UNSAFE = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]|\r(?!\n)/g;

const escape = (c: string): string => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`;

/** `text` with every terminal control and bidirectional override written as `\uXXXX`. Idempotent. */
export const terminalSafe = (text: string): string => text.replace(UNSAFE, escape);
