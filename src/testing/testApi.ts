/**
 * The few test-runner functions the shipped suites use, typed by what they need so that the
 * package depends on no test runner. Jest and Vitest (with `globals: true`) provide them as
 * globals; pass them explicitly otherwise (`{ testApi: { describe, it, expect, … } }`).
 */

/** The matchers the suites use (a subset of Jest's and Vitest's `expect`). */
export interface Matchers<R> {
  /** Same value (`Object.is`). */
  toBe(expected: unknown): R;
  /** Deep equality. */
  toEqual(expected: unknown): R;
  /** Holds at least these properties, deeply. */
  toMatchObject(expected: object): R;
  /** An instance of this class. */
  toBeInstanceOf(expected: unknown): R;
  /** `>=` the number. */
  toBeGreaterThanOrEqual(expected: number | bigint): R;
  /** `<=` the number. */
  toBeLessThanOrEqual(expected: number | bigint): R;
  /** `>` the number. */
  toBeGreaterThan(expected: number | bigint): R;
  /** `<` the number. */
  toBeLessThan(expected: number | bigint): R;
  /** An array or string holding this item. */
  toContain(expected: unknown): R;
  /** A `length` of this size. */
  toHaveLength(expected: number): R;
  /** `undefined`. */
  toBeUndefined(): R;
  /** Not `undefined`. */
  toBeDefined(): R;
  /** A function that throws (matching the message, pattern or class, if given). */
  toThrow(expected?: unknown): R;
}

/** `expect(actual)`: matchers, negated matchers, and matchers on a promise's outcome. */
export interface Assertion extends Matchers<void> {
  readonly not: Matchers<void>;
  readonly rejects: Matchers<Promise<void>>;
  readonly resolves: Matchers<Promise<void>>;
}

/** The `expect` function with the asymmetric matchers the suites use. */
export interface ExpectFunction {
  (actual: unknown): Assertion;
  /** Matches any instance of the constructor. */
  any(constructor: unknown): unknown;
  /** Matches an array holding these items (among others). */
  arrayContaining(expected: readonly unknown[]): unknown;
  /** Matches an object holding these properties (among others). */
  objectContaining(expected: object): unknown;
  /** Matches a string matching the pattern. */
  stringMatching(expected: string | RegExp): unknown;
}

/** A test or hook body. */
export type TestBody = () => void | Promise<unknown>;

/** The test-runner functions a shipped suite calls. */
export interface TestApi {
  /** Groups tests. */
  readonly describe: (name: string, body: () => void) => void;
  /** Defines a test. */
  readonly it: (name: string, body: TestBody, timeoutMs?: number) => void;
  /** Runs once before the group's tests. */
  readonly beforeAll: (body: TestBody, timeoutMs?: number) => void;
  /** Runs once after the group's tests. */
  readonly afterAll: (body: TestBody, timeoutMs?: number) => void;
  /** Runs after each of the group's tests. */
  readonly afterEach: (body: TestBody, timeoutMs?: number) => void;
  /** Assertions. */
  readonly expect: ExpectFunction;
}

const NAMES = ['describe', 'it', 'beforeAll', 'afterAll', 'afterEach', 'expect'] as const;

/**
 * The test API given, else the runner's globals. Throws, naming what is missing, when neither
 * provides it (e.g. Vitest without `globals: true`).
 */
export const resolveTestApi = (given?: TestApi): TestApi => {
  if (given !== undefined) return given;
  const g = globalThis as Partial<Record<(typeof NAMES)[number], unknown>>;
  const missing = NAMES.filter((n) => typeof g[n] !== 'function');
  if (missing.length > 0)
    throw new Error(
      `The @lukea/complaints/testing suites need a test runner's ${missing.join(', ')}: run them under Jest, or Vitest with globals: true, or pass { testApi: { describe, it, beforeAll, afterAll, afterEach, expect } }.`,
    );
  return g as unknown as TestApi;
};
