/**
 * CFPB consumer complaints → Lukéa complaint commands (for examples/cfpb-import.ts and
 * test/projections/cfpb.test.ts). The data set and its columns are described in
 * ../shared/data/cfpb/README.md. It is US data, not Lukéa's: these rules map it onto the
 * policy's vocabulary; they do not pretend it is French.
 *
 * Mapping rules (one CSV row = one complaint):
 * 1. Identity. `complaintId` = `cfb0c0c0-2013-4000-8000-` + the CFPB `complaint_id` on 12
 *    digits (deterministic: importing twice gives the same ids). `externalReference` =
 *    `CFPB-<complaint_id>`. Command ids are built the same way (`cfb0000<k>-…`, k = step),
 *    so re-running the import appends nothing twice.
 * 2. Receipt. `receivedAt` = `date_received` (M/D/YYYY) at 12:00 UTC. Noon UTC is the same
 *    calendar day in Europe/Paris (13:00 or 14:00) and in every US zone, so the policy's
 *    day counting (local days in Europe/Paris) counts exactly the CFPB's days.
 * 3. Channel (`submitted_via`): Web → `web`; Email → `email`; Postal mail → `postal_mail`;
 *    Phone → `phone` (verbal: no acknowledgement is due); Fax → `postal_mail` and
 *    Referral → `postal_mail` (both written paper/third-party channels that Lukéa's
 *    vocabulary does not have; what matters for the policy is that they are written).
 * 4. Category = `product` (Mortgage, Debt collection…); product/service = `sub_product`,
 *    or `product` when `sub_product` is empty; subject = `issue`; description = the
 *    narrative, or a sentence naming the CFPB id, product, issue, company and channel
 *    (the narrative is empty throughout the 2013 sample). Urgency: `normal` (no data).
 *    Reported problem = the CFPB `issue` (what the consumer said went wrong, recorded at
 *    submission) as a code: {@link problemCodeOf} (lower case, every run of other characters
 *    an `_`, at most 64 characters; "Loan modification,collection,foreclosure" →
 *    `loan_modification_collection_foreclosure`). The codes are the policy's list of
 *    reported problems: {@link cfpbPolicy} is the default policy (same deadlines) with the
 *    codes of the file's issues, version `2021-06-25+cfpb-issues`. So every complaint,
 *    answered or not, counts in the Pareto of reported problems.
 * 5. Complainant. The CFPB publishes no consumer id. As a proxy for the repeat-complainant
 *    analysis, complaints from the same `state` + `zipcode` count as one complainant
 *    (`cfpb-zip:<state>-<zipcode>`, recorded in lower case like every complainant id); a row without a ZIP code is its own complainant
 *    (`cfpb:<complaint_id>`). This over-counts repeats in dense ZIP codes: read the result
 *    as "places that come back", not "people who come back".
 * 6. Definitive answer: on `date_sent_to_company` at 16:00 UTC (the company's answer date
 *    is not in the data; the day the complaint was forwarded is the first handling step
 *    and the brief's rule). When that date is *before* `date_received` (23 rows of the
 *    sample), the answer is put on the day of receipt, and the row is listed as adjusted.
 *    Root cause = `issue` (the CFPB's fixed taxonomy of what went wrong); decision =
 *    `company_response_to_consumer`; facts name the issue, sub-issue and company;
 *    corrective measures: "Monetary relief" / "Non-monetary relief" for those responses,
 *    otherwise "None recorded by the CFPB (<response>)". Answer channel: `web` (companies
 *    answer through the CFPB portal).
 *    `Untimely response` = the company never answered: no answer is recorded, and the
 *    complaint stays open (its answer deadline shows as overdue).
 * 7. No acknowledgement is recorded: the data has none. A written complaint answered
 *    within 7 days has it waived by the policy ("à moins qu'une réponse sur le fond ne soit
 *    donnée dans ce même mail"); one answered later shows a missed acknowledgement.
 * 8. `consumer_disputed?` = Yes → internal appeal (the consumer contests the answer):
 *    opened the day after the answer at 12:00 UTC, grounds `unsatisfied_with_answer`, on
 *    the complaint's channel. For an unanswered complaint, grounds
 *    `no_news_after_deadline`, opened 16 days after receipt. No appeal decision is
 *    recorded (the data does not say how disputes ended), so appeal decision targets show
 *    as overdue at the import's "now".
 * 9. `timely_response` (the CFPB's own timeliness flag) is not turned into events; the
 *    example prints it next to the SLA projection's answer compliance.
 * 10. Complaints are not closed (the sample does not say when).
 * 11. Every command is issued by `{ id: 'cfpb-import', role: 'system' }` on a service whose
 *    clock is {@link IMPORT_NOW} (2014-02-01, after every date of the sample): business
 *    times are given as each command's `at`.
 *
 * Rows skipped (with line number and reason, see {@link readCfpb}):
 * - a record whose number of fields differs from the header's;
 * - `complaint_id` not made of 1–12 digits, or already seen in an earlier row;
 * - `date_received` or `date_sent_to_company` not a real M/D/YYYY date;
 * - `submitted_via` not one of the six values above;
 * - `product` or `issue` empty or longer than 200 characters (they become category and
 *   root cause, which the domain requires, ≤ 200 characters), or an `issue` without a
 *   letter or digit (it would give no problem code);
 * - a date after {@link IMPORT_NOW}.
 * None of the 1,000 rows of consumer_complaints_2013.csv is skipped.
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { defaultPolicy, parsePolicy, type Actor, type Channel, type ComplaintCommandInput, type ComplaintService, type Policy } from '../../src/index';

/** The import's "now": after every date of the 2013 sample. */
export const IMPORT_NOW = '2014-02-01T00:00:00.000Z';
/** The data file's name. */
export const CFPB_FILE = 'consumer_complaints_2013.csv';
/** Who issues the imported commands. */
export const IMPORTER: Actor = { id: 'cfpb-import', role: 'system' };

