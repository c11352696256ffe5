/**
 * What an import must prove before anything is written: that each stream of the export is
 * a history the service itself could have written. A verified hash chain only proves the
 * lines were not changed after the chain was computed; whoever recomputes the hashes can
 * write anything. So each stream is replayed through the same rules that produced it:
 *
 * - its name is `complaint-<lower-case uuid>` (no `$settings`, no upper-case twin);
 * - its revisions are 0, 1, 2, … (verification already refuses gaps; checked again here);
 * - its events are grouped by command (consecutive events sharing a command id), and each
 *   command is rebuilt from its events and decided again with `decide`, on the state folded
 *   so far, at the recorded time (`metadata.recordedAt`), by the recorded actor, under the
 *   complaint's policy version: it must be accepted (so who may do what, the order of the
 *   lifecycle and every rule of the policy hold) and produce exactly the recorded events —
 *   same types, same data (for events of the current schema version), the envelope the
 *   service writes, and the ids it derives from the command id and the events
 *   (content-addressed, or `<commandId>/<index>` for events of earlier versions);
 * - a command id is used by one command only.
 *
 * Events stored under an older schema version are decided the same way, but their data is
 * taken as upcast rather than compared (the upcaster fills in what the old format lacked).
 *
 * The check is pure; it reads no store.
 */
import * as E from 'fp-ts/lib/Either.js';
import type { ServiceError } from '../application/errors';
import { idSchemesFor } from '../stream/eventIds';
import { type StoredComplaintEvent, decodeStream } from '../stream/decodeStream';
import { complaintIdOf } from '../stream/streams';
import type { UpcasterRegistry } from '../stream/upcasting';
import { decodeCommand } from '../domain/decode';
import { type ComplaintCommandType, isComplaintCommandType } from '../domain/commands';
import { decide } from '../domain/decide';
import { describeComplaintError } from '../domain/errors';
import type { ComplaintEvent, ComplaintEventType } from '../domain/events';
import { evolve } from '../domain/evolve';
import type { Policy } from '../domain/policy/policy';
import { type ComplaintState, initialState } from '../domain/state';
import type { JsonValue, RecordedEvent } from '../eventstore/port';
import { occurredAt } from './businessTime';
import { canonicalJson } from './canonicalJson';
import type { AuditError, InvalidExport } from './errors';
import type { ExportLine } from './exportLine';

/** An export line and its 1-based line number in the file. */
export interface NumberedLine {
  readonly line: ExportLine;
  readonly number: number;
}

/** What the check needs: the upcasters, and the policies complaints may have been received under. */
export interface LifecycleCheckOptions {
  readonly upcasters: UpcasterRegistry;
  /** Policies by version. */
  readonly policies: ReadonlyMap<string, Policy>;
}

