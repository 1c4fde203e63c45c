// FHIR Bulk Data $export over HTTP (Bulk Data Access IG v2, export.html): kick-off at the system,
// Patient and Group levels, the status URL (poll, DELETE to cancel) and the NDJSON output files. Every
// route is under /fhir, so the pipeline authenticates each request and audits it (audit/request-audit.ts
// records the kick-off and each download as an operation); status and files answer only their owner.
import { Readable } from 'node:stream';
import { badRequest, notFound, unauthorized } from '@hearth/fhir';
import type { Group } from '@medplum/fhirtypes';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { Engine } from '../db/engine.ts';
import type { AccessContext, Repository, SearchQuery } from '../db/repository.types.ts';
import { parsePrefer } from '../fhir-rest/prefer.ts';
import { parseQueryString } from '../fhir-rest/url.ts';
import { FHIR_JSON } from '../http/errors.ts';
import { assertAcceptsJson } from '../http/negotiate.ts';
import {
  createJob,
  deleteJob,
  findJob,
  jobFiles,
  ownerOf,
  readChunk,
  RETENTION_HOURS,
  type ExportJob,
} from './export-jobs.ts';
import { parseExportParams, type ExportLevel } from './export-params.ts';
import { createExportWorker, type ExportWorkerOptions } from './export-worker.ts';

export interface BulkExportRoutesOptions {
  engine: Engine;
  repo: Repository;
  /** Public base URL of the server (no trailing slash); the FHIR base is `${baseUrl}/fhir`. */
  baseUrl: string;
  worker?: Pick<ExportWorkerOptions, 'pageSize' | 'leaseSeconds' | 'scanSeconds'>;
}

const NDJSON = 'application/fhir+ndjson';
/** export.html#response---in-progress-status: how long a client should wait between polls. */
const RETRY_AFTER_SECONDS = 2;

export function bulkExportRoutes(
  app: FastifyInstance,
  opts: BulkExportRoutesOptions,
  done: () => void,
): void {
  const fhirBase = `${opts.baseUrl}/fhir`;
  const worker = createExportWorker({
    ...opts.worker,
    engine: opts.engine,
    repo: opts.repo,
    baseUrl: fhirBase,
    // The job id only: an error's text may quote search values.
    onError: (_err, jobId) => {
      app.log.error({ exportJob: jobId }, 'bulk export job failed');
    },
  });
  app.decorate('exportWorker', worker);
  app.addHook('onReady', () => worker.resumePending());
  app.addHook('onClose', () => worker.close());

  const kickoff =
    (level: (request: FastifyRequest) => ExportLevel) => (request: FastifyRequest, reply: FastifyReply) =>
      kickOff(
        {
          opts,
          fhirBase,
          run: (id) => {
            worker.run(id);
          },
        },
        request,
        reply,
        level(request),
      );
  app.get(
    '/fhir/$export',
    kickoff(() => ({ kind: 'system' })),
  );
  app.get(
    '/fhir/Patient/$export',
    kickoff(() => ({ kind: 'patient' })),
  );
  app.get<{ Params: { id: string } }>('/fhir/Group/:id/$export', kickoff(groupLevel));

  app.get<{ Params: { job: string } }>('/fhir/$export-status/:job', async (request, reply) => {
    const job = await ownJob(opts.engine, request, request.params.job);
    return sendStatus(reply, { engine: opts.engine, fhirBase, job });
  });
  app.delete<{ Params: { job: string } }>('/fhir/$export-status/:job', async (request, reply) => {
    const job = await ownJob(opts.engine, request, request.params.job);
    await deleteJob(opts.engine, job.id);
    // export.html#bulk-data-delete-request: 202 Accepted once the job and its files are gone.
    return reply.status(202).send();
  });
  app.get<{ Params: { job: string; file: string } }>(
    '/fhir/$export-file/:job/:file',
    async (request, reply) => {
      const job = await ownJob(opts.engine, request, request.params.job);
      const type = /^([A-Za-z]{1,64})\.ndjson$/.exec(request.params.file)?.[1];
      const file = (await jobFiles(opts.engine, job.id)).find((f) => f.type === type);
      if (job.status !== 'completed' || !file) throw notFound('No such export file.');
      const chunks = async function* () {
        for (let chunk = 0; chunk < file.chunks; chunk++) {
          const text = await readChunk(opts.engine, { jobId: job.id, type: file.type, chunk });
          if (text === undefined) return; // the job was deleted while its file was being sent
          yield text;
        }
      };
      return reply.type(NDJSON).send(Readable.from(chunks()));
    },
  );
  done();
}

// Not encapsulated (Fastify's documented `skip-override`, what fastify-plugin sets): the worker
// decoration is visible on the app, where tests wait for it.
Object.assign(bulkExportRoutes, { [Symbol.for('skip-override')]: true });

declare module 'fastify' {
  interface FastifyInstance {
    /** The bulk export worker (tests wait on `idle()`). */
    exportWorker?: ReturnType<typeof createExportWorker>;
  }
}

function groupLevel(request: FastifyRequest): ExportLevel {
  return { kind: 'group', groupId: (request.params as { id: string }).id };
}

