// No PHI, tokens or secrets in logs (issue #3 point 7): a realistic session — a confidential client gets
// a token, creates, searches and reads a patient with a recognisable name; a user signs in with a
// password; a public app exchanges an authorization code — runs with the logger at `trace` writing to
// memory, and the captured log must hold none of those values, while still recording the requests.
import { createHash, randomBytes } from 'node:crypto';
import { Writable } from 'node:stream';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createClient } from '../auth/clients.ts';
import { loadConfig } from '../config/config.ts';
import type { Engine } from '../db/engine.ts';
import { testEngines } from '../db/test-engines.ts';
import { TestBrowser } from '../identity/test-browser.ts';
import { createUser } from '../identity/users.ts';
import { buildServerApp, createServerRepository } from '../main.ts';

const BASE = 'http://hearth.test';
const REDIRECT = 'https://growth.example/callback';
const FAMILY = 'Quillfeather';
const GIVEN = 'Zenobia';
const BIRTH_DATE = '1961-07-23';
const PASSWORD = 'amber-lantern-79-quietly';

describe.each(testEngines())('nothing sensitive in the logs at trace level on %s', (_name, open) => {
  let engine: Engine;
  let app: FastifyInstance;
  let log = '';

  beforeAll(async () => {
    engine = await open();
    const config = loadConfig({ HEARTH_BASE_URL: BASE, HEARTH_LOG_LEVEL: 'trace' });
    const repo = createServerRepository({ engine, config });
    const logStream = new Writable({
      write(chunk: Buffer, _encoding, done) {
        log += chunk.toString('utf8');
        done();
      },
    });
    app = await buildServerApp({ config, engine, repo }, { logStream });
  });
  afterAll(async () => {
    await app.close();
    await engine.close();
  });

  it('logs requests by route, never names, birth dates, ids, tokens, secrets, passwords or codes', async () => {
    const secrets: string[] = [FAMILY, GIVEN, BIRTH_DATE, PASSWORD];

    const backend = await createClient(engine, { name: 'Registry', scopes: 'system/*.cruds' });
    secrets.push(backend.client_secret!);
    const granted = await app.inject({
      method: 'POST',
      url: '/oauth2/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        grant_type: 'client_credentials',
        client_id: backend.client_id,
        client_secret: backend.client_secret!,
        scope: 'system/*.cruds',
      }).toString(),
    });
    expect(granted.statusCode, granted.body).toBe(200);
    const accessToken = granted.json<{ access_token: string }>().access_token;
    secrets.push(accessToken);
    const bearer = { authorization: `Bearer ${accessToken}` };

    const created = await app.inject({
      method: 'POST',
      url: '/fhir/Patient',
      headers: { ...bearer, 'content-type': 'application/fhir+json' },
      payload: JSON.stringify({
        resourceType: 'Patient',
        name: [{ family: FAMILY, given: [GIVEN] }],
        birthDate: BIRTH_DATE,
      }),
    });
    expect(created.statusCode).toBe(201);
    const patientId = created.json<{ id: string }>().id;
    secrets.push(patientId);
    const found = await app.inject({
      url: `/fhir/Patient?name=${FAMILY}&birthdate=${BIRTH_DATE}`,
      headers: bearer,
    });
    expect(found.json<{ total?: number; entry?: unknown[] }>().entry).toHaveLength(1);
    expect((await app.inject({ url: `/fhir/Patient/${patientId}`, headers: bearer })).statusCode).toBe(200);
    expect(
      (await app.inject({ url: `/fhir/Patient/${patientId}/_history/1`, headers: bearer })).statusCode,
    ).toBe(200);

    await createUser(engine, {
      username: 'zquill',
      role: 'patient',
      password: PASSWORD,
      fhirUser: `Patient/${patientId}`,
    });
    const app2 = await createClient(engine, {
      name: 'Growth',
      scopes: 'patient/*.rs launch/patient openid fhirUser',
      public: true,
      redirectUris: [REDIRECT],
    });
    const browser = new TestBrowser(app);
    const verifier = randomBytes(32).toString('base64url');
    secrets.push(verifier);
    const query = new URLSearchParams({
      response_type: 'code',
      client_id: app2.client_id,
      redirect_uri: REDIRECT,
      scope: 'patient/Patient.rs launch/patient openid fhirUser',
      state: 'log-test-state',
      aud: `${BASE}/fhir`,
      code_challenge: createHash('sha256').update(verifier).digest('base64url'),
      code_challenge_method: 'S256',
    });
    const toLogin = await browser.get(`/oauth2/authorize?${query.toString()}`);
    const signedIn = await browser.submit(toLogin.headers.location as string, {
      username: 'zquill',
      password: PASSWORD,
    });
    expect(signedIn.statusCode).toBe(303);
    for (const value of browser.cookies.values()) secrets.push(value);
    const toConsent = await browser.get(signedIn.headers.location as string);
    const consentUrl = toConsent.headers.location as string;
    expect((await browser.get(consentUrl)).statusCode).toBe(200);
    const form = new URLSearchParams({
      request: new URL(consentUrl, BASE).searchParams.get('request')!,
      decision: 'approve',
    });
    for (const scope of ['patient/Patient.rs', 'launch/patient', 'openid', 'fhirUser'])
      form.append('scope', scope);
    const approved = await app.inject({
      method: 'POST',
      url: '/oauth2/consent',
      headers: {
        cookie: [...browser.cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        'content-type': 'application/x-www-form-urlencoded',
      },
      payload: form.toString(),
    });
    expect(approved.statusCode).toBe(303);
    const code = new URL(approved.headers.location as string).searchParams.get('code')!;
    secrets.push(code);
    const exchanged = await app.inject({
      method: 'POST',
      url: '/oauth2/token',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      payload: new URLSearchParams({
        grant_type: 'authorization_code',
        code,
        redirect_uri: REDIRECT,
        code_verifier: verifier,
        client_id: app2.client_id,
      }).toString(),
    });
    expect(exchanged.statusCode, exchanged.body).toBe(200);
    const userToken = exchanged.json<{ access_token: string; id_token?: string }>();
    secrets.push(userToken.access_token);
    if (userToken.id_token) secrets.push(userToken.id_token);
    const own = await app.inject({
      url: `/fhir/Patient/${patientId}`,
      headers: { authorization: `Bearer ${userToken.access_token}` },
    });
    expect(own.statusCode).toBe(200);

    // The log is not empty: the requests are there, by route.
    expect(log).toContain('"route":"/fhir/Patient/…"');
    expect(log).toContain('"route":"/oauth2/token"');
    for (const secret of secrets) expect(log, `log contains ${secret.slice(0, 12)}…`).not.toContain(secret);
    // Nor any header that carries credentials.
    expect(log.toLowerCase()).not.toMatch(/"authorization"|"cookie"|"set-cookie"|bearer /);
  });
});
