/**
 * The CFPB importer example (examples/cfpb/mapping.ts): its CSV parser and skip rules on
 * small inputs (always run), and — when the real data set is found — both projections over
 * the 1,000 imported complaints, checked against counts computed here straight from the
 * CSV with a separate tokenizer (not through the mapping's parser or the projections).
 */
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ComplaintService } from '../../src/application/complaintService';
import { InMemoryEventStore } from '../../src/eventstore/inMemory/inMemoryEventStore';
import { InMemoryCheckpointStore } from '../../src/projections/checkpointStore';
import { countsByPeriod, pareto, recourseRates, recurringIssuesProjection, repeatComplainants } from '../../src/projections/recurring';
import { ProjectionRunner } from '../../src/projections/runner';
import { compliance, overdueNow, slaProjection } from '../../src/projections/sla';
import { IMPORT_NOW, cfpbPolicy, commandsFor, findCfpbCsv, importCfpb, parseCsv, problemCodeOf, readCfpb } from '../../examples/cfpb/mapping';

const HEADER =
  'date_received,product,sub_product,issue,sub_issue,consumer_complaint_narrative,company_public_response,company,state,zipcode,tags,consumer_consent_provided,submitted_via,date_sent_to_company,company_response_to_consumer,timely_response,consumer_disputed?,complaint_id';