/**
 * Where the CSV is: `$CFPB_CSV` (a file), `$CFPB_DATA_DIR/consumer_complaints_2013.csv`,
 * `<repoRoot>/../shared/data/cfpb/consumer_complaints_2013.csv`, or the copy bundled in
 * `<repoRoot>/examples/cfpb/data/`; undefined when none exists.
 */
export const findCfpbCsv = (repoRoot: string, env: Readonly<Record<string, string | undefined>> = process.env): string | undefined => {
  const candidates = [
    env.CFPB_CSV,
    env.CFPB_DATA_DIR === undefined ? undefined : join(env.CFPB_DATA_DIR, CFPB_FILE),
    join(repoRoot, '..', 'shared', 'data', 'cfpb', CFPB_FILE),
    join(repoRoot, 'examples', 'cfpb', 'data', CFPB_FILE),
  ];
  return candidates.find((p): p is string => p !== undefined && p !== '' && existsSync(p));
};

/**
 * RFC 4180 CSV: fields separated by commas, records by CRLF or LF; a field in double
 * quotes may hold commas, line breaks and doubled quotes (`""` → `"`). A final line break
 * does not start an empty record. Throws on a quote inside an unquoted field or an
 * unterminated quoted field (the file is then not CSV).
 */
export const parseCsv = (text: string): string[][] => {
  const records: string[][] = [];
  let record: string[] = [];
  let field = '';
  let i = 0;
  const n = text.length;
  const endField = (): void => {
    record.push(field);
    field = '';
  };
  const endRecord = (): void => {
    endField();
    records.push(record);
    record = [];
  };
  while (i < n) {
    const c = text[i];
    if (c === '"' && field === '') {
      // Quoted field: read up to the closing quote.
      i += 1;
      for (;;) {
        if (i >= n) throw new SyntaxError('CSV: unterminated quoted field');
        const q = text[i];
        if (q === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          i += 1;
          break;
        }
        field += q;
        i += 1;
      }
      const after = text[i];
      if (after !== undefined && after !== ',' && after !== '\r' && after !== '\n') throw new SyntaxError(`CSV: text after a closing quote at offset ${i}`);
      continue;
    }
    if (c === ',') {
      endField();
      i += 1;
    } else if (c === '\r' || c === '\n') {
      endRecord();
      i += c === '\r' && text[i + 1] === '\n' ? 2 : 1;
    } else if (c === '"') {
      throw new SyntaxError(`CSV: quote inside an unquoted field at offset ${i}`);
    } else {
      field += c;
      i += 1;
    }
  }
  if (field !== '' || record.length > 0) endRecord();
  return records;
};

