import { history } from '../../src/audit/history';
import { formatTimeline, localDateTime } from '../../src/audit/timeline';
import { ID, story } from './fixtures';

describe('formatTimeline', () => {
  it('prints each event in plain words, in Paris time, with actor, status and deadlines', async () => {
    const w = await story();
    const text = formatTimeline(await history(w.store, ID));
    const lines = text.split('\n');
    expect(lines[0]).toBe(`Complaint ${ID} (times in Europe/Paris)`);
    expect(lines).toEqual(
      expect.arrayContaining([
        '#0  2022-01-10 09:00  Complaint received by postal mail (written, normal urgency): "Double charge in December"',
        '      by agent-ana (agent) · recorded 2022-01-11 15:00 · status: received',
        '      acknowledgement due 2022-01-17 · answer due 2022-01-25 · no urgency target',
        '#2  2022-01-18 08:00  Missed deadline recorded',
        '      by deadline-watcher (system) · recorded 2022-01-18 08:00 · status: received',
        '      MISSED: acknowledgement deadline of 2022-01-17',
        '#3  2022-01-18 10:00  Acknowledgement emailed late; contact Ana Lopez, answer expected 2022-01-20',
        '      answer deadline moved from 2022-01-25 to 2022-02-04',
        '#5  2022-02-03 16:00  Answered by email on time: The duplicate charge is refunded.',
        '      by sup-sam (supervisor) · recorded 2022-02-03 16:00 · status: answered',
      ]),
    );
    expect(lines.filter((l) => l.startsWith('#'))).toHaveLength(6);
    expect(formatTimeline([])).toBe('No events.\n');
  });

  it('shows Paris wall-clock time across DST', () => {
    expect(localDateTime('2022-01-10T08:00:00Z', 'Europe/Paris')).toBe('2022-01-10 09:00');
    expect(localDateTime('2022-07-10T08:00:00Z', 'Europe/Paris')).toBe('2022-07-10 10:00');
  });
});