describe('CFPB mapping: RFC 4180 parsing and skip rules', () => {
  it('maps the CFPB issue to a reported-problem code of the import’s policy, one code per issue', () => {
    expect(problemCodeOf('Loan modification,collection,foreclosure')).toBe('loan_modification_collection_foreclosure');
    expect(problemCodeOf("Can't repay my loan")).toBe('can_t_repay_my_loan');
    expect(problemCodeOf('Crédit refusé ')).toBe('credit_refuse');
    expect(problemCodeOf('x'.repeat(70))).toHaveLength(64);
    const { rows } = readCfpb(`${HEADER}\n9/10/2013,Mortgage,,Late fee,,,,Bank,CA,90001,,,Web,9/11/2013,Closed,Yes,No,1\n9/10/2013,Mortgage,,Late-fee,,,,Bank,CA,90001,,,Web,9/11/2013,Closed,Yes,No,2`);
    expect(() => cfpbPolicy(rows.slice(0, 1))).not.toThrow();
    expect(cfpbPolicy(rows.slice(0, 1)).reportedProblems).toEqual(['late_fee']);
    expect(() => cfpbPolicy(rows)).toThrow('CFPB issues "Late fee" and "Late-fee" give the same problem code late_fee');
    const [receive] = commandsFor(rows[0] ?? (undefined as never));
    expect(receive?.command).toMatchObject({ type: 'ReceiveComplaint', reportedProblem: 'late_fee' });
  });

  it('parses quoted fields holding commas, line breaks and doubled quotes, with CRLF or LF records', () => {
    expect(parseCsv('a,"b,c","say ""hi"""\r\n"line\nbreak",,x\n')).toEqual([
      ['a', 'b,c', 'say "hi"'],
      ['line\nbreak', '', 'x'],
    ]);
    expect(parseCsv('a,b')).toEqual([['a', 'b']]);
    expect(parseCsv('a,\n')).toEqual([['a', '']]);
    expect(() => parseCsv('"open')).toThrow(SyntaxError);
    expect(() => parseCsv('a"b')).toThrow(SyntaxError);
  });

  it('skips rows that cannot be mapped, naming the line and the reason, and keeps the others', () => {
    const row = (over: Partial<Record<'received' | 'issue' | 'via' | 'sent' | 'id', string>>) =>
      `${over.received ?? '9/10/2013'},Mortgage,,"${over.issue ?? 'Loan servicing, payments, escrow account'}",,,,Bank,CA,90001,,,${over.via ?? 'Web'},${over.sent ?? '9/11/2013'},Closed with explanation,Yes,No,${over.id ?? '1'}`;
    const text = [
      HEADER,
      row({ id: '1', issue: 'Two\nlines' }), // line 2 (spans lines 2–3)
      row({ id: '1' }), // line 4: duplicate id
      row({ id: '2', received: '2/30/2013' }), // line 5: no such date
      row({ id: '3', via: 'Carrier pigeon' }), // line 6
      row({ id: '4', issue: '' }), // line 7
      'too,few,fields', // line 8
      row({ id: 'x5' }), // line 9
      row({ id: '6', sent: '3/1/2014' }), // line 10: after the import's now
      row({ id: '7', via: 'Fax' }), // line 11: kept
    ].join('\n');
    const { rows, skipped } = readCfpb(text);
    expect(rows.map((r) => [r.line, r.cfpbId, r.dateReceived])).toEqual([
      [2, '1', '2013-09-10'],
      [11, '7', '2013-09-10'],
    ]);
    expect(skipped.map((s) => s.line)).toEqual([4, 5, 6, 7, 8, 9, 10]);
    expect(skipped[0]?.reason).toMatch(/already imported/);
    expect(skipped[2]?.reason).toMatch(/Carrier pigeon/);
  });

  it('finds the data through CFPB_CSV, then CFPB_DATA_DIR, then ../shared/data/cfpb next to the repository, then the bundled copy, and reports its absence', () => {
    const dir = mkdtempSync(join(tmpdir(), 'cfpb-'));
    const repo = join(dir, 'clone');
    const shared = join(dir, 'shared', 'data', 'cfpb');
    mkdirSync(repo);
    expect(findCfpbCsv(repo, {})).toBeUndefined();
    mkdirSync(shared, { recursive: true });
    writeFileSync(join(shared, 'consumer_complaints_2013.csv'), HEADER);
    expect(findCfpbCsv(repo, {})).toBe(join(shared, 'consumer_complaints_2013.csv'));
    writeFileSync(join(dir, 'elsewhere.csv'), HEADER);
    expect(findCfpbCsv(repo, { CFPB_CSV: join(dir, 'elsewhere.csv') })).toBe(join(dir, 'elsewhere.csv'));
    expect(findCfpbCsv(join(dir, 'nowhere'), { CFPB_DATA_DIR: shared })).toBe(join(shared, 'consumer_complaints_2013.csv'));
    expect(findCfpbCsv(join(dir, 'deep', 'nowhere'), { CFPB_CSV: join(dir, 'missing.csv') })).toBeUndefined();
    const bundled = join(dir, 'deep', 'other-clone', 'examples', 'cfpb', 'data');
    mkdirSync(bundled, { recursive: true });
    writeFileSync(join(bundled, 'consumer_complaints_2013.csv'), HEADER);
    expect(findCfpbCsv(join(dir, 'deep', 'other-clone'), {})).toBe(join(bundled, 'consumer_complaints_2013.csv'));
    rmSync(dir, { recursive: true, force: true });
  });

  it('answers on the day sent to the company, on the day of receipt when sent earlier, never when untimely; a dispute opens an internal appeal', () => {
    const [base] = readCfpb(`${HEADER}\n9/10/2013,Mortgage,,Issue,,,,Bank,CA,90001,,,Phone,9/9/2013,Closed with monetary relief,Yes,Yes,42`).rows;
    if (base === undefined) throw new Error('row not read');
    expect(commandsFor(base).map((p) => [p.command.type, p.command.type === 'ReceiveComplaint' ? p.command.receivedAt : p.command.at])).toEqual([
      ['ReceiveComplaint', '2013-09-10T12:00:00Z'],
      ['AnswerComplaint', '2013-09-10T16:00:00Z'],
      ['OpenInternalAppeal', '2013-09-11T12:00:00Z'],
    ]);
    const untimely = commandsFor({ ...base, response: 'Untimely response' });
    expect(untimely.map((p) => p.command)).toEqual([
      expect.objectContaining({ type: 'ReceiveComplaint', channel: 'phone' }),
      expect.objectContaining({ type: 'OpenInternalAppeal', grounds: 'no_news_after_deadline', at: '2013-09-26T12:00:00Z' }),
    ]);
  });
});

