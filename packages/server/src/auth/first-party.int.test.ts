// The built-in web app client (`hearth-web`, first-party.ts) end to end on the full server app: sign-in
// at /login, no consent screen, a grant fitted to the account (user/ scopes for a practitioner, patient/
// scopes with their own record for a patient), tokens that work on /fhir; every other client, and an
// account that must choose a patient, still get the consent screen.
import type { Organization, Patient } from '@medplum/fhirtypes';
import type { FastifyInstance } from 'fastify';
import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.ts';
import type { Engine } from '../db/engine.ts';
import { SYSTEM_CONTEXT } from '../db/repository.types.ts';
import { testEngines } from '../db/test-engines.ts';
import { TestBrowser } from '../identity/test-browser.ts';
import { createUser } from '../identity/users.ts';
import { buildServerApp, createServerRepository } from '../main.ts';
import { createClient, findClient, setClientDisabled } from './clients.ts';
import { FIRST_PARTY_CLIENT_ID, FIRST_PARTY_SCOPES, registerFirstPartyClient } from './first-party.ts';
import { pkcePair } from './oauth.test-app.ts';
import type { UserTokenResponse } from './user-tokens.ts';

const BASE = 'http://hearth.test';
const CALLBACK = `${BASE}/callback`;
const PASSWORD = 'correct horse battery staple';

