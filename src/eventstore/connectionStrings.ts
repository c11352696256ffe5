/**
 * Connection strings carry credentials (`esdb://user:password@host:2113`). Nothing the
 * library or the command line prints — error messages, server names, warnings the client
 * prints while parsing — may contain them, whatever characters the password holds.
 * @packageDocumentation
 */

const SCHEME = /^[a-z][a-z0-9+.-]*:\/\//i;

/**
 * Where the credentials of a connection string end: its last `@`. The EventStoreDB client
 * takes `user:password` up to the first `@` but lets `/`, `?` and `#` into the password,
 * and treats what follows a second `@` as part of the host, so only the last `@` is a safe
 * end. (An `@` in an option value, after the host, makes the redaction drop the host too:
 * less to read, nothing leaked.)
 */
const credentialsOf = (connectionString: string): { readonly start: number; readonly end: number } | undefined => {
  const scheme = SCHEME.exec(connectionString);
  const at = connectionString.lastIndexOf('@');
  if (scheme === null || at < scheme[0].length) return undefined;
  return { start: scheme[0].length, end: at + 1 };
};

/**
 * The connection string without its `user:password@` part, for messages and logs — also
 * when the password holds `/`, `?`, `#` or `@`.
 * @example redactConnectionString('esdb://admin:changeit@db:2113?tls=false') // 'esdb://db:2113?tls=false'
 * @example redactConnectionString('esdb://admin:p@ss/w?rd#1@db:2113') // 'esdb://db:2113'
 */
export const redactConnectionString = (connectionString: string): string => {
  const credentials = credentialsOf(connectionString);
  return credentials === undefined ? connectionString : `${connectionString.slice(0, credentials.start)}${connectionString.slice(credentials.end)}`;
};

/**
 * Why a connection string must not be handed to the client, or undefined. With two `@` the
 * client takes the password up to the first one and connects to a "host" made of the rest
 * of it — sending part of the password to the name resolver and into every error message.
 */
export const ambiguousCredentials = (connectionString: string): string | undefined =>
  connectionString.indexOf('@') !== connectionString.lastIndexOf('@')
    ? 'it holds more than one @; write an @ inside the user name or password as %40'
    : undefined;

/**
 * `text` with the connection string, its `user:password` part and its password (as written
 * and percent-decoded) replaced by their redacted forms. For messages that quote them.
 */
export const redactIn = (text: string, connectionString: string): string => {
  let out = text.split(connectionString).join(redactConnectionString(connectionString));
  const credentials = credentialsOf(connectionString);
  if (credentials === undefined) return out;
  const userInfo = connectionString.slice(credentials.start, credentials.end - 1);
  const password = userInfo.slice(userInfo.indexOf(':') + 1);
  let decoded = password;
  try {
    decoded = decodeURIComponent(password);
  } catch {
    // not percent-encoded text: only the form as written can appear
  }
  for (const secret of [userInfo, password, decoded]) if (secret !== '') out = out.split(secret).join('…');
  return out;
};

/**
 * Runs `f` (which builds a client from `connectionString`) with `console.warn` redacting the
 * connection string: the EventStoreDB client warns about an unknown option by printing the
 * whole string. The client parses synchronously, so the replacement lasts only as long as `f`.
 */
export const withRedactedWarnings = <A>(connectionString: string, f: () => A): A => {
  const warn = console.warn;
  console.warn = (...args: unknown[]): void => warn.apply(console, args.map((a) => (typeof a === 'string' ? redactIn(a, connectionString) : a)));
  try {
    return f();
  } finally {
    console.warn = warn;
  }
};
