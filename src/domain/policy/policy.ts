/**
 * Lukéa's complaint-handling policy as versioned data. The numbers of the policy text
 * (7 days, 15 days, the mediator's address) and the points it leaves open (day counting,
 * urgency targets, the direction's decision time) are fields of one value with a version
 * id, so a complaint records the version it was received under and replays identically
 * after the policy changes. docs/policy.md describes each field.
 */
import * as E from 'fp-ts/lib/Either.js';
import { pipe } from 'fp-ts/lib/function.js';
import * as t from 'io-ts';
import type { DecodeError, DecodeIssue } from '../decoding';
import { decodeWith } from '../decoding';
import { Code, NonNegativeDays, PositiveDays, PositiveYears, ShortText } from '../primitives';
import type { Channel } from '../vocabulary';
import { ComplaintForm, URGENCIES } from '../vocabulary';
import { frozenCopy, withDefault } from './codecHelpers';

/** How many delay notices one complaint may receive: a whole number 1–100. */
export const DelayNoticeLimit = t.refinement(t.number, (n) => Number.isInteger(n) && n >= 1 && n <= 100, 'DelayNoticeLimit(1..100)');

/** A policy version id, e.g. `2021-06-25`: non-blank, at most 100 characters. */
export const PolicyVersion = t.refinement(t.string, (s) => s.trim().length > 0 && s.length <= 100, 'PolicyVersion(non-blank, ≤ 100 chars)');

const isIanaTimeZone = (s: string): boolean => {
  // Raw offsets ("+01:00") are not zones: they have no DST, and only newer runtimes accept them.
  if (s.length === 0 || s.length > 64 || /^[+-]/.test(s)) return false;
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: s });
    return true;
  } catch {
    return false;
  }
};

/** An IANA time-zone name the runtime knows (e.g. `Europe/Paris`), checked through Intl. */
export const TimeZone = t.refinement(t.string, isIanaTimeZone, 'TimeZone(IANA name such as "Europe/Paris")');

/** How "N jours" is counted: every calendar day, or only business days (Mon–Fri, no French public holiday). */
export const DayCounting = t.keyof({ calendar: null, business: null }, 'DayCounting');
/** A day-counting mode. */
export type DayCounting = t.TypeOf<typeof DayCounting>;

/** Optional internal answer targets per urgency ("traiter selon l'urgence"), in days. */
export const UrgencyTargets = t.exact(
  t.partial({ low: PositiveDays, normal: PositiveDays, high: PositiveDays, critical: PositiveDays }),
  'UrgencyTargets',
);

/** The form of each channel: it decides whether an acknowledgement is due. */
export const ChannelForms = t.exact(
  t.type({ web: ComplaintForm, email: ComplaintForm, postal_mail: ComplaintForm, phone: ComplaintForm, in_person: ComplaintForm }),
  'ChannelForms',
);

/** An ISO 3166-1 alpha-2 country code, e.g. `FR`. */
export const CountryCode = t.refinement(t.string, (s) => /^[A-Z]{2}$/.test(s), 'CountryCode(ISO 3166-1 alpha-2 such as "FR")');

/** A postal address, as printed on a referral letter. */
export const PostalAddress = t.exact(t.type({ street: ShortText, postalCode: ShortText, city: ShortText, country: CountryCode }), 'PostalAddress');

/** The external mediator of the second recourse ("au Médiateur, 161 Cours Tolstoï…"). */
export const Mediator = t.exact(t.type({ name: ShortText, address: PostalAddress }), 'Mediator');

/**
 * The reported problem of a complaint whose complainant's problem was not recorded (not
 * given at receipt, or received before the field existed). Always accepted; never in a
 * policy's list.
 */
export const UNKNOWN_PROBLEM = 'unknown';

/** The codes of the problems a complainant can report at receipt (at most 500). */
export const ReportedProblems = t.refinement(t.readonlyArray(Code), (a) => a.length <= 500, 'ReportedProblems(≤ 500 codes)');

/**
 * Lukéa's internal default list of reported problems: the policy text names none, so these
 * are the problem families of a service company's complaints (docs/policy.md). A policy
 * version may replace them; a complaint keeps the code it was received with.
 */
export const DEFAULT_REPORTED_PROBLEMS: readonly string[] = [
  'billing_error',
  'payment_or_refund',
  'contract_terms',
  'service_not_delivered',
  'service_quality',
  'delay',
  'information_or_advice',
  'staff_behaviour',
  'technical_fault',
  'personal_data',
  'other',
];

/**
 * The policy codec. Unknown keys are stripped at every level; `warningHorizonDays` may be
 * omitted (2 days). Cross-field rules (targets ≤ answer days) are checked by
 * {@link parsePolicy}, which is the way to read a policy from outside.
 */
