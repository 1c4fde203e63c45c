// FHIR Bulk Data $export end to end over HTTP, on both engines: a backend-services client (private_key_jwt,
// system/*.read) and a patient token kick off system-, Patient- and Group-level exports, poll the status
// URL, download NDJSON, cancel; jobs resume after a restart; parameters are checked at kick-off.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { exportJWK, generateKeyPair, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTokenService } from '../auth/access-tokens.ts';
import { CLIENT_ASSERTION_TYPE } from '../auth/client-assertion.ts';
import { createClient } from '../auth/clients.ts';
import { loadConfig } from '../config/config.ts';
import type { Engine } from '../db/engine.ts';
import { SYSTEM_CONTEXT, type Repository } from '../db/repository.types.ts';
import { testEngines } from '../db/test-engines.ts';
import { buildServerApp, createServerRepository } from '../main.ts';
import { createJob } from './export-jobs.ts';
import { createExportWorker } from './export-worker.ts';

const BASE = 'http://hearth.test';
const ASYNC = { prefer: 'respond-async', accept: 'application/fhir+json' };

interface Manifest {
  transactionTime: string;
  request: string;
  requiresAccessToken: boolean;
  output: { type: string; url: string; count: number }[];
  error: unknown[];
}

describe.each(testEngines())('Bulk Data $export on %s', (_name, open) => {
  let engine: Engine;
  let repo: Repository;
  let app: FastifyInstance;
  let backend: string;
  let observationsOnly: string;
  let patientToken: string;
  const config = loadConfig({ HEARTH_BASE_URL: BASE, HEARTH_LOG_LEVEL: 'silent' });
  const build = () =>
    buildServerApp({ config, engine, repo }, { bulkExport: { pageSize: 3, scanSeconds: 0 } });

  const get = (url: string, token: string, headers: Record<string, string> = {}) =>
    app.inject({
      method: 'GET',
      url: url.replace(BASE, ''),
      headers: { authorization: `Bearer ${token}`, ...headers },
    });

  async function kickOff(path: string, token = backend, headers: Record<string, string> = ASYNC) {
    const res = await get(path, token, headers);
    expect(res.statusCode, res.body).toBe(202);
    return String(res.headers['content-location']);
  }

  async function finished(statusUrl: string, token = backend): Promise<Manifest> {
    await app.exportWorker!.idle();
    const res = await get(statusUrl, token);
    expect(res.statusCode, res.body).toBe(200);
    return res.json<Manifest>();
  }

  async function ndjson(url: string, token = backend): Promise<{ resourceType: string; id: string }[]> {
    const res = await get(url, token);
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toContain('application/fhir+ndjson');
    return res.body
      .split('\n')
      .filter((l) => l !== '')
      .map((l) => JSON.parse(l) as { resourceType: string; id: string });
  }

  /** Files and counts; AuditEvents (records of these very tests' requests) are left aside. */
  const counts = (m: Manifest) =>
    Object.fromEntries(m.output.filter((o) => o.type !== 'AuditEvent').map((o) => [o.type, o.count]));

  beforeAll(async () => {
    engine = await open();
    repo = createServerRepository({ engine, config });
    const put = (resource: Parameters<Repository['update']>[1]) => repo.update(SYSTEM_CONTEXT, resource);
    await put({ resourceType: 'Organization', id: 'org', name: 'Clinic' });
    for (const id of ['p1', 'p2']) await put({ resourceType: 'Patient', id, gender: 'female' });
    for (let i = 0; i < 7; i++) await put(observation(`o1-${i}`, 'p1', i === 0 ? '8867-4' : '8310-5'));
    for (let i = 0; i < 2; i++) await put(observation(`o2-${i}`, 'p2', '8310-5'));
    await put({
      resourceType: 'Group',
      id: 'cohort',
      type: 'person',
      actual: true,
      member: [
        { entity: { reference: 'Patient/p2' } },
        { entity: { reference: 'Patient/p1' }, inactive: true },
      ],
    });
    await put({
      resourceType: 'Group',
      id: 'others',
      type: 'person',
      actual: true,
      member: [{ entity: { reference: 'Patient/p2' } }],
    });
    backend = await backendToken();
    const tokens = createTokenService({ db: engine, baseUrl: BASE, accessTokenSeconds: 300 });
    const narrow = await createClient(engine, { name: 'obs feed', scopes: 'system/Observation.rs' });
    observationsOnly = (await tokens.issue({ clientId: narrow.client_id, scopes: ['system/Observation.rs'] }))
      .access_token;
    const portal = await createClient(engine, { name: 'portal', scopes: 'patient/*.rs' });
    patientToken = (
      await tokens.issue({
        clientId: portal.client_id,
        scopes: ['patient/*.rs'],
        grant: {
          clientId: portal.client_id,
          scopes: ['patient/*.rs'],
          user: { id: randomUUID(), role: 'patient', fhirUser: 'Patient/p1' },
          patient: 'p1',
        },
      })
    ).access_token;
    app = await build();
  });
  afterAll(async () => {
    await app.close();
    await engine.close();
  });

  /** A backend-services token: client_credentials with a private_key_jwt (ES384) assertion. */
  async function backendToken(): Promise<string> {
    const { privateKey, publicKey } = await generateKeyPair('ES384', { extractable: true });
    const jwk = { ...(await exportJWK(publicKey)), kid: 'k1', alg: 'ES384', use: 'sig' };
    const { client_id } = await createClient(engine, {
      name: 'registry',
      scopes: 'system/*.read',
      jwks: { keys: [jwk] },
    });
    const now = Math.floor(Date.now() / 1000);
    const assertion = await new SignJWT({})
      .setProtectedHeader({ alg: 'ES384', kid: 'k1', typ: 'JWT' })
      .setIssuer(client_id)
      .setSubject(client_id)
      .setAudience(`${BASE}/oauth2/token`)
      .setJti(randomUUID())
      .setIssuedAt(now)
      .setExpirationTime(now + 120)
      .sign(privateKey);
    const tokenApp = await build();
    const res = await tokenApp.inject({
      method: 'POST',
      url: '/oauth2/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        grant_type: 'client_credentials',
        scope: 'system/*.read',
        client_assertion_type: CLIENT_ASSERTION_TYPE,
        client_assertion: assertion,
      }).toString(),
    });
    await tokenApp.close();
    expect(res.statusCode, res.body).toBe(200);
    return res.json<{ access_token: string }>().access_token;
  }

  it('exports every resource for a backend client, in NDJSON files listed in the manifest', async () => {
    const statusUrl = await kickOff('/fhir/$export');
    expect(statusUrl).toMatch(new RegExp(`^${BASE}/fhir/\\$export-status/[0-9a-f-]{36}$`));
    const manifest = await finished(statusUrl);
    expect(manifest).toMatchObject({ request: `${BASE}/fhir/$export`, requiresAccessToken: true, error: [] });
    expect(Date.parse(manifest.transactionTime)).not.toBeNaN();
    expect(counts(manifest)).toEqual({ Group: 2, Observation: 9, Organization: 1, Patient: 2 });
    const observations = manifest.output.find((o) => o.type === 'Observation')!;
    const lines = await ndjson(observations.url);
    // Nine observations written in pages of three: every one exactly once.
    expect(lines.map((r) => r.id).sort()).toEqual([...ids('o1-', 7), ...ids('o2-', 2)].sort());
    expect(lines.every((r) => r.resourceType === 'Observation')).toBe(true);
  });

  it('serves status and files only to the client that asked, and only with a token', async () => {
    const statusUrl = await kickOff('/fhir/$export?_type=Observation');
    const manifest = await finished(statusUrl);
    const file = manifest.output[0]!.url;
    expect((await app.inject({ method: 'GET', url: file.replace(BASE, '') })).statusCode).toBe(401);
    expect((await get(file, observationsOnly)).statusCode).toBe(404);
    expect((await get(statusUrl, observationsOnly)).statusCode).toBe(404);
    expect((await get(statusUrl, backend)).statusCode).toBe(200);
  });

  it('applies _type, _since and _typeFilter', async () => {
    const since = new Date(Date.now() + 60_000).toISOString();
    const none = await finished(await kickOff(`/fhir/$export?_type=Patient,Observation&_since=${since}`));
    expect(none.output).toEqual([]);
    const filtered = await finished(
      await kickOff(
        `/fhir/$export?_type=Observation&_typeFilter=${encodeURIComponent('Observation?code=http://loinc.org|8867-4')}`,
      ),
    );
    expect(counts(filtered)).toEqual({ Observation: 1 });
  });

  it('exports only the patient’s own compartment for a patient token', async () => {
    const manifest = await finished(await kickOff('/fhir/Patient/$export', patientToken), patientToken);
    // Group `cohort` lists p1 (as an inactive member), so it is in p1's compartment too; `others` is not.
    expect(counts(manifest)).toEqual({ Group: 1, Observation: 7, Patient: 1 });
    const patients = await ndjson(manifest.output.find((o) => o.type === 'Patient')!.url, patientToken);
    expect(patients.map((p) => p.id)).toEqual(['p1']);
    // A system-level export by the same token still holds only what the token may see.
    const system = await finished(await kickOff('/fhir/$export?_type=Patient', patientToken), patientToken);
    expect(counts(system)).toEqual({ Patient: 1 });
  });

  it('exports the active members of a Group, and hides a Group the caller may not see', async () => {
    const manifest = await finished(await kickOff('/fhir/Group/cohort/$export'));
    expect(counts(manifest)).toEqual({ Group: 2, Observation: 2, Patient: 1 });
    expect((await get('/fhir/Group/others/$export', patientToken, ASYNC)).statusCode).toBe(404);
    expect((await get('/fhir/Group/nope/$export', backend, ASYNC)).statusCode).toBe(404);
  });

  it('refuses bad kick-off requests with a 4xx OperationOutcome before any job exists', async () => {
    const before = await jobCount();
    const refused: [string, Record<string, string>, number][] = [
      ['/fhir/$export', { accept: 'application/fhir+json' }, 400], // no Prefer: respond-async
      ['/fhir/$export?_outputFormat=text/csv', ASYNC, 400],
      ['/fhir/$export?_type=Nonsense', ASYNC, 400],
      ['/fhir/$export?_since=yesterday', ASYNC, 400],
      ['/fhir/$export?_typeFilter=Observation%3F_count%3D5', ASYNC, 400],
      ['/fhir/$export?_typeFilter=Observation%3Fnonsense%3D1', ASYNC, 400],
      ['/fhir/Patient/$export?_type=Organization', ASYNC, 400],
      [
        '/fhir/$export?includeAssociatedData=LatestProvenanceResources',
        { ...ASYNC, prefer: 'respond-async, handling=strict' },
        400,
      ],
    ];
    for (const [url, headers, status] of refused) {
      const res = await get(url, backend, headers);
      expect(res.statusCode, url).toBe(status);
      expect(res.json<{ resourceType: string }>().resourceType, url).toBe('OperationOutcome');
    }
    const forbidden = await get('/fhir/$export?_type=Patient', observationsOnly, ASYNC);
    expect(forbidden.statusCode).toBe(403);
    expect(await jobCount()).toBe(before);
    // Without strict handling an unsupported parameter is ignored, and lenient handling drops types
    // outside the patient compartment instead of refusing them.
    await kickOff('/fhir/$export?_type=Organization&includeAssociatedData=LatestProvenanceResources');
    const lenient = await kickOff('/fhir/Patient/$export?_type=Organization,Patient', backend, {
      ...ASYNC,
      prefer: 'respond-async; handling=lenient',
    });
    expect(counts(await finished(lenient))).toEqual({ Patient: 2 });
  });

  it('reports progress while running, then a DELETE cancels the job and removes its files', async () => {
    const id = await createJob(engine, {
      ctx: { actor: 'Client/x', clientId: 'x', scopes: ['system/*.rs'] },
      requestUrl: `${BASE}/fhir/$export`,
      plan: { types: ['Patient'], since: undefined, typeFilters: {}, patients: undefined },
      transactionTime: new Date().toISOString(),
    });
    await engine.query(
      `UPDATE export_jobs SET owner = (SELECT owner FROM export_jobs WHERE status = 'completed' LIMIT 1),
       lease_owner = 'another-process', lease_until = now() + interval '1 hour' WHERE id = $1`,
      [id],
    );
    const running = await get(`/fhir/$export-status/${id}`, backend);
    expect(running.statusCode).toBe(202);
    expect(running.headers['x-progress']).toMatch(/resource type 1 of 1/);
    expect(Number(running.headers['retry-after'])).toBeGreaterThan(0);

    const statusUrl = await kickOff('/fhir/$export?_type=Observation');
    const file = (await finished(statusUrl)).output[0]!.url;
    const jobId = statusUrl.split('/').pop()!;
    expect(
      (
        await app.inject({
          method: 'DELETE',
          url: statusUrl.replace(BASE, ''),
          headers: { authorization: `Bearer ${backend}` },
        })
      ).statusCode,
    ).toBe(202);
    expect((await get(statusUrl, backend)).statusCode).toBe(404);
    expect((await get(file, backend)).statusCode).toBe(404);
    const left = await engine.query('SELECT 1 FROM export_file_chunks WHERE job_id = $1', [jobId]);
    expect(left.rows).toEqual([]);
  });

  it('resumes a job interrupted by a restart, writing each resource exactly once', async () => {
    const statusUrl = await kickOff('/fhir/$export?_type=Observation,Patient');
    await app.close(); // a graceful stop hands the job back; a crash leaves its lease to expire:
    const jobId = statusUrl.split('/').pop()!;
    await engine.query(
      `UPDATE export_jobs SET lease_owner = 'crashed', lease_until = now() - interval '1 second'
       WHERE id = $1 AND status = 'in-progress'`,
      [jobId],
    );
    app = await build();
    await app.ready(); // the new start takes up jobs no live worker holds
    const manifest = await finished(statusUrl);
    expect(counts(manifest)).toEqual({ Observation: 9, Patient: 2 });
    const lines = await ndjson(manifest.output.find((o) => o.type === 'Observation')!.url);
    expect(new Set(lines.map((l) => l.id)).size).toBe(9);
    expect(lines).toHaveLength(9);
  });

  it('hands a stalled worker’s job to another once its lease lapses; no page is written twice', async () => {
    let release!: () => void;
    const stall = new Promise<void>((resolve) => (release = resolve));
    let searches = 0;
    const stalling: Repository = {
      ...repo,
      async search(...args) {
        if (++searches === 2) await stall; // the first page is written, the second hangs
        return repo.search(...args);
      },
    };
    const jobId = await createJob(engine, {
      ctx: { actor: 'Client/x', clientId: 'x', scopes: ['system/*.rs'] },
      requestUrl: `${BASE}/fhir/$export?_type=Observation`,
      plan: { types: ['Observation'], since: undefined, typeFilters: {}, patients: undefined },
      transactionTime: new Date().toISOString(),
    });
    const options = { engine, baseUrl: `${BASE}/fhir`, pageSize: 3, scanSeconds: 0 };
    const first = createExportWorker({ ...options, repo: stalling });
    const second = createExportWorker({ ...options, repo });
    try {
      first.run(jobId);
      const deadline = Date.now() + 5_000;
      while (searches < 2 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 10));
      expect(searches).toBe(2);
      await engine.query(`UPDATE export_jobs SET lease_until = now() - interval '1 second' WHERE id = $1`, [
        jobId,
      ]);
      await second.resumePending();
      await second.idle();
      release();
      await first.idle(); // its late page is dropped: the job is no longer its own
      const files = await engine.query<{ count: number }>(
        'SELECT count FROM export_files WHERE job_id = $1',
        [jobId],
      );
      expect(files.rows).toEqual([{ count: 9 }]);
      const chunks = await engine.query<{ content: string }>(
        'SELECT content FROM export_file_chunks WHERE job_id = $1 ORDER BY chunk',
        [jobId],
      );
      const written = chunks.rows.flatMap((c) =>
        c.content
          .split('\n')
          .filter((l) => l !== '')
          .map((l) => (JSON.parse(l) as { id: string }).id),
      );
      expect(written.sort()).toEqual([...ids('o1-', 7), ...ids('o2-', 2)].sort());
    } finally {
      release();
      await first.close();
      await second.close();
    }
  });

  it('audits the kick-off and each file download', async () => {
    const statusUrl = await kickOff('/fhir/$export?_type=Organization');
    const manifest = await finished(statusUrl);
    await ndjson(manifest.output[0]!.url);
    const described = async () => {
      const bundle = await repo.search(SYSTEM_CONTEXT, 'AuditEvent', [['_count', '1000']], {
        baseUrl: `${BASE}/fhir`,
      });
      return (bundle.entry ?? []).flatMap((e) =>
        ((e.resource as { entity?: { description?: string }[] }).entity ?? []).map((x) => x.description),
      );
    };
    const deadline = Date.now() + 5_000;
    let seen = await described();
    while (!(seen.includes('$export') && seen.includes('$export-file')) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50)); // the audit appender seals reads within a quarter second
      seen = await described();
    }
    expect(seen).toContain('$export');
    expect(seen).toContain('$export-file');
  });

  async function jobCount(): Promise<number> {
    return Number((await engine.query<{ n: string }>('SELECT count(*) AS n FROM export_jobs')).rows[0]!.n);
  }
});

function observation(id: string, patient: string, code: string) {
  return {
    resourceType: 'Observation' as const,
    id,
    status: 'final' as const,
    code: { coding: [{ system: 'http://loinc.org', code }] },
    subject: { reference: `Patient/${patient}` },
  };
}

function ids(prefix: string, n: number): string[] {
  return Array.from({ length: n }, (_, i) => `${prefix}${i}`);
}
