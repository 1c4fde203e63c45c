import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findClient } from '../auth/clients.ts';
import { publicJwks } from '../auth/signing-keys.ts';
import type { Engine } from '../db/engine.ts';
import { createRepository } from '../db/repository.ts';
import { testEngines } from '../db/test-engines.ts';
import { createInProcessBus } from '../events/bus.ts';
import { buildAdminApp } from './admin.routes.ts';

describe.each(testEngines())('admin API for SMART app registration on %s', (_name, open) => {
  let engine: Engine;
  let admin: ReturnType<typeof buildAdminApp>;

  beforeAll(async () => {
    engine = await open();
    const repo = createRepository({ db: engine, bus: createInProcessBus() });
    admin = buildAdminApp({ engine, repo, config: { baseUrl: 'http://hearth.test', dataDir: '.' } });
  });
  afterAll(async () => {
    await admin.close();
    await engine.close();
  });

  it('registers a public app with exact redirect URIs and a launch URL, and no secret', async () => {
    const res = await admin.inject({
      method: 'POST',
      url: '/admin/clients',
      payload: {
        name: 'growth charts',
        scope: 'patient/*.rs launch/patient openid',
        public: true,
        redirect_uris: ['https://app.example/cb', 'http://localhost:9000/cb'],
        launch_url: 'https://app.example/launch',
      },
    });
    expect(res.statusCode).toBe(201);
    expect(res.json().client_secret).toBeUndefined();
    expect(await findClient(engine, res.json().client_id)).toMatchObject({
      type: 'public',
      auth: 'none',
      redirect_uris: ['https://app.example/cb', 'http://localhost:9000/cb'],
      launch_url: 'https://app.example/launch',
    });
  });

  it('refuses a non-https redirect URI and a fragment with a 400', async () => {
    for (const uri of ['http://app.example/cb', 'https://app.example/cb#x']) {
      const res = await admin.inject({
        method: 'POST',
        url: '/admin/clients',
        payload: { name: 'x', scope: 'patient/*.rs', public: true, redirect_uris: [uri] },
      });
      expect(res.statusCode).toBe(400);
    }
  });

  it('rotates the signing key, keeping the previous one published', async () => {
    const first = await admin.inject({ method: 'POST', url: '/admin/keys/rotate' });
    const second = await admin.inject({ method: 'POST', url: '/admin/keys/rotate' });
    const kids = (await publicJwks(engine)).keys.map((k) => k.kid);
    expect(kids).toEqual(expect.arrayContaining([first.json().kid, second.json().kid]));
  });
});