export const PolicyCodec = t.exact(
  t.type({
    version: PolicyVersion,
    timeZone: TimeZone,
    dayCounting: DayCounting,
    /** Written complaints: "accuse réception … dans un délai maximum d'une semaine". */
    acknowledgementDays: PositiveDays,
    /** "une réponse définitive … dans les 15 jours". */
    answerDays: PositiveDays,
    /** Not in the policy text: the direction's internal target to decide an appeal. */
    internalAppealDecisionDays: PositiveDays,
    urgencyTargets: UrgencyTargets,
    /** How many days before a deadline it counts as "due soon" in the analytics. */
    warningHorizonDays: withDefault(NonNegativeDays, 2),
    /**
     * Not in the policy text: how many delay notices one complaint may receive (10). Every
     * state holds every notice, so an audit history, which keeps a state per event, grows
     * with the square of their number: the cap keeps it bounded.
     */
    maxDelayNotices: withDefault(DelayNoticeLimit, 10),
    channels: ChannelForms,
    mediator: Mediator,
    /**
     * Not in the policy text: the problems a complainant can report at receipt ("identifier
     * les problèmes récurrents" as reported, before any root cause is known). May be omitted
     * ({@link DEFAULT_REPORTED_PROBLEMS}).
     */
    reportedProblems: withDefault(ReportedProblems, DEFAULT_REPORTED_PROBLEMS),
    /**
     * Not in the policy text: how many years a closed complaint's personal data is kept
     * after closing (FCA DISP 1.9: 3 years); then its complainant is crypto-shredded. May be
     * omitted (3).
     */
    retentionYearsAfterClosing: withDefault(PositiveYears, 3),
  }),
  'Policy',
);

/** A complaint-handling policy (one version). */
export type Policy = t.TypeOf<typeof PolicyCodec>;

/**
 * The seed's policy, version `2021-06-25`, with the open points settled as documented in
 * docs/policy.md:
 * - `dayCounting: 'calendar'` — the literal reading of "une semaine" and "15 jours";
 * - `urgencyTargets: { critical: 2, high: 7 }` — Lukéa's internal defaults for
 *   "traiter selon l'urgence" (the policy gives no numbers); low and normal have only the
 *   15-day commitment;
 * - `internalAppealDecisionDays: 15` — an internal target, the policy sets none;
 * - `warningHorizonDays: 2`;
 * - `reportedProblems`: {@link DEFAULT_REPORTED_PROBLEMS};
 * - `retentionYearsAfterClosing: 3` (FCA DISP 1.9).
 * - `maxDelayNotices: 10` — the policy sets no limit; ten explanatory emails postponing one
 *   answer is far beyond any complaint handled as the policy intends.
 * Deep-frozen.
 */
export const defaultPolicy: Policy = frozenCopy({
  version: '2021-06-25',
  timeZone: 'Europe/Paris',
  dayCounting: 'calendar',
  acknowledgementDays: 7,
  answerDays: 15,
  internalAppealDecisionDays: 15,
  urgencyTargets: { critical: 2, high: 7 },
  warningHorizonDays: 2,
  maxDelayNotices: 10,
  channels: { web: 'written', email: 'written', postal_mail: 'written', phone: 'verbal', in_person: 'verbal' },
  mediator: { name: 'Médiateur', address: { street: '161 Cours Tolstoï', postalCode: '69100', city: 'Villeurbanne', country: 'FR' } },
  reportedProblems: DEFAULT_REPORTED_PROBLEMS,
  retentionYearsAfterClosing: 3,
});

const atMostAnswerDays = (path: string, value: number, answerDays: number): DecodeIssue[] =>
  value <= answerDays
    ? []
    : [{ path, expected: `at most answerDays (${answerDays})`, message: `${path}: expected at most answerDays (${answerDays}), got ${value}` }];

// Rules that span fields, so no single codec can check them.
const ruleIssues = (p: Policy): DecodeIssue[] => [
  // Internal targets may be shorter than the 15-day commitment, never longer.
  ...URGENCIES.flatMap((u) => {
    const target = p.urgencyTargets[u];
    return target === undefined ? [] : atMostAnswerDays(`urgencyTargets.${u}`, target, p.answerDays);
  }),
  // An acknowledgement after the definitive answer would be meaningless.
  ...atMostAnswerDays('acknowledgementDays', p.acknowledgementDays, p.answerDays),
  // A code names one problem; `unknown` is what "none recorded" reads as.
  ...p.reportedProblems.flatMap((code, i): DecodeIssue[] => {
    const path = `reportedProblems[${i}]`;
    if (code === UNKNOWN_PROBLEM) return [{ path, expected: 'a code other than "unknown"', message: `${path}: "unknown" is reserved for complaints without a reported problem` }];
    const first = p.reportedProblems.indexOf(code);
    return first === i ? [] : [{ path, expected: 'a code listed once', message: `${path}: "${code}" is already listed at reportedProblems[${first}]` }];
  }),
];

const checkRules = (p: Policy): E.Either<DecodeError, Policy> => {
  const issues = ruleIssues(p);
  return issues.length === 0 ? E.right(p) : E.left({ _tag: 'DecodeError', subject: 'policy', issues });
};

/**
 * Reads a policy from untrusted input (a JSON file, a config service). Codec failures
 * and broken rules (an urgency target or the acknowledgement above `answerDays`) come
 * back as a {@link DecodeError} with subject `policy` whose issues name the path, e.g.
 * `urgencyTargets.critical: expected at most answerDays (15), got 20`. Rules are checked
 * once the shape is valid. The result is a fresh, deep-frozen value (the input is not
 * frozen or kept).
 */
export const parsePolicy = (input: unknown): E.Either<DecodeError, Policy> =>
  pipe(input, decodeWith(PolicyCodec, 'policy'), E.chain(checkRules), E.map(frozenCopy));

/** The form (written or verbal) of complaints arriving through `channel` under `policy`. */
export const formOf = (policy: Policy, channel: Channel): ComplaintForm => policy.channels[channel];
