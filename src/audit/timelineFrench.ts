/**
 * The French wording of the audit timeline (« chronologie »), for Lukéa staff and
 * auditors. The policy's own terms are kept exact: réclamation, accusé de réception,
 * réponse définitive, recours interne, direction, Médiateur.
 */
import type { ComplaintEvent } from '../domain/events';
import type { ComplaintStatus } from '../domain/state';
import type {
  ActorRole,
  AppealGrounds,
  AppealOutcome,
  Channel,
  CloseReason,
  ComplaintForm,
  DeadlineKind,
  MediationOutcome,
  RequalifiedAs,
  Urgency,
} from '../domain/vocabulary';
import type { TimelineWording } from './timelineEnglish';

const clip = (s: string, max = 90): string => {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > max ? `${one.slice(0, max - 1)}…` : one;
};

/** « par courrier », « par téléphone »… */
const CHANNELS: { readonly [K in Channel]: string } = {
  web: 'via le site internet',
  email: 'par email',
  postal_mail: 'par courrier',
  phone: 'par téléphone',
  in_person: 'en personne',
};

const FORMS: { readonly [K in ComplaintForm]: string } = { written: 'écrite', verbal: 'verbale' };

const URGENCIES: { readonly [K in Urgency]: string } = { low: 'faible', normal: 'normale', high: 'haute', critical: 'critique' };

const REQUALIFIED: { readonly [K in RequalifiedAs]: string } = {
  information_request: 'demande de renseignements',
  service_request: 'demande de service',
  improvement_suggestion: 'suggestion d’amélioration',
};

const GROUNDS: { readonly [K in AppealGrounds]: string } = {
  unsatisfied_with_answer: 'client non satisfait de la réponse',
  no_news_after_deadline: 'toujours sans nouvelle après le délai',
};

const APPEAL_OUTCOMES: { readonly [K in AppealOutcome]: string } = {
  upheld: 'accueilli',
  partially_upheld: 'partiellement accueilli',
  rejected: 'rejeté',
};

const MEDIATION_OUTCOMES: { readonly [K in MediationOutcome]: string } = {
  in_favour_of_complainant: 'en faveur du client',
  in_favour_of_lukea: 'en faveur de Lukéa',
  settlement: 'accord amiable',
  withdrawn: 'désistement',
};

const CLOSE_REASONS: { readonly [K in CloseReason]: string } = {
  resolved: 'résolue',
  appeal_decided: 'recours interne tranché',
  mediation_concluded: 'médiation conclue',
  withdrawn_by_complainant: 'retirée par le client',
};

const ROLES: { readonly [K in ActorRole]: string } = {
  agent: 'agent',
  supervisor: 'superviseur',
  direction: 'direction',
  system: 'système',
  auditor: 'auditeur',
};

/** Status names in French (the published contract keeps the English ones). */
export const FRENCH_STATUSES: { readonly [K in ComplaintStatus]: string } = {
  received: 'reçue',
  acknowledged: 'accusé de réception envoyé',
  delayed: 'réponse reportée',
  answered: 'réponse définitive donnée',
  'internal-appeal': 'recours interne',
  'mediator-referral': 'saisine du Médiateur',
  closed: 'close',
  requalified: 'requalifiée',
};

/** Deadline names in French. */
export const FRENCH_DEADLINES: { readonly [K in DeadlineKind]: string } = {
  acknowledgement: 'accusé de réception',
  answer: 'réponse définitive',
  urgency_target: 'objectif interne d’urgence',
  internal_appeal_decision: 'décision sur le recours interne',
};

/** « de l’accusé de réception », « de la réponse définitive »… */
const OF_DEADLINE: { readonly [K in DeadlineKind]: string } = {
  acknowledgement: 'de l’accusé de réception',
  answer: 'de la réponse définitive',
  urgency_target: 'de l’objectif interne d’urgence',
  internal_appeal_decision: 'de la décision sur le recours interne',
};

/** When a complaint has no such deadline (a verbal complaint: « aucun accusé de réception n’est envoyé »). */
const NO_DEADLINE: { readonly [K in DeadlineKind]: string } = {
  acknowledgement: 'aucun accusé de réception',
  answer: 'aucune réponse définitive attendue',
  urgency_target: 'aucun objectif interne d’urgence',
  internal_appeal_decision: 'aucune décision sur le recours interne attendue',
};

