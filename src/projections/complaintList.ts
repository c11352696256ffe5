/**
 * The complaint-list read model: one row per complaint — status, assignee, complainant id,
 * product, dates — indexed for the lists a service shows next to its commands (open
 * complaints by assignee, by status, by complainant, by product; see
 * {@link listComplaints}). A projection like the others: run it with a `ProjectionRunner`,
 * checkpoint it anywhere (`encodeComplaintList` / `decodeComplaintList` for a durable store).
 *
 * Rows hold **no personal field** (no name, contact details, subject or free text:
 * docs/security.md): the model and its checkpoints — which a durable checkpoint store writes
 * in plaintext — never hold what an erasure must remove. Show a complaint's subject or its
 * complainant's name with `ComplaintService.getComplaint(id)`, which reads through the
 * protected store.
 *
 * Each row equals a summary of the domain's own state (`fold` of the complaint's events):
 * the fold below mirrors `evolve` for the fields it keeps, and a property test holds them
 * together.
 * @packageDocumentation
 */
import * as E from 'fp-ts/lib/Either.js';
import * as t from 'io-ts';
import type { StoredComplaintEvent } from '../stream/decodeStream';
import { COMPLAINT_STREAM_PREFIX } from '../stream/streams';
import { type DecodeError, decodeWith } from '../domain/decoding';
import type { ComplaintEventType } from '../domain/events';
import type { Instant } from '../domain/primitives';
import type { ComplaintStatus } from '../domain/state';
import type { JsonValue } from '../eventstore/port';
import { type ComplaintListRecord, type ComplaintListRow, ComplaintListRecordCodec } from './complaintListCodec';
import { modelIssue, orTypeError } from './modelDecoding';
import type { Projection } from './projection';

/** Key of the unassigned complaints in {@link ComplaintListModel.byAssignee} (assignee ids are never empty). */
export const UNASSIGNED = '';

/**
 * The complaint-list model: the records and four indexes from a key to the complaint ids
 * having it. Build it with {@link complaintListProjection}; query it with
 * {@link listComplaints}. Owned by the runner: read it, don't mutate it.
 */
export interface ComplaintListModel {
  readonly records: Map<string, ComplaintListRecord>;
  readonly byStatus: Map<ComplaintStatus, Set<string>>;
  /** By assignee id; {@link UNASSIGNED} for complaints without one. */
  readonly byAssignee: Map<string, Set<string>>;
  readonly byComplainant: Map<string, Set<string>>;
  readonly byProduct: Map<string, Set<string>>;
}

const emptyModel = (): ComplaintListModel => ({ records: new Map(), byStatus: new Map(), byAssignee: new Map(), byComplainant: new Map(), byProduct: new Map() });

const add = <K>(index: Map<K, Set<string>>, key: K, id: string): void => {
  const ids = index.get(key);
  if (ids === undefined) index.set(key, new Set([id]));
  else ids.add(id);
};

const remove = <K>(index: Map<K, Set<string>>, key: K, id: string): void => {
  const ids = index.get(key);
  if (ids === undefined) return;
  ids.delete(id);
  if (ids.size === 0) index.delete(key);
};

const assigneeKey = (r: ComplaintListRow): string => r.assignee?.id ?? UNASSIGNED;

const indexRecord = (m: ComplaintListModel, r: ComplaintListRecord): void => {
  add(m.byStatus, r.status, r.complaintId);
  add(m.byAssignee, assigneeKey(r), r.complaintId);
  add(m.byComplainant, r.complainantId, r.complaintId);
  add(m.byProduct, r.product, r.complaintId);
};

const unindexRecord = (m: ComplaintListModel, r: ComplaintListRecord): void => {
  remove(m.byStatus, r.status, r.complaintId);
  remove(m.byAssignee, assigneeKey(r), r.complaintId);
  remove(m.byComplainant, r.complainantId, r.complaintId);
  remove(m.byProduct, r.product, r.complaintId);
};

const later = (current: Instant, at: Instant): Instant => (Date.parse(at) > Date.parse(current) ? at : current);

/** The record after `event`, as `evolve` would change the complaint's state (undefined: unchanged). */
const next = (r: ComplaintListRecord, event: StoredComplaintEvent['event']): ComplaintListRecord | undefined => {
  switch (event.type) {
    case 'ComplaintReceived':
      return undefined;
    case 'ComplaintRequalified':
      return { ...r, status: 'requalified', lastActivityAt: later(r.lastActivityAt, event.data.requalifiedAt) };
    case 'ComplaintAssigned':
      return { ...r, assignee: { id: event.data.assignee.id, name: event.data.assignee.name } };
    case 'ComplaintAcknowledged':
      return { ...r, status: r.status === 'received' ? 'acknowledged' : r.status, lastActivityAt: later(r.lastActivityAt, event.data.acknowledgedAt) };
    case 'ComplaintAnswerDelayed':
      return { ...r, status: 'delayed', answerDue: event.data.newAnswerDue, lastActivityAt: later(r.lastActivityAt, event.data.notifiedAt) };
    case 'ComplaintAnswered':
      return { ...r, status: 'answered', lastActivityAt: later(r.lastActivityAt, event.data.answeredAt) };
    case 'ComplaintInternalAppealOpened':
      return { ...r, status: 'internal-appeal', appealOpened: true, lastActivityAt: later(r.lastActivityAt, event.data.openedAt) };
    case 'ComplaintInternalAppealDecided':
      return r.appealOpened ? { ...r, lastActivityAt: later(r.lastActivityAt, event.data.decidedAt) } : undefined;
    case 'ComplaintReferredToMediator':
      return { ...r, status: 'mediator-referral', mediationOpened: true, lastActivityAt: later(r.lastActivityAt, event.data.referredAt) };
    case 'ComplaintMediationConcluded':
      return r.mediationOpened ? { ...r, lastActivityAt: later(r.lastActivityAt, event.data.concludedAt) } : undefined;
    case 'ComplaintClosed':
      return { ...r, status: 'closed', lastActivityAt: later(r.lastActivityAt, event.data.closedAt) };
    case 'ComplaintUrgencyReassessed':
      return { ...r, urgency: event.data.urgency };
    case 'ComplaintRecategorised':
      return { ...r, category: event.data.category, product: event.data.product };
    case 'ComplaintDeadlineMissed':
    case 'ComplaintClientContacted':
      return undefined;
  }
};

