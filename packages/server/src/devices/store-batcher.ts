// Group commit for the reading store: ingest calls that arrive while a transaction is running wait and
// then share the next one, so the cost of a commit is paid once per group, not once per device message.
// One group at a time: the store's checks that read what was stored before (a reading's predecessor, a
// minute's samples) then always see every earlier group, and the next group forms while one commits.
// Tasks (writing closed minutes) run alone, in their turn. If a shared transaction fails, each of its jobs
// runs again alone, so only the one at fault fails (as db/group-commit.ts does for resource writes).

interface QueuedJob<J, R> {
  kind: 'job';
  job: J;
  size: number;
  resolve: (result: R) => void;
  reject: (err: unknown) => void;
}

interface QueuedTask {
  kind: 'task';
  run: () => Promise<void>;
  resolve: () => void;
  reject: (err: unknown) => void;
}

export interface BatcherOptions<J, R> {
  /** Runs a group of jobs in one transaction; results in job order. */
  runGroup: (jobs: readonly J[]) => Promise<R[]>;
  /** A job's weight (its readings) towards `maxGroup`. */
  size: (job: J) => number;
  /** Weight per group at most (a single heavier job still runs, alone). */
  maxGroup: number;
}

export interface Batcher<J, R> {
  submit(job: J): Promise<R>;
  /** Runs fn alone, after the jobs queued before it. */
  task(fn: () => Promise<void>): Promise<void>;
  /** Resolves when everything queued so far has run. */
  idle(): Promise<void>;
}

export function createBatcher<J, R>(opts: BatcherOptions<J, R>): Batcher<J, R> {
  const queue: (QueuedJob<J, R> | QueuedTask)[] = [];
  let running = false;

  function pump(): void {
    if (running || queue.length === 0) return;
    running = true;
    // setImmediate: every call made in this turn of the event loop joins the group.
    setImmediate(() => {
      void next().finally(() => {
        running = false;
        pump();
      });
    });
  }

  async function next(): Promise<void> {
    const head = queue[0]!;
    if (head.kind === 'task') {
      queue.shift();
      await head.run().then(head.resolve, head.reject);
      return;
    }
    const group: QueuedJob<J, R>[] = [];
    let weight = 0;
    while (queue[0]?.kind === 'job' && (group.length === 0 || weight + queue[0].size <= opts.maxGroup)) {
      const job = queue.shift() as QueuedJob<J, R>;
      weight += job.size;
      group.push(job);
    }
    await runGroup(group);
  }

  async function runGroup(group: readonly QueuedJob<J, R>[]): Promise<void> {
    try {
      const results = await opts.runGroup(group.map((g) => g.job));
      group.forEach((g, i) => {
        g.resolve(results[i]!);
      });
    } catch (err) {
      if (group.length === 1) {
        group[0]!.reject(err);
        return;
      }
      for (const g of group) {
        await opts.runGroup([g.job]).then(([r]) => {
          g.resolve(r!);
        }, g.reject);
      }
    }
  }

  return {
    submit(job) {
      return new Promise<R>((resolve, reject) => {
        queue.push({ kind: 'job', job, size: opts.size(job), resolve, reject });
        pump();
      });
    },
    task(run) {
      return new Promise<void>((resolve, reject) => {
        queue.push({ kind: 'task', run, resolve, reject });
        pump();
      });
    },
    idle() {
      return this.task(() => Promise.resolve());
    },
  };
}
