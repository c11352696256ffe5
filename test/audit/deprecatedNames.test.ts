/**
 * The 0.1 names of the audit's Promise forms (`historyAsync`, `stateAsOfAsync`,
 * `exportStreamsAsync`, `importStreamsAsync`) stay for one minor version as deprecated
 * aliases: imported from `@lukea/complaints/audit`, they answer what the new names answer.
 */
import { InMemoryEventStore } from '../../src/eventstore/inMemoryEventStore';
import { exportStreams, exportStreamsAsync, history, historyAsync, importStreams, importStreamsAsync, stateAsOf, stateAsOfAsync } from '../../src/audit';
import { ID, T, story } from './fixtures';

describe('deprecated 0.1 names of the audit Promise forms', () => {
  it('historyAsync answers the history', async () => {
    const w = await story();
    const entries = await historyAsync(w.store, ID);
    expect(entries.length).toBeGreaterThan(1);
    expect(entries).toEqual(await history(w.store, ID));
  });

  it('stateAsOfAsync answers the state as recorded then', async () => {
    const w = await story();
    const asOf = await stateAsOfAsync(w.store, ID, T.received);
    expect(asOf.state.status).toBe('received');
    expect(asOf).toEqual(await stateAsOf(w.store, ID, T.received));
  });

  it('exportStreamsAsync and importStreamsAsync export and import the streams', async () => {
    const w = await story();
    const ndjson = await exportStreamsAsync(w.store, [ID]);
    expect(ndjson).toBe(await exportStreams(w.store, [ID]));
    const copy = new InMemoryEventStore();
    const imported = await importStreamsAsync(copy, ndjson);
    expect(imported.appended).toBe(ndjson.trim().split('\n').length);
    expect((await importStreams(copy, ndjson)).appended).toBe(0);
    const events = (entries: { readonly event: unknown }[]) => entries.map((e) => e.event);
    expect(events(await history(copy, ID))).toEqual(events(await history(w.store, ID)));
  });

  it('a deprecated name rejects as the new one does', async () => {
    const empty = new InMemoryEventStore();
    await expect(historyAsync(empty, ID)).rejects.toMatchObject({ name: 'ComplaintServiceError', _tag: 'UnknownComplaint' });
    await expect(exportStreamsAsync(empty, [ID])).rejects.toMatchObject({ name: 'AuditFailure' });
  });
});
