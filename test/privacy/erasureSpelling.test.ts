/**
 * An erasure reaches the complainant however their id was spelled: at receipt the id is
 * recorded trimmed and in lower case, and `eraseComplainant` takes it the same way, so
 * `Client-Zed ` received and `client-zed` erased (or the other way round) is one person.
 */
import { ERASED, eraseComplainant } from '../../src/privacy/index';
import { at, cmd } from '../domain/spec';
import { ID, protectedWorld } from './fixtures';

const receiveAs = async (complainantId: string) => {
  const w = protectedWorld();
  await w.service.handle(
    cmd.receive({ receivedAt: at('2022-01-10T09:00:00+01:00'), complainant: { id: complainantId, kind: 'client', name: 'Zed Zimmermann', email: 'zed@example.org' } }),
    w.meta(),
  );
  return w;
};

describe('erasure matches the complainant whatever the spelling of their id', () => {
  it.each([
    ['Client-Zed ', 'client-zed'],
    ['client-zed', 'Client-Zed '],
    ['  CLIENT-ZED', 'client-Zed'],
  ])('received as %j, erased as %j: the name reads [erased]', async (received, erased) => {
    const w = await receiveAs(received);
    const receipt = await eraseComplainant(w.keyStore, erased);
    expect(receipt.nothingToErase).toBe(false);
    const state = await w.service.getComplaint(ID);
    expect(state.complainant).toMatchObject({ id: 'client-zed', name: ERASED, email: ERASED });
  });

  it('another complainant whose id only looks alike (client-zed2) is untouched', async () => {
    const w = await receiveAs('client-zed2');
    const receipt = await eraseComplainant(w.keyStore, 'Client-Zed');
    expect(receipt.nothingToErase).toBe(true);
    expect((await w.service.getComplaint(ID)).complainant.name).toBe('Zed Zimmermann');
  });
});
