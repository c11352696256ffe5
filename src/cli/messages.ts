/**
 * Every sentence the `complaints` command line says to a person, in English and French.
 * French keeps the policy's terms exact: réclamation, accusé de réception, réponse
 * définitive, recours interne, direction, Médiateur.
 */
import type { DeadlineKind, StoreUnavailable } from '../index';
import type { ExportFault } from '../audit';
import { FRENCH_DEADLINES } from '../audit/timelineFrench';

/** A language of the command line. */
export type Lang = 'en' | 'fr';

/** The languages, for `--lang`. */
export const LANGS: readonly Lang[] = ['en', 'fr'];

/**
 * The language when `--lang` is not given: the first of `LC_ALL`, `LC_MESSAGES`, `LANG`
 * that is set and not empty (the POSIX order); French if it starts with `fr`, else English.
 */
export const langFromEnv = (env: Readonly<Record<string, string | undefined>>): Lang => {
  const locale = [env.LC_ALL, env.LC_MESSAGES, env.LANG].find((v) => v !== undefined && v !== '') ?? '';
  return locale.toLowerCase().startsWith('fr') ? 'fr' : 'en';
};

/** Everything the command line says. */
export interface Messages {
  readonly program: string;
  readonly options: {
    readonly lang: string;
    readonly debug: string;
    readonly progress: string;
    readonly store: string;
    readonly file: string;
    readonly format: string;
    readonly out: string;
    readonly help: string;
    readonly version: string;
  };
  readonly commands: {
    readonly replay: string;
    readonly replayId: string;
    readonly asOf: string;
    readonly export: string;
    readonly ids: string;
    readonly all: string;
    readonly verify: string;
    readonly verifyFile: string;
    readonly head: string;
    readonly import: string;
    readonly importFile: string;
    readonly importPolicy: string;
    readonly report: string;
    readonly sla: string;
    readonly slaAt: string;
    readonly horizon: string;
    readonly recurring: string;
    readonly from: string;
    readonly to: string;
    readonly by: string;
    readonly period: string;
    readonly view: string;
    readonly watch: string;
    readonly watchAt: string;
    readonly watchOut: string;
    readonly skipUnreadable: string;
    readonly demo: string;
    readonly demoOut: string;
    readonly help: string;
  };
  readonly help: { readonly usage: string; readonly arguments: string; readonly options: string; readonly commands: string };
  readonly errors: {
    readonly noSource: string;
    readonly twoSources: string;
    readonly importNeedsStore: string;
    readonly idsOrAll: string;
    readonly badInstant: (value: string, option: string) => string;
    readonly badDate: (value: string, option: string) => string;
    readonly badHorizon: (value: string) => string;
    readonly badChoice: (value: string, option: string, choices: readonly string[]) => string;
    readonly badStore: (reason: string) => string;
    readonly badStoreScheme: string;
    readonly missingFile: (path: string) => string;
    readonly unreadableFile: (path: string, reason: string) => string;
    readonly cannotWrite: (path: string, reason: string) => string;
    readonly unknownComplaint: (id: string) => string;
    readonly badComplaintId: (id: string) => string;
    readonly invalidExport: (path: string, line: number, fault: ExportFault, reason: string) => string;
    /** The store did not answer: worded from the error's fields (address, attempts, reason), never from the transport's own text. */
    readonly storeUnavailable: (e: StoreUnavailable) => string;
    readonly unknownOption: (option: string) => string;
    readonly unknownCommand: (command: string) => string;
    readonly missingArgument: (argument: string) => string;
    readonly missingOptionValue: (option: string) => string;
    readonly tooManyArguments: (command: string) => string;
    readonly unexpected: (detail: string) => string;
    readonly seeDebug: string;
    readonly problems: (count: number) => string;
    readonly unreadable: (where: string, detail: string, count: number) => string;
    readonly toBeforeFrom: (from: string, to: string) => string;
    readonly badHead: (value: string) => string;
    readonly badPolicy: (path: string, detail: string) => string;
  };
  readonly out: {
    readonly asOf: (when: string, status: string, folded: number, total: number) => string;
    readonly exported: (events: number, complaints: number, path: string, head: string) => string;
    readonly verified: (path: string, lines: number, streams: number, head: string) => string;
    readonly imported: (appended: number, present: number, streams: number) => string;
    readonly overdueTitle: (at: string) => string;
    readonly dueSoonTitle: (days: number) => string;
    readonly none: string;
    readonly paretoTitle: (by: string) => string;
    readonly periodsTitle: (by: string, period: string) => string;
    readonly watched: (recorded: number, duplicate: number, refused: number, failed: number) => string;
    readonly watchSaved: (path: string) => string;
    readonly demoRecorded: (complaints: number, events: number, path: string) => string;
    readonly demoNext: string;
    readonly progressLoad: string;
    readonly progressExport: string;
    readonly progressImportCheck: string;
    readonly progressImportAppend: string;
    readonly progressFold: string;
    readonly progressWatch: string;
  };
  readonly columns: {
    readonly complaint: string;
    readonly deadline: string;
    readonly due: string;
    readonly dueAt: string;
    readonly missRecorded: string;
    readonly key: string;
    readonly count: string;
    readonly share: string;
    readonly cumulative: string;
    readonly period: string;
    readonly result: string;
  };
  readonly yes: string;
  readonly no: string;
  readonly deadline: (kind: DeadlineKind) => string;
  readonly watchResult: (result: 'recorded' | 'duplicate' | 'refused' | 'failed') => string;
}

