/**
 * What the command line says about signed exports, in English and French (kept apart from
 * `messages.ts` so that each feature's sentences stay together).
 */
import type { SignatureProblem } from '../audit';
import type { Lang } from './messages';

/** The sentences of `export --sign`, `verify --public-key` and `import --public-key`. */
export interface SignatureMessages {
  readonly sign: string;
  readonly publicKey: string;
  readonly badKey: (option: string, path: string, reason: string) => string;
  readonly invalidSignature: (path: string, line: number, problem: SignatureProblem, reason: string) => string;
  readonly signed: (keyId: string, signedAt: string) => string;
  readonly signedBy: (keyId: string, signedAt: string) => string;
  readonly signedUnchecked: (keyId: string, signedAt: string) => string;
  readonly unsigned: string;
}

const en: SignatureMessages = {
  sign: 'sign the export with this Ed25519 private key (PEM file): a last line signs its head hash',
  publicKey: 'trusted Ed25519 public key (PEM file; repeat for several during a key rotation): the export must be signed by one of them',
  badKey: (o, p, r) => `${o} ${p} cannot be used: ${r}.`,
  invalidSignature: (p, line, problem, r) => `${p} failed signature verification at line ${line} (${problem}): ${r}.`,
  signed: (k, at) => `Signed with key ${k} at ${at} (give its public key to verifiers).`,
  signedBy: (k, at) => `Signed by key ${k} at ${at}: signature verified.`,
  signedUnchecked: (k, at) => `Signed by key ${k} at ${at}; signature NOT checked (give --public-key to check it).`,
  unsigned: 'Not signed.',
};

const PROBLEM_FR: Readonly<Record<SignatureProblem, string>> = {
  unsigned: 'non signé',
  'malformed-trailer': 'signature mal formée',
  'unknown-key': 'clé inconnue',
  'bad-signature': 'signature invalide',
  'trailer-mismatch': 'lignes différentes de celles signées',
};

/** The signature checker's reasons (audit/verifySignature.ts), in French; others stay as they are. */
const FRENCH_REASONS: readonly (readonly [RegExp, (...groups: string[]) => string])[] = [
  [/^the export ends without a signature trailer: it was not signed, or its trailer was removed$/, () => 'l’export se termine sans ligne de signature : il n’a pas été signé, ou sa signature a été retirée'],
  [/^it was signed with key (\S+), which is not among the (\d+) trusted key\(s\)$/, (k, n) => `il a été signé avec la clé ${k}, qui n’est pas parmi les ${n} clé(s) de confiance`],
  [/^the signature does not verify with the trusted key (\S+): the trailer was altered or not made with that key$/, (k) => `la signature ne se vérifie pas avec la clé de confiance ${k} : la ligne de signature a été modifiée ou faite avec une autre clé`],
  [/^the trailer signs (\d+) line\(s\), the file has (\d+): lines were added or removed after signing$/, (a, b) => `la signature porte sur ${a} ligne(s), le fichier en a ${b} : des lignes ont été ajoutées ou retirées après la signature`],
  [/^the trailer signs the head hash (\S+), the lines end at (\S+): a line was changed and the hashes recomputed after signing$/, (a, b) => `la signature porte sur l’empreinte finale ${a}, les lignes finissent à ${b} : une ligne a été modifiée et les empreintes recalculées après la signature`],
];

const french = (reason: string): string => {
  for (const [pattern, say] of FRENCH_REASONS) {
    const match = pattern.exec(reason);
    if (match !== null) return say(...match.slice(1).map((g) => g ?? ''));
  }
  return reason;
};

const fr: SignatureMessages = {
  sign: 'signer l’export avec cette clé privée Ed25519 (fichier PEM) : une dernière ligne signe son empreinte finale',
  publicKey: 'clé publique Ed25519 de confiance (fichier PEM ; à répéter pendant un changement de clé) : l’export doit être signé par l’une d’elles',
  badKey: (o, p, r) => `${o} ${p} est inutilisable : ${r}.`,
  invalidSignature: (p, line, problem, r) => `${p} n’a pas une signature valide à la ligne ${line} (${PROBLEM_FR[problem]}) : ${french(r)}.`,
  signed: (k, at) => `Signé avec la clé ${k} le ${at} (donnez sa clé publique à ceux qui vérifient).`,
  signedBy: (k, at) => `Signé avec la clé ${k} le ${at} : signature vérifiée.`,
  signedUnchecked: (k, at) => `Signé avec la clé ${k} le ${at} ; signature NON vérifiée (donnez --public-key pour la vérifier).`,
  unsigned: 'Non signé.',
};

/** The signature sentences of a language. */
export const signatureMessagesFor = (lang: Lang): SignatureMessages => (lang === 'fr' ? fr : en);
