/** What `complaints retention` and `complaints report compliance` say, in English and French (their option help). */
import type { Lang } from './messages';

/** The sentences of `complaints retention`. */
export interface RetentionMessages {
  readonly compliance: string;
  readonly complianceAt: string;
  readonly command: string;
  readonly dryRun: string;
  readonly apply: string;
  readonly at: string;
  readonly years: string;
  readonly keyStore: string;
  readonly oneMode: string;
  readonly applyNeedsStore: string;
  readonly applyNeedsKeyStore: string;
  readonly badYears: (value: string) => string;
  readonly keyStoreUnloadable: (module: string, reason: string) => string;
  readonly notAKeyStore: (module: string) => string;
  readonly title: (years: number, at: string, dry: boolean) => string;
  readonly erasedTitle: (dry: boolean) => string;
  readonly alreadyTitle: string;
  readonly keptTitle: string;
  readonly summary: (erased: number, already: number, open: number, retained: number, dry: boolean) => string;
  readonly columns: {
    readonly complainant: string;
    readonly complaints: string;
    readonly ended: string;
    readonly keptUntil: string;
    readonly keys: string;
    readonly reason: string;
  };
  readonly reason: (r: 'open' | 'retention') => string;
}

const en: RetentionMessages = {
  compliance: 'compliance report of a period: received and closed, on-time rates by month, open complaints by age, Pareto of recurring problems, recourse rates, every overdue deadline (table, json or a self-contained html page)',
  complianceAt: 'the instant the report is judged at (default: the end of the period, or now)',
  command: 'crypto-shred the complainants whose complaints all ended longer ago than the retention rule (--dry-run first)',
  dryRun: 'report what would be erased; erase nothing',
  apply: 'erase: destroy the keys of those complainants (irreversible)',
  at: 'the instant the rule is applied at (default: now)',
  years: "years kept after closing, instead of the policy's retentionYearsAfterClosing (3)",
  keyStore: 'JavaScript module exporting the KeyStore (or a function returning it) that holds the complainants’ keys',
  oneMode: 'Say what to do: --dry-run (report only) or --apply (erase).',
  applyNeedsStore: '--apply erases keys of a store’s complainants: give --store (a --file export is not changed by it; delete or re-export the file instead).',
  applyNeedsKeyStore: '--apply needs the key store holding the complainants’ keys: --key-store <module>.',
  badYears: (v) => `--years expects a whole number of years from 1 to 100, not "${v}".`,
  keyStoreUnloadable: (m, r) => `--key-store ${m} cannot be loaded (${r}).`,
  notAKeyStore: (m) => `--key-store ${m} does not export a KeyStore (an object with getOrCreate, get and erase, or a function returning one).`,
  title: (y, at, dry) => `Retention: ${y} year(s) after closing, at ${at}${dry ? ' (dry run: nothing erased)' : ''}`,
  erasedTitle: (dry) => (dry ? 'Would be erased' : 'Erased'),
  alreadyTitle: 'Already erased',
  keptTitle: 'Kept',
  summary: (e, a, o, r, dry) => `${e} complainant(s) ${dry ? 'would be erased' : 'erased'}, ${a} already erased; kept: ${o} with an open complaint, ${r} within the retention period.`,
  columns: { complainant: 'complainant', complaints: 'complaints', ended: 'last ended', keptUntil: 'kept until', keys: 'keys destroyed', reason: 'why' },
  reason: (r) => (r === 'open' ? 'a complaint is open' : 'within the period'),
};

const fr: RetentionMessages = {
  compliance: 'rapport de conformité d’une période : reçues et closes, respect des délais par mois, réclamations ouvertes par ancienneté, Pareto des problèmes récurrents, taux de recours, tous les délais dépassés (table, json ou page html autonome)',
  complianceAt: 'l’instant auquel le rapport est établi (par défaut : la fin de la période, ou maintenant)',
  command: 'effacer (crypto-shredding) les réclamants dont toutes les réclamations sont closes depuis plus que la durée de conservation (--dry-run d’abord)',
  dryRun: 'indiquer ce qui serait effacé, sans rien effacer',
  apply: 'effacer : détruire les clés de ces réclamants (irréversible)',
  at: 'l’instant auquel la règle est appliquée (par défaut : maintenant)',
  years: 'années de conservation après la clôture, au lieu de retentionYearsAfterClosing de la politique (3)',
  keyStore: 'module JavaScript exportant le KeyStore (ou une fonction qui le renvoie) qui détient les clés des réclamants',
  oneMode: 'Indiquez quoi faire : --dry-run (rapport seul) ou --apply (effacer).',
  applyNeedsStore: '--apply efface les clés des réclamants d’une base : donnez --store (un export --file n’en est pas modifié ; supprimez-le ou refaites-le).',
  applyNeedsKeyStore: '--apply a besoin du magasin de clés des réclamants : --key-store <module>.',
  badYears: (v) => `--years attend un nombre entier d’années de 1 à 100, pas « ${v} ».`,
  keyStoreUnloadable: (m, r) => `--key-store ${m} ne peut pas être chargé (${r}).`,
  notAKeyStore: (m) => `--key-store ${m} n’exporte pas de KeyStore (un objet avec getOrCreate, get et erase, ou une fonction qui en renvoie un).`,
  title: (y, at, dry) => `Conservation : ${y} an(s) après la clôture, au ${at}${dry ? ' (simulation : rien n’est effacé)' : ''}`,
  erasedTitle: (dry) => (dry ? 'Seraient effacés' : 'Effacés'),
  alreadyTitle: 'Déjà effacés',
  keptTitle: 'Conservés',
  summary: (e, a, o, r, dry) =>
    `${e} réclamant(s) ${dry ? 'seraient effacé(s)' : 'effacé(s)'}, ${a} déjà effacé(s) ; conservés : ${o} avec une réclamation ouverte, ${r} dans la durée de conservation.`,
  columns: { complainant: 'réclamant', complaints: 'réclamations', ended: 'dernière clôture', keptUntil: 'conservé jusqu’au', keys: 'clés détruites', reason: 'motif' },
  reason: (r) => (r === 'open' ? 'une réclamation est ouverte' : 'dans la durée de conservation'),
};

/** The retention sentences of a language. */
export const retentionMessagesFor = (lang: Lang): RetentionMessages => (lang === 'fr' ? fr : en);
