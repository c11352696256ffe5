/**
 * The SLA model as compact JSON for a durable checkpoint store, and back: one array of
 * numbers per complaint (`null` for "not happened"); the due-time index is not stored but
 * rebuilt on decode. Decoding answers an `Either` naming what is wrong and where.
 * @packageDocumentation
 */
import * as E from 'fp-ts/lib/Either.js';
import type { DecodeError } from '../../domain/decoding';
import type { JsonValue } from '../../eventstore/port';
import { DeadlineHeap } from '../deadlineHeap';
import { isJsonObject, modelIssue, orTypeError, stringsOf } from '../modelDecoding';
import { type SlaModel, addRecord } from './model';
import { BEFORE_ANSWER, MISS_SHIFT, REQUALIFIED, SLA_FLAGS, type SlaRecord, flag, missesOf, stageOf } from './record';

/** JSON of an {@link SlaModel} (see {@link encodeSla}). */
export type SlaModelJson = { [key: string]: JsonValue };

const SUBJECT = 'SLA model checkpoint';

const RECORD_FIELDS = [
  'zone', 'channel', 'urgency', 'assignee', 'stage', 'receivedMs', 'receivedDay', 'ackDue', 'ackMs', 'ackOnTime', 'ackWaived',
  'answerDue', 'answerMs', 'answerOnTime', 'urgencyDue', 'appealDue', 'appealMs', 'appealOnTarget', 'stopMs', 'recordedMisses',
] as const;
type RecordField = (typeof RECORD_FIELDS)[number];
const FLAG_FIELDS = { ackOnTime: SLA_FLAGS.ackOnTime, ackWaived: SLA_FLAGS.ackWaived, answerOnTime: SLA_FLAGS.answerOnTime, appealOnTarget: SLA_FLAGS.appealOnTarget } as const;

/** A record's value of a checkpoint field (booleans as 0/1: the JSON of format 1). */
const fieldValue = (r: SlaRecord, f: RecordField): number => {
  switch (f) {
    case 'stage':
      return stageOf(r);
    case 'recordedMisses':
      return missesOf(r);
    case 'ackOnTime':
    case 'ackWaived':
    case 'answerOnTime':
    case 'appealOnTarget':
      return flag(r, FLAG_FIELDS[f]) ? 1 : 0;
    default:
      return r[f];
  }
};

/**
 * The model as compact JSON (one array of numbers per complaint, `null` for "not
 * happened"), for a durable checkpoint store (`slaProjection()` carries it as its
 * `encode`). The due-time index is not stored: decoding rebuilds it.
 */
export const encodeSla = (m: SlaModel): SlaModelJson => ({
  format: 1,
  zones: [...m.zones],
  assignees: [...m.assignees],
  records: [...m.records.values()].map((r): JsonValue => [
    r.complaintId,
    ...RECORD_FIELDS.map((f): JsonValue => {
      const v = fieldValue(r, f);
      return Number.isNaN(v) ? null : v;
    }),
    r.lateNotices === undefined ? null : [...r.lateNotices],
  ]),
});

/** Index in a checkpoint row of each record field (the complaint id comes first). */
const FIELD_AT = Object.fromEntries(RECORD_FIELDS.map((f, i) => [f, i + 1])) as Record<RecordField, number>;
const FLAG_ENTRIES = Object.entries(FLAG_FIELDS) as [keyof typeof FLAG_FIELDS, number][];
const LATE_AT = RECORD_FIELDS.length + 1;
/** A checked numeric field of a row (`null`: not happened). */
const fieldOf = (row: readonly JsonValue[], at: number): number => {
  const v = row[at];
  return typeof v === 'number' ? v : Number.NaN;
};

/** The path of a record row, spelt only for an error (a million records decode in a loop). */
const rowPath = (at: number): string => `records[${at}]`;

const bad = (path: string, expected: string, value: unknown): E.Either<DecodeError, never> => modelIssue(SUBJECT, path, expected, value);

/**
 * Rebuilds a model from {@link encodeSla}'s JSON; on anything else a `DecodeError` whose
 * issue names the place (e.g. `records[3][5]`, the stage of the fourth record) and what was
 * expected there. `slaProjection()` carries it as its `decode`.
 */
