/**
 * An import writes only histories the service could have written. A forger who recomputes
 * every hash gets a chain that verifies; the import still replays each stream through the
 * service's own rules (decide, who may do what, the lifecycle, the derived ids and the
 * envelope) and refuses the first line that breaks them — naming it, writing nothing.
 */
import * as E from 'fp-ts/lib/Either.js';
import { eventIdsFor } from '../../src/stream/eventIds';
import { complaintStreamName } from '../../src/stream/streams';
import type { AuditError } from '../../src/audit/errors';
import { type ExportLine, GENESIS_HASH, hashLine } from '../../src/audit/exportLine';
import { exportStreams, importStreamsTE, verifyExport } from '../../src/audit/ndjson';
import { defaultPolicy, parsePolicy } from '../../src/domain/policy/policy';
import { InMemoryEventStore } from '../../src/eventstore/inMemoryEventStore';
import type { JsonObject } from '../../src/eventstore/port';
import { OTHER_ID, cmd, direction } from '../domain/spec';
import { ID, story, world } from './fixtures';

type Line = { -readonly [K in keyof ExportLine]: ExportLine[K] };

const parse = (text: string): Line[] =>
  text
    .trimEnd()
    .split('\n')
    .map((l) => JSON.parse(l) as Line);

/** Each command's events (consecutive lines sharing a command id) given the ids the service derives from them. */
const readdress = (lines: readonly Line[]): Line[] => {
  const out: Line[] = [];
  for (let i = 0; i < lines.length; ) {
    const commandId = String((lines[i] as Line).metadata.commandId);
    let j = i;
    while (j < lines.length && String((lines[j] as Line).metadata.commandId) === commandId) j++;
    const group = lines.slice(i, j);
    const ids = eventIdsFor(commandId, group.map((l) => ({ type: l.type, data: l.data, metadata: l.metadata })));
    group.forEach((l, k) => out.push({ ...l, id: ids[k] as string }));
    i = j;
  }
  return out;
};

/**
 * The lines chained again from the first: what a forger who recomputes every hash — and
 * every content-addressed id, unless `readdressed` is false — writes.
 */
const rechain = (given: readonly Line[], readdressed = true): string => {
  const lines = readdressed ? readdress(given) : given;
  let prev = GENESIS_HASH;
  return lines
    .map((l) => {
      const { hash: _old, ...content } = { ...l, prevHash: prev };
      const hash = hashLine(content);
      prev = hash;
      return `${JSON.stringify({ ...content, hash })}\n`;
    })
    .join('');
};

/** The story's export, parsed. Lines: 0 received, 1 assigned, 2 ack missed, 3 acknowledged, 4 delayed, 5 answered. */
const storyLines = async (): Promise<Line[]> => parse(await exportStreams((await story()).store, [ID]));

/** Imports into an empty store: the answer, and whether the store stayed empty. */
const importing = async (text: string, options = {}): Promise<{ result: E.Either<AuditError, unknown>; written: number }> => {
  const store = new InMemoryEventStore();
  const result = await importStreamsTE(store, text, options)();
  return { result, written: (await store.readAll()).length };
};

const refusedAt = async (text: string, line: number, reason: RegExp): Promise<void> => {
  expect(E.isRight(verifyExport(text))).toBe(true); // the forged chain itself verifies
  const { result, written } = await importing(text);
  expect(result).toEqual(E.left(expect.objectContaining({ _tag: 'InvalidExport', line, fault: 'illegal', reason: expect.stringMatching(reason) })));
  expect(written).toBe(0);
};

/** A forged line for command `commandType` after `base`, with the service's own id and envelope. */
const forged = (base: Line, revision: number, type: string, data: object, meta: Partial<JsonObject>): Line => {
  const commandId = '0c0ffee0-0000-4000-8000-000000000001';
  return {
    ...base,
    revision: String(revision),
    id: '00000000-0000-4000-8000-000000000000', // given by rechain
    type,
    data: data as Line['data'],
    metadata: { ...base.metadata, commandId, correlationId: commandId, causationId: commandId, ...meta } as JsonObject,
  };
};

