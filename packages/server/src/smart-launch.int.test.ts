// SMART standalone launch through the whole server (buildServerApp: identity's sign-in pages, OAuth,
// access control, FHIR REST): sign in → consent with narrowing → code → token → FHIR reads limited to
// the patient in context.
import { createHash, randomBytes } from 'node:crypto';
import type { Bundle, Observation, Patient } from '@medplum/fhirtypes';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from './auth/clients.ts';
import { loadConfig } from './config/config.ts';
import type { Engine } from './db/engine.ts';
import { SYSTEM_CONTEXT, type Repository } from './db/repository.types.ts';
import { testEngines } from './db/test-engines.ts';
import { TestBrowser } from './identity/test-browser.ts';
import { createUser } from './identity/users.ts';
import { buildServerApp, createServerRepository } from './main.ts';

const BASE = 'http://hearth.test';
const REDIRECT = 'https://growth.example/callback';
const PASSWORD = 'correct horse battery staple';

function observation(patientId: string, code: string): Observation {
  return {
    resourceType: 'Observation',
    status: 'final',
    code: { coding: [{ system: 'http://loinc.org', code }] },
    subject: { reference: `Patient/${patientId}` },
  };
}

describe.each(testEngines())('SMART standalone launch through the whole server on %s', (_name, open) => {
  let engine: Engine;
  let app: FastifyInstance;
  let repo: Repository;
  let clientId: string;
  let adaId: string;

  beforeAll(async () => {
    engine = await open();
    const config = loadConfig({ HEARTH_BASE_URL: BASE, HEARTH_LOG_LEVEL: 'silent' });
    repo = createServerRepository({ engine, config });
    app = await buildServerApp({ config, engine, repo });
    const ada: Patient = { resourceType: 'Patient', name: [{ given: ['Ada'], family: 'Lovelace' }] };
    adaId = (await repo.create(SYSTEM_CONTEXT, ada)).resource.id!;
    const other = (await repo.create<Patient>(SYSTEM_CONTEXT, { resourceType: 'Patient' })).resource.id!;
    await repo.create(SYSTEM_CONTEXT, observation(adaId, '8867-4'));
    await repo.create(SYSTEM_CONTEXT, observation(adaId, '8310-5'));
    await repo.create(SYSTEM_CONTEXT, observation(other, '8867-4'));
    await createUser(engine, {
      username: 'ada',
      role: 'patient',
      password: PASSWORD,
      fhirUser: `Patient/${adaId}`,
    });
    clientId = (
      await createClient(engine, {
        name: 'Growth',
        scopes: 'patient/*.rs launch/patient openid fhirUser offline_access',
        public: true,
        redirectUris: [REDIRECT],
      })
    ).client_id;
  });
  afterAll(async () => {
    await app.close();
    await engine.close();
  });

  it('signs in, narrows consent, exchanges the code and reads only the patient’s observations', async () => {
    const browser = new TestBrowser(app);
    const verifier = randomBytes(32).toString('base64url');
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: clientId,
      redirect_uri: REDIRECT,
      scope: 'patient/Observation.rs patient/Patient.rs launch/patient openid fhirUser offline_access',
      state: 'af0ifjsldkj',
      aud: `${BASE}/fhir`,
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
    });
    const toLogin = await browser.get(`/oauth2/authorize?${query.toString()}`);
    expect(toLogin.statusCode).toBe(302);
    const signedIn = await browser.submit(toLogin.headers.location as string, {
      username: 'ada',
      password: PASSWORD,
    });
    expect(signedIn.statusCode).toBe(303);
    const toConsent = await browser.get(signedIn.headers.location as string);
    expect(toConsent.statusCode).toBe(303);
    const consentUrl = toConsent.headers.location as string;
    const page = await browser.get(consentUrl);
    expect(page.statusCode).toBe(200);

    const cookie = [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const form = new URLSearchParams({
      request: new URL(consentUrl, BASE).searchParams.get('request')!,
      decision: 'approve',
    });
    // The user leaves out offline_access.
    for (const s of ['patient/Observation.rs', 'patient/Patient.rs', 'launch/patient', 'openid', 'fhirUser'])
      form.append('scope', s);
    const approved = await app.inject({
      method: 'POST',
      url: '/oauth2/consent',
      headers: { cookie, 'content-type': 'application/x-www-form-urlencoded' },
      payload: form.toString(),
    });
    expect(approved.statusCode).toBe(303);
    const back = new URL(approved.headers.location as string);
    expect(back.searchParams.get('state')).toBe('af0ifjsldkj');

    const tokenRes = await app.inject({
      method: 'POST',
      url: '/oauth2/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        grant_type: 'authorization_code',
        code: back.searchParams.get('code')!,
        redirect_uri: REDIRECT,
        code_verifier: verifier,
        client_id: clientId,
      }).toString(),
    });
    expect(tokenRes.statusCode).toBe(200);
    const token = tokenRes.json();
    expect(token).toMatchObject({ patient: adaId, fhirUser: `Patient/${adaId}` });
    expect(token.refresh_token).toBeUndefined();
    expect(token.scope).not.toContain('offline_access');

    const bearer = { authorization: `Bearer ${token.access_token}` };
    const mine = await app.inject({ url: `/fhir/Observation?patient=${adaId}`, headers: bearer });
    expect(mine.statusCode).toBe(200);
    expect(mine.json().entry.filter((e: any) => e.resource.resourceType === 'Observation')).toHaveLength(2);
    const all = await app.inject({ url: '/fhir/Observation', headers: bearer });
    const subjects = (all.json<Bundle<Observation>>().entry ?? []).map((e) => e.resource?.subject?.reference);
    expect(subjects).toEqual([`Patient/${adaId}`, `Patient/${adaId}`]);
    const self = await app.inject({ url: `/fhir/Patient/${adaId}`, headers: bearer });
    expect(self.statusCode).toBe(200);
  });
});