/** One CFPB row, checked. Dates are `YYYY-MM-DD`. */
export interface CfpbRow {
  /** 1-based line of the record's first line in the file (the header is line 1). */
  readonly line: number;
  readonly cfpbId: string;
  readonly dateReceived: string;
  readonly dateSent: string;
  readonly product: string;
  readonly subProduct: string;
  readonly issue: string;
  readonly subIssue: string;
  readonly company: string;
  readonly state: string;
  readonly zipcode: string;
  readonly submittedVia: string;
  readonly response: string;
  readonly timely: boolean;
  readonly disputed: boolean;
  readonly narrative: string;
}

/** A row left out of the import, and why. */
export interface SkippedRow {
  readonly line: number;
  readonly cfpbId: string;
  readonly reason: string;
}

/** Rule 3: `submitted_via` → channel. */
export const CHANNEL_OF: Readonly<Record<string, Channel>> = {
  Web: 'web',
  Email: 'email',
  'Postal mail': 'postal_mail',
  Fax: 'postal_mail',
  Referral: 'postal_mail',
  Phone: 'phone',
};

const COLUMNS = [
  'date_received', 'product', 'sub_product', 'issue', 'sub_issue', 'consumer_complaint_narrative', 'company_public_response', 'company',
  'state', 'zipcode', 'tags', 'consumer_consent_provided', 'submitted_via', 'date_sent_to_company', 'company_response_to_consumer',
  'timely_response', 'consumer_disputed?', 'complaint_id',
] as const;
type Column = (typeof COLUMNS)[number];

/** `M/D/YYYY` → `YYYY-MM-DD`, or undefined when it is not a real date. */
export const isoDateOf = (mdy: string): string | undefined => {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(mdy.trim());
  if (!m) return undefined;
  const [mo, d, y] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  if (date.getUTCFullYear() !== y || date.getUTCMonth() !== mo - 1 || date.getUTCDate() !== d) return undefined;
  return date.toISOString().slice(0, 10);
};

const shortTextOk = (s: string): boolean => s.trim().length > 0 && s.length <= 200;

/** Parses the CSV and checks every row against the skip rules (module docs). */
export const readCfpb = (text: string): { readonly rows: CfpbRow[]; readonly skipped: SkippedRow[] } => {
  const records = parseCsv(text.replace(/^\uFEFF/, ''));
  const header = records[0] ?? [];
  const index = new Map(header.map((h, i) => [h, i]));
  const missing = COLUMNS.filter((c) => !index.has(c));
  if (missing.length > 0) throw new Error(`Not the CFPB file: missing column(s) ${missing.join(', ')}`);
  const rows: CfpbRow[] = [];
  const skipped: SkippedRow[] = [];
  const seen = new Set<string>();
  const importDay = IMPORT_NOW.slice(0, 10);
  let line = 2;
  for (const rec of records.slice(1)) {
    const thisLine = line;
    line += 1 + rec.reduce((k, f) => k + (f.match(/\r\n|\r|\n/g)?.length ?? 0), 0);
    const get = (c: Column): string => rec[index.get(c) ?? -1] ?? '';
    const cfpbId = get('complaint_id').trim();
    const skip = (reason: string): void => {
      skipped.push({ line: thisLine, cfpbId, reason });
    };
    if (rec.length !== header.length) {
      skip(`${rec.length} fields, the header has ${header.length}`);
      continue;
    }
    if (!/^\d{1,12}$/.test(cfpbId)) {
      skip(`complaint_id "${cfpbId}" is not 1–12 digits`);
      continue;
    }
    if (seen.has(cfpbId)) {
      skip(`complaint_id ${cfpbId} already imported from an earlier row`);
      continue;
    }
    const dateReceived = isoDateOf(get('date_received'));
    const dateSent = isoDateOf(get('date_sent_to_company'));
    if (dateReceived === undefined || dateSent === undefined) {
      skip(`date_received "${get('date_received')}" or date_sent_to_company "${get('date_sent_to_company')}" is not a M/D/YYYY date`);
      continue;
    }
    if (dateReceived >= importDay || dateSent >= importDay) {
      skip(`a date is not before the import's now (${IMPORT_NOW})`);
      continue;
    }
    const submittedVia = get('submitted_via').trim();
    if (CHANNEL_OF[submittedVia] === undefined) {
      skip(`submitted_via "${submittedVia}" is not a known channel`);
      continue;
    }
    const product = get('product').trim();
    const issue = get('issue').trim();
    if (!shortTextOk(product) || !shortTextOk(issue)) {
      skip('product or issue is empty or longer than 200 characters');
      continue;
    }
    if (problemCodeOf(issue) === '') {
      skip(`issue "${issue}" has no letter or digit to make a problem code of`);
      continue;
    }
    seen.add(cfpbId);
    rows.push({
      line: thisLine,
      cfpbId,
      dateReceived,
      dateSent,
      product,
      subProduct: get('sub_product').trim(),
      issue,
      subIssue: get('sub_issue').trim(),
      company: get('company').trim(),
      state: get('state').trim(),
      zipcode: get('zipcode').trim(),
      submittedVia,
      response: get('company_response_to_consumer').trim(),
      timely: get('timely_response').trim() === 'Yes',
      disputed: get('consumer_disputed?').trim() === 'Yes',
      narrative: get('consumer_complaint_narrative').trim(),
    });
  }
  return { rows, skipped };
};

