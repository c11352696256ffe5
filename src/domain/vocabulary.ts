/**
 * The policy's vocabulary: channels, forms, urgencies, complainant kinds, roles.
 * Values are part of the published contract (they appear in stored events).
 */
import * as t from 'io-ts';

/** How the complaint reached Lukéa: "via notre site internet, par simple courrier ou email, par téléphone" (+ in person). */
export const Channel = t.keyof({ web: null, email: null, postal_mail: null, phone: null, in_person: null }, 'Channel');
/** A channel name. */
export type Channel = t.TypeOf<typeof Channel>;
/** Every channel, in a stable order. */
export const CHANNELS: readonly Channel[] = ['web', 'email', 'postal_mail', 'phone', 'in_person'];

/** Written or verbal: decides whether an acknowledgement is due. */
export const ComplaintForm = t.keyof({ written: null, verbal: null }, 'ComplaintForm');
/** A complaint form. */
export type ComplaintForm = t.TypeOf<typeof ComplaintForm>;

/** "traiter selon l'urgence": orders the work queue and may set a shorter internal target. */
export const Urgency = t.keyof({ low: null, normal: null, high: null, critical: null }, 'Urgency');
/** An urgency level. */
export type Urgency = t.TypeOf<typeof Urgency>;
/** Every urgency, least urgent first. */
export const URGENCIES: readonly Urgency[] = ['low', 'normal', 'high', 'critical'];

/** "d'un client ou partenaire": who may complain. */
export const ComplainantKind = t.keyof({ client: null, partner: null }, 'ComplainantKind');
/** A complainant kind. */
export type ComplainantKind = t.TypeOf<typeof ComplainantKind>;

/**
 * Roles of the actors who issue commands. `agent`: customer service; `supervisor`: a team
 * lead; `direction`: Lukéa's management, the only role that decides an internal appeal;
 * `system`: automated processes (deadline watcher, importers); `auditor`: read-only.
 */
export const ActorRole = t.keyof({ agent: null, supervisor: null, direction: null, system: null, auditor: null }, 'ActorRole');
/** An actor role. */
export type ActorRole = t.TypeOf<typeof ActorRole>;

/** An actor's id: an employee id or system name, 1 to 200 characters, not blank. */
export const ActorId = t.refinement(t.string, (s) => s.trim().length > 0 && s.length <= 200, 'ActorId');

/** Who issues a command: an id (employee or system name) and a role. */
export const Actor = t.type({ id: ActorId, role: ActorRole }, 'Actor');
/** An actor. */
export type Actor = t.TypeOf<typeof Actor>;

/** What a contact that was registered as a complaint turned out to be (not a complaint). */
export const RequalifiedAs = t.keyof(
  { information_request: null, service_request: null, improvement_suggestion: null },
  'RequalifiedAs',
);
/** A non-complaint contact kind. */
export type RequalifiedAs = t.TypeOf<typeof RequalifiedAs>;

/** The deadlines a complaint can miss. */
export const DeadlineKind = t.keyof(
  { acknowledgement: null, answer: null, urgency_target: null, internal_appeal_decision: null },
  'DeadlineKind',
);
/** A deadline kind. */
export type DeadlineKind = t.TypeOf<typeof DeadlineKind>;

/** Why the complainant turns to the direction ("n'est pas satisfait" / "toujours sans nouvelle"). */
export const AppealGrounds = t.keyof({ unsatisfied_with_answer: null, no_news_after_deadline: null }, 'AppealGrounds');
/** Internal appeal grounds. */
export type AppealGrounds = t.TypeOf<typeof AppealGrounds>;

/** The direction's decision on an internal appeal. */
export const AppealOutcome = t.keyof({ upheld: null, partially_upheld: null, rejected: null }, 'AppealOutcome');
/** An internal appeal outcome. */
export type AppealOutcome = t.TypeOf<typeof AppealOutcome>;

/** How a mediation ended. */
export const MediationOutcome = t.keyof(
  { in_favour_of_complainant: null, in_favour_of_lukea: null, settlement: null, withdrawn: null },
  'MediationOutcome',
);
/** A mediation outcome. */
export type MediationOutcome = t.TypeOf<typeof MediationOutcome>;

/** Why a complaint was closed (derived by the decider from the complaint's state). */
export const CloseReason = t.keyof(
  { resolved: null, appeal_decided: null, mediation_concluded: null, withdrawn_by_complainant: null },
  'CloseReason',
);
/** A close reason. */
export type CloseReason = t.TypeOf<typeof CloseReason>;

/** Direction of a contact with the complainant. */
export const ContactDirection = t.keyof({ inbound: null, outbound: null }, 'ContactDirection');
/** A contact direction. */
export type ContactDirection = t.TypeOf<typeof ContactDirection>;