/** A tokenizer written apart from the mapping's parser: one regex over the whole file. */
const independentRecords = (text: string): Record<string, string>[] => {
  const records: string[][] = [[]];
  for (const m of text.matchAll(/("(?:[^"]|"")*"|[^",\r\n]*)(,|\r?\n|$)/g)) {
    const raw = m[1] ?? '';
    records[records.length - 1]?.push(raw.startsWith('"') ? raw.slice(1, -1).replace(/""/g, '"') : raw);
    if (m[2] === '') break;
    if (m[2] !== ',') records.push([]);
  }
  const [header = [], ...body] = records.filter((r) => !(r.length === 1 && r[0] === ''));
  return body.map((r) => Object.fromEntries(header.map((h, i) => [h, r[i] ?? ''])));
};

const tally = <T>(xs: readonly T[], key: (x: T) => string): Map<string, number> => {
  const out = new Map<string, number>();
  for (const x of xs) out.set(key(x), (out.get(key(x)) ?? 0) + 1);
  return out;
};
const sorted = (m: Map<string, number>): [string, number][] => [...m].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
const dayNumber = (mdy: string): number => {
  const [mo = 0, d = 0, y = 0] = mdy.split('/').map(Number);
  return Date.UTC(y, mo - 1, d) / 86_400_000;
};

const csvPath = findCfpbCsv(join(__dirname, '..', '..'));
const describeWithData = csvPath === undefined ? describe.skip : describe;

