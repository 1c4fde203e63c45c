import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from './auth/clients.ts';
import { loadConfig } from './config/config.ts';
import type { Engine } from './db/engine.ts';
import { createRepository } from './db/repository.ts';
import { testEngines } from './db/test-engines.ts';
import { createInProcessBus } from './events/bus.ts';
import { buildServerApp } from './main.ts';

describe.each(testEngines())('the server app on %s', (_name, open) => {
  let engine: Engine;
  let app: FastifyInstance;

  beforeAll(async () => {
    engine = await open();
    const config = loadConfig({ HEARTH_BASE_URL: 'http://hearth.test', HEARTH_LOG_LEVEL: 'silent' });
    app = await buildServerApp({
      config,
      engine,
      repo: createRepository({ db: engine, bus: createInProcessBus() }),
    });
  });
  afterAll(async () => {
    await app.close();
    await engine.close();
  });

  it('refuses the FHIR API without a token, with a Bearer challenge, and leaves metadata open', async () => {
    const res = await app.inject({ url: '/fhir/Patient' });
    expect(res.statusCode).toBe(401);
    expect(res.headers['www-authenticate']).toMatch(/^Bearer/);
    expect(res.json()).toMatchObject({ resourceType: 'OperationOutcome' });
    expect((await app.inject({ url: '/fhir/metadata' })).statusCode).toBe(200);
  });

  it('serves the FHIR API to a client holding a token from /oauth2/token', async () => {
    const client = await createClient(engine, { name: 'app', scopes: 'system/*.*' });
    const token = await app.inject({
      method: 'POST',
      url: '/oauth2/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({ grant_type: 'client_credentials', ...client }).toString(),
    });
    expect(token.statusCode).toBe(200);
    const authorization = `Bearer ${token.json<{ access_token: string }>().access_token}`;
    const created = await app.inject({
      method: 'POST',
      url: '/fhir/Patient',
      headers: { authorization, 'content-type': 'application/fhir+json' },
      payload: { resourceType: 'Patient', name: [{ family: 'Hearth' }] },
    });
    expect(created.statusCode).toBe(201);
    const id = created.json<{ id: string }>().id;
    const read = await app.inject({ url: `/fhir/Patient/${id}`, headers: { authorization } });
    expect(read.json()).toMatchObject({ resourceType: 'Patient', id });
  });
});
