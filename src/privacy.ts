/**
 * `@lukea/complaints/privacy` — complainants' personal data (GDPR): personal fields encrypted
 * per complainant with keys held outside the event stream ({@link protectPersonalData}), key
 * stores, erasure on request by crypto-shredding ({@link eraseComplainant}) and the retention
 * rule ({@link applyRetention}). See docs/security.md for the model.
 *
 * Naming rule: the Promise form has the plain name, the fp-ts form a `TE` suffix.
 * @packageDocumentation
 */

// The store decorator.
export { protectPersonalData, ProtectedEventStore, ENVELOPE_PREFIX } from './privacy/index';
export type { ProtectPersonalDataOptions } from './privacy/index';

// Key stores.
export { InMemoryKeyStore, KeyStoreError, KEY_BYTES, KEY_ID_PATTERN, keyStoreFailureOf } from './privacy/index';
export type { DataKey, ErasureReceipt, KeyLookup, KeyStore, InMemoryKeyStoreOptions } from './privacy/index';

// Erasure and retention.
export { eraseComplainant, eraseComplainantTE } from './privacy/index';
// The one spelling of a complainant id (trimmed, lower case) under which keys are held and erased.
export { canonicalComplainantId } from './domain/primitives';
export { applyRetention, applyRetentionTE, describeRetentionError, RetentionFailure } from './privacy/index';
export type { ErasedComplainant, RetentionError, RetentionOptions, RetentionReport, UnreadableEvents } from './privacy/index';
export { foldRetention, keptUntil, retentionPlan, retentionProjection } from './privacy/index';
export type { ExpiredComplaint, ExpiredComplainant, KeptComplainant, RetentionModel, RetentionPlan, RetentionRecord } from './privacy/index';

// What is personal.
export { ERASED, PERSONAL_FIELDS, personalFieldsOf } from './privacy/index';
export type { PersonalFieldPath } from './privacy/index';

// Errors.
export { describePrivacyError, PersonalDataError, privacyErrorOf } from './privacy/index';
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
} from './privacy/index';