/** The reported-problem code of a CFPB issue (rule 4): lower case, `_` for every run of other characters, ≤ 64 characters. */
export const problemCodeOf = (issue: string): string =>
  issue
    .normalize('NFKD')
    .replace(/\p{M}/gu, '') // accents go, their letters stay
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '_')
    .replace(/^_+|_+$/g, '')
    .slice(0, 64)
    .replace(/_+$/, '');

/**
 * The policy of the import (rule 4): the default policy's deadlines, and the codes of the
 * rows' issues as its reported problems. Throws when two issues give the same code (the
 * Pareto would merge them) or the list is not a valid policy.
 */
export const cfpbPolicy = (rows: readonly CfpbRow[]): Policy => {
  const issueOf = new Map<string, string>();
  for (const row of rows) {
    const code = problemCodeOf(row.issue);
    const earlier = issueOf.get(code);
    if (earlier !== undefined && earlier !== row.issue) throw new Error(`CFPB issues "${earlier}" and "${row.issue}" give the same problem code ${code}`);
    issueOf.set(code, row.issue);
  }
  const parsed = parsePolicy({ ...defaultPolicy, version: `${defaultPolicy.version}+cfpb-issues`, reportedProblems: [...issueOf.keys()].sort() });
  if (parsed._tag === 'Left') throw new Error(`The CFPB policy is not valid: ${parsed.left.issues.map((i) => i.message).join('; ')}`);
  return parsed.right;
};

const id12 = (cfpbId: string): string => cfpbId.padStart(12, '0');
/** Rule 1: the Lukéa complaint id of a CFPB complaint. */
export const complaintIdOf = (cfpbId: string): string => `cfb0c0c0-2013-4000-8000-${id12(cfpbId)}`;
const commandIdOf = (cfpbId: string, step: number): string => `cfb0000${step}-2013-4000-8000-${id12(cfpbId)}`;

