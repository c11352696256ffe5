/**
 * Faster equivalents of some codecs' refinement predicates, for the compiled decoders
 * (decoderCodegen.ts): the same answer for every string, without the allocations of the
 * originals on the common inputs. `fastPredicates.test.ts` checks each against its
 * original on arbitrary strings.
 */
import type * as t from 'io-ts';
import { LongText, ShortText } from './primitives';
import { ActorId } from './vocabulary';

/**
 * `s.trim().length > 0`: whether `s` holds a character `trim` keeps. A first character
 * between `!` and `~` is one (no white space or line terminator is printable ASCII), which
 * settles almost every real string without the copy `trim` makes.
 */
export const notBlank = (s: string): boolean => {
  if (s.length === 0) return false;
  const c = s.charCodeAt(0);
  return (c > 32 && c < 127) || s.trim().length > 0;
};

type Predicate = (a: unknown) => boolean;

const byCodec = new Map<t.Mixed, Predicate>([
  [ShortText, (s) => (s as string).length <= 200 && notBlank(s as string)],
  [LongText, (s) => (s as string).length <= 20_000 && notBlank(s as string)],
  [ActorId, (s) => notBlank(s as string) && (s as string).length <= 200],
]);

/** A faster predicate with the same answers as refinement `codec`'s own (on its inner type's values), if there is one. */
export const fastPredicateOf = (codec: t.Mixed): Predicate | undefined => byCodec.get(codec);
