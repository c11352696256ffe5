/**
 * How many cases the reliability properties try. The normal suite stays fast; the soak run
 * (`npm run test:soak`, which sets COMPLAINTS_SOAK=1) tries many more with the same tests.
 */

/** True under `npm run test:soak`. */
export const SOAK = process.env['COMPLAINTS_SOAK'] === '1';

/** `normal` runs in the normal suite, `soak` under COMPLAINTS_SOAK=1. */
export const runs = (normal: number, soak: number = normal * 40): number => (SOAK ? soak : normal);

/** fast-check parameters: the run count for this mode (seed and path are printed on failure). */
export const fcParams = (normal: number, soak?: number): { readonly numRuns: number } => ({ numRuns: runs(normal, soak) });

/** A per-test timeout for slow properties: `normalMs` normally, 20 minutes under soak. */
export const timeoutMs = (normalMs: number): number => (SOAK ? 1_200_000 : normalMs);
