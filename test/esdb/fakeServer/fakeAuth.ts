/**
 * The secure mode of the fake node: users with basic authentication and EventStoreDB's
 * legacy ACL rules (LegacyStreamPermissionAssertion):
 * - members of `$admins` (and the system) may do anything;
 * - otherwise the stream's own `$acl` (from its metadata; `$all`'s lives in `$$$all`) decides,
 *   else the default ACL of `$settings` (`$userStreamAcl` / `$systemStreamAcl`), else the
 *   built-in defaults: every role (`$all`) on user streams, `$admins` only on system
 *   streams (`$…`, `$all` included). So by default only admins read `$all`;
 * - a role matches the user's login name or one of their groups; `$all` matches any user;
 * - writing or deleting `$all` is always denied; a metastream (`$$s`) is checked as the
 *   metadata read / write of `s`;
 * - a call without credentials is refused (AllowAnonymousStreamAccess is false by default
 *   since 23.10); wrong credentials are UNAUTHENTICATED.
 */
import type { Metadata } from '@grpc/grpc-js';
import type { FakeLog } from './fakeLog';
import { isMetaStream, originalStreamOf, parseSettings, type StreamAcl } from './fakeMetadata';

/** A user of the secure fake node. */
export interface FakeUser {
  readonly login: string;
  readonly password: string;
  /** Groups (roles), e.g. `['$admins']` or `['$ops']`. */
  readonly groups?: readonly string[];
}

/** The node's built-in administrator, as on a fresh node. */
export const DEFAULT_ADMIN: FakeUser = { login: 'admin', password: 'changeit', groups: ['$admins'] };

/** Who is calling: a known user, nobody, or someone with wrong credentials. */
export type Caller = { readonly kind: 'user'; readonly user: FakeUser } | { readonly kind: 'anonymous' } | { readonly kind: 'unauthenticated' };

/** What a call does to a stream. */
export type StreamAction = 'read' | 'write' | 'delete';

/** Identifies the caller from the `authorization: Basic …` header. */
export const callerOf = (users: readonly FakeUser[], metadata: Metadata): Caller => {
  const [header] = metadata.get('authorization');
  if (header === undefined) return { kind: 'anonymous' };
  const match = /^Basic (.+)$/i.exec(String(header));
  if (match === null || match[1] === undefined) return { kind: 'unauthenticated' };
  const decoded = Buffer.from(match[1], 'base64').toString('utf8');
  const colon = decoded.indexOf(':');
  const login = decoded.slice(0, colon);
  const password = decoded.slice(colon + 1);
  const user = users.find((u) => u.login === login && u.password === password);
  return user === undefined ? { kind: 'unauthenticated' } : { kind: 'user', user };
};

type AclKey = keyof StreamAcl;

const rolesFor = (log: FakeLog, streamName: string, key: AclKey): readonly string[] => {
  const own = log.metadata(streamName).acl?.[key];
  if (own !== undefined) return own;
  const settingsEvents = log.stream('$settings');
  const settings = parseSettings(settingsEvents[settingsEvents.length - 1]?.data);
  const system = streamName.startsWith('$');
  const fromSettings = (system ? settings.system : settings.user)?.[key];
  if (fromSettings !== undefined) return fromSettings;
  return system ? ['$admins'] : ['$all'];
};

/** Whether `caller` may do `action` on `streamName` (`'$all'` for the global log). */
export const mayAccess = (log: FakeLog, caller: Caller, action: StreamAction, streamName: string): boolean => {
  if (caller.kind !== 'user') return false;
  const groups = caller.user.groups ?? [];
  if (streamName === '$all' && action !== 'read') return false;
  if (groups.includes('$admins')) return true;
  let stream = streamName;
  let key: AclKey = action;
  if (isMetaStream(streamName)) {
    if (action === 'delete') return false;
    stream = originalStreamOf(streamName);
    key = action === 'read' ? 'metaRead' : 'metaWrite';
  }
  const roles = rolesFor(log, stream, key);
  return roles.some((role) => role === '$all' || role === caller.user.login || groups.includes(role));
};
