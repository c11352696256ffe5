/**
 * The command line run in-process (runCli with injected streams): language selection,
 * the French timeline, progress bars only on terminals, the demo story.
 */
import { history } from '../../src/audit/history';
import { formatTimeline } from '../../src/audit/timeline';
import { frenchWording } from '../../src/audit/timelineFrench';
import { DEMO_COMPLAINT_IDS, recordDemo } from '../../src/cli/demo';
import type { CliIo, CliStream } from '../../src/cli/io';
import { langFromEnv } from '../../src/cli/messages';
import { langOf, runCli } from '../../src/cli/program';
import { progress } from '../../src/cli/progress';
import { parseInstant, showInstant } from '../../src/cli/values';
import { messagesFor } from '../../src/cli/messages';
import { ID, story } from '../audit/fixtures';

const capture = (isTTY = false): CliStream & { text: () => string } => {
  const chunks: string[] = [];
  return { isTTY, write: (s: string) => chunks.push(s), text: () => chunks.join('') };
};

const io = (env: Record<string, string> = {}): CliIo & { out: ReturnType<typeof capture>; err: ReturnType<typeof capture> } => {
  const out = capture();
  const err = capture();
  return { stdout: out, stderr: err, out, err, env, cwd: process.cwd(), now: () => new Date('2022-03-01T12:00:00Z') };
};

describe('language', () => {
  it('--lang wins, then LC_ALL, LC_MESSAGES, LANG; French only for fr*', () => {
    expect(langOf(['replay', '--lang', 'fr'], { LANG: 'en_GB.UTF-8' })).toBe('fr');
    expect(langOf(['replay', '--lang=en'], { LC_ALL: 'fr_FR.UTF-8' })).toBe('en');
    expect(langOf(['replay', '--', '--lang', 'fr'], {})).toBe('en');
    expect(langFromEnv({ LC_ALL: 'fr_CA.UTF-8', LANG: 'en_US' })).toBe('fr');
    expect(langFromEnv({ LC_ALL: '', LC_MESSAGES: 'en_US', LANG: 'fr_FR' })).toBe('en');
    expect(langFromEnv({ LANG: 'fr_BE.UTF-8' })).toBe('fr');
    expect(langFromEnv({ LANG: 'C' })).toBe('en');
    expect(langFromEnv({})).toBe('en');
  });

  it('runs in-process and answers --help in French', async () => {
    const run = io({ LANG: 'fr_FR.UTF-8' });
    expect(await runCli(['--help'], run)).toBe(0);
    expect(run.out.text()).toContain('Utilisation : complaints');
    expect(run.out.text()).toContain('Commandes :');
  });

  it('usage errors exit with 2 and one sentence', async () => {
    const run = io();
    expect(await runCli(['replay'], run)).toBe(2);
    expect(run.err.text()).toBe('Missing argument complaintId; see --help.\n');
  });
});

describe('French timeline', () => {
  it('keeps the policy terms exact', async () => {
    const demo = await recordDemo();
    const text = formatTimeline(await history(demo.store, DEMO_COMPLAINT_IDS[0]), { wording: frenchWording });
    const lines = text.split('\n');
    expect(lines[0]).toBe(`Réclamation ${DEMO_COMPLAINT_IDS[0]} (heures en Europe/Paris)`);
    expect(lines).toEqual(
      expect.arrayContaining([
        '#0  2022-01-10 09:00  Réclamation reçue par courrier (écrite, urgence normale) : « Charged twice in December »',
        '      par ana.lopez (agent) · enregistré le 2022-01-11 14:00 · statut : reçue',
        '      échéance de l’accusé de réception : 2022-01-17 · échéance de la réponse définitive : 2022-01-25 · aucun objectif interne d’urgence',
        '#2  2022-01-13 10:00  Accusé de réception envoyé par email dans le délai ; personne-ressource Ana Lopez, réponse prévue le 2022-01-24',
        '      échéance de la réponse définitive déplacée du 2022-01-25 au 2022-02-04',
        '#5  2022-02-07 09:30  Recours interne auprès de la direction (client non satisfait de la réponse) : My bank charged me fees for the second debit.',
        '#6  2022-02-15 11:00  Recours interne rejeté par dominique.roux : Bank fees are outside the contract.',
        '      par dominique.roux (direction) · enregistré le 2022-02-15 11:00 · statut : recours interne',
        '#7  2022-02-21 10:00  Saisine du Médiateur (Médiateur, Villeurbanne)',
        '#9  2022-04-12 15:00  Réclamation close (médiation conclue)',
      ]),
    );
    const phone = formatTimeline(await history(demo.store, DEMO_COMPLAINT_IDS[1]), { wording: frenchWording });
    expect(phone).toContain('Réclamation reçue par téléphone (verbale, urgence normale)');
    expect(phone).toContain('aucun accusé de réception');
    expect(formatTimeline([], { wording: frenchWording })).toBe('Aucun évènement.\n');
  });

  it('words a missed deadline and a late acknowledgement', async () => {
    const w = await story();
    const text = formatTimeline(await history(w.store, ID), { wording: frenchWording });
    expect(text).toContain('Dépassement de délai constaté');
    expect(text).toContain('DÉLAI DÉPASSÉ : échéance de l’accusé de réception du 2022-01-17');
    expect(text).toContain('Accusé de réception envoyé par email hors délai');
  });
});

