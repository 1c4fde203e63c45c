// $export applies role and Consent exactly as search does (access/): a practitioner of an outside
// organization exports their panel minus the patient who denied that organization (patient-privacy
// Consent), and a researcher, who sees aggregates only, cannot export individual records.
import { randomUUID } from 'node:crypto';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { POPULATION } from '../access/access.fixtures.ts';
import { createTokenService } from '../auth/access-tokens.ts';
import { createClient } from '../auth/clients.ts';
import { loadConfig } from '../config/config.ts';
import type { Engine } from '../db/engine.ts';
import { SYSTEM_CONTEXT, type UserRole } from '../db/repository.types.ts';
import { testEngines } from '../db/test-engines.ts';
import { buildServerApp, createServerRepository } from '../main.ts';

const BASE = 'http://hearth.test';
const ASYNC = { prefer: 'respond-async', accept: 'application/fhir+json' };

describe.each(testEngines())('$export under role and Consent on %s', (_name, open) => {
  let engine: Engine;
  let app: FastifyInstance;
  let token: (role: UserRole, fhirUser?: string) => Promise<string>;

  beforeAll(async () => {
    engine = await open();
    const config = loadConfig({ HEARTH_BASE_URL: BASE, HEARTH_LOG_LEVEL: 'silent' });
    const repo = createServerRepository({ engine, config });
    await repo.putMany(SYSTEM_CONTEXT, POPULATION);
    app = await buildServerApp({ config, engine, repo }, { bulkExport: { scanSeconds: 0 } });
    const tokens = createTokenService({ db: engine, baseUrl: BASE, accessTokenSeconds: 300 });
    const { client_id } = await createClient(engine, { name: 'ehr', scopes: 'user/*.rs' });
    token = async (role, fhirUser) => {
      const user = { id: randomUUID(), role, ...(fhirUser ? { fhirUser } : {}) };
      const grant = { clientId: client_id, scopes: ['user/*.rs'], user };
      return (await tokens.issue({ clientId: client_id, scopes: grant.scopes, grant })).access_token;
    };
  });
  afterAll(async () => {
    await app.close();
    await engine.close();
  });

  const get = (url: string, bearer: string, headers: Record<string, string> = {}) =>
    app.inject({ url: url.replace(BASE, ''), headers: { authorization: `Bearer ${bearer}`, ...headers } });

  async function exportIds(bearer: string, path: string): Promise<Record<string, string[]>> {
    const kickOff = await get(path, bearer, ASYNC);
    expect(kickOff.statusCode, kickOff.body).toBe(202);
    await app.exportWorker!.idle();
    const status = await get(String(kickOff.headers['content-location']), bearer);
    expect(status.statusCode).toBe(200);
    const ids: Record<string, string[]> = {};
    for (const file of status.json<{ output: { type: string; url: string }[] }>().output) {
      const lines = (await get(file.url, bearer)).body.split('\n').filter((l) => l !== '');
      ids[file.type] = lines.map((l) => (JSON.parse(l) as { id: string }).id).sort();
    }
    return ids;
  }

  it('leaves out the patient who denied the practitioner’s organization, as search does', async () => {
    const drB = await token('practitioner', 'Practitioner/dr-b');
    const exported = await exportIds(drB, '/fhir/Patient/$export?_type=Patient,Observation,Encounter');
    expect(exported).toEqual({ Observation: ['bob-vital'], Patient: ['bob'] });
    const searched = await get('/fhir/Patient', drB);
    const ids = searched.json<{ entry?: { resource: { id: string } }[] }>().entry?.map((e) => e.resource.id);
    expect(ids).toEqual(['bob']);
  });

  it('refuses individual records to a researcher (aggregates only)', async () => {
    const researcher = await token('researcher');
    const res = await get('/fhir/$export?_type=Patient', researcher, ASYNC);
    expect(res.statusCode).toBe(403);
    expect(res.json<{ resourceType: string }>().resourceType).toBe('OperationOutcome');
  });
});
