/** The service's own computation of event ids must give exactly `eventIdFor`'s ids. */
import fc from 'fast-check';
import { fastEventIdFor } from '../../src/application/complaintService';
import { eventIdFor } from '../../src/application/eventIds';

describe('fastEventIdFor', () => {
  it('equals eventIdFor for UUID command ids (any case) and any index', () => {
    fc.assert(
      fc.property(fc.uuid(), fc.boolean(), fc.nat(), (id, upper, index) => {
        const commandId = upper ? id.toUpperCase() : id;
        expect(fastEventIdFor(commandId, index)).toBe(eventIdFor(commandId, index));
      }),
      { numRuns: 2000 },
    );
  });

  it('equals eventIdFor for names of every length (one to several SHA-1 blocks, and the fallbacks)', () => {
    for (let n = 0; n < 200; n++) {
      const commandId = 'c'.repeat(n);
      expect(fastEventIdFor(commandId, n)).toBe(eventIdFor(commandId, n));
    }
    expect(fastEventIdFor('commande-é', 3)).toBe(eventIdFor('commande-é', 3));
  });
});
