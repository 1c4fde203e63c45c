// Group commit for the reading store: ingest calls that arrive while a transaction is running wait and
// then share the next one, so the cost of a commit is paid once per group, not once per device message.
// One group at a time by default (two for the store: see store.ts); the next group forms while one
// commits. Tasks (writing closed minutes) run alone, after the groups queued before them. If a shared
// transaction fails, each of its jobs runs again alone, so only the one at fault fails (as
// db/group-commit.ts does for resource writes).

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
  /**
   * Groups running at once (default 1): with 2, the next group's statements overlap the previous one's
   * commit and the JavaScript between statements. Tasks still run alone.
   */
  maxInFlight?: number;
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
  const maxInFlight = opts.maxInFlight ?? 1;
  let groups = 0;
  let taskRunning = false;
  let scheduled = false;

  const canStart = (head: QueuedJob<J, R> | QueuedTask | undefined): head is QueuedJob<J, R> | QueuedTask =>
    head !== undefined && !taskRunning && (head.kind === 'task' ? groups === 0 : groups < maxInFlight);

  function pump(): void {
    if (scheduled || !canStart(queue[0])) return;
    scheduled = true;
    // setImmediate: every call made in this turn of the event loop joins the group.
    setImmediate(() => {
      scheduled = false;
      const head = queue[0];
      if (!canStart(head)) return;
      void start(head).finally(pump);
      pump();
    });
  }

  /** Starts the task or the group of jobs at the head of the queue. */
  function start(head: QueuedJob<J, R> | QueuedTask): Promise<void> {
    if (head.kind === 'task') {
      queue.shift();
      taskRunning = true;
      return head
        .run()
        .then(head.resolve, head.reject)
        .finally(() => {
          taskRunning = false;
        });
    }
    const group: QueuedJob<J, R>[] = [];
    let weight = 0;
    while (queue[0]?.kind === 'job' && (group.length === 0 || weight + queue[0].size <= opts.maxGroup)) {
      const job = queue.shift() as QueuedJob<J, R>;
      weight += job.size;
      group.push(job);
    }
    groups++;
    return runGroup(group).finally(() => {
      groups--;
    });
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
