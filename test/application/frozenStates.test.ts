/**
 * States handed out are deep-frozen: the service's state cache shares them with callers, so
 * no caller may change what the next command is decided on — neither through the state
 * nor through the events it answered (whose data the state holds parts of).
 */
import { ComplaintService } from '../../src/application/complaintService';
import type { ComplaintCommand } from '../../src/domain/commands';
import { InMemoryEventStore } from '../../src/eventstore/inMemory/inMemoryEventStore';
import { cmd, direction, supervisor, system } from '../domain/spec';
import { NOW, meta, plain } from './harness';

const isDeepFrozen = (value: unknown): boolean =>
  typeof value !== 'object' || value === null || (Object.isFrozen(value) && Object.values(value).every(isDeepFrozen));

/** Changes every field it can reach; answers how many changes went through. */
const tamper = (value: unknown, seen = new Set<unknown>()): number => {
  if (typeof value !== 'object' || value === null || seen.has(value)) return 0;
  seen.add(value);
  let changed = 0;
  for (const [k, v] of Object.entries(value)) {
    changed += tamper(v, seen);
    try {
      (value as Record<string, unknown>)[k] = typeof v === 'string' ? `${v}!` : typeof v === 'number' ? v + 1 : v;
      if (typeof v === 'string' || typeof v === 'number') changed += 1;
    } catch {
      // frozen: refused, as it should be for anything the state holds
    }
  }
  return changed;
};

const LATER = new Date('2022-01-27T10:00:00+01:00');
const story: ReadonlyArray<{ command: ComplaintCommand; actor?: typeof direction; at?: Date }> = [
  { command: cmd.receive() },
  { command: cmd.assign() },
  { command: cmd.acknowledge() },
  { command: cmd.missed('answer'), actor: system, at: LATER },
  { command: cmd.answer() },
  { command: cmd.appeal() },
  { command: cmd.decideAppeal(), actor: direction },
  { command: cmd.close(), actor: supervisor },
];

describe('states handed out', () => {
  it('are deep-frozen, and tampering with the answered events does not change the next state', async () => {
    let now = NOW;
    const tampered = new ComplaintService({ store: new InMemoryEventStore(), clock: () => now });
    const clean = new ComplaintService({ store: new InMemoryEventStore(), clock: () => now });
    for (const step of story) {
      now = step.at ?? now;
      const m = meta({}, step.actor);
      const a = await tampered.handle(plain(step.command), m);
      const b = await clean.handle(plain(step.command), m);
      expect(isDeepFrozen(a.state)).toBe(true);
      tamper(a.events.map((e) => e.event));
      expect(() => tamper(a.state)).not.toThrow();
      // The next command on the tampered side sees the state the clean side sees.
      expect(JSON.stringify(a.state)).toBe(JSON.stringify(b.state));
    }
    const id = story[0]?.command.complaintId ?? '';
    expect(await tampered.getComplaint(id)).toEqual(await clean.getComplaint(id));
  });
});