describe('an import writes complaint streams only: complaint-<lower-case uuid>', () => {
  it.each(['$settings', `$$complaint-${ID}`, 'projection-checkpoints', `complaint-${ID.toUpperCase()}`, 'complaint-42', `complaint-${ID}-x`])(
    'a stream named %s is refused at its first line',
    async (streamName) => {
      const lines = (await storyLines()).map((l) => ({ ...l, streamName }));
      await refusedAt(rechain(lines), 1, /not a complaint stream/);
    },
  );

  it('a second stream with a bad name after a good one: nothing of either is written', async () => {
    const lines = await storyLines();
    const twin = lines.map((l) => ({ ...l, streamName: `complaint-${ID.toUpperCase()}` }));
    await refusedAt(rechain([...lines, ...twin]), 7, /not a complaint stream/);
  });
});

describe('an import replays every command through the service’s rules', () => {
  it('an internal appeal decided by an auditor, with no appeal opened, is refused (NotAuthorised)', async () => {
    const lines = await storyLines();
    const answered = lines[5] as Line;
    const decided = forged(answered, 6, 'ComplaintInternalAppealDecided', { decidedAt: '2022-02-04T10:00:00.000Z', decidedBy: 'audit-alex', outcome: 'rejected', decision: 'No.', correctiveMeasures: [], onTarget: true }, {
      commandType: 'DecideInternalAppeal',
      actor: { id: 'audit-alex', role: 'auditor' },
      recordedAt: '2022-02-04T10:00:00.000Z',
    });
    await refusedAt(rechain([...lines, decided]), 7, /role auditor may not/);
  });

  it('the same decision by the direction, with no appeal opened, is refused (InvalidTransition)', async () => {
    const lines = await storyLines();
    const decided = forged(lines[5] as Line, 6, 'ComplaintInternalAppealDecided', { decidedAt: '2022-02-04T10:00:00.000Z', decidedBy: direction.id, outcome: 'rejected', decision: 'No.', correctiveMeasures: [], onTarget: true }, {
      commandType: 'DecideInternalAppeal',
      actor: { ...direction },
      recordedAt: '2022-02-04T10:00:00.000Z',
    });
    await refusedAt(rechain([...lines, decided]), 7, /allowed only when internal-appeal/);
  });

  it('an answer recorded after the complaint was closed is refused', async () => {
    const w = await story();
    w.set('2022-02-05T10:00:00Z');
    await w.service.handle(cmd.close(), w.meta());
    const lines = parse(await exportStreams(w.store, [ID]));
    const answered = lines[5] as Line;
    const again = { ...forged(lines[6] as Line, 7, 'ComplaintAnswered', answered.data as object, { commandType: 'AnswerComplaint', recordedAt: '2022-02-06T10:00:00.000Z' }) };
    await refusedAt(rechain([...lines, again]), 8, /the complaint is closed/);
  });

  it('events in another order (the answer before the delay notice) are refused', async () => {
    const lines = await storyLines();
    const [r0, r1, r2, r3, r4, r5] = lines as [Line, Line, Line, Line, Line, Line];
    const swapped = [r0, r1, r2, r3, { ...r5, revision: '4' }, { ...r4, revision: '5' }];
    // Without the delay notice before it, the answer was late: the service would have recorded the miss.
    await refusedAt(rechain(swapped), 5, /the service records ComplaintDeadlineMissed, ComplaintAnswered; the export records ComplaintAnswered/);
  });

  it('an event whose data was changed (answered late rather than on time) is refused, naming the field', async () => {
    const lines = await storyLines();
    const answered = lines[5] as Line;
    lines[5] = { ...answered, data: { ...(answered.data as object), onTime: false } as Line['data'] };
    await refusedAt(rechain(lines), 6, /first difference at data\.onTime/);
  });

  it('a field smuggled into stored data (unknown to the codecs, so invisible when read) is refused', async () => {
    const lines = await storyLines();
    lines[3] = { ...(lines[3] as Line), data: { ...((lines[3] as Line).data as object), note: 'hidden' } as Line['data'] };
    await refusedAt(rechain(lines), 4, /data\.note/);
  });

  it('a missed deadline that the service would not record (not yet overdue) is refused', async () => {
    const lines = await storyLines();
    const missed = lines[2] as Line;
    lines[2] = { ...missed, metadata: { ...missed.metadata, recordedAt: '2022-01-12T07:00:00.000Z' } };
    await refusedAt(rechain(lines), 3, /deadline runs to the end of 2022-01-17/);
  });

  it('a command that records fewer events than the service does (the miss left out) is refused', async () => {
    const w = world();
    w.set('2022-01-20T09:00:00Z');
    await w.service.handle(cmd.receive({ channel: 'postal_mail', receivedAt: '2022-01-10T09:00:00+01:00' as never }), w.meta());
    await w.service.handle(cmd.acknowledge({ expectedAnswerDate: '2022-01-24' as never }), w.meta()); // late: miss + acknowledgement
    const lines = parse(await exportStreams(w.store, [ID]));
    expect(lines.map((l) => l.type)).toEqual(['ComplaintReceived', 'ComplaintDeadlineMissed', 'ComplaintAcknowledged']);
    const withoutMiss = [lines[0] as Line, { ...(lines[2] as Line), revision: '1' }];
    await refusedAt(rechain(withoutMiss), 2, /records ComplaintDeadlineMissed, ComplaintAcknowledged; the export records ComplaintAcknowledged/);
  });

  it('an event id the service would not derive from the command id is refused', async () => {
    const lines = await storyLines();
    lines[1] = { ...(lines[1] as Line), id: '99999999-9999-4999-8999-999999999999' };
    await refusedAt(rechain(lines, false), 2, /not one the service derives/);
  });

  it('metadata other than the envelope the service writes is refused', async () => {
    const lines = await storyLines();
    lines[1] = { ...(lines[1] as Line), metadata: { ...(lines[1] as Line).metadata, injected: true } };
    await refusedAt(rechain(lines), 2, /metadata\.injected/);
  });

  it('a command id used by two commands is refused at the second', async () => {
    const lines = await storyLines();
    const first = lines[1] as Line;
    const contact = lines[3] as Line;
    const commandId = String(first.metadata.commandId);
    const reused: Line = { ...contact, metadata: { ...contact.metadata, commandId } };
    lines[3] = reused;
    await refusedAt(rechain(lines), 4, /already used at line 2/);
  });

  it('a receipt under a policy the import was not given is UnknownPolicyVersion; given it, the import goes through', async () => {
    const custom = parsePolicy({ ...defaultPolicy, version: 'lukea-2024', acknowledgementDays: 5 });
    if (E.isLeft(custom)) throw new Error('policy refused');
    const w = world();
    const { ComplaintService } = await import('../../src/application/complaintService');
    const service = new ComplaintService({ store: w.store, policy: custom.right, clock: () => new Date('2022-01-11T14:00:00Z') });
    await service.handle(cmd.receive(), w.meta());
    const text = await exportStreams(w.store, [ID]);
    const { result, written } = await importing(text);
    expect(result).toEqual(E.left(expect.objectContaining({ _tag: 'UnknownPolicyVersion', policyVersion: 'lukea-2024' })));
    expect(written).toBe(0);
    expect(E.isRight((await importing(text, { policies: [custom.right] })).result)).toBe(true);
  });

  it('a stream with a revision gap, hashes recomputed, is refused and nothing is written', async () => {
    const lines = await storyLines();
    const gap = [...lines.slice(0, 3), ...lines.slice(4).map((l) => ({ ...l }))];
    const { result, written } = await importing(rechain(gap));
    expect(result).toEqual(E.left(expect.objectContaining({ _tag: 'InvalidExport', line: 4 })));
    expect(written).toBe(0);
  });

  it('an honest export of two complaints imports, and its streams read as they did', async () => {
    const w = await story();
    await w.service.handle({ ...cmd.receive(), complaintId: OTHER_ID as never }, w.meta());
    const text = await exportStreams(w.store, [ID, OTHER_ID]);
    const store = new InMemoryEventStore();
    const r = await importStreamsTE(store, text)();
    expect(E.isRight(r) && r.right.appended).toBe(7);
    expect((await store.readStream(complaintStreamName(ID))).map((e) => e.id)).toEqual((await w.store.readStream(complaintStreamName(ID))).map((e) => e.id));
  });
});
