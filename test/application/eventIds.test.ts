/** Event ids are uuid v5 of `<commandId>/<index>` in the package's namespace, exactly as the `uuid` package computes them. */
import fc from 'fast-check';
import { v5 as uuidv5 } from 'uuid';
import { eventIdFor } from '../../src/application/eventIds';

const NAMESPACE = uuidv5('@lukea/complaints/event-ids', uuidv5.URL);

describe('eventIdFor', () => {
  it('equals the uuid package’s v5 for UUID command ids (any case) and any index', () => {
    fc.assert(
      fc.property(fc.uuid(), fc.boolean(), fc.nat(), (id, upper, index) => {
        const commandId = upper ? id.toUpperCase() : id;
        expect(eventIdFor(commandId, index)).toBe(uuidv5(`${commandId}/${index}`, NAMESPACE));
      }),
      { numRuns: 2000 },
    );
  });

  it('equals it for names of every length and for non-ASCII names', () => {
    for (let n = 0; n < 200; n++) expect(eventIdFor('c'.repeat(n), n)).toBe(uuidv5(`${'c'.repeat(n)}/${n}`, NAMESPACE));
    expect(eventIdFor('commande-é', 3)).toBe(uuidv5('commande-é/3', NAMESPACE));
  });

  it('never changes: ids already stored by earlier versions are computed again to the letter', () => {
    expect(eventIdFor('00000000-0000-4000-8000-000000000001', 0)).toBe('b47f8d3e-6c4a-5992-987d-323a87bd7df5');
    expect(eventIdFor('00000000-0000-4000-8000-000000000001', 1)).toBe('90828234-d7e9-5a81-976c-443e1675a4aa');
  });
});