const addDaysIso = (day: string, days: number): string => new Date(Date.parse(`${day}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
const cut = (s: string): string => (s.length <= 200 ? s : `${s.slice(0, 199)}…`);

/** Rule 6: the day of the answer (undefined: never answered), and whether it was adjusted. */
export const answerDayOf = (row: CfpbRow): { readonly day: string | undefined; readonly adjusted: boolean } => {
  if (row.response === 'Untimely response') return { day: undefined, adjusted: false };
  return row.dateSent < row.dateReceived ? { day: row.dateReceived, adjusted: true } : { day: row.dateSent, adjusted: false };
};

/** Rule 5: the complainant id (a ZIP-code proxy). */
export const complainantIdOf = (row: CfpbRow): string => (row.zipcode === '' ? `cfpb:${row.cfpbId}` : `cfpb-zip:${row.state}-${row.zipcode}`);

const measuresOf = (response: string): string[] =>
  response === 'Closed with monetary relief' ? ['Monetary relief']
  : response === 'Closed with non-monetary relief' ? ['Non-monetary relief']
  : [`None recorded by the CFPB (${response || 'no response given'})`];

/** A command of the import, with its deterministic command id. */
export interface PlannedCommand {
  readonly command: ComplaintCommandInput;
  readonly commandId: string;
}

/** The commands for one row, in order (rules 1–8). */
export const commandsFor = (row: CfpbRow): PlannedCommand[] => {
  const complaintId = complaintIdOf(row.cfpbId);
  const channel = CHANNEL_OF[row.submittedVia] ?? 'web';
  const out: PlannedCommand[] = [
    {
      commandId: commandIdOf(row.cfpbId, 1),
      command: {
        type: 'ReceiveComplaint',
        complaintId,
        receivedAt: `${row.dateReceived}T12:00:00Z`,
        channel,
        complainant: { id: complainantIdOf(row), kind: 'client', name: row.zipcode === '' ? `CFPB consumer ${row.cfpbId}` : `Consumer in ${row.state} ${row.zipcode}` },
        category: row.product,
        product: cut(row.subProduct || row.product),
        subject: cut(row.issue),
        description: row.narrative || `CFPB complaint ${row.cfpbId}: ${row.product} / ${row.issue}, about ${row.company || 'an unnamed company'}, submitted via ${row.submittedVia}.`,
        urgency: 'normal',
        externalReference: `CFPB-${row.cfpbId}`,
        reportedProblem: problemCodeOf(row.issue),
      },
    },
  ];
  const answer = answerDayOf(row);
  if (answer.day !== undefined)
    out.push({
      commandId: commandIdOf(row.cfpbId, 2),
      command: {
        type: 'AnswerComplaint',
        complaintId,
        at: `${answer.day}T16:00:00Z`,
        channel: 'web',
        facts: `Issue: ${row.issue}${row.subIssue ? ` — ${row.subIssue}` : ''}. Company: ${row.company || 'unnamed'}.`,
        decision: row.response || 'No response recorded by the CFPB.',
        correctiveMeasures: measuresOf(row.response),
        rootCause: row.issue,
      },
    });
  if (row.disputed)
    out.push({
      commandId: commandIdOf(row.cfpbId, 3),
      command: {
        type: 'OpenInternalAppeal',
        complaintId,
        at: answer.day === undefined ? `${addDaysIso(row.dateReceived, 16)}T12:00:00Z` : `${addDaysIso(answer.day, 1)}T12:00:00Z`,
        grounds: answer.day === undefined ? 'no_news_after_deadline' : 'unsatisfied_with_answer',
        statement: 'The consumer disputed the company’s response (CFPB "consumer_disputed?" = Yes).',
        channel,
      },
    });
  return out;
};

/** What an import did. */
export interface ImportSummary {
  readonly complaints: number;
  readonly answered: number;
  readonly appeals: number;
  readonly commands: number;
  /** Rows whose answer date was moved to the day of receipt (rule 6). */
  readonly adjusted: readonly { readonly line: number; readonly cfpbId: string; readonly note: string }[];
}

/** Sends every row's commands through the service (one complaint after the other); the service's policy must be {@link cfpbPolicy} of the rows. */
export const importCfpb = async (service: ComplaintService, rows: readonly CfpbRow[]): Promise<ImportSummary> => {
  let answered = 0;
  let appeals = 0;
  let commands = 0;
  const adjusted: { line: number; cfpbId: string; note: string }[] = [];
  for (const row of rows) {
    const a = answerDayOf(row);
    if (a.adjusted) adjusted.push({ line: row.line, cfpbId: row.cfpbId, note: `sent to the company ${row.dateSent}, before receipt ${row.dateReceived}: answered on ${row.dateReceived}` });
    for (const p of commandsFor(row)) {
      await service.handle(p.command, { commandId: p.commandId, actor: IMPORTER });
      commands += 1;
      if (p.command.type === 'AnswerComplaint') answered += 1;
      if (p.command.type === 'OpenInternalAppeal') appeals += 1;
    }
  }
  return { complaints: rows.length, answered, appeals, commands, adjusted };
};
