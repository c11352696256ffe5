/**
 * Schema versions and upcasters. Stored events are never rewritten: an event stored under an
 * old schema version is upgraded on read, one version at a time, to the shape the current
 * codecs expect. Each event's metadata records its `schemaVersion`.
 */
import * as E from 'fp-ts/lib/Either.js';
import type { ComplaintEventType } from '../domain/events';
import type { JsonValue } from '../eventstore/port';

/** Upgrades an event's data from `fromVersion` to `fromVersion + 1`. */
export interface Upcaster {
  /** The event type it upgrades. */
  readonly eventType: ComplaintEventType;
  /** The stored schema version it reads; it returns the data of version `fromVersion + 1`. */
  readonly fromVersion: number;
  /** What changed between the two versions, for humans. */
  readonly description: string;
  /** Pure: the stored data of version `fromVersion` as data of the next version. */
  readonly upcast: (data: JsonValue) => JsonValue;
}

/** The schema version each event type is written with today. */
export const CURRENT_SCHEMA_VERSIONS: { readonly [K in ComplaintEventType]: number } = {
  ComplaintReceived: 3,
  ComplaintRequalified: 1,
  ComplaintAssigned: 1,
  ComplaintAcknowledged: 1,
  ComplaintAnswerDelayed: 1,
  ComplaintAnswered: 1,
  ComplaintInternalAppealOpened: 1,
  ComplaintInternalAppealDecided: 1,
  ComplaintReferredToMediator: 1,
  ComplaintMediationConcluded: 1,
  ComplaintClosed: 1,
  ComplaintDeadlineMissed: 1,
  ComplaintClientContacted: 1,
  ComplaintUrgencyReassessed: 1,
  ComplaintRecategorised: 1,
};

const isObject = (v: JsonValue): v is { [key: string]: JsonValue } => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * `ComplaintReceived` schema 1 → 2. Schema 1 (the first format, before urgency targets and
 * configurable time zones) had no `timeZone` and no `deadlines.urgencyTargetDue`; every
 * complaint was handled in Europe/Paris. Schema 2 adds both: the zone is Europe/Paris and
 * there was no urgency target.
 */
export const receivedV1toV2: Upcaster = {
  eventType: 'ComplaintReceived',
  fromVersion: 1,
  description: 'adds timeZone (Europe/Paris) and deadlines.urgencyTargetDue (null)',
  upcast: (data) => {
    if (!isObject(data)) return data;
    const deadlines = isObject(data.deadlines ?? null) ? (data.deadlines as { [key: string]: JsonValue }) : data.deadlines;
    return {
      ...data,
      timeZone: data.timeZone ?? 'Europe/Paris',
      ...(deadlines !== undefined && isObject(deadlines) ? { deadlines: { urgencyTargetDue: null, ...deadlines } } : {}),
    };
  },
};

/**
 * `ComplaintReceived` schema 2 → 3. Schema 3 records the problem the complainant reported at
 * receipt (`reportedProblem`, a code of the policy's list); complaints received before it
 * have none recorded: `unknown`.
 */
export const receivedV2toV3: Upcaster = {
  eventType: 'ComplaintReceived',
  fromVersion: 2,
  description: 'adds reportedProblem ("unknown")',
  upcast: (data) => (isObject(data) ? { ...data, reportedProblem: data.reportedProblem ?? 'unknown' } : data),
};

/** Why an event could not be brought to the current schema. */
export interface UpcastFailure {
  readonly reason: string;
}

/** A set of upcasters, by event type and source version. */
export class UpcasterRegistry {
  private readonly byKey = new Map<string, Upcaster>();

  constructor(
    upcasters: readonly Upcaster[] = [receivedV1toV2, receivedV2toV3],
    private readonly current: { readonly [K in ComplaintEventType]: number } = CURRENT_SCHEMA_VERSIONS,
  ) {
    for (const u of upcasters) this.byKey.set(`${u.eventType}@${u.fromVersion}`, u);
  }

  /** The schema version `type` is written with. */
  currentVersion(type: ComplaintEventType): number {
    return this.current[type];
  }

  /** Brings `data` stored at `version` to the current version, or says why it cannot. */
  upcast(type: ComplaintEventType, version: number, data: JsonValue): E.Either<UpcastFailure, JsonValue> {
    const target = this.current[type];
    if (!Number.isInteger(version) || version < 1) return E.left({ reason: `schema version ${String(version)} is not a positive integer` });
    if (version > target)
      return E.left({ reason: `schema version ${version} is newer than this library knows (${target}); upgrade @lukea/complaints` });
    let out = data;
    for (let v = version; v < target; v++) {
      const u = this.byKey.get(`${type}@${v}`);
      if (!u) return E.left({ reason: `no upcaster from schema version ${v} of ${type}` });
      out = u.upcast(out);
    }
    return E.right(out);
  }
}
