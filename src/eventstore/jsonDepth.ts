/**
 * One nesting limit for event data and metadata, shared by every store and by export
 * verification: what a store accepts can be exported, hashed and verified, and nothing on
 * the way recurses deeper than the limit (a line nested 50,000 levels deep is a typed error,
 * not a stack overflow).
 */

/**
 * The deepest nesting of arrays and objects an event's `data` or `metadata` may have. Stores
 * refuse deeper values with `InvalidAppend`; an export line whose data or metadata is deeper
 * is malformed. Complaint events are four levels deep.
 */
export const MAX_JSON_DEPTH = 1000;

/**
 * The nesting depth of JSON text (0 for a scalar, 1 for `[]` or `{}`), counted in one pass
 * without parsing, so that text too deep to parse or hash safely can be refused first.
 * Brackets inside strings do not count. Malformed text gets a depth too; parsing tells.
 */
export const jsonTextDepth = (text: string): number => {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i++; // backslash: skip the escaped character
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      depth++;
      if (depth > deepest) deepest = depth;
    } else if (c === 0x5d || c === 0x7d) depth--;
  }
  return deepest;
};

/**
 * True when a JSON value nests arrays and objects more than `limit` levels deep. Walks the
 * value with its own stack (never the call stack), stopping as soon as it knows.
 */
export const nestedDeeperThan = (value: unknown, limit: number = MAX_JSON_DEPTH): boolean => {
  const stack: Array<readonly [unknown, number]> = [[value, 0]];
  for (let top = stack.pop(); top !== undefined; top = stack.pop()) {
    const [v, above] = top;
    if (typeof v !== 'object' || v === null) continue;
    const depth = above + 1;
    if (depth > limit) return true;
    for (const item of Array.isArray(v) ? (v as unknown[]) : Object.values(v)) if (typeof item === 'object' && item !== null) stack.push([item, depth]);
  }
  return false;
};