export const decodeSlaModel = (json: JsonValue): E.Either<DecodeError, SlaModel> => {
  if (!isJsonObject(json)) return bad('(root)', 'an SLA model checkpoint (an object)', json);
  if (json.format !== 1) return bad('format', 'SLA model format 1', json.format);
  const zones = stringsOf(json.zones);
  if (zones === undefined) return bad('zones', 'an array of time zone names', json.zones);
  const assignees = stringsOf(json.assignees);
  if (assignees === undefined) return bad('assignees', 'an array of assignee ids', json.assignees);
  const m: SlaModel = { records: new Map(), list: [], zones, assignees, heap: new DeadlineHeap() };
  const rows = json.records;
  if (!Array.isArray(rows)) return bad('records', 'an array of records', rows);
  for (let at = 0; at < rows.length; at++) {
    const row = rows[at];
    if (!Array.isArray(row) || row.length !== RECORD_FIELDS.length + 2) return bad(rowPath(at), `an array of ${RECORD_FIELDS.length + 2} items (complaint id, ${RECORD_FIELDS.join(', ')}, late notices)`, row);
    if (typeof row[0] !== 'string') return bad(`${rowPath(at)}[0]`, 'a complaint id (string)', row[0]);
    if (m.records.has(row[0])) return bad(`${rowPath(at)}[0]`, 'a complaint id not seen before in the checkpoint', row[0]);
    // Fields by index (no per-record map or closure: a million records decode in a loop).
    for (let i = 1; i <= RECORD_FIELDS.length; i++) {
      const v = row[i];
      if (v !== null && typeof v !== 'number') return bad(`${rowPath(at)}[${i}]`, `${RECORD_FIELDS[i - 1] ?? i} (a number or null)`, v);
    }
    const n = (f: RecordField): number => fieldOf(row, FIELD_AT[f]);
    const stage = n('stage');
    if (!(Number.isInteger(stage) && stage >= BEFORE_ANSWER && stage <= REQUALIFIED)) return bad(`${rowPath(at)}[${FIELD_AT.stage}]`, `stage (a whole number ${BEFORE_ANSWER}–${REQUALIFIED})`, row[FIELD_AT.stage]);
    const misses = n('recordedMisses');
    if (!(Number.isInteger(misses) && misses >= 0 && misses <= 0b1111)) return bad(`${rowPath(at)}[${FIELD_AT.recordedMisses}]`, 'recordedMisses (a whole number 0–15)', row[FIELD_AT.recordedMisses]);
    let flags = stage;
    for (const [f, bit] of FLAG_ENTRIES) if (n(f) === 1) flags |= bit;
    const late = row[LATE_AT];
    let lateNotices: number[] | undefined;
    if (late !== null && late !== undefined) {
      if (!(Array.isArray(late) && late.every((x): x is number => typeof x === 'number'))) return bad(`${rowPath(at)}[${LATE_AT}]`, 'lateNotices (an array of numbers or null)', late);
      lateNotices = [...late];
    }
    const r: SlaRecord = {
      complaintId: row[0],
      zone: n('zone'), channel: n('channel'), urgency: n('urgency'), assignee: n('assignee'), flags,
      receivedMs: n('receivedMs'), receivedDay: n('receivedDay'),
      ackDue: n('ackDue'), ackMs: n('ackMs'),
      answerDue: n('answerDue'), answerMs: n('answerMs'),
      urgencyDue: n('urgencyDue'), appealDue: n('appealDue'), appealMs: n('appealMs'),
      stopMs: n('stopMs'),
      lateNotices,
      ix: m.list.length,
    };
    addRecord(m, r);
    r.flags |= misses << MISS_SHIFT;
  }
  return E.right(m);
};

/**
 * Rebuilds a model from {@link encodeSla}'s JSON. Throws a TypeError naming the bad place on
 * anything else.
 * @deprecated Use `slaProjection().decode(json)`, which answers an `Either` instead of throwing.
 */
export const decodeSla = (json: JsonValue): SlaModel => orTypeError(decodeSlaModel(json), 'Not an SLA model checkpoint');
