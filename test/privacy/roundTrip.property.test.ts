/**
 * Property: any personal data the codecs accept (any Unicode, up to the length limits)
 * round-trips through a protected store and the service, never appears in the inner store,
 * and reads `[erased]` after an erasure.
 */
import fc from 'fast-check';
import { InMemoryEventStore } from '../../src/eventstore/inMemory/inMemoryEventStore';
import { ERASED, eraseComplainant } from '../../src/privacy/index';
import { cmd } from '../domain/spec';
import { json, protectedWorld } from './fixtures';

/** Text the codecs accept: 1..max UTF-16 units, not blank, well-formed (no lone surrogate). */
const text = (max: number) =>
  fc
    .oneof(fc.string({ unit: 'binary', minLength: 1, maxLength: max }), fc.string({ unit: 'grapheme', minLength: 1, maxLength: max }), fc.constant('é'.repeat(max)))
    .map((s) => s.slice(0, max))
    .filter((s) => s.trim().length > 0 && !/[\uD800-\uDFFF]/u.test(s));

describe('personal data round-trips through a protected store', () => {
  it('whatever the text, it reads back exactly, is never stored in clear, and erases to [erased]', async () => {
    await fc.assert(
      fc.asyncProperty(text(200), text(200), fc.option(text(200), { nil: undefined }), text(200), text(2000), async (name, email, phone, subject, description) => {
        const w = protectedWorld(new InMemoryEventStore());
        const complainant = { id: 'client-p', kind: 'client' as const, name, email, ...(phone === undefined ? {} : { phone }) };
        await w.service.handle(cmd.receive({ complainant, subject, description }), w.meta());
        const state = await w.service.getComplaint(cmd.receive().complaintId);
        expect(state.complainant).toEqual(complainant);
        expect([state.subject, state.description]).toEqual([subject, description]);
        const raw = json(await w.inner.readAll());
        for (const secret of [name, email, subject, description]) if (secret.length >= 8) expect(raw.includes(JSON.stringify(secret).slice(1, -1))).toBe(false);
        await eraseComplainant(w.keyStore, 'client-p');
        const erased = await w.service.getComplaint(cmd.receive().complaintId);
        expect([erased.complainant.name, erased.complainant.email, erased.complainant.phone, erased.subject, erased.description]).toEqual([
          ERASED,
          ERASED,
          phone === undefined ? undefined : ERASED,
          ERASED,
          ERASED,
        ]);
      }),
      { numRuns: 60 },
    );
  });
});