const en: Messages = {
  program: 'Lukéa complaints: replay a complaint, export and verify audit files, print SLA and recurring-issue reports.',
  options: {
    lang: 'language of the texts: en or fr (default: from LC_ALL / LC_MESSAGES / LANG, else en)',
    debug: 'show the stack trace of an error',
    progress: 'no progress bar (there is none when stderr is not a terminal)',
    store: 'EventStoreDB connection string, e.g. esdb://localhost:2113?tls=false (default: $EVENTSTORE_CONNECTION_STRING)',
    file: 'work offline on an NDJSON export instead of a store',
    format: 'output format',
    out: 'write to this file instead of standard output',
    help: 'show this help',
    version: 'show the version',
  },
  commands: {
    replay: "a complaint's history, with the state after each event (a readable timeline by default)",
    replayId: 'the complaint id (a UUID)',
    asOf: 'only what was recorded at or before this instant (ISO 8601, e.g. 2022-02-01T00:00:00+01:00)',
    export: 'export complaint streams to a hash-chained NDJSON file',
    ids: 'the complaint ids to export (several, or comma-separated)',
    all: 'export every complaint',
    verify: "check an export's hash chain; names the first bad line",
    verifyFile: 'the NDJSON export to check',
    head: 'the last hash recorded when the export was made (detects lines removed at the end)',
    import: 'import an NDJSON export into the store (verified first; importing again appends nothing)',
    importFile: 'the NDJSON export to import',
    importPolicy: 'a policy file (JSON) the imported complaints may have been received under, besides the default one (repeatable)',
    report: 'reports: sla, recurring, compliance',
    sla: 'deadlines overdue at an instant and deadlines due within a horizon',
    slaAt: 'the instant the report is judged at (default: now)',
    horizon: 'warning horizon in days, e.g. 2d',
    recurring: 'complaints counted by category, product, reported problem, root cause or channel (Pareto and per period)',
    from: 'first day of receipt, YYYY-MM-DD (local date, included)',
    to: 'day after the last day of receipt, YYYY-MM-DD (excluded)',
    by: 'what to count complaints by',
    period: 'period of the counts',
    view: 'table written as CSV',
    watch: 'run the deadline watcher once: record every overdue deadline as missed (idempotent)',
    watchAt: 'the instant deadlines are judged overdue at (default: now)',
    watchOut: 'with --file: write the updated export to this file',
    skipUnreadable: 'leave out stored events that cannot be read (reported on stderr) instead of refusing',
    demo: "record the demo complaints (the policy's story) and write their export",
    demoOut: 'the NDJSON export to write',
    help: 'show help for a command',
  },
  help: { usage: 'Usage:', arguments: 'Arguments:', options: 'Options:', commands: 'Commands:' },
  errors: {
    noSource: 'Say where the complaints are: --store esdb://… (or EVENTSTORE_CONNECTION_STRING) or --file export.ndjson.',
    twoSources: 'Give either --store or --file, not both.',
    importNeedsStore: 'Import needs a store to write to: --store esdb://… or EVENTSTORE_CONNECTION_STRING.',
    idsOrAll: 'Say which complaints to export: --ids <id…> or --all.',
    badInstant: (v, o) => `${o} expects an instant such as 2022-02-01T00:00:00+01:00, not "${v}".`,
    badDate: (v, o) => `${o} expects a date such as 2022-01-31, not "${v}".`,
    badHorizon: (v) => `--horizon expects a number of days such as 2d, not "${v}".`,
    badChoice: (v, o, c) => `${o} expects one of ${c.join(', ')}, not "${v}".`,
    badStore: (reason) =>
      `--store expects an EventStoreDB connection string such as esdb://localhost:2113?tls=false: ${reason} (the string given is not repeated here: it may hold a password).`,
    badStoreScheme: 'it must start with esdb:// or esdb+discover:// and a host',
    missingFile: (p) => `File ${p} does not exist.`,
    unreadableFile: (p, r) => `File ${p} cannot be read (${r}).`,
    cannotWrite: (p, r) => `File ${p} cannot be written (${r}).`,
    unknownComplaint: (id) => `No complaint ${id} has been received.`,
    badComplaintId: (id) => `"${id}" is not a complaint id (a UUID such as 6f1c1c7e-3d5a-4c53-9a4e-0c2b8e7d1a01).`,
    invalidExport: (p, line, fault, reason) => `${p} failed verification at line ${line}: the line is ${fault} (${reason}).`,
    storeUnavailable: (e) => `The event store cannot be reached: ${e.message}`,
    unknownOption: (o) => `Unknown option ${o}; see --help.`,
    unknownCommand: (c) => `Unknown command ${c}; see --help.`,
    missingArgument: (a) => `Missing argument ${a}; see --help.`,
    missingOptionValue: (o) => `Option ${o} needs a value; see --help.`,
    tooManyArguments: (c) => `Too many arguments for ${c}; see --help.`,
    unexpected: (d) => `Unexpected error: ${d}`,
    seeDebug: '(run again with --debug for details)',
    problems: (n) => `${n} stored event(s) could not be read and were left out of the report.`,
    unreadable: (w, d, n) =>
      `Stored event ${w} cannot be read (${d}), so the report would be wrong and was not made (${n} unreadable event(s) in all); repair or restore it, or pass --skip-unreadable to report without such events.`,
    toBeforeFrom: (f, t) => `--to (${t}) must come after --from (${f}).`,
    badHead: (v) => `--head expects a SHA-256 hash (64 hexadecimal characters), not "${v}".`,
    badPolicy: (p, d) => `--policy ${p} is not a valid policy: ${d}`,
  },
  out: {
    asOf: (when, status, folded, total) => `As recorded at ${when}: status ${status}, ${folded} of ${total} events.`,
    exported: (e, c, p, h) => `Exported ${e} events of ${c} complaint(s) to ${p}; last hash ${h} (keep it to detect truncation).`,
    verified: (p, l, s, h) => `${p} is intact: ${l} lines, ${s} complaint stream(s), last hash ${h}.`,
    imported: (a, pr, s) => `Imported ${s} complaint stream(s): ${a} event(s) appended, ${pr} already present.`,
    overdueTitle: (at) => `Deadlines overdue at ${at}`,
    dueSoonTitle: (d) => `Deadlines due within ${d} day(s)`,
    none: '(none)',
    paretoTitle: (by) => `Complaints by ${by} (Pareto)`,
    periodsTitle: (by, period) => `Complaints by ${by} and ${period}`,
    watched: (r, d, re, f) => `Deadline watcher: ${r} missed deadline(s) recorded, ${d} already sent, ${re} refused, ${f} failed.`,
    watchSaved: (p) => `Updated export written to ${p}.`,
    demoRecorded: (c, e, p) => `Recorded the demo: ${c} complaints, ${e} events, exported to ${p}.`,
    demoNext: 'Next: complaints verify <file>, complaints replay <id> --file <file>, complaints report sla --file <file> --at 2022-01-27T12:00:00+01:00',
    progressLoad: 'Loading export',
    progressExport: 'Exporting',
    progressImportCheck: 'Checking against the store',
    progressImportAppend: 'Importing',
    progressFold: 'Reading events',
    progressWatch: 'Recording misses',
  },
  columns: {
    complaint: 'complaint',
    deadline: 'deadline',
    due: 'due date',
    dueAt: 'falls due at',
    missRecorded: 'miss recorded',
    key: 'key',
    count: 'count',
    share: 'share',
    cumulative: 'cumulative',
    period: 'period',
    result: 'result',
  },
  yes: 'yes',
  no: 'no',
  deadline: (k) => ({ acknowledgement: 'acknowledgement', answer: 'answer', urgency_target: 'urgency target', internal_appeal_decision: 'internal appeal decision' })[k],
  watchResult: (r) => r,
};

