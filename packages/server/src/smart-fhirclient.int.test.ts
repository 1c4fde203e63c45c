// Acceptance (issue #3): the official SMART client library `fhirclient` (its Node adapter, as a server-side
// app would use it) drives a standalone launch and an EHR launch against a listening Hearth: discovery,
// authorization code with PKCE S256, identity's sign-in page, the consent screen, the token exchange,
// then FHIR reads with the resulting client. The browser's part is played by identity's TestBrowser.
import type { IncomingMessage, ServerResponse } from 'node:http';
import { createServer } from 'node:net';
import type { Organization, Patient } from '@medplum/fhirtypes';
import type { FastifyInstance } from 'fastify';
import smart from 'fhirclient';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from './auth/clients.ts';
import { loadConfig } from './config/config.ts';
import type { Engine } from './db/engine.ts';
import { SYSTEM_CONTEXT } from './db/repository.types.ts';
import { testEngines } from './db/test-engines.ts';
import { TestBrowser } from './identity/test-browser.ts';
import { createUser } from './identity/users.ts';
import { buildServerApp, createServerRepository } from './main.ts';

const APP_HOST = 'localhost:9999';
const PASSWORD = 'correct horse battery staple';

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => {
        resolve(port);
      });
    });
  });
}

/** The SMART app's side: one request to it (its launch or redirect page), with a session store. */
function appRequest(url: string, session: Map<string, unknown>) {
  let location = '';
  const req = { headers: { host: APP_HOST }, url, socket: {} } as unknown as IncomingMessage;
  const res = {
    writeHead: (_status: number, headers: { location: string }) => {
      location = headers.location;
    },
    end: () => undefined,
  } as unknown as ServerResponse;
  const storage = {
    get: (key: string) => Promise.resolve(session.get(key)),
    set: (key: string, value: unknown) => Promise.resolve(session.set(key, value)),
    unset: (key: string) => Promise.resolve(session.delete(key)),
  };
  return { api: smart(req, res, storage), location: () => location };
}

