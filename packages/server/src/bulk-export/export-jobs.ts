// Bulk export jobs in the database (migration 0012): creating, reading, progress, completion, leases and
// deletion. A page of output and the progress that covers it are written in one transaction, so a job
// resumed after a restart neither repeats nor skips a resource.
import { randomUUID } from 'node:crypto';
import type { Engine, Queryable } from '../db/engine.ts';
import type { AccessContext, SearchQuery } from '../db/repository.types.ts';

export type JobStatus = 'in-progress' | 'completed' | 'failed';

/** What the job exports: fixed at kick-off. */
export interface JobPlan {
  types: readonly string[];
  since: string | undefined;
  typeFilters: Readonly<Record<string, SearchQuery>>;
  /** Patient- and Group-level exports: the compartments of these patients, or of any patient. */
  patients: readonly string[] | 'any' | undefined;
}

export interface ExportJob {
  id: string;
  owner: string;
  ctx: AccessContext;
  requestUrl: string;
  plan: JobPlan;
  status: JobStatus;
  transactionTime: string;
  typeIndex: number;
  afterId: string | undefined;
  error: string | undefined;
  finished: string | undefined;
}

export interface ExportFile {
  type: string;
  count: number;
  chunks: number;
}

interface JobRow {
  id: string;
  owner: string;
  context_json: string;
  request_url: string;
  params_json: string;
  status: JobStatus;
  transaction_time: string | Date;
  type_index: number;
  after_id: string | null;
  error: string | null;
  finished: string | Date | null;
}

/** Completed and failed jobs, and their files, are removed this long after they finish. */
export const RETENTION_HOURS = 24;

/**
 * The caller a job belongs to: the same client, and the same user for user-facing tokens
 * (export.html#bulk-data-output-file-request: files go only to the client that asked).
 */
export function ownerOf(ctx: AccessContext): string {
  return JSON.stringify([ctx.clientId ?? ctx.actor, ctx.user?.id ?? null]);
}

export async function createJob(
  db: Queryable,
  input: { ctx: AccessContext; requestUrl: string; plan: JobPlan; transactionTime: string },
): Promise<string> {
  const id = randomUUID();
  // The job searches as the caller, never with break-the-glass: an export opens no record by emergency.
  const { breakGlassReason: _ignored, ...ctx } = input.ctx;
  await db.query(
    `INSERT INTO export_jobs (id, owner, context_json, request_url, params_json, status, transaction_time)
     VALUES ($1, $2, $3, $4, $5, 'in-progress', $6)`,
    [
      id,
      ownerOf(ctx),
      JSON.stringify(ctx),
      input.requestUrl,
      JSON.stringify(input.plan),
      input.transactionTime,
    ],
  );
  return id;
}

export async function findJob(db: Queryable, id: string): Promise<ExportJob | undefined> {
  const r = await db.query<JobRow>('SELECT * FROM export_jobs WHERE id = $1', [id]);
  const row = r.rows[0];
  return row ? toJob(row) : undefined;
}

const iso = (t: string | Date): string => (typeof t === 'string' ? new Date(t) : t).toISOString();

function toJob(row: JobRow): ExportJob {
  return {
    id: row.id,
    owner: row.owner,
    ctx: JSON.parse(row.context_json) as AccessContext,
    requestUrl: row.request_url,
    plan: JSON.parse(row.params_json) as JobPlan,
    status: row.status,
    transactionTime: iso(row.transaction_time),
    typeIndex: row.type_index,
    afterId: row.after_id ?? undefined,
    error: row.error ?? undefined,
    finished: row.finished === null ? undefined : iso(row.finished),
  };
}

export async function jobFiles(db: Queryable, id: string): Promise<ExportFile[]> {
  const r = await db.query<{ resource_type: string; count: number; chunks: number }>(
    'SELECT resource_type, count, chunks FROM export_files WHERE job_id = $1 ORDER BY resource_type',
    [id],
  );
  return r.rows.map((f) => ({ type: f.resource_type, count: f.count, chunks: f.chunks }));
}

export async function readChunk(
  db: Queryable,
  file: { jobId: string; type: string; chunk: number },
): Promise<string | undefined> {
  const r = await db.query<{ content: string }>(
    'SELECT content FROM export_file_chunks WHERE job_id = $1 AND resource_type = $2 AND chunk = $3',
    [file.jobId, file.type, file.chunk],
  );
  return r.rows[0]?.content;
}

