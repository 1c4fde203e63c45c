// A closed-loop load driver: `concurrency` workers each run `task` back to back until the time or
// iteration budget is spent. Bounded in count and time (loopback targets only).
import { performance } from 'node:perf_hooks';

export interface LoadResult {
  operations: number;
  seconds: number;
  perSecond: number;
  p50Ms: number;
  p99Ms: number;
  errors: number;
  /** The first failure's message, to print beside the figure. */
  firstError?: string;
}

export interface LoadOptions {
  concurrency: number;
  /** Stop after this long… */
  durationMs: number;
  /** …or after this many operations, whichever comes first. */
  maxOperations?: number;
  /** Called once per operation; throw to count an error. */
  task: (worker: number, iteration: number) => Promise<void>;
}

export function percentile(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return Number.NaN;
  const index = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[index]!;
}

export async function runLoad(opts: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  let firstError: string | undefined;
  let started = 0;
  const start = performance.now();
  const deadline = start + opts.durationMs;
  const limit = opts.maxOperations ?? Number.POSITIVE_INFINITY;
  const worker = async (w: number): Promise<void> => {
    while (performance.now() < deadline && started < limit) {
      const iteration = started++;
      const t0 = performance.now();
      try {
        await opts.task(w, iteration);
        latencies.push(performance.now() - t0);
      } catch (err) {
        errors++;
        firstError ??= err instanceof Error ? err.message : String(err);
      }
    }
  };
  await Promise.all(Array.from({ length: opts.concurrency }, (_, w) => worker(w)));
  const seconds = (performance.now() - start) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    operations: latencies.length,
    seconds,
    perSecond: latencies.length / seconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    errors,
    ...(firstError === undefined ? {} : { firstError }),
  };
}