function callerOf(request: FastifyRequest): AccessContext {
  if (!request.accessContext) throw unauthorized('A bearer token is required.');
  return request.accessContext;
}

/** The job, if it belongs to the caller; anyone else's is as unknown as a job that never existed. */
async function ownJob(engine: Engine, request: FastifyRequest, id: string): Promise<ExportJob> {
  const ctx = callerOf(request);
  const job = /^[0-9a-f-]{36}$/.test(id) ? await findJob(engine, id) : undefined;
  if (!job || job.owner !== ownerOf(ctx)) throw notFound('No such export job.');
  return job;
}

interface KickOffDeps {
  opts: BulkExportRoutesOptions;
  fhirBase: string;
  run: (jobId: string) => void;
}

async function kickOff(
  deps: KickOffDeps,
  request: FastifyRequest,
  reply: FastifyReply,
  level: ExportLevel,
): Promise<FastifyReply> {
  const { repo, engine } = deps.opts;
  const ctx = callerOf(request);
  assertAcceptsJson(undefined, request.headers.accept);
  const preferHeader = [request.headers.prefer ?? ''].flat().join(', ');
  // export.html#headers: respond-async is required; there is no synchronous form of $export.
  if (!/(^|[,;\s])respond-async($|[,;\s])/.test(preferHeader))
    throw badRequest('$export runs asynchronously: send the header Prefer: respond-async.');
  const handling = parsePrefer(preferHeader).handling;
  const query = parseQueryString(request.url.split('?')[1] ?? '');
  const params = parseExportParams(query, {
    level,
    strict: handling === 'strict',
    lenient: handling === 'lenient',
  });
  const patients =
    level.kind === 'system'
      ? undefined
      : level.kind === 'patient'
        ? 'any'
        : await groupMembers(deps, ctx, level.groupId);
  // Types named by `_type` or `_typeFilter` must be searchable by the caller with these parameters: a
  // refusal (403) or a bad filter (400) is answered now rather than as a failed job.
  const named = new Set([...(params.explicit ? params.types : []), ...Object.keys(params.typeFilters)]);
  for (const type of named) {
    const probe: SearchQuery = [...(params.typeFilters[type] ?? []), ['_count', '0'], ['_total', 'none']];
    await repo.search(ctx, type, probe, { baseUrl: deps.fhirBase, handling: 'strict' });
  }
  const jobId = await createJob(engine, {
    ctx,
    requestUrl: `${deps.opts.baseUrl}${request.url}`,
    plan: { types: params.types, since: params.since, typeFilters: params.typeFilters, patients },
    transactionTime: new Date().toISOString(),
  });
  deps.run(jobId);
  return reply
    .status(202)
    .header('content-location', `${deps.fhirBase}/$export-status/${jobId}`)
    .type(FHIR_JSON)
    .send({
      resourceType: 'OperationOutcome',
      issue: [
        {
          severity: 'information',
          code: 'informational',
          diagnostics: 'Export started; poll the Content-Location URL.',
        },
      ],
    });
}

/** The Group's active Patient members, read through access control (404 if the caller may not see it). */
async function groupMembers(deps: KickOffDeps, ctx: AccessContext, groupId: string): Promise<string[]> {
  if (!/^[A-Za-z0-9\-.]{1,64}$/.test(groupId)) throw badRequest(`"${groupId}" is not a valid Group id.`);
  const group = (await deps.opts.repo.read(ctx, 'Group', groupId)) as Group;
  const ids = new Set<string>();
  for (const member of group.member ?? []) {
    if (member.inactive === true) continue;
    const id = /(?:^|\/)Patient\/([A-Za-z0-9\-.]{1,64})$/.exec(member.entity.reference ?? '')?.[1];
    if (id) ids.add(id);
  }
  return [...ids];
}

async function sendStatus(
  reply: FastifyReply,
  s: { engine: Engine; fhirBase: string; job: ExportJob },
): Promise<FastifyReply> {
  const { job } = s;
  if (job.status === 'failed') {
    // export.html#response---error-status-1: the export itself failed (not the request).
    return reply
      .status(500)
      .type(FHIR_JSON)
      .send({
        resourceType: 'OperationOutcome',
        issue: [{ severity: 'error', code: 'exception', diagnostics: job.error ?? 'The export failed.' }],
      });
  }
  const files = await jobFiles(s.engine, job.id);
  if (job.status === 'in-progress') {
    const written = files.reduce((n, f) => n + f.count, 0);
    const total = job.plan.types.length;
    const at = Math.min(job.typeIndex + 1, total);
    return reply
      .status(202)
      .header('x-progress', `resource type ${at} of ${total}, ${written} resources written`)
      .header('retry-after', String(RETRY_AFTER_SECONDS))
      .send();
  }
  const expires = new Date(Date.parse(job.finished ?? job.transactionTime) + RETENTION_HOURS * 3_600_000);
  return reply
    .status(200)
    .header('expires', expires.toUTCString())
    .type('application/json')
    .send({
      transactionTime: job.transactionTime,
      request: job.requestUrl,
      requiresAccessToken: true,
      output: files.map((f) => ({
        type: f.type,
        url: `${s.fhirBase}/$export-file/${job.id}/${f.type}.ndjson`,
        count: f.count,
      })),
      error: [],
    });
}
