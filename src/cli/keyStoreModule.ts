/**
 * `--key-store <module>`: the command line has no key store of its own (production key
 * stores sit behind a KMS or an HSM), so it loads the operator's adapter: a JavaScript
 * module whose default export (or `keyStore` export) is a `KeyStore`, or a function
 * returning one (possibly async) — called with the environment, e.g. to read credentials.
 */
import { isAbsolute, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { KeyStore } from '../privacy';
import type { CliContext } from './context';
import { CliError, EXIT } from './errors';
import { retentionMessagesFor } from './retentionMessages';

const isKeyStore = (v: unknown): v is KeyStore =>
  typeof v === 'object' && v !== null && ['getOrCreate', 'get', 'erase'].every((k) => typeof (v as Record<string, unknown>)[k] === 'function');

const load = async (path: string): Promise<Record<string, unknown>> => {
  try {
    return (await import(pathToFileURL(path).href)) as Record<string, unknown>;
  } catch (e) {
    // Where modules are loaded by require (tests, CommonJS hosts), a file URL is no specifier.
    if (e instanceof Error && /Cannot find module 'file:/.test(e.message)) return (await import(path)) as Record<string, unknown>;
    throw e;
  }
};

/** The key store of `--key-store <module>`. */
export const loadKeyStore = async (ctx: CliContext, module: string): Promise<KeyStore> => {
  const say = retentionMessagesFor(ctx.lang);
  const path = isAbsolute(module) ? module : resolve(ctx.io.cwd, module);
  let exported: Record<string, unknown>;
  try {
    exported = await load(path);
  } catch (e) {
    throw new CliError(say.keyStoreUnloadable(module, e instanceof Error ? e.message : String(e)), EXIT.usage, { cause: e });
  }
  const candidate = exported.keyStore ?? exported.default;
  const value: unknown = typeof candidate === 'function' ? await (candidate as (env: CliContext['io']['env']) => unknown)(ctx.io.env) : candidate;
  if (!isKeyStore(value)) throw new CliError(say.notAKeyStore(module), EXIT.usage);
  return value;
};
