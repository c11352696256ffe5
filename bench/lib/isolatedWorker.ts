/**
 * The child process of an isolated side (see isolated.ts): loads the side's factory when
 * asked, then times one sample per request with the harness's own loop and clock.
 */
import { type Clock, type Side, sample, useClock } from './harness';
import type { IsolatedSide } from './isolated';

type Request =
  | { readonly kind: 'load'; readonly side: IsolatedSide; readonly clock: Clock }
  | { readonly kind: 'sample'; readonly minSeconds: number };

let side: Side | undefined;

const handle = async (request: Request): Promise<unknown> => {
  if (request.kind === 'load') {
    useClock(request.clock);
    const module = (await import(request.side.module)) as Record<string, unknown>;
    const factory = module[request.side.factory];
    if (typeof factory !== 'function') throw new Error(`${request.side.module} exports no function ${request.side.factory}`);
    side = (await (factory as (...args: readonly unknown[]) => Side | Promise<Side>)(...request.side.args)) as Side;
    return undefined;
  }
  if (side === undefined) throw new Error('no side loaded');
  return sample(side, request.minSeconds);
};

process.on('message', (request: Request) => {
  handle(request).then(
    (answer) => process.send?.({ ok: true, sample: answer }),
    (e: unknown) => process.send?.({ ok: false, error: e instanceof Error ? (e.stack ?? e.message) : String(e) }),
  );
});
