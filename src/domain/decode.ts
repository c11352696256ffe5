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

/** Decodes an unknown value as a complaint command. */
export const decodeCommand = (input: unknown): E.Either<DecodeError, ComplaintCommand> => {
  const type = typeOf(input);
  if (typeof type !== 'string' || !isComplaintCommandType(type)) return E.left(unknownType('command', type, COMPLAINT_COMMAND_TYPES));
  const codec: t.Decoder<unknown, ComplaintCommand> & t.Mixed = commandCodecs[type];
  const result = fastDecode(codec, compileDecoder(codec), input);
  return E.isRight(result)
    ? result
    : E.left({ _tag: 'DecodeError', subject: `command ${type}`, issues: toIssues(result.left) });
};

/** Decodes an event from its stored type and data. */
export const decodeEvent = (type: string, data: unknown): E.Either<DecodeError, ComplaintEvent> => {
  if (!isComplaintEventType(type)) return E.left(unknownType('event', type, COMPLAINT_EVENT_TYPES));
  const codec: t.Decoder<unknown, ComplaintEvent> & t.Mixed = eventCodecs[type];
  const result = fastDecode(codec, compileDecoder(codec), { type, data });
  return E.isRight(result)
    ? result
    : E.left({ _tag: 'DecodeError', subject: `event ${type}`, issues: toIssues(result.left) });
};
