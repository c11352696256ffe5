/**
 * Stream metadata as EventStoreDB keeps it: a JSON object, the data of the last `$metadata`
 * event of the stream's metastream `$$<stream>` (the metastream of `$all` is `$$$all`).
 * Only the system keys the fake honours are read:
 * - `$maxCount`, `$maxAge` (seconds) and `$tb` (truncate before) limit what a stream read
 *   returns (IndexReader: the lowest readable revision is the larger of
 *   `last - $maxCount + 1` and `$tb`; older than `$maxAge` is skipped). `$all` is not
 *   affected until a scavenge, which the fake never runs.
 * - `$tb` = long.MaxValue marks a soft-deleted stream.
 * - `$acl` (`$r`, `$w`, `$d`, `$mr`, `$mw`: a role or a list of roles) decides access on a
 *   secure node; `$settings` holds the default ACLs (`$userStreamAcl`, `$systemStreamAcl`).
 */

/** EventNumber.DeletedStream: long.MaxValue, the `$tb` of a soft-deleted stream and the revision of a tombstone. */
export const DELETED_STREAM = 9223372036854775807n;

/** Access control list: roles (user names or groups) per operation; absent means "not set here". */
export interface StreamAcl {
  readonly read?: readonly string[];
  readonly write?: readonly string[];
  readonly delete?: readonly string[];
  readonly metaRead?: readonly string[];
  readonly metaWrite?: readonly string[];
}

/** The metadata keys the fake honours. */
export interface StreamMetadata {
  readonly maxCount?: bigint;
  /** Seconds. */
  readonly maxAge?: number;
  readonly truncateBefore?: bigint;
  readonly acl?: StreamAcl;
}

/** `$$<stream>`: where a stream's metadata lives. */
export const metaStreamOf = (streamName: string): string => `$$${streamName}`;

/** Whether a stream name is a metastream (`$$…`). */
export const isMetaStream = (streamName: string): boolean => streamName.startsWith('$$');

/** The stream a metastream describes. */
export const originalStreamOf = (metaStream: string): string => metaStream.slice(2);

const objectOf = (data: Uint8Array | undefined): Record<string, unknown> => {
  if (data === undefined || data.length === 0) return {};
  try {
    const parsed: unknown = JSON.parse(Buffer.from(data).toString('utf8'));
    return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : {};
  } catch {
    return {}; // the node ignores metadata it cannot parse
  }
};

const revisionOf = (v: unknown): bigint | undefined => {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < 0) return undefined;
  // JSON.parse rounds long.MaxValue up to 2^63: anything that large is the deleted marker.
  return v >= 9.2e18 ? DELETED_STREAM : BigInt(Math.trunc(v));
};

const rolesOf = (v: unknown): readonly string[] | undefined => {
  if (typeof v === 'string') return [v];
  if (Array.isArray(v) && v.every((r) => typeof r === 'string')) return v;
  return undefined;
};

/** Reads an ACL object (`{ "$r": "ops", "$w": ["a", "b"] }`). */
export const parseAcl = (v: unknown): StreamAcl | undefined => {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
  const o = v as Record<string, unknown>;
  const acl: Record<string, readonly string[]> = {};
  const keys = { $r: 'read', $w: 'write', $d: 'delete', $mr: 'metaRead', $mw: 'metaWrite' } as const;
  for (const [key, name] of Object.entries(keys)) {
    const roles = rolesOf(o[key]);
    if (roles !== undefined) acl[name] = roles;
  }
  return acl;
};

/** The honoured keys of a metadata event's data. */
export const parseStreamMetadata = (data: Uint8Array | undefined): StreamMetadata => {
  const o = objectOf(data);
  const maxCount = revisionOf(o['$maxCount']);
  const maxAge = typeof o['$maxAge'] === 'number' && o['$maxAge'] > 0 ? o['$maxAge'] : undefined;
  const truncateBefore = revisionOf(o['$tb']);
  const acl = parseAcl(o['$acl']);
  return {
    ...(maxCount === undefined ? {} : { maxCount }),
    ...(maxAge === undefined ? {} : { maxAge }),
    ...(truncateBefore === undefined ? {} : { truncateBefore }),
    ...(acl === undefined ? {} : { acl }),
  };
};

/** The metadata a re-created soft-deleted stream gets: the previous one, `$tb` at the first new revision. */
export const softUndeleted = (data: Uint8Array | undefined, recreatedFrom: bigint): string =>
  JSON.stringify({ ...objectOf(data), $tb: Number(recreatedFrom) });

/** The default ACLs of `$settings` (`$userStreamAcl`, `$systemStreamAcl`). */
export const parseSettings = (data: Uint8Array | undefined): { readonly user?: StreamAcl; readonly system?: StreamAcl } => {
  const o = objectOf(data);
  const user = parseAcl(o['$userStreamAcl']);
  const system = parseAcl(o['$systemStreamAcl']);
  return { ...(user === undefined ? {} : { user }), ...(system === undefined ? {} : { system }) };
};