/** Why a store did not answer, in French (the transport's own text is English protocol detail). */
const FRENCH_UNAVAILABLE: { readonly [R in Exclude<NonNullable<StoreUnavailable['reason']>, 'other'>]: string } = {
  'connection-refused': 'connexion refusée',
  'host-not-found': 'nom d’hôte introuvable',
  'timed-out': 'délai d’attente dépassé',
  'connection-reset': 'connexion interrompue',
  tls: 'échec de la négociation TLS — vérifiez tls= dans la chaîne de connexion',
  'not-leader': 'le nœud n’est pas le leader',
  busy: 'le nœud n’est pas prêt ou est surchargé',
};

/** The verifier's reasons (audit/verify.ts), in French; an unknown one stays as it is. */
const FRENCH_REASONS: readonly (readonly [RegExp, (...groups: string[]) => string])[] = [
  [/^its content does not match its hash$/, () => 'son contenu ne correspond pas à son empreinte'],
  [/^it claims to be the first line$/, () => 'elle se présente comme la première ligne'],
  [/^the line\(s\) before it are missing$/, () => 'les lignes qui la précèdent manquent'],
  [/^the export ends before the expected last line$/, () => 'l’export s’arrête avant la dernière ligne attendue'],
  [/^the line between line (\d+) and it is missing$/, (a) => `la ligne entre la ligne ${a} et celle-ci manque`],
  [/^it follows line (\d+) in the chain, not line (\d+)$/, (a, b) => `elle suit la ligne ${a} dans la chaîne, pas la ligne ${b}`],
  [/^(\S+) jumps from revision (-?\d+) to (\d+)$/, (st, a, b) => `${st} passe de la révision ${a} à la révision ${b}`],
  [/^(\S+) appears again after another stream$/, (st) => `${st} réapparaît après un autre flux`],
  [/^(\S+) starts at revision (\d+), not 0$/, (st, a) => `${st} commence à la révision ${a}, pas à 0`],
  [/^the export goes on after line (\d+), the expected last line$/, (a) => `l’export continue après la ligne ${a}, la dernière attendue`],
  [/^nested more than (\d+) levels deep \(no store holds such an event\)$/, (a) => `imbriquée sur plus de ${a} niveaux (aucune base ne contient un tel évènement)`],
  [
    /^streamName (".*") is not a complaint stream \(complaint-<lower-case uuid>\); an import writes complaint streams only\.$/,
    (st) => `le flux ${st} n’est pas un flux de réclamation (complaint-<uuid en minuscules>) ; un import n’écrit que des flux de réclamation`,
  ],
];

