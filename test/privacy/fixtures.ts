/**
 * A protected world (store + key store + service on one hand-moved clock) and a story that
 * writes every personal field of every event type, for two complainants.
 */
import { ComplaintService } from '../../src/application/complaintService';
import type { CommandMetadataInput } from '../../src/stream/metadata';
import type { Actor } from '../../src/domain/vocabulary';
import { InMemoryEventStore } from '../../src/eventstore/inMemory/inMemoryEventStore';
import type { EventStore, JsonValue, RecordedEvent } from '../../src/eventstore/port';
import { InMemoryKeyStore } from '../../src/privacy/inMemoryKeyStore';
import { type ProtectedEventStore, protectPersonalData } from '../../src/privacy/protectedEventStore';
import { ID, OTHER_ID, agent, at, cmd, direction, supervisor } from '../domain/spec';

export { ID, OTHER_ID };

/** The complainant of {@link ID} and everything personal written about them in the story. */
export const CAMILLE = {
  id: 'client-42',
  name: 'Camille Martin-Ébrard',
  email: 'camille.martin@example.fr',
  phone: '+33 6 12 34 56 78',
  postalAddress: '12 rue des Lilas, 69003 Lyon',
} as const;

/** The complainant of {@link OTHER_ID}. */
export const DOMINIQUE = { id: 'client-77', name: 'Dominique Lefèvre', email: 'd.lefevre@example.org' } as const;

/** Every personal text of the story of {@link ID}. */
export const SECRETS = {
  subject: 'Débit en double — décembre',
  description: 'My account at Banque Rhône (IBAN FR76 1234) was debited twice in December.',
  handlingSteps: 'We check your invoices of December with billing.',
  delayReason: 'The bank has not yet confirmed your second debit.',
  contactSummary: 'Camille called: she is short of money for the rent.',
  urgencyReason: 'Camille cannot pay her rent because of the double charge.',
  recategoriseReason: 'The double charge came from her direct debit mandate.',
  facts: 'Camille’s mandate was presented twice on 2021-12-05.',
  decision: 'The duplicate debit of Camille is refunded.',
  measures: ['Refund of 84.20 EUR to Camille', 'Mandate presentation guarded against duplicates'],
  statement: 'The refund does not cover the 12 EUR bank fees I paid.',
  appealDecision: 'The bank fees of Camille are refunded as a gesture.',
  appealMeasures: ['Refund of 12 EUR of bank fees to Camille'],
  mediationSummary: 'Camille and Lukéa settled on a 30 EUR voucher.',
  closeNote: 'Camille confirmed by phone that she received the voucher.',
} as const;

/** The inner stores' clock (fixed, so exports of two worlds compare equal). */
export const STORE_TIME = new Date('2022-01-11T14:00:00Z');

/** A store (protected unless `protect: false`), its key store, a service, and a clock that `set` moves. */
export const protectedWorld = (inner: EventStore = new InMemoryEventStore({ clock: () => STORE_TIME }), options: { readonly protect?: boolean } = {}) => {
  let now = new Date('2022-01-11T14:00:00+01:00');
  const clock = () => now;
  const keyStore = new InMemoryKeyStore({ clock });
  const protectedStore: ProtectedEventStore = protectPersonalData(inner, { keyStore });
  const store: EventStore = options.protect === false ? inner : protectedStore;
  // Default options: on the protected store the service keeps no states (readsMayChange).
  const service = new ComplaintService({ store, clock });
  let n = 0;
  const meta = (actor: Actor = agent): CommandMetadataInput => ({ commandId: `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`, actor });
  return {
    inner,
    keyStore,
    store,
    service,
    meta,
    set: (iso: string) => {
      now = new Date(iso);
    },
  };
};

/** The world's type. */
export type ProtectedWorld = ReturnType<typeof protectedWorld>;

/**
 * The story of {@link ID} (every event type that holds personal data, with every personal
 * field) and a short one for {@link OTHER_ID}, by another complainant.
 */
