// Runs bulk export jobs in the background, one page at a time, every resource through the guarded
// repository's search — so scopes, role, compartment and Consent apply exactly as for a search by the
// same caller (DESIGN.md §3). Pages are keyset-paged by id: constant memory and constant cost per page.
// A job is held under a lease; a job whose worker stopped (a restart, a crashed process) is taken up
// again from its last written page once the lease runs out.
import { randomUUID } from 'node:crypto';
import { OperationOutcomeError } from '@hearth/fhir';
import type { Engine } from '../db/engine.ts';
import type { Repository, SearchQuery } from '../db/repository.types.ts';
import {
  claimableJobs,
  claimJob,
  finishJob,
  findJob,
  purgeExpiredJobs,
  releaseLeases,
  writePage,
  type ExportJob,
} from './export-jobs.ts';

export interface ExportWorkerOptions {
  engine: Engine;
  repo: Repository;
  /** FHIR base URL, for the searches. */
  baseUrl: string;
  /** Resources per page (and per stored chunk). */
  pageSize?: number;
  /** How long a job stays with this worker without progress before another may take it. */
  leaseSeconds?: number;
  /** How often to look for jobs no worker holds (0: only at start and on kick-off). */
  scanSeconds?: number;
  /** Where a job failure is reported (never resource content). */
  onError?: (err: unknown, jobId: string) => void;
}

export interface ExportWorker {
  /** Starts (or continues) a job in the background. */
  run(jobId: string): void;
  /** Takes up every job no live worker holds, e.g. those interrupted by a restart. */
  resumePending(): Promise<void>;
  /** Resolves when no job is running in this worker (tests). */
  idle(): Promise<void>;
  close(): Promise<void>;
}

const DEFAULT_PAGE = 500;

export function createExportWorker(opts: ExportWorkerOptions): ExportWorker {
  const me = randomUUID();
  const pageSize = opts.pageSize ?? DEFAULT_PAGE;
  const leaseSeconds = opts.leaseSeconds ?? 60;
  const running = new Map<string, Promise<void>>();
  let closed = false;

  function run(jobId: string): void {
    if (closed || running.has(jobId)) return;
    const task = runJob(jobId)
      .catch((err: unknown) => opts.onError?.(err, jobId))
      .finally(() => running.delete(jobId));
    running.set(jobId, task);
  }

  async function runJob(jobId: string): Promise<void> {
    if (!(await claimJob(opts.engine, { id: jobId, leaseOwner: me, leaseSeconds }))) return;
    try {
      while (!closed) {
        const job = await findJob(opts.engine, jobId);
        if (job?.status !== 'in-progress') return;
        const type = job.plan.types[job.typeIndex];
        if (type === undefined) {
          await finishJob(opts.engine, { id: jobId, leaseOwner: me, status: 'completed' });
          return;
        }
        if (!(await exportPage(job, type))) return;
      }
    } catch (err) {
      await finishJob(opts.engine, {
        id: jobId,
        leaseOwner: me,
        status: 'failed',
        error: err instanceof OperationOutcomeError ? outcomeText(err) : 'The export failed on the server.',
      });
      throw err;
    }
  }

  /** Exports the next page of `type`; false when the job is no longer ours (deleted or taken over). */
  async function exportPage(job: ExportJob, type: string): Promise<boolean> {
    const query: (readonly [string, string])[] = [
      ...(job.plan.typeFilters[type] ?? []),
      ['_lastUpdated', `le${job.transactionTime}`],
      ['_count', String(pageSize)],
      ['_total', 'none'],
    ];
    if (job.plan.since) query.push(['_lastUpdated', `ge${job.plan.since}`]);
    const lines = await searchPage(job, type, query);
    const last = lines.at(-1);
    const next =
      lines.length === pageSize && last
        ? { typeIndex: job.typeIndex, afterId: last.id }
        : { typeIndex: job.typeIndex + 1, afterId: undefined };
    const ndjson = lines.map((l) => `${l.json}\n`).join('');
    const page = { jobId: job.id, leaseOwner: me, type, ndjson, count: lines.length, next };
    return writePage(opts.engine, page, leaseSeconds);
  }

  async function searchPage(
    job: ExportJob,
    type: string,
    query: SearchQuery,
  ): Promise<{ id: string; json: string }[]> {
    try {
      const bundle = await opts.repo.search(job.ctx, type, query, {
        baseUrl: opts.baseUrl,
        handling: 'strict',
        ...(job.plan.patients !== undefined ? { patients: job.plan.patients } : {}),
        ...(job.afterId !== undefined ? { afterId: job.afterId } : {}),
      });
      return (bundle.entry ?? [])
        .filter((e) => e.search?.mode === 'match' && e.resource?.id !== undefined)
        .map((e) => ({ id: e.resource!.id!, json: JSON.stringify(e.resource) }));
    } catch (err) {
      // A type the caller may not search (kick-off refused those asked for by name with `_type`): the
      // export holds what the caller may see, as their search would.
      if (err instanceof OperationOutcomeError && err.kind === 'forbidden') return [];
      throw err;
    }
  }

  async function resumePending(): Promise<void> {
    if (closed) return;
    await purgeExpiredJobs(opts.engine);
    for (const id of await claimableJobs(opts.engine)) run(id);
  }

  const scan =
    (opts.scanSeconds ?? 30) > 0
      ? setInterval(
          () => {
            resumePending().catch((err: unknown) => opts.onError?.(err, '*'));
          },
          (opts.scanSeconds ?? 30) * 1000,
        )
      : undefined;
  scan?.unref();

  return {
    run,
    resumePending,
    async idle() {
      while (running.size > 0) await Promise.allSettled([...running.values()]);
    },
    async close() {
      closed = true;
      if (scan) clearInterval(scan);
      await Promise.allSettled([...running.values()]);
      // A graceful stop hands the jobs back at once; after a crash the leases run out instead.
      await releaseLeases(opts.engine, me);
    },
  };
}

function outcomeText(err: OperationOutcomeError): string {
  return err.outcome.issue.map((i) => i.diagnostics ?? i.code).join('; ');
}