describeWithData(
  csvPath === undefined
    ? 'CFPB import on the real data set — SKIPPED: consumer_complaints_2013.csv not found (set CFPB_CSV or CFPB_DATA_DIR, put it in ../shared/data/cfpb/, or restore examples/cfpb/data/)'
    : 'CFPB import on the real data set',
  () => {
    const text = csvPath === undefined ? '' : readFileSync(csvPath, 'utf8');
    const csv = independentRecords(text);
    // The documented channel rule, restated: Fax and Referral are written → postal_mail.
    const channelOf: Record<string, string> = { Web: 'web', Email: 'email', 'Postal mail': 'postal_mail', Fax: 'postal_mail', Referral: 'postal_mail', Phone: 'phone' };
    const answered = csv.filter((r) => r.company_response_to_consumer !== 'Untimely response');
    // Days from receipt to the answer (sent to the company, never before receipt).
    const answerDays = answered.map((r) => Math.max(0, dayNumber(r.date_sent_to_company ?? '') - dayNumber(r.date_received ?? '')));
    const disputed = csv.filter((r) => r['consumer_disputed?'] === 'Yes');

    const store = new InMemoryEventStore();
    const sla = new ProjectionRunner({ store, checkpoints: new InMemoryCheckpointStore(), projection: slaProjection() });
    const issues = new ProjectionRunner({ store, checkpoints: new InMemoryCheckpointStore(), projection: recurringIssuesProjection() });

    beforeAll(async () => {
      const { rows, skipped } = readCfpb(text);
      expect(skipped).toEqual([]);
      await importCfpb(new ComplaintService({ store, clock: () => new Date(IMPORT_NOW), policy: cfpbPolicy(rows) }), rows);
      await Promise.all([sla.catchUp(), issues.catchUp()]);
    });

    it('imports every one of the 1,000 rows as a complaint, and the runner folds every event', async () => {
      expect(csv).toHaveLength(1000);
      expect(issues.model().records.size).toBe(1000);
      expect(sla.progress().problems).toBe(0);
      const types = tally(await store.readAll({ fromPosition: 'start', maxCount: 10_000 }), (e) => e.type);
      expect(types.get('ComplaintReceived')).toBe(1000);
      expect(types.get('ComplaintAnswered')).toBe(answered.length);
    });

    it('counts complaints per category (CFPB product) as the CSV does', () => {
      const counted = new Map<string, number>();
      for (const c of countsByPeriod(issues.model(), { by: 'category', period: 'month' })) counted.set(c.key, (counted.get(c.key) ?? 0) + c.count);
      expect(sorted(counted)).toEqual(sorted(tally(csv, (r) => r.product ?? '')));
      expect(counted.get('Mortgage')).toBe(343);
    });

    it('counts complaints per channel from submitted_via', () => {
      const counted = new Map<string, number>();
      for (const c of countsByPeriod(issues.model(), { by: 'channel', period: 'week' })) counted.set(c.key, (counted.get(c.key) ?? 0) + c.count);
      expect(sorted(counted)).toEqual(sorted(tally(csv, (r) => channelOf[r.submitted_via ?? ''] ?? 'unmapped')));
    });

    it('turns every dispute into an internal appeal, per category, and each is overdue for a decision at the import’s now', () => {
      expect(disputed).toHaveLength(211);
      const rates = recourseRates(issues.model());
      expect(sorted(new Map(rates.filter((r) => r.appealed > 0).map((r) => [r.category, r.appealed])))).toEqual(sorted(tally(disputed, (r) => r.product ?? '')));
      expect(overdueNow(sla.model(), IMPORT_NOW).filter((d) => d.deadline === 'internal_appeal_decision')).toHaveLength(disputed.length);
    });

    it('puts the most frequent CFPB issue of answered complaints at the top of the root-cause Pareto', () => {
      const [topIssue, topCount] = [...tally(answered, (r) => r.issue ?? '')].sort(([ka, a], [kb, b]) => b - a || (ka < kb ? -1 : 1))[0] ?? ['', 0];
      const rows = pareto(issues.model(), { by: 'rootCause' });
      expect(rows[0]).toMatchObject({ key: topIssue, count: topCount, share: topCount / answered.length });
      expect(rows[rows.length - 1]?.cumulativeShare).toBeCloseTo(1, 12);
    });

    it('counts every one of the 1,000 complaints in the Pareto of reported problems (the CFPB issue at submission), answered or not', () => {
      const rows = pareto(issues.model(), { by: 'reportedProblem' });
      const expected = [...tally(csv, (r) => problemCodeOf(r.issue ?? ''))].sort(([ka, a], [kb, b]) => b - a || (ka < kb ? -1 : 1));
      expect(rows.map((r) => [r.key, r.count])).toEqual(expected);
      expect(rows.reduce((n, r) => n + r.count, 0)).toBe(1000);
      // The root-cause Pareto only knows the answered ones.
      expect(pareto(issues.model(), { by: 'rootCause' }).reduce((n, r) => n + r.count, 0)).toBe(answered.length);
      expect(answered.length).toBe(999);
    });

    it('puts answers in the FCA buckets by days from receipt to the day sent to the company; the untimely one stays open', () => {
      const [all] = compliance(sla.model(), { from: '2013-01-01T00:00:00Z', to: '2014-01-01T00:00:00Z', now: IMPORT_NOW });
      expect(all).toMatchObject({
        complaints: 1000,
        answeredWithinWeek: answerDays.filter((d) => d <= 7).length,
        answeredWithin15Days: answerDays.filter((d) => d > 7 && d <= 15).length,
        answeredLater: answerDays.filter((d) => d > 15).length,
        stillOpen: csv.length - answered.length,
      });
      // On time: answered by the end of day 15; the untimely one is missed too.
      expect(all?.answers).toMatchObject({ onTime: answerDays.filter((d) => d <= 15).length, late: csv.length - answerDays.filter((d) => d <= 15).length, pending: 0 });
      // No acknowledgement is in the data: written complaints answered within 7 days have it waived, the others missed it.
      const written = answered.map((r, i) => ({ r, d: answerDays[i] ?? 0 })).filter(({ r }) => r.submitted_via !== 'Phone');
      expect(all?.acknowledgements).toMatchObject({ onTime: 0, waived: written.filter(({ d }) => d <= 7).length, pending: 0 });
    });

    it('finds repeat complainants by ZIP code (the documented proxy), all within the 90-day window', () => {
      const byZip = tally(csv.filter((r) => r.zipcode !== ''), (r) => `cfpb-zip:${r.state ?? ''}-${r.zipcode ?? ''}`);
      const repeats = [...byZip].filter(([, n]) => n >= 2);
      const found = repeatComplainants(issues.model()).complainants;
      expect(found).toHaveLength(repeats.length);
      expect(found[0]).toMatchObject({ complainantId: 'cfpb-zip:va-24382' /* recorded in lower case, as every complainant id */, maxInWindow: Math.max(...repeats.map(([, n]) => n)) });
    });
  },
);