const timely = (onTime: boolean): string => (onTime ? 'dans le délai' : 'hors délai');

const describe = (e: ComplaintEvent): string => {
  switch (e.type) {
    case 'ComplaintReceived':
      return `Réclamation reçue ${CHANNELS[e.data.channel]} (${FORMS[e.data.form]}, urgence ${URGENCIES[e.data.urgency]}) : « ${clip(e.data.subject, 60)} »`;
    case 'ComplaintRequalified':
      return `Requalifiée en ${REQUALIFIED[e.data.requalifiedAs]} : ${clip(e.data.reason)}`;
    case 'ComplaintAssigned':
      return `Attribuée à ${e.data.assignee.name}`;
    case 'ComplaintAcknowledged':
      return `Accusé de réception envoyé par email ${timely(e.data.onTime)} ; personne-ressource ${e.data.contactPerson.name}, réponse prévue le ${e.data.expectedAnswerDate}`;
    case 'ComplaintAnswerDelayed':
      return `Réponse reportée par mail explicatif${e.data.lateNotice ? ' (envoyé après le délai)' : ''} : ${clip(e.data.reason)}`;
    case 'ComplaintAnswered':
      return `Réponse définitive ${CHANNELS[e.data.channel]} ${timely(e.data.onTime)} : ${clip(e.data.decision)}`;
    case 'ComplaintInternalAppealOpened':
      return `Recours interne auprès de la direction (${GROUNDS[e.data.grounds]}) : ${clip(e.data.statement)}`;
    case 'ComplaintInternalAppealDecided':
      return `Recours interne ${APPEAL_OUTCOMES[e.data.outcome]} par ${e.data.decidedBy}${e.data.onTarget ? '' : ' (après son objectif)'} : ${clip(e.data.decision)}`;
    case 'ComplaintReferredToMediator':
      return `Saisine du Médiateur (${e.data.mediator.name}, ${e.data.mediator.address.city})`;
    case 'ComplaintMediationConcluded':
      return `Médiation conclue (${MEDIATION_OUTCOMES[e.data.outcome]}) : ${clip(e.data.summary)}`;
    case 'ComplaintClosed':
      return `Réclamation close (${CLOSE_REASONS[e.data.reason]})`;
    case 'ComplaintDeadlineMissed':
      return 'Dépassement de délai constaté';
    case 'ComplaintClientContacted':
      return `Contact ${e.data.direction === 'inbound' ? 'entrant' : 'sortant'} ${CHANNELS[e.data.channel]} : ${clip(e.data.summary)}`;
    case 'ComplaintUrgencyReassessed':
      return `Urgence réévaluée de ${URGENCIES[e.data.previousUrgency]} à ${URGENCIES[e.data.urgency]} : ${clip(e.data.reason)}`;
    case 'ComplaintRecategorised':
      return `Recatégorisée de ${e.data.previousCategory} / ${e.data.previousProduct} en ${e.data.category} / ${e.data.product}`;
  }
};

/** French wording of the timeline (`formatTimeline(entries, { wording: frenchWording })`). */
export const frenchWording: TimelineWording = {
  title: (id, zone) => `Réclamation ${id} (heures en ${zone})`,
  event: describe,
  actor: (a) => `par ${a.id} (${ROLES[a.role]})`,
  recorded: (when) => `enregistré le ${when}`,
  status: (s) => `statut : ${FRENCH_STATUSES[s]}`,
  deadlineSet: (k, due) => (due === null ? NO_DEADLINE[k] : `échéance ${OF_DEADLINE[k]} : ${due}`),
  deadlineMoved: (k, from, to) => `échéance ${OF_DEADLINE[k]} déplacée du ${from ?? '(aucune)'} au ${to ?? '(aucune)'}`,
  deadlineMissed: (k, due) => `DÉLAI DÉPASSÉ : échéance ${OF_DEADLINE[k]} du ${due}`,
  empty: 'Aucun évènement.',
};
