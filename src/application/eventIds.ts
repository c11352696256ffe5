/**
 * Deterministic event ids: the i-th event of a command gets uuid v5(commandId, i). A command
 * retried after a timeout produces the same ids, so the store's idempotent append (and the
 * service's own check) never stores it twice.
 */
import { v5 as uuidv5 } from 'uuid';

// A fixed namespace for @lukea/complaints event ids (itself a v5 of the package name).
const NAMESPACE = uuidv5('@lukea/complaints/event-ids', uuidv5.URL);

/** The id of the `index`-th event decided for command `commandId`. */
export const eventIdFor = (commandId: string, index: number): string => uuidv5(`${commandId}/${index}`, NAMESPACE);
