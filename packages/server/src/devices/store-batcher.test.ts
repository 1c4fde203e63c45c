import { describe, expect, it } from 'vitest';
import { createBatcher } from './store-batcher.ts';

/** A batcher whose groups are recorded; a job `'bad'` fails any group it is in. */
function recording(maxGroup = 100, maxInFlight = 1) {
  const groups: string[][] = [];
  let running = 0;
  let overlapped = false;
  let most = 0;
  const batcher = createBatcher<string, string>({
    async runGroup(jobs) {
      running++;
      if (running > 1) overlapped = true;
      most = Math.max(most, running);
      groups.push([...jobs]);
      // The group's work spans a few turns of the event loop, as a transaction's round trips do.
      for (let i = 0; i < 3; i++) await new Promise((r) => setImmediate(r));
      running--;
      if (jobs.includes('bad')) throw new Error('bad job');
      return jobs.map((j) => `${j}!`);
    },
    size: (job) => job.length,
    maxGroup,
    maxInFlight,
  });
  return { batcher, groups, overlapped: () => overlapped, most: () => most };
}

describe('store batcher', () => {
  it('runs the calls made together as one group, one group at a time, results in order', async () => {
    const { batcher, groups, overlapped } = recording();
    const results = await Promise.all(['a', 'b', 'c'].map((j) => batcher.submit(j)));
    expect(results).toEqual(['a!', 'b!', 'c!']);
    expect(groups).toEqual([['a', 'b', 'c']]);
    const later = [batcher.submit('d')];
    later.push(batcher.submit('e'));
    await Promise.all(later);
    expect(overlapped()).toBe(false);
  });

  it('queues calls made while a group runs into the next group', async () => {
    const { batcher, groups } = recording();
    const first = batcher.submit('a');
    await new Promise((r) => setImmediate(r)); // the group with 'a' has started
    const more = [batcher.submit('b'), batcher.submit('c')];
    await Promise.all([first, ...more]);
    expect(groups).toEqual([['a'], ['b', 'c']]);
  });

  it('caps a group by weight, but runs a heavier job alone', async () => {
    const { batcher, groups } = recording(4);
    await Promise.all(['aa', 'bb', 'cc', 'dddddd', 'e'].map((j) => batcher.submit(j)));
    expect(groups).toEqual([['aa', 'bb'], ['cc'], ['dddddd'], ['e']]);
  });

  it('fails only the job at fault when a shared group fails: the others run again alone', async () => {
    const { batcher, groups } = recording();
    const outcomes = await Promise.allSettled(['a', 'bad', 'c'].map((j) => batcher.submit(j)));
    expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(groups).toEqual([['a', 'bad', 'c'], ['a'], ['bad'], ['c']]);
  });

  it('runs a task alone, after the jobs queued before it and before those after', async () => {
    const { batcher, groups } = recording();
    const order: string[] = [];
    const jobs = [batcher.submit('a').then(() => order.push('a'))];
    const task = batcher.task(() => {
      order.push(`task after ${groups.length} group(s)`);
      return Promise.resolve();
    });
    jobs.push(batcher.submit('b').then(() => order.push('b')));
    await Promise.all([...jobs, task, batcher.idle()]);
    expect(order).toEqual(['a', 'task after 1 group(s)', 'b']);
    expect(groups).toEqual([['a'], ['b']]);
  });

  it('runs up to maxInFlight groups at once, and a task only when none is running', async () => {
    const { batcher, groups, most } = recording(1, 2);
    let runningAtTask = -1;
    const jobs = ['a', 'b', 'c'].map((j) => batcher.submit(j));
    const task = batcher.task(() => {
      runningAtTask = groups.length;
      return Promise.resolve();
    });
    const after = batcher.submit('d');
    await Promise.all([...jobs, task, after]);
    expect(most()).toBe(2);
    expect(runningAtTask).toBe(3); // a, b and c had all run
    expect(groups.at(-1)).toEqual(['d']);
  });
});