const COMPLAINT_STREAM = /^complaint-[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** The event each command records last (after any missed deadlines it also records). */
const MAIN_EVENT: { readonly [K in ComplaintCommandType]: ComplaintEventType } = {
  ReceiveComplaint: 'ComplaintReceived',
  RequalifyComplaint: 'ComplaintRequalified',
  AssignComplaint: 'ComplaintAssigned',
  AcknowledgeComplaint: 'ComplaintAcknowledged',
  DelayAnswer: 'ComplaintAnswerDelayed',
  AnswerComplaint: 'ComplaintAnswered',
  OpenInternalAppeal: 'ComplaintInternalAppealOpened',
  DecideInternalAppeal: 'ComplaintInternalAppealDecided',
  ReferToMediator: 'ComplaintReferredToMediator',
  ConcludeMediation: 'ComplaintMediationConcluded',
  CloseComplaint: 'ComplaintClosed',
  RecordDeadlineMissed: 'ComplaintDeadlineMissed',
  LogClientContact: 'ComplaintClientContacted',
  ReassessUrgency: 'ComplaintUrgencyReassessed',
  RecategoriseComplaint: 'ComplaintRecategorised',
};

const illegal = (number: number, reason: string): E.Either<InvalidExport, never> => E.left({ _tag: 'InvalidExport', line: number, fault: 'illegal', reason });

/** The command a caller must have sent for the service to record `main` (as plain input, decoded later like any command). */
const commandFor = (type: ComplaintCommandType, complaintId: string, main: ComplaintEvent): Record<string, unknown> => {
  const base = { type, complaintId, at: occurredAt(main) };
  const d = main.data as unknown as Record<string, unknown>;
  switch (main.type) {
    case 'ComplaintReceived': {
      const r = main.data;
      return {
        type,
        complaintId,
        receivedAt: r.receivedAt,
        channel: r.channel,
        complainant: r.complainant,
        category: r.category,
        product: r.product,
        subject: r.subject,
        description: r.description,
        urgency: r.urgency,
        ...(r.linkedComplaintId === undefined ? {} : { linkedComplaintId: r.linkedComplaintId }),
        ...(r.externalReference === undefined ? {} : { externalReference: r.externalReference }),
      };
    }
    case 'ComplaintRequalified':
      return { ...base, requalifiedAs: d.requalifiedAs, reason: d.reason };
    case 'ComplaintAssigned':
      return { ...base, assignee: d.assignee };
    case 'ComplaintAcknowledged':
      return { ...base, contactPerson: d.contactPerson, handlingSteps: d.handlingSteps, expectedAnswerDate: d.expectedAnswerDate };
    case 'ComplaintAnswerDelayed':
      return { ...base, reason: d.reason, newAnswerDue: d.newAnswerDue };
    case 'ComplaintAnswered':
      return { ...base, channel: d.channel, facts: d.facts, decision: d.decision, correctiveMeasures: d.correctiveMeasures, rootCause: d.rootCause };
    case 'ComplaintInternalAppealOpened':
      return { ...base, grounds: d.grounds, statement: d.statement, channel: d.channel };
    case 'ComplaintInternalAppealDecided':
      return { ...base, outcome: d.outcome, decision: d.decision, correctiveMeasures: d.correctiveMeasures };
    case 'ComplaintReferredToMediator':
      return { ...base, ...(d.reference === undefined ? {} : { reference: d.reference }) };
    case 'ComplaintMediationConcluded':
      return { ...base, outcome: d.outcome, summary: d.summary };
    case 'ComplaintClosed':
      return { ...base, ...(d.note === undefined ? {} : { note: d.note }), ...(d.reason === 'withdrawn_by_complainant' ? { withdrawnByComplainant: true } : {}) };
    case 'ComplaintDeadlineMissed':
      // A miss is detected at the decision's time; the command's `at` is not used.
      return { type, complaintId, deadline: d.deadline };
    case 'ComplaintClientContacted':
      return { ...base, direction: d.direction, channel: d.channel, summary: d.summary };
    case 'ComplaintUrgencyReassessed':
      return { ...base, urgency: d.urgency, reason: d.reason };
    case 'ComplaintRecategorised':
      return { ...base, category: d.category, product: d.product, reason: d.reason };
  }
};

/** JSON as a store keeps it (properties holding `undefined` dropped), in canonical form. */
const stored = (v: unknown): string => canonicalJson(JSON.parse(JSON.stringify(v)) as JsonValue);

/** The first place two JSON values differ, as a dotted path under `path`. */
const firstDifference = (a: JsonValue | undefined, b: JsonValue | undefined, path: string): string | undefined => {
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null || Array.isArray(a) !== Array.isArray(b))
    return stored(a ?? null) === stored(b ?? null) && (a === undefined) === (b === undefined) ? undefined : path;
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) return path;
    for (let i = 0; i < a.length; i++) {
      const d = firstDifference(a[i], b[i], `${path}[${i}]`);
      if (d !== undefined) return d;
    }
    return undefined;
  }
  const ao = a as { [k: string]: JsonValue };
  const bo = b as { [k: string]: JsonValue };
  for (const k of [...new Set([...Object.keys(ao), ...Object.keys(bo)])].sort()) {
    const d = firstDifference(ao[k], bo[k], `${path}.${k}`);
    if (d !== undefined) return d;
  }
  return undefined;
};