/** Folds one event in (mutating the model's maps; see `Projection`). */
export const applyComplaintList = (m: ComplaintListModel, e: StoredComplaintEvent): ComplaintListModel => {
  const event = e.event;
  if (event.type === 'ComplaintReceived') {
    const d = event.data;
    if (m.records.has(d.complaintId)) return m;
    const record: ComplaintListRecord = {
      complaintId: d.complaintId,
      status: 'received',
      receivedAt: d.receivedAt,
      channel: d.channel,
      form: d.form,
      urgency: d.urgency,
      category: d.category,
      product: d.product,
      complainantId: d.complainant.id,
      complainantKind: d.complainant.kind,
      assignee: null,
      acknowledgementDue: d.deadlines.acknowledgementDue,
      answerDue: d.deadlines.answerDue,
      lastActivityAt: d.receivedAt,
      appealOpened: false,
      mediationOpened: false,
    };
    m.records.set(record.complaintId, record);
    indexRecord(m, record);
    return m;
  }
  const current = m.records.get(e.streamName.slice(COMPLAINT_STREAM_PREFIX.length));
  if (current === undefined) return m;
  const updated = next(current, event);
  if (updated === undefined) return m;
  // Records are replaced, never changed in place: a row handed out earlier stays as it was.
  unindexRecord(m, current);
  m.records.set(updated.complaintId, updated);
  indexRecord(m, updated);
  return m;
};

/** A deep copy (records are immutable values, so the maps and sets are what is copied). */
export const cloneComplaintList = (m: ComplaintListModel): ComplaintListModel => {
  const copyIndex = <K>(index: Map<K, Set<string>>): Map<K, Set<string>> => new Map([...index].map(([k, ids]) => [k, new Set(ids)]));
  return {
    records: new Map(m.records),
    byStatus: copyIndex(m.byStatus),
    byAssignee: copyIndex(m.byAssignee),
    byComplainant: copyIndex(m.byComplainant),
    byProduct: copyIndex(m.byProduct),
  };
};

/** The event types the complaint list changes for (deadline misses and client contacts show in no row). */
const COMPLAINT_LIST_EVENT_TYPES: readonly ComplaintEventType[] = [
  'ComplaintReceived',
  'ComplaintRequalified',
  'ComplaintAssigned',
  'ComplaintAcknowledged',
  'ComplaintAnswerDelayed',
  'ComplaintAnswered',
  'ComplaintInternalAppealOpened',
  'ComplaintInternalAppealDecided',
  'ComplaintReferredToMediator',
  'ComplaintMediationConcluded',
  'ComplaintClosed',
  'ComplaintUrgencyReassessed',
  'ComplaintRecategorised',
];

/**
 * The complaint-list projection (name `'complaint-list'`). `apply` mutates the model's maps;
 * `encode` / `decode` are its checkpoint codec; events of other types than `eventTypes`
 * leave the model as it is.
 */
export const complaintListProjection = (): Projection<ComplaintListModel> => ({
  name: 'complaint-list',
  version: 1,
  eventTypes: COMPLAINT_LIST_EVENT_TYPES,
  initial: emptyModel,
  apply: applyComplaintList,
  clone: cloneComplaintList,
  encode: (m) => encodeComplaintList(m),
  decode: (json) => decodeComplaintListModel(json),
});

/** The model as JSON (its records; the indexes are rebuilt on decode), for a durable checkpoint store. */
export const encodeComplaintList = (m: ComplaintListModel): { [key: string]: JsonValue } => ({
  format: 1,
  records: [...m.records.values()].map((r): JsonValue => ({ ...r })),
});

const decodeCheckpoint = decodeWith(t.type({ format: t.literal(1), records: t.array(ComplaintListRecordCodec) }), 'complaint-list checkpoint');

/**
 * Rebuilds a model (records and indexes) from {@link encodeComplaintList}'s JSON; on anything
 * else a `DecodeError` naming each bad field by its path (e.g. `records[0].status`).
 */
const decodeComplaintListModel = (json: JsonValue): E.Either<DecodeError, ComplaintListModel> => {
  const decoded = decodeCheckpoint(json);
  if (E.isLeft(decoded)) return decoded;
  const m = emptyModel();
  for (const [at, record] of decoded.right.records.entries()) {
    if (m.records.has(record.complaintId)) return modelIssue('complaint-list checkpoint', `records[${at}].complaintId`, 'a complaint id not seen before in the checkpoint', record.complaintId);
    m.records.set(record.complaintId, record);
    indexRecord(m, record);
  }
  return E.right(m);
};

/**
 * Rebuilds a model (records and indexes) from {@link encodeComplaintList}'s JSON. Throws a
 * TypeError naming the bad field on anything else.
 * @deprecated Use `complaintListProjection().decode(json)`, which answers an `Either` instead of throwing.
 */
export const decodeComplaintList = (json: JsonValue): ComplaintListModel => orTypeError(decodeComplaintListModel(json), 'Invalid complaint-list checkpoint');
