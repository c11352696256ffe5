import { toCsv, toJson } from '../../src/projections/reportExport';
import { compliance, overdueNow, slaProjection } from '../../src/projections/sla';
import { cmd, history } from '../domain/spec';
import { asStored, complaintUuid } from './fixtures';

describe('report export', () => {
  it('writes CSV with flattened columns, quoting and ISO dates', () => {
    const csv = toCsv([
      { key: 'a,b', n: 1, when: new Date('2022-01-17T23:00:00Z'), nested: { share: 0.5, none: null } },
      { key: 'say "hi"', n: 2, extra: ['x', 'y'] },
    ]);
    expect(csv).toBe(
      'key,n,when,nested.share,nested.none,extra\r\n' +
        '"a,b",1,2022-01-17T23:00:00.000Z,0.5,,\r\n' +
        '"say ""hi""",2,,,,x;y\r\n',
    );
  });

  it('exports real query results as CSV and JSON', () => {
    const p = slaProjection();
    let m = p.initial();
    for (const e of asStored(complaintUuid(1), history({ command: cmd.receive(), now: '2022-01-10T16:00:00+01:00' }))) m = p.apply(m, e);
    const overdue = overdueNow(m, '2022-01-18T00:00:00Z');
    expect(JSON.parse(toJson(overdue))).toEqual([
      { complaintId: complaintUuid(1), deadline: 'acknowledgement', due: '2022-01-17', dueAt: '2022-01-17T23:00:00.000Z', missRecorded: false },
    ]);
    const rows = compliance(m, { from: '2022-01-01T00:00:00Z', to: '2022-02-01T00:00:00Z' });
    const [header] = toCsv(rows).split('\r\n');
    expect(header).toContain('answers.share');
    expect(header).toContain('timeToAnswer.medianMs');
  });

  it('a query result that is not a list of rows (repeatComplainants) is refused naming its lists, not "rows.map is not a function"', () => {
    const result = { complainants: [], linkedToClosed: [] };
    expect(() => toCsv(result as unknown as object[])).toThrow(new TypeError('toCsv expects an array of rows, got an object with complainants, linkedToClosed: pass one of its lists, e.g. toCsv(result.complainants).'));
    expect(() => toJson(undefined as unknown as object[])).toThrow(new TypeError('toJson expects an array of rows, got undefined.'));
  });
});
