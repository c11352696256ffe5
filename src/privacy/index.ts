/**
 * Personal data protection (GDPR): complainants' personal fields encrypted per complainant
 * with keys held outside the event stream, erasable on request (crypto-shredding). See
 * docs/security.md for the model.
 *
 * Deliberate public API of the module: every export is listed here by name.
 * @packageDocumentation
 */

/** Wraps an event store so that personal fields are encrypted on append and decrypted (or `[erased]`) on read. */
export { protectPersonalData, ProtectedEventStore } from './protectedEventStore';
/** Options of {@link protectPersonalData}. */
export type { ProtectPersonalDataOptions } from './protectedEventStore';

/** The key-store port, its error, the key size and the key-id format. */
export { KeyStoreError, KEY_BYTES, KEY_ID_PATTERN, keyStoreFailureOf } from './keyStore';
/** A data key, a key lookup (live or erased) and an erasure receipt. */
export type { DataKey, ErasureReceipt, KeyLookup, KeyStore } from './keyStore';

/** The in-memory key store (tests, demos, single-process tools). */
export { InMemoryKeyStore } from './inMemoryKeyStore';
/** Options of {@link InMemoryKeyStore}. */
export type { InMemoryKeyStoreOptions } from './inMemoryKeyStore';

/** Erasing a complainant's personal data (Promise and fp-ts APIs). */
export { eraseComplainant, eraseComplainantTE } from './erasure';

/** Retention: crypto-shredding complainants whose complaints ended longer ago than the policy's rule. */
export { applyRetention, applyRetentionTE, describeRetentionError, RetentionFailure } from './retention';
/** Options, report and errors of a retention run. */
export type { ErasedComplainant, RetentionError, RetentionOptions, RetentionReport, UnreadableEvents } from './retention';
/** The retention read model and its pure query. */
export { foldRetention, keptUntil, retentionPlan, retentionProjection } from './retentionPlan';
/** What the retention query returns. */
export type { ExpiredComplaint, ExpiredComplainant, KeptComplainant, RetentionModel, RetentionPlan, RetentionRecord } from './retentionPlan';

/** What is personal, and what an erased field reads as. */
export { ERASED, PERSONAL_FIELDS, personalFieldsOf } from './personalFields';
/** A path to a personal field in an event's data. */
export type { PersonalFieldPath } from './personalFields';

/** The envelope format's version prefix. */
export { ENVELOPE_PREFIX } from './envelope';

/** Privacy errors: description, the Error subclass, and extraction from a store rejection. */
export { describePrivacyError, PersonalDataError, privacyErrorOf } from './errors';
/** The tagged privacy errors. */
export type {
  ComplainantUnknown,
  FieldFailure,
  FieldLocation,
  KeyStoreFailure,
  KeyStoreRefused,
  KeyStoreUnavailable,
  PersonalFieldKeyMismatch,
  PersonalFieldKeyUnknown,
  PersonalFieldMalformed,
  PersonalFieldTampered,
  PrivacyError,
  UnknownKey,
} from './errors';
