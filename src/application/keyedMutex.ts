/**
 * Runs tasks one at a time per key. Commands on one complaint inside one process queue up
 * instead of racing to a concurrency conflict; commands on different complaints run freely.
 * Across processes, the store's expected-revision check still guards every append.
 */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<unknown>>();

  /** Runs `task` after every task queued before it for `key`. */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const previous = this.tails.get(key);
    // A task that throws synchronously still yields a rejected promise (and keeps the queue going).
    const result = previous === undefined ? new Promise<T>((resolve) => resolve(task())) : previous.then(() => task());
    const tail = result.then(
      () => undefined,
      () => undefined,
    );
    this.tails.set(key, tail);
    void tail.then(() => {
      if (this.tails.get(key) === tail) this.tails.delete(key);
    });
    return result;
  }
}