describe('values', () => {
  const m = messagesFor('en');
  it('instants: ISO with a zone, or a date = start of that day in Paris', () => {
    expect(parseInstant('2022-02-01', '--at', m).toISOString()).toBe('2022-01-31T23:00:00.000Z');
    expect(parseInstant('2022-07-01', '--at', m).toISOString()).toBe('2022-06-30T22:00:00.000Z');
    expect(parseInstant('2022-02-01T10:00:00Z', '--at', m).toISOString()).toBe('2022-02-01T10:00:00.000Z');
    expect(() => parseInstant('2022-02-01T10:00:00', '--at', m)).toThrow('--at expects an instant');
    expect(() => parseInstant('2022-02-30', '--at', m)).toThrow('--at expects an instant');
  });
  it('prints instants in Paris with the offset', () => {
    expect(showInstant('2022-01-26T23:00:00Z')).toBe('2022-01-27 00:00 +01:00');
    expect(showInstant('2022-07-01T10:00:00Z')).toBe('2022-07-01 12:00 +02:00');
  });
});

describe('progress', () => {
  it('draws nothing when the stream is not a terminal', async () => {
    const s = capture(false);
    const bar = progress(s, 'Exporting', true);
    await new Promise((r) => setTimeout(r, 350));
    bar.update(5, 10);
    bar.stop();
    expect(s.text()).toBe('');
  });

  it('draws on a terminal once an operation has lasted a moment, unless disabled', async () => {
    const s = capture(true);
    const bar = progress(s, 'Exporting', true);
    bar.update(1, 10);
    expect(s.text()).toBe('');
    await new Promise((r) => setTimeout(r, 350));
    bar.update(5, 10);
    expect(s.text()).toContain('Exporting');
    expect(s.text()).toContain('5/10');
    bar.stop();
    const off = capture(true);
    const silent = progress(off, 'Exporting', false);
    await new Promise((r) => setTimeout(r, 350));
    silent.update(5, 10);
    expect(off.text()).toBe('');
  });
});

describe('the verifier’s reasons in French', () => {
  /** Every way an export of the demo can break, and the reason the verifier gives for it. */
  const reasons = async (): Promise<string[]> => {
    const { exportStreams } = await import('../../src/audit/ndjson');
    const { verifyExport } = await import('../../src/audit/verify');
    const demo = await recordDemo();
    const text = await exportStreams(demo.store, [...demo.complaintIds]);
    const lines = text.trim().split('\n');
    const variants = [
      lines.map((l, i) => (i === 4 ? l.replace('ana.lopez', 'someone.else') : l)), // tampered
      lines.filter((_, i) => i !== 2), // a line in the middle removed
      lines.slice(1), // the first line removed
      [lines[0] ?? '', lines[2] ?? '', lines[1] ?? '', ...lines.slice(3)], // two lines swapped
      [...lines, lines[0] ?? ''], // the first line repeated at the end
    ];
    const out: string[] = [];
    for (const v of variants) {
      const r = verifyExport(`${v.join('\n')}\n`);
      if (r._tag === 'Left') out.push(r.left.reason);
    }
    const truncated = verifyExport(`${lines.slice(0, -1).join('\n')}\n`, { expectedHead: JSON.parse(lines[lines.length - 1] ?? '{}').hash });
    if (truncated._tag === 'Left') out.push(truncated.left.reason);
    return out;
  };

  it('every reason the verifier gives for a broken demo export is worded in French', async () => {
    const { frenchReason } = await import('../../src/cli/messages');
    const found = await reasons();
    expect(found.length).toBeGreaterThanOrEqual(5);
    for (const reason of found) {
      const french = frenchReason(reason);
      expect(french).not.toBe(reason);
      expect(french).not.toMatch(/\b(the|line|its|it|is|are|not|after)\b/);
    }
  });
});
