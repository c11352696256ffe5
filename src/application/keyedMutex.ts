/**
 * Runs tasks one at a time per key. Commands on one complaint inside one process queue up
 * instead of racing to a concurrency conflict; commands on different complaints run freely.
 * Across processes, the store's expected-revision check still guards every append.
 */
export class KeyedMutex {
  private readonly tails = new Map<string, Promise<unknown>>();

  /** Runs `task` after every task queued before it for `key`. */
  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const tails = this.tails;
    const previous = tails.get(key);
    let result: Promise<T>;
    if (previous === undefined) {
      // Idle key: start the task now, with no promise in between (the common case).
      try {
        result = task();
      } catch (e: unknown) {
        // A task that throws synchronously still yields a rejected promise (and keeps the queue going).
        result = Promise.reject(e);
      }
    } else result = previous.then(task);
    // The queue's tail settles when the task does, either way; the last one out clears the key.
    const release = (): void => {
      if (tails.get(key) === tail) tails.delete(key);
    };
    const tail: Promise<void> = result.then(release, release);
    tails.set(key, tail);
    return result;
  }
}