describe.each(testEngines())('the first-party web client on %s', (_name, open) => {
  let engine: Engine;
  let app: FastifyInstance;
  let ada: string;
  let bob: string;

  function authorizeUrl(challenge: string, o: { clientId?: string; redirectUri?: string } = {}): string {
    return `/oauth2/authorize?${new URLSearchParams({
      response_type: 'code',
      client_id: o.clientId ?? FIRST_PARTY_CLIENT_ID,
      redirect_uri: o.redirectUri ?? CALLBACK,
      scope: FIRST_PARTY_SCOPES.join(' '),
      state: 'tab-state',
      nonce: 'n-1',
      aud: `${BASE}/fhir`,
      code_challenge: challenge,
      code_challenge_method: 'S256',
    }).toString()}`;
  }

  /** Signs `username` in through /login from an authorize URL; answers the response after sign-in. */
  async function signInThrough(browser: TestBrowser, url: string, username: string) {
    const toLogin = await browser.get(url);
    expect(toLogin.statusCode).toBe(302);
    const signedIn = await browser.submit(toLogin.headers.location as string, {
      username,
      password: PASSWORD,
    });
    return browser.get(signedIn.headers.location as string);
  }

  async function signInAndRedeem(username: string) {
    const browser = new TestBrowser(app);
    const { verifier, challenge } = pkcePair();
    const back = await signInThrough(browser, authorizeUrl(challenge), username);
    expect(back.statusCode, back.body).toBe(302);
    const redirect = new URL(back.headers.location as string);
    expect(`${redirect.origin}${redirect.pathname}`).toBe(CALLBACK);
    expect(redirect.searchParams.get('state')).toBe('tab-state');
    expect(redirect.searchParams.get('iss')).toBe(BASE);
    const token = await browser.post('/oauth2/token', {
      grant_type: 'authorization_code',
      code: redirect.searchParams.get('code')!,
      redirect_uri: CALLBACK,
      client_id: FIRST_PARTY_CLIENT_ID,
      code_verifier: verifier,
    });
    expect(token.statusCode, token.body).toBe(200);
    return token.json<UserTokenResponse>();
  }

  beforeAll(async () => {
    engine = await open();
    const config = loadConfig({ HEARTH_BASE_URL: BASE, HEARTH_LOG_LEVEL: 'silent' });
    const repo = createServerRepository({ engine, config });
    app = await buildServerApp({ config, engine, repo });
    const org: Organization = { resourceType: 'Organization', name: 'St Elsewhere' };
    const orgId = (await repo.create(SYSTEM_CONTEXT, org)).resource.id!;
    const patient = (family: string): Patient => ({
      resourceType: 'Patient',
      name: [{ family }],
      managingOrganization: { reference: `Organization/${orgId}` },
    });
    ada = (await repo.create(SYSTEM_CONTEXT, patient('Lovelace'))).resource.id!;
    bob = (await repo.create(SYSTEM_CONTEXT, patient('Babbage'))).resource.id!;
    await createUser(engine, {
      username: 'ada',
      role: 'patient',
      password: PASSWORD,
      fhirUser: `Patient/${ada}`,
    });
    await createUser(engine, {
      username: 'dr-grey',
      role: 'practitioner',
      password: PASSWORD,
      fhirUser: 'Practitioner/grey',
      organizations: [`Organization/${orgId}`],
    });
    await createUser(engine, {
      username: 'carer',
      role: 'caregiver',
      password: PASSWORD,
      fhirUser: 'RelatedPerson/carer',
      proxyPatients: [ada, bob],
    });
  });
  afterAll(async () => {
    await app.close();
    await engine.close();
  });

  it('is registered at start as a public client returning only to the server’s own /callback', async () => {
    const client = await findClient(engine, FIRST_PARTY_CLIENT_ID);
    expect(client).toMatchObject({ type: 'public', auth: 'none', redirect_uris: [CALLBACK] });
    expect(client?.scopes).toEqual(FIRST_PARTY_SCOPES);
  });

  it('signs a practitioner in without a consent screen, with user/ scopes and no patient context', async () => {
    const tokens = await signInAndRedeem('dr-grey');
    expect(tokens.scope.split(' ').sort()).toEqual(['fhirUser', 'online_access', 'openid', 'user/*.cruds']);
    expect(tokens.patient).toBeUndefined();
    expect(tokens.refresh_token).toBeDefined();
    const idToken = decodeJwt(tokens.id_token!);
    expect(idToken).toMatchObject({ fhirUser: `${BASE}/fhir/Practitioner/grey`, nonce: 'n-1' });
    const panel = await app.inject({
      url: '/fhir/Patient',
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(panel.statusCode).toBe(200);
    expect(panel.json<{ total: number }>().total).toBe(2);
  });

  it('signs a patient in with patient/ scopes and their own record in context, nobody else’s', async () => {
    const tokens = await signInAndRedeem('ada');
    expect(tokens.scope.split(' ').sort()).toEqual([
      'fhirUser',
      'launch/patient',
      'online_access',
      'openid',
      'patient/*.crus',
    ]);
    expect(tokens.patient).toBe(ada);
    expect(decodeJwt(tokens.id_token!).fhirUser).toBe(`${BASE}/fhir/Patient/${ada}`);
    const authorization = `Bearer ${tokens.access_token}`;
    expect((await app.inject({ url: `/fhir/Patient/${ada}`, headers: { authorization } })).statusCode).toBe(
      200,
    );
    expect((await app.inject({ url: `/fhir/Patient/${bob}`, headers: { authorization } })).statusCode).toBe(
      404,
    );
  });

  it('still shows the consent screen to a third-party app, for the same signed-in user', async () => {
    const other = await createClient(engine, {
      name: 'Growth charts',
      scopes: FIRST_PARTY_SCOPES.join(' '),
      public: true,
      redirectUris: ['https://app.example/callback'],
    });
    const browser = new TestBrowser(app);
    const own = await signInThrough(browser, authorizeUrl(pkcePair().challenge), 'dr-grey');
    expect(own.headers.location).toMatch(/^http:\/\/hearth\.test\/callback\?code=/);
    const res = await browser.get(
      authorizeUrl(pkcePair().challenge, {
        clientId: other.client_id,
        redirectUri: 'https://app.example/callback',
      }),
    );
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toMatch(/^\/oauth2\/consent\?request=/);
  });

  it('sends a caregiver of several patients to the consent screen to choose one', async () => {
    const browser = new TestBrowser(app);
    const res = await signInThrough(browser, authorizeUrl(pkcePair().challenge), 'carer');
    expect(res.statusCode).toBe(303);
    expect(res.headers.location).toMatch(/^\/oauth2\/consent\?request=/);
  });

  it('refuses another redirect URI with an error page, and requires PKCE like any public client', async () => {
    const browser = new TestBrowser(app);
    const evil = await browser.get(
      authorizeUrl(pkcePair().challenge, { redirectUri: 'https://evil.example/callback' }),
    );
    expect(evil.statusCode).toBe(400);
    expect(evil.headers.location).toBeUndefined();
    const noPkce = await browser.get(authorizeUrl('').replace(/&code_challenge=[^&]*/, ''));
    expect(noPkce.statusCode).toBe(302);
    expect(new URL(noPkce.headers.location as string).searchParams.get('error')).toBe('invalid_request');
  });

  it('re-registers idempotently, following the configuration, and an administrator’s disable sticks', async () => {
    await registerFirstPartyClient(engine, { baseUrl: BASE, devOrigin: 'http://localhost:5173' });
    await registerFirstPartyClient(engine, { baseUrl: BASE, devOrigin: 'http://localhost:5173' });
    expect((await findClient(engine, FIRST_PARTY_CLIENT_ID))?.redirect_uris).toEqual([
      CALLBACK,
      'http://localhost:5173/callback',
    ]);
    await setClientDisabled(engine, FIRST_PARTY_CLIENT_ID, true);
    await registerFirstPartyClient(engine, { baseUrl: BASE });
    expect(await findClient(engine, FIRST_PARTY_CLIENT_ID)).toBeUndefined();
    await setClientDisabled(engine, FIRST_PARTY_CLIENT_ID, false);
    expect((await findClient(engine, FIRST_PARTY_CLIENT_ID))?.redirect_uris).toEqual([CALLBACK]);
  });
});