/** A verifier reason in French (see {@link FRENCH_REASONS}). */
export const frenchReason = (reason: string): string => {
  for (const [pattern, say] of FRENCH_REASONS) {
    const match = pattern.exec(reason);
    if (match !== null) return say(...match.slice(1).map((g) => g ?? ''));
  }
  return reason;
};

const fr: Messages = {
  program: 'Réclamations Lukéa : rejouer une réclamation, exporter et vérifier les fichiers d’audit, éditer les rapports de délais et de problèmes récurrents.',
  options: {
    lang: 'langue des textes : en ou fr (par défaut : selon LC_ALL / LC_MESSAGES / LANG, sinon en)',
    debug: 'afficher la pile d’appels d’une erreur',
    progress: 'pas de barre de progression (jamais affichée si stderr n’est pas un terminal)',
    store: 'chaîne de connexion EventStoreDB, par ex. esdb://localhost:2113?tls=false (par défaut : $EVENTSTORE_CONNECTION_STRING)',
    file: 'travailler hors ligne sur un export NDJSON plutôt que sur une base',
    format: 'format de sortie',
    out: 'écrire dans ce fichier plutôt que sur la sortie standard',
    help: 'afficher cette aide',
    version: 'afficher la version',
  },
  commands: {
    replay: 'l’historique d’une réclamation, avec l’état après chaque évènement (chronologie lisible par défaut)',
    replayId: 'l’identifiant de la réclamation (un UUID)',
    asOf: 'seulement ce qui était enregistré à cet instant (ISO 8601, par ex. 2022-02-01T00:00:00+01:00)',
    export: 'exporter des réclamations dans un fichier NDJSON chaîné par empreintes',
    ids: 'les identifiants des réclamations à exporter (plusieurs, ou séparés par des virgules)',
    all: 'exporter toutes les réclamations',
    verify: 'vérifier la chaîne d’empreintes d’un export ; indique la première ligne fautive',
    verifyFile: 'l’export NDJSON à vérifier',
    head: 'la dernière empreinte notée lors de l’export (détecte des lignes supprimées à la fin)',
    import: 'importer un export NDJSON dans la base (vérifié d’abord ; un second import n’ajoute rien)',
    importFile: 'l’export NDJSON à importer',
    importPolicy: 'un fichier de politique (JSON) sous lequel des réclamations importées ont pu être reçues, en plus de celle par défaut (répétable)',
    report: 'rapports : sla, recurring, compliance',
    sla: 'délais dépassés à un instant donné et délais arrivant à échéance dans un horizon',
    slaAt: 'l’instant auquel le rapport est établi (par défaut : maintenant)',
    horizon: 'horizon d’alerte en jours, par ex. 2d',
    recurring: 'réclamations comptées par catégorie, produit, problème signalé, cause racine ou canal (Pareto et par période)',
    from: 'premier jour de réception, AAAA-MM-JJ (date locale, inclus)',
    to: 'lendemain du dernier jour de réception, AAAA-MM-JJ (exclu)',
    by: 'critère de comptage des réclamations',
    period: 'période des comptages',
    view: 'tableau écrit en CSV',
    watch: 'lancer une fois le contrôle des délais : chaque délai dépassé est enregistré (idempotent)',
    watchAt: 'l’instant auquel les délais sont jugés dépassés (par défaut : maintenant)',
    watchOut: 'avec --file : écrire l’export mis à jour dans ce fichier',
    skipUnreadable: 'laisser de côté les évènements enregistrés illisibles (signalés sur stderr) au lieu de refuser',
    demo: 'enregistrer les réclamations de démonstration (l’histoire de la politique) et écrire leur export',
    demoOut: 'l’export NDJSON à écrire',
    help: 'afficher l’aide d’une commande',
  },
  help: { usage: 'Utilisation :', arguments: 'Arguments :', options: 'Options :', commands: 'Commandes :' },
  errors: {
    noSource: 'Indiquez où sont les réclamations : --store esdb://… (ou EVENTSTORE_CONNECTION_STRING) ou --file export.ndjson.',
    twoSources: 'Donnez soit --store, soit --file, pas les deux.',
    importNeedsStore: 'L’import a besoin d’une base où écrire : --store esdb://… ou EVENTSTORE_CONNECTION_STRING.',
    idsOrAll: 'Indiquez les réclamations à exporter : --ids <id…> ou --all.',
    badInstant: (v, o) => `${o} attend un instant comme 2022-02-01T00:00:00+01:00, pas « ${v} ».`,
    badDate: (v, o) => `${o} attend une date comme 2022-01-31, pas « ${v} ».`,
    badHorizon: (v) => `--horizon attend un nombre de jours comme 2d, pas « ${v} ».`,
    badChoice: (v, o, c) => `${o} attend l’une des valeurs ${c.join(', ')}, pas « ${v} ».`,
    badStore: (reason) =>
      `--store attend une chaîne de connexion EventStoreDB comme esdb://localhost:2113?tls=false : ${reason} (la chaîne donnée n’est pas recopiée ici : elle peut contenir un mot de passe).`,
    badStoreScheme: 'elle doit commencer par esdb:// ou esdb+discover:// suivi d’un hôte',
    missingFile: (p) => `Le fichier ${p} n’existe pas.`,
    unreadableFile: (p, r) => `Le fichier ${p} ne peut pas être lu (${r}).`,
    cannotWrite: (p, r) => `Le fichier ${p} ne peut pas être écrit (${r}).`,
    unknownComplaint: (id) => `Aucune réclamation ${id} n’a été reçue.`,
    badComplaintId: (id) => `« ${id} » n’est pas un identifiant de réclamation (un UUID comme 6f1c1c7e-3d5a-4c53-9a4e-0c2b8e7d1a01).`,
    invalidExport: (p, line, fault, reason) =>
      `${p} n’est pas intègre à la ligne ${line} : ligne ${{ malformed: 'mal formée', tampered: 'altérée', missing: 'manquante', reordered: 'déplacée', illegal: 'contraire aux règles' }[fault]} (${frenchReason(reason)}).`,
    storeUnavailable: (e) => {
      const where = e.endpoint === undefined ? 'La base d’évènements' : `La base d’évènements EventStoreDB ${e.endpoint}`;
      const tries = e.attempts === undefined || e.attempts < 2 ? '' : ` après ${e.attempts} tentatives`;
      const why = e.reason === undefined || e.reason === 'other' ? '' : ` (${FRENCH_UNAVAILABLE[e.reason]})`;
      return `${where} ne répond pas${tries}${why} ; vérifiez que le serveur est démarré et joignable (--debug pour le détail technique).`;
    },
    unknownOption: (o) => `Option inconnue ${o} ; voir --help.`,
    unknownCommand: (c) => `Commande inconnue ${c} ; voir --help.`,
    missingArgument: (a) => `Argument manquant ${a} ; voir --help.`,
    missingOptionValue: (o) => `L’option ${o} attend une valeur ; voir --help.`,
    tooManyArguments: (c) => `Trop d’arguments pour ${c} ; voir --help.`,
    unexpected: (d) => `Erreur inattendue : ${d}`,
    seeDebug: '(relancez avec --debug pour le détail)',
    problems: (n) => `${n} évènement(s) enregistré(s) illisible(s), laissé(s) hors du rapport.`,
    unreadable: (w, d, n) =>
      `L’évènement enregistré ${w} est illisible (${d}) : le rapport serait faux et n’a pas été établi (${n} évènement(s) illisible(s) en tout) ; réparez-le ou restaurez-le, ou passez --skip-unreadable pour établir le rapport sans ces évènements.`,
    toBeforeFrom: (f, t) => `--to (${t}) doit être postérieur à --from (${f}).`,
    badHead: (v) => `--head attend une empreinte SHA-256 (64 caractères hexadécimaux), pas « ${v} ».`,
    badPolicy: (p, d) => `--policy ${p} n’est pas une politique valide : ${d}`,
  },
  out: {
    asOf: (when, status, folded, total) => `Tel qu’enregistré au ${when} : statut ${status}, ${folded} évènement(s) sur ${total}.`,
    exported: (e, c, p, h) => `${e} évènement(s) de ${c} réclamation(s) exporté(s) dans ${p} ; dernière empreinte ${h} (à conserver pour détecter une troncature).`,
    verified: (p, l, s, h) => `${p} est intègre : ${l} ligne(s), ${s} flux de réclamation, dernière empreinte ${h}.`,
    imported: (a, pr, s) => `${s} flux de réclamation importé(s) : ${a} évènement(s) ajouté(s), ${pr} déjà présent(s).`,
    overdueTitle: (at) => `Délais dépassés au ${at}`,
    dueSoonTitle: (d) => `Délais arrivant à échéance sous ${d} jour(s)`,
    none: '(aucun)',
    paretoTitle: (by) => `Réclamations par ${by} (Pareto)`,
    periodsTitle: (by, period) => `Réclamations par ${by} et par ${period}`,
    watched: (r, d, re, f) => `Contrôle des délais : ${r} dépassement(s) enregistré(s), ${d} déjà envoyé(s), ${re} refusé(s), ${f} en échec.`,
    watchSaved: (p) => `Export mis à jour écrit dans ${p}.`,
    demoRecorded: (c, e, p) => `Démonstration enregistrée : ${c} réclamations, ${e} évènements, exportés dans ${p}.`,
    demoNext: 'Ensuite : complaints verify <fichier>, complaints replay <id> --file <fichier>, complaints report sla --file <fichier> --at 2022-01-27T12:00:00+01:00',
    progressLoad: 'Chargement de l’export',
    progressExport: 'Export',
    progressImportCheck: 'Comparaison avec la base',
    progressImportAppend: 'Import',
    progressFold: 'Lecture des évènements',
    progressWatch: 'Enregistrement des dépassements',
  },
  columns: {
    complaint: 'réclamation',
    deadline: 'délai',
    due: 'échéance',
    dueAt: 'dépassé à partir de',
    missRecorded: 'dépassement enregistré',
    key: 'clé',
    count: 'nombre',
    share: 'part',
    cumulative: 'cumul',
    period: 'période',
    result: 'résultat',
  },
  yes: 'oui',
  no: 'non',
  deadline: (k) => FRENCH_DEADLINES[k],
  watchResult: (r) => ({ recorded: 'enregistré', duplicate: 'déjà envoyé', refused: 'refusé', failed: 'en échec' })[r],
};

/** The messages of a language. */
export const messagesFor = (lang: Lang): Messages => (lang === 'fr' ? fr : en);