/** The metadata the service writes for an event of a command (see `ComplaintService`). */
const envelopeOf = (e: StoredComplaintEvent, schemaVersion: JsonValue): JsonValue => ({
  actor: { id: e.metadata.actor.id, role: e.metadata.actor.role },
  commandId: e.metadata.commandId,
  commandType: e.metadata.commandType,
  correlationId: e.metadata.correlationId,
  causationId: e.metadata.causationId,
  policyVersion: e.metadata.policyVersion,
  recordedAt: e.metadata.recordedAt,
  schemaVersion,
});

/** One command's events: consecutive events sharing a command id. */
interface Group {
  readonly first: number; // index into the stream's events
  readonly events: readonly StoredComplaintEvent[];
}

const groupsOf = (events: readonly StoredComplaintEvent[]): Group[] => {
  const out: { first: number; events: StoredComplaintEvent[] }[] = [];
  events.forEach((e, i) => {
    const last = out[out.length - 1];
    if (last !== undefined && last.events[0]?.metadata.commandId === e.metadata.commandId) last.events.push(e);
    else out.push({ first: i, events: [e] });
  });
  return out;
};

/** Checks one command's events against what the service decides for the command rebuilt from them. */
const checkGroup = (
  group: Group,
  lines: readonly NumberedLine[],
  state: ComplaintState,
  complaintId: string,
  options: LifecycleCheckOptions,
): E.Either<AuditError, void> => {
  const first = group.events[0];
  const last = group.events[group.events.length - 1];
  const at = (i: number): number => lines[group.first + i]?.number ?? 0;
  if (first === undefined || last === undefined) return E.right(undefined);
  const meta = first.metadata;
  if (!isComplaintCommandType(meta.commandType)) return illegal(at(0), `metadata.commandType "${meta.commandType}" is not a command of the service.`);
  const commandType = meta.commandType;
  if (last.event.type !== MAIN_EVENT[commandType])
    return illegal(at(group.events.length - 1), `a ${commandType} command records ${MAIN_EVENT[commandType]} last, not ${last.event.type}.`);
  // The policy the complaint is handled under: the one its receipt names.
  const policyVersion = state.status === 'none' ? (last.event.type === 'ComplaintReceived' ? last.event.data.policyVersion : meta.policyVersion) : state.policyVersion;
  const policy = options.policies.get(policyVersion);
  if (policy === undefined) return E.left<ServiceError>({ _tag: 'UnknownPolicyVersion', complaintId, policyVersion, known: [...options.policies.keys()] });
  if (meta.recordedAt !== new Date(meta.recordedAt).toISOString())
    return illegal(at(0), `metadata.recordedAt "${meta.recordedAt}" is not an instant as the service records it (UTC, milliseconds, e.g. ${new Date(meta.recordedAt).toISOString()}).`);
  const command = decodeCommand(commandFor(commandType, complaintId, last.event));
  if (E.isLeft(command)) return illegal(at(group.events.length - 1), `the service would not accept the ${commandType} command this event records: ${command.left.issues.map((i) => i.message).join('; ')}.`);
  const decided = decide(command.right, state, { now: new Date(meta.recordedAt), policy, actor: meta.actor });
  if (E.isLeft(decided)) return illegal(at(0), `the service refuses the ${commandType} command this line records, by ${meta.actor.role} ${meta.actor.id} at ${meta.recordedAt}: ${describeComplaintError(decided.left)}`);
  const recordedTypes = group.events.map((e) => e.event.type).join(', ');
  const decidedTypes = decided.right.map((e) => e.type).join(', ');
  if (recordedTypes !== decidedTypes)
    return illegal(at(0), `for this ${commandType} the service records ${decidedTypes}; the export records ${recordedTypes}.`);
  // Ids: content-addressed over the batch as written (what the service appends today, or
  // what development builds appended), or `<commandId>/<index>` (what earlier versions appended).
  const written = group.events.map((_, i) => lines[group.first + i]?.line).filter((l): l is ExportLine => l !== undefined);
  const idsAt = idSchemesFor(meta.commandId, written.map((l) => ({ type: l.type, data: l.data, metadata: l.metadata })));
  for (const [i, e] of group.events.entries()) {
    const line = lines[group.first + i]?.line;
    const expected = decided.right[i];
    if (line === undefined || expected === undefined) continue;
    const ids = idsAt(i);
    if (!ids.includes(line.id))
      return illegal(at(i), `its id ${line.id} is not one the service derives from command id ${meta.commandId} and the command's events (${ids[0] ?? '?'}).`);
    const schemaVersion = (line.metadata as { schemaVersion?: JsonValue }).schemaVersion;
    // The trace context (`$traceId`, `$spanId`) names the request, not the decision: whatever it holds is kept.
    const traced = line.metadata as { $traceId?: JsonValue; $spanId?: JsonValue };
    const envelope = {
      ...(envelopeOf(e, schemaVersion ?? null) as { [key: string]: JsonValue }),
      ...(traced.$traceId === undefined ? {} : { $traceId: traced.$traceId }),
      ...(traced.$spanId === undefined ? {} : { $spanId: traced.$spanId }),
    };
    if (stored(line.metadata) !== stored(envelope))
      return illegal(at(i), `its metadata is not the envelope the service writes (at ${firstDifference(line.metadata, envelope, 'metadata') ?? 'metadata'}).`);
    // An older schema version is read through its upcaster: its data is not what today's service writes.
    if (schemaVersion === options.upcasters.currentVersion(e.event.type) && stored(line.data) !== stored(expected.data))
      return illegal(at(i), `its data is not what the service records for this ${commandType} (first difference at ${firstDifference(line.data, JSON.parse(JSON.stringify(expected.data)) as JsonValue, 'data') ?? 'data'}).`);
  }
  return E.right(undefined);
};