export interface PageWrite {
  jobId: string;
  leaseOwner: string;
  type: string;
  /** NDJSON text of the page (each line ends with a newline); empty when the page had no resources. */
  ndjson: string;
  count: number;
  /** Where the job stands after this page. */
  next: { typeIndex: number; afterId: string | undefined };
}

/**
 * Appends one page to its file and moves the job on, in one transaction. False when the job is no
 * longer this worker's to write (deleted, finished, or its lease taken over): the page is dropped.
 */
export function writePage(engine: Engine, page: PageWrite, leaseSeconds: number): Promise<boolean> {
  return engine.transaction(async (tx) => {
    const moved = await tx.query(
      `UPDATE export_jobs SET type_index = $3, after_id = $4, lease_until = now() + make_interval(secs => $5)
       WHERE id = $1 AND status = 'in-progress' AND lease_owner = $2 RETURNING id`,
      [page.jobId, page.leaseOwner, page.next.typeIndex, page.next.afterId ?? null, leaseSeconds],
    );
    if (moved.rowCount === 0) return false;
    if (page.count === 0) return true;
    const file = await tx.query<{ chunks: number }>(
      `INSERT INTO export_files (job_id, resource_type, count, chunks) VALUES ($1, $2, $3, 1)
       ON CONFLICT (job_id, resource_type)
       DO UPDATE SET count = export_files.count + EXCLUDED.count, chunks = export_files.chunks + 1
       RETURNING chunks`,
      [page.jobId, page.type, page.count],
    );
    await tx.query(
      'INSERT INTO export_file_chunks (job_id, resource_type, chunk, content) VALUES ($1, $2, $3, $4)',
      [page.jobId, page.type, file.rows[0]!.chunks - 1, page.ndjson],
    );
    return true;
  });
}

/** Takes the job for this worker unless another live worker holds it. */
export async function claimJob(
  db: Queryable,
  job: { id: string; leaseOwner: string; leaseSeconds: number },
): Promise<boolean> {
  const r = await db.query(
    `UPDATE export_jobs SET lease_owner = $2, lease_until = now() + make_interval(secs => $3)
     WHERE id = $1 AND status = 'in-progress'
       AND (lease_owner IS NULL OR lease_owner = $2 OR lease_until < now()) RETURNING id`,
    [job.id, job.leaseOwner, job.leaseSeconds],
  );
  return r.rowCount > 0;
}

/** In-progress jobs no live worker holds: new ones, and those whose worker stopped (a restart). */
export async function claimableJobs(db: Queryable): Promise<string[]> {
  const r = await db.query<{ id: string }>(
    `SELECT id FROM export_jobs WHERE status = 'in-progress' AND (lease_until IS NULL OR lease_until < now())
     ORDER BY created`,
  );
  return r.rows.map((row) => row.id);
}

export async function finishJob(
  db: Queryable,
  job: { id: string; leaseOwner: string; status: 'completed' | 'failed'; error?: string },
): Promise<void> {
  await db.query(
    `UPDATE export_jobs SET status = $3, error = $4, finished = now(), lease_owner = NULL, lease_until = NULL
     WHERE id = $1 AND status = 'in-progress' AND lease_owner = $2`,
    [job.id, job.leaseOwner, job.status, job.error ?? null],
  );
}

/** Deletes a job and its files (DELETE on the status URL; expiry). */
export async function deleteJob(db: Queryable, id: string): Promise<boolean> {
  return (await db.query('DELETE FROM export_jobs WHERE id = $1 RETURNING id', [id])).rowCount > 0;
}

/** Removes jobs finished more than RETENTION_HOURS ago, with their files. */
export async function purgeExpiredJobs(db: Queryable): Promise<number> {
  const r = await db.query(
    `DELETE FROM export_jobs WHERE finished < now() - make_interval(hours => $1) RETURNING id`,
    [RETENTION_HOURS],
  );
  return r.rowCount;
}

/** Hands back this worker's unfinished jobs (a graceful stop), so the next start resumes them at once. */
export async function releaseLeases(db: Queryable, leaseOwner: string): Promise<void> {
  await db.query(
    `UPDATE export_jobs SET lease_owner = NULL, lease_until = NULL
     WHERE lease_owner = $1 AND status = 'in-progress'`,
    [leaseOwner],
  );
}
