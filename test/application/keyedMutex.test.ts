import { KeyedMutex } from '../../src/application/keyedMutex';

const tick = (): Promise<void> => new Promise((resolve) => setImmediate(resolve));

describe('KeyedMutex: one task at a time per key', () => {
  it('tasks on one key run one after the other, in the order they were queued', async () => {
    const mutex = new KeyedMutex();
    const log: string[] = [];
    const task = (name: string) => async (): Promise<string> => {
      log.push(`${name} start`);
      await tick();
      log.push(`${name} end`);
      return name;
    };
    const results = await Promise.all([mutex.run('k', task('a')), mutex.run('k', task('b')), mutex.run('k', task('c'))]);
    expect(results).toEqual(['a', 'b', 'c']);
    expect(log).toEqual(['a start', 'a end', 'b start', 'b end', 'c start', 'c end']);
  });

  it('tasks on different keys run at the same time', async () => {
    const mutex = new KeyedMutex();
    const log: string[] = [];
    const task = (name: string) => async (): Promise<void> => {
      log.push(`${name} start`);
      await tick();
      log.push(`${name} end`);
    };
    await Promise.all([mutex.run('x', task('x')), mutex.run('y', task('y'))]);
    expect(log.slice(0, 2).sort()).toEqual(['x start', 'y start']);
  });

  it('a task on an idle key starts at once, before run returns (no promise in between)', async () => {
    const mutex = new KeyedMutex();
    let started = false;
    const done = mutex.run('k', async () => {
      started = true;
    });
    expect(started).toBe(true);
    await done;
    // Idle again once it is done: the next task starts at once too.
    let again = false;
    const next = mutex.run('k', async () => {
      again = true;
    });
    expect(again).toBe(true);
    await next;
  });

  it('a task that throws or rejects rejects its own call and the queue goes on', async () => {
    const mutex = new KeyedMutex();
    const sync = mutex.run('k', () => {
      throw new Error('at once');
    });
    const async_ = mutex.run('k', async () => {
      throw new Error('later');
    });
    const after = mutex.run('k', async () => 'after');
    await expect(sync).rejects.toThrow('at once');
    await expect(async_).rejects.toThrow('later');
    await expect(after).resolves.toBe('after');
  });
});