/**
 * Checks that one stream of a verified export is a history the service could have written
 * (see the module docs). `lines` are the stream's lines in file order.
 */
export const checkImportedStream = (streamName: string, lines: readonly NumberedLine[], options: LifecycleCheckOptions): E.Either<AuditError, void> => {
  const firstNumber = lines[0]?.number ?? 0;
  if (!COMPLAINT_STREAM.test(streamName))
    return illegal(firstNumber, `streamName ${JSON.stringify(streamName.slice(0, 80))} is not a complaint stream (complaint-<lower-case uuid>); an import writes complaint streams only.`);
  for (const [i, { line, number }] of lines.entries())
    if (line.revision !== String(i)) return illegal(number, `${streamName} has revision ${line.revision} where revision ${i} belongs (no gaps).`);
  const recorded: RecordedEvent[] = lines.map(({ line }) => ({
    id: line.id,
    type: line.type,
    data: line.data,
    metadata: line.metadata,
    streamName: line.streamName,
    revision: BigInt(line.revision),
    position: { commit: 0n, prepare: 0n },
    createdAt: new Date(line.createdAt),
  }));
  const decoded = decodeStream(recorded, options.upcasters);
  if (E.isLeft(decoded)) return decoded;
  const complaintId = complaintIdOf(streamName) ?? '';
  const used = new Map<string, number>();
  let state: ComplaintState = initialState;
  for (const group of groupsOf(decoded.right)) {
    const commandId = group.events[0]?.metadata.commandId ?? '';
    const number = lines[group.first]?.number ?? 0;
    const earlier = used.get(commandId);
    if (earlier !== undefined) return illegal(number, `command id ${commandId} was already used at line ${earlier}; the service applies a command id once.`);
    used.set(commandId, number);
    const checked = checkGroup(group, lines, state, complaintId, options);
    if (E.isLeft(checked)) return checked;
    for (const e of group.events) state = evolve(state, e.event);
  }
  return E.right(undefined);
};
