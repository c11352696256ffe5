/**
 * Decoding of commands and events from unknown input: dispatch on `type`, then the type's
 * codec (through its compiled decoder); failures become a {@link DecodeError} with paths.
 */
import * as E from 'fp-ts/lib/Either.js';
import type * as t from 'io-ts';
import { type ComplaintCommand, commandCodecs, isComplaintCommandType, COMPLAINT_COMMAND_TYPES } from './commands';
import { compileDecoder, fastDecode } from './decoderCompiler';
import { type DecodeError, preview, toIssues } from './decoding';
import { type ComplaintEvent, eventCodecs, isComplaintEventType, COMPLAINT_EVENT_TYPES } from './events';
import { ShortText, Uuid, canonicalComplainantId, canonicalUuid } from './primitives';

const typeOf = (input: unknown): unknown =>
  typeof input === 'object' && input !== null && !Array.isArray(input) ? (input as { type?: unknown }).type : undefined;

const unknownType = (subject: string, type: unknown, known: readonly string[]): DecodeError => ({
  _tag: 'DecodeError',
  subject,
  issues: [
    {
      path: 'type',
      expected: `one of ${known.join(', ')}`,
      message:
        type === undefined
          ? `type: expected a ${subject} type (one of ${known.join(', ')}), got nothing`
          : `type: unknown ${subject} type ${preview(type)}; expected one of ${known.join(', ')}`,
    },
  ],
});

const hasUpperCase = /[A-Z]/;

/**
 * A decoded command with its ids in their canonical spelling (see {@link canonicalUuid} and
 * {@link canonicalComplainantId}); the same object when they already were.
 */
const canonicalCommand = (c: ComplaintCommand): E.Either<DecodeError, ComplaintCommand> => {
  let out = c;
  if (hasUpperCase.test(c.complaintId)) out = { ...out, complaintId: canonicalUuid(c.complaintId) };
  if (out.type !== 'ReceiveComplaint') return E.right(out);
  let r = out;
  if (r.linkedComplaintId !== undefined && hasUpperCase.test(r.linkedComplaintId)) r = { ...r, linkedComplaintId: canonicalUuid(r.linkedComplaintId) };
  const complainantId = canonicalComplainantId(r.complainant.id);
  if (complainantId !== r.complainant.id) {
    // Lower-casing a few characters (İ) lengthens them: the canonical id must still be a ShortText.
    if (!ShortText.is(complainantId as unknown))
      return E.left({
        _tag: 'DecodeError',
        subject: 'command ReceiveComplaint',
        issues: [{ path: 'complainant.id', expected: 'ShortText(1..200 chars)', message: `complainant.id: expected at most 200 characters once in lower case, got ${complainantId.length}` }],
      });
    r = { ...r, complainant: { ...r.complainant, id: complainantId } };
  }
  return E.right(r);
};

/**
 * Decodes an unknown value as a complaint command. Ids come out in their canonical spelling:
 * `complaintId` and `linkedComplaintId` in lower case, `complainant.id` trimmed and in lower
 * case (see {@link canonicalComplainantId}).
 */
export const decodeCommand = (input: unknown): E.Either<DecodeError, ComplaintCommand> => {
  const type = typeOf(input);
  if (typeof type !== 'string' || !isComplaintCommandType(type)) return E.left(unknownType('command', type, COMPLAINT_COMMAND_TYPES));
  const codec: t.Decoder<unknown, ComplaintCommand> & t.Mixed = commandCodecs[type];
  const result = fastDecode(codec, compileDecoder(codec), input);
  return E.isRight(result)
    ? canonicalCommand(result.right)
    : E.left({ _tag: 'DecodeError', subject: `command ${type}`, issues: toIssues(result.left) });
};

const uuidDecoder = compileDecoder(Uuid);

/** Decodes a complaint id (a UUID) into its canonical lower-case spelling. */
export const decodeComplaintId = (input: unknown): E.Either<DecodeError, Uuid> => {
  const result = fastDecode(Uuid, uuidDecoder, input);
  return E.isRight(result)
    ? E.right(canonicalUuid(result.right))
    : E.left({ _tag: 'DecodeError', subject: 'complaint id', issues: toIssues(result.left) });
};

/** Decodes an event from its stored type and data. */
export const decodeEvent = (type: string, data: unknown): E.Either<DecodeError, ComplaintEvent> => {
  // A type that is not a string (from plain JavaScript) is named, never converted to a key.
  if (typeof type !== 'string' || !isComplaintEventType(type)) return E.left(unknownType('event', type, COMPLAINT_EVENT_TYPES));
  const codec: t.Decoder<unknown, ComplaintEvent> & t.Mixed = eventCodecs[type];
  const result = fastDecode(codec, compileDecoder(codec), { type, data });
  return E.isRight(result)
    ? result
    : E.left({ _tag: 'DecodeError', subject: `event ${type}`, issues: toIssues(result.left) });
};