describe.each(testEngines())('fhirclient against a running Hearth on %s', (_name, open) => {
  let engine: Engine;
  let app: FastifyInstance;
  let base: string;
  let adaId: string;
  let clientId: string;

  /**
   * The user's browser: from the authorization URL through sign-in and consent back to the app, leaving
   * only `keep` ticked on the consent screen.
   */
  async function approveInBrowser(authorizeUrl: string, username: string, keep: string): Promise<string> {
    const browser = new TestBrowser(app);
    const url = new URL(authorizeUrl);
    expect(url.origin).toBe(base);
    const toLogin = await browser.get(url.pathname + url.search);
    const signedIn = await browser.submit(toLogin.headers.location as string, {
      username,
      password: PASSWORD,
    });
    const toConsent = await browser.get(signedIn.headers.location as string);
    const back = await browser.submit(toConsent.headers.location as string, {
      decision: 'approve',
      scope: keep,
    });
    expect(back.statusCode).toBe(303);
    const redirect = new URL(back.headers.location as string);
    expect(redirect.host).toBe(APP_HOST);
    return redirect.pathname + redirect.search;
  }

  beforeAll(async () => {
    engine = await open();
    base = `http://127.0.0.1:${await freePort()}`;
    const config = loadConfig({ HEARTH_BASE_URL: base, HEARTH_LOG_LEVEL: 'silent' });
    const repo = createServerRepository({ engine, config });
    app = await buildServerApp({ config, engine, repo });
    await app.listen({ host: '127.0.0.1', port: Number(new URL(base).port) });
    const org: Organization = { resourceType: 'Organization', name: 'St Elsewhere' };
    const orgId = (await repo.create(SYSTEM_CONTEXT, org)).resource.id!;
    const ada: Patient = {
      resourceType: 'Patient',
      name: [{ given: ['Ada'], family: 'Lovelace' }],
      managingOrganization: { reference: `Organization/${orgId}` },
    };
    adaId = (await repo.create(SYSTEM_CONTEXT, ada)).resource.id!;
    for (const code of ['8867-4', '8310-5'])
      await repo.create(SYSTEM_CONTEXT, {
        resourceType: 'Observation',
        status: 'final',
        code: { coding: [{ system: 'http://loinc.org', code }] },
        subject: { reference: `Patient/${adaId}` },
      });
    await createUser(engine, {
      username: 'ada',
      role: 'patient',
      password: PASSWORD,
      fhirUser: `Patient/${adaId}`,
    });
    await createUser(engine, {
      username: 'dr-who',
      role: 'practitioner',
      password: PASSWORD,
      fhirUser: 'Practitioner/dr-who',
      organizations: [`Organization/${orgId}`],
    });
    clientId = (
      await createClient(engine, {
        name: 'Growth charts',
        scopes: 'launch launch/patient patient/*.rs user/*.rs openid fhirUser',
        public: true,
        redirectUris: [`http://${APP_HOST}/callback`],
        launchUrl: `http://${APP_HOST}/launch`,
      })
    ).client_id;
  });
  afterAll(async () => {
    await app.close();
    await engine.close();
  });

  it('completes a standalone launch and reads the patient’s observations with the client', async () => {
    const session = new Map<string, unknown>();
    const launch = appRequest('/launch', session);
    await launch.api.authorize({
      iss: `${base}/fhir`,
      clientId,
      scope: 'launch/patient patient/*.rs openid fhirUser',
      redirectUri: '/callback',
      pkceMode: 'required',
    });
    expect(new URL(launch.location()).searchParams.get('code_challenge_method')).toBe('S256');
    const callback = await approveInBrowser(launch.location(), 'ada', 'patient/*.rs');

    const client = await appRequest(callback, session).api.ready();
    expect(client.patient.id).toBe(adaId);
    const bundle = await client.patient.request<{ entry?: unknown[] }>('Observation');
    expect(bundle.entry).toHaveLength(2);
    const me = await client.patient.read();
    expect(me).toMatchObject({ resourceType: 'Patient', id: adaId });
  });

  it('completes an EHR launch that brings the patient in context', async () => {
    // The EHR: the practitioner signs in to a clinician app, which asks Hearth for a launch.
    const ehrSession = new Map<string, unknown>();
    const ehr = appRequest('/launch', ehrSession);
    await ehr.api.authorize({ iss: `${base}/fhir`, clientId, scope: 'user/*.rs', redirectUri: '/callback' });
    const ehrClient = await appRequest(
      await approveInBrowser(ehr.location(), 'dr-who', 'user/*.rs'),
      ehrSession,
    ).api.ready();
    const created = await app.inject({
      method: 'POST',
      url: '/oauth2/launch',
      headers: { authorization: `Bearer ${ehrClient.getState('tokenResponse.access_token') as string}` },
      payload: { patient: adaId, client_id: clientId },
    });
    expect(created.statusCode).toBe(201);
    const launchUrl = new URL(created.json<{ launch_url: string }>().launch_url);

    // The app opens at its launch URL with iss and launch, as fhirclient expects.
    const session = new Map<string, unknown>();
    const launch = appRequest(launchUrl.pathname + launchUrl.search, session);
    await launch.api.authorize({ clientId, scope: 'launch patient/*.rs', redirectUri: '/callback' });
    expect(new URL(launch.location()).searchParams.get('launch')).toBe(launchUrl.searchParams.get('launch'));
    const callback = await approveInBrowser(launch.location(), 'dr-who', 'patient/*.rs');
    const client = await appRequest(callback, session).api.ready();
    expect(client.patient.id).toBe(adaId);
    const bundle = await client.patient.request<{ entry?: unknown[] }>('Observation');
    expect(bundle.entry).toHaveLength(2);
  });
});
