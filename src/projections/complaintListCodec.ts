/**
 * Codecs of the complaint-list read model's rows: the single source of their types, and what
 * a checkpoint is decoded with (so a damaged checkpoint is refused naming the field).
 * @packageDocumentation
 */
import * as t from 'io-ts';
import { CalendarDate, Instant } from '../domain/primitives';
import type { ComplaintStatus } from '../domain/state';
import { Channel, ComplainantKind, ComplaintForm, Urgency } from '../domain/vocabulary';

const statuses: { readonly [S in ComplaintStatus]: null } = {
  received: null,
  acknowledged: null,
  delayed: null,
  answered: null,
  'internal-appeal': null,
  'mediator-referral': null,
  closed: null,
  requalified: null,
};

/** A complaint status (`received` … `requalified`). */
export const ComplaintStatusCodec = t.keyof(statuses, 'ComplaintStatus');

const rowProps = {
  complaintId: t.string,
  status: ComplaintStatusCodec,
  receivedAt: Instant,
  channel: Channel,
  form: ComplaintForm,
  urgency: Urgency,
  category: t.string,
  product: t.string,
  complainantId: t.string,
  complainantKind: ComplainantKind,
  assignee: t.union([t.readonly(t.type({ id: t.string, name: t.string })), t.null]),
  acknowledgementDue: t.union([CalendarDate, t.null]),
  answerDue: CalendarDate,
  lastActivityAt: Instant,
};

/** Codec of {@link ComplaintListRow}. */
export const ComplaintListRowCodec = t.readonly(t.type(rowProps), 'ComplaintListRow');

/**
 * One complaint as lists show it: plain, JSON-friendly data **without personal fields**.
 * `receivedAt` is the business time it reached Lukéa; `urgency`, `category` and `product`
 * are the current ones; `complainantId` only (names and contact details are personal data);
 * `assignee` the staff member's id and name, or null; `acknowledgementDue` null for a verbal
 * complaint; `answerDue` the current answer date (moved by delay notices); `lastActivityAt`
 * the business time of the latest lifecycle step, as in the complaint's state.
 */
export type ComplaintListRow = t.TypeOf<typeof ComplaintListRowCodec>;

/** Codec of {@link ComplaintListRecord}. */
export const ComplaintListRecordCodec = t.readonly(t.type({ ...rowProps, appealOpened: t.boolean, mediationOpened: t.boolean }), 'ComplaintListRecord');

/**
 * A row plus what the fold needs and lists do not show: whether an internal appeal was
 * opened and a mediator referral made (a decision or a conclusion only counts after one, as
 * in `evolve`).
 */
export type ComplaintListRecord = t.TypeOf<typeof ComplaintListRecordCodec>;
