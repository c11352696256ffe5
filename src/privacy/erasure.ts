/**
 * Erasing a complainant's personal data on request (GDPR art. 17): destroy their keys.
 * Every personal field ever encrypted for them then reads `[erased]` — in state, history,
 * timelines, exports and projections — while ids, dates, statuses and analytics stay.
 * Irreversible; repeating it is harmless (`nothingToErase`).
 */
import * as E from 'fp-ts/lib/Either.js';
import type * as TE from 'fp-ts/lib/TaskEither.js';
import { canonicalComplainantId } from '../domain/primitives';
import { PersonalDataError, type PrivacyError } from './errors';
import { type ErasureReceipt, type KeyStore, keyStoreFailureOf } from './keyStore';
import { orThrow } from '../promiseApi';

/**
 * Erases a complainant's personal data (fp-ts API): the receipt, or the key store's failure.
 * The id is taken in its canonical spelling (trimmed, lower case: see
 * `canonicalComplainantId`), the one the service records at receipt, so `Client-Zed ` erases
 * `client-zed`.
 */
export const eraseComplainantTE =
  (keyStore: KeyStore, complainantId: string): TE.TaskEither<PrivacyError, ErasureReceipt> =>
  async () => {
    // A caller from plain JavaScript may hand anything: only strings have a canonical spelling.
    const subject: unknown = complainantId;
    try {
      return E.right(await keyStore.erase(typeof subject === 'string' ? canonicalComplainantId(subject) : complainantId));
    } catch (e) {
      return E.left(keyStoreFailureOf(e));
    }
  };

/** Erases a complainant's personal data; rejects with a {@link PersonalDataError}. */
export const eraseComplainant = async (keyStore: KeyStore, complainantId: string): Promise<ErasureReceipt> =>
  orThrow(await eraseComplainantTE(keyStore, complainantId)(), (e) => new PersonalDataError(e));
