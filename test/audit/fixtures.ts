/** A short complaint story on the in-memory store, with one clock we move by hand. */
import { ComplaintService } from '../../src/application/complaintService';
import type { CommandMetadataInput } from '../../src/stream/metadata';
import type { Actor } from '../../src/domain/vocabulary';
import { InMemoryEventStore } from '../../src/eventstore/inMemory/inMemoryEventStore';
import { ID, agent, at, cmd, supervisor, system } from '../domain/spec';

export { ID, agent, supervisor, system };

/** A store and a service sharing a clock that `set` moves. */
export const world = () => {
  let now = new Date('2022-01-11T14:00:00+01:00');
  const clock = () => now;
  const store = new InMemoryEventStore({ clock });
  const service = new ComplaintService({ store, clock });
  let n = 0;
  const meta = (actor: Actor = agent): CommandMetadataInput => ({ commandId: `00000000-0000-4000-8000-${String(++n).padStart(12, '0')}`, actor });
  return {
    store,
    service,
    set: (iso: string) => {
      now = new Date(iso);
    },
    meta,
  };
};

/** Recorded-at instants of the story's steps. */
export const T = {
  received: '2022-01-11T14:00:00.000Z',
  missed: '2022-01-18T07:00:00.000Z',
  acknowledged: '2022-01-18T09:00:00.000Z',
  delayed: '2022-01-24T09:00:00.000Z',
  answered: '2022-02-03T15:00:00.000Z',
} as const;

/** Received (backdated to Monday), assigned, acknowledgement missed then sent late, delayed, answered. */
export const story = async () => {
  const w = world();
  w.set(T.received);
  await w.service.handle(cmd.receive({ channel: 'postal_mail', receivedAt: at('2022-01-10T09:00:00+01:00') }), w.meta());
  await w.service.handle(cmd.assign(), w.meta());
  w.set(T.missed);
  await w.service.handle(cmd.missed('acknowledgement'), w.meta(system));
  w.set(T.acknowledged);
  await w.service.handle(cmd.acknowledge(), w.meta());
  w.set(T.delayed);
  await w.service.handle(cmd.delay(), w.meta());
  w.set(T.answered);
  await w.service.handle(cmd.answer(), w.meta(supervisor));
  return w;
};