export const fullStory = async (w: ProtectedWorld = protectedWorld()): Promise<ProtectedWorld> => {
  const { service, meta, set } = w;
  const as = (id: string) => ({ complaintId: id as ReturnType<typeof cmd.receive>['complaintId'] });
  set('2022-01-11T14:00:00+01:00');
  await service.handle(
    cmd.receive({ channel: 'postal_mail', receivedAt: at('2022-01-10T09:00:00+01:00'), complainant: { kind: 'client', ...CAMILLE }, subject: SECRETS.subject, description: SECRETS.description }),
    meta(),
  );
  await service.handle({ ...cmd.receive({ complainant: { kind: 'client', ...DOMINIQUE }, subject: 'Late meter reading', description: 'Dominique’s meter was read late.' }), ...as(OTHER_ID) }, meta());
  await service.handle(cmd.assign(), meta());
  set('2022-01-12T10:00:00+01:00');
  await service.handle(cmd.acknowledge({ handlingSteps: SECRETS.handlingSteps }), meta());
  await service.handle(cmd.contact({ summary: SECRETS.contactSummary, direction: 'inbound' }), meta());
  await service.handle(cmd.urgency({ reason: SECRETS.urgencyReason }), meta());
  await service.handle(cmd.recategorise({ reason: SECRETS.recategoriseReason }), meta());
  set('2022-01-20T10:00:00+01:00');
  await service.handle(cmd.delay({ reason: SECRETS.delayReason }), meta());
  set('2022-01-27T10:00:00+01:00');
  await service.handle(cmd.answer({ facts: SECRETS.facts, decision: SECRETS.decision, correctiveMeasures: [...SECRETS.measures] }), meta(supervisor));
  set('2022-02-01T10:00:00+01:00');
  await service.handle(cmd.appeal({ statement: SECRETS.statement }), meta());
  set('2022-02-10T10:00:00+01:00');
  await service.handle(cmd.decideAppeal({ decision: SECRETS.appealDecision, correctiveMeasures: [...SECRETS.appealMeasures] }), meta(direction));
  set('2022-02-15T10:00:00+01:00');
  await service.handle(cmd.refer({ reference: 'MED-2022-0042' }), meta());
  set('2022-03-15T10:00:00+01:00');
  await service.handle(cmd.conclude({ summary: SECRETS.mediationSummary }), meta());
  await service.handle(cmd.close({ note: SECRETS.closeNote }), meta());
  set('2022-04-01T10:00:00+01:00');
  await service.handle({ ...cmd.requalify({ reason: 'Dominique only asked how meter readings work.' }), ...as(OTHER_ID) }, meta(supervisor));
  return w;
};

/** Every personal plaintext of {@link ID}'s complainant that the story stored. */
export const camillesPlaintexts = (): string[] => [CAMILLE.name, CAMILLE.email, CAMILLE.phone, CAMILLE.postalAddress, ...Object.values(SECRETS).flat()];

/** JSON of anything, bigints as strings. */
export const json = (v: unknown): string => JSON.stringify(v, (_k, x: unknown) => (typeof x === 'bigint' ? x.toString() : x));

/**
 * A copy of `source`'s events (ids, types, metadata; the store assigns new positions and
 * times) into a new in-memory store, with `change` applied to each event's data — how the
 * tests tamper with what a store holds (stored events are frozen).
 */
export const copyStore = async (source: EventStore, change: (r: RecordedEvent, all: readonly RecordedEvent[]) => JsonValue = (r) => r.data): Promise<InMemoryEventStore> => {
  const all = await source.readAll({ maxCount: 100_000 });
  const copy = new InMemoryEventStore();
  for (const r of all) await copy.appendToStream(r.streamName, [{ id: r.id, type: r.type, data: change(r, all), metadata: r.metadata }]);
  return copy;
};

/** The raw event at `revision` of the complaint `id`'s stream in `all`. */
export const rawAt = (all: readonly RecordedEvent[], id: string, revision: bigint): RecordedEvent => {
  const found = all.find((r) => r.streamName === `complaint-${id}` && r.revision === revision);
  if (found === undefined) throw new Error(`no event ${revision} of ${id}`);
  return found;
};

/** The object at a dotted path of JSON data (test helper; fails on a miss). */
export const field = (data: JsonValue, path: string): JsonValue => {
  let node: JsonValue = data;
  for (const key of path.split('.')) {
    if (typeof node !== 'object' || node === null || Array.isArray(node) || !(key in node)) throw new Error(`no ${path} in ${json(data)}`);
    node = node[key] ?? null;
  }
  return node;
};

/** `data` with `value` set at the dotted `path` (copy). */
export const withField = (data: JsonValue, path: string, value: JsonValue): JsonValue => {
  const [head, ...rest] = path.split('.');
  if (head === undefined || typeof data !== 'object' || data === null || Array.isArray(data)) throw new Error(`cannot set ${path}`);
  return { ...data, [head]: rest.length === 0 ? value : withField(data[head] ?? null, rest.join('.'), value) };
};
