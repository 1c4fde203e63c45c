// OIDC RP-Initiated Logout 1.0 at /oauth2/logout on the full server app: the web app's Sign out ends the
// login session (the next authorize asks for the password again) and its grant, only for a registered
// post_logout_redirect_uri; a hint for someone else ends nothing without the user's confirmation.
import type { FastifyInstance } from 'fastify';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.ts';
import { renderAuditEvent } from '../audit/audit-render.ts';
import type { Engine } from '../db/engine.ts';
import { testEngines } from '../db/test-engines.ts';
import { TestBrowser } from '../identity/test-browser.ts';
import { createUser } from '../identity/users.ts';
import { buildServerApp, createServerRepository } from '../main.ts';
import { FIRST_PARTY_CLIENT_ID, FIRST_PARTY_SCOPES } from './first-party.ts';
import { pkcePair } from './oauth.test-app.ts';
import { currentSigningKey } from './signing-keys.ts';
import type { UserTokenResponse } from './user-tokens.ts';

const BASE = 'http://hearth.test';
const CALLBACK = `${BASE}/callback`;
const PASSWORD = 'correct horse battery staple';

describe.each(testEngines())('RP-initiated logout on %s', (_name, open) => {
  let engine: Engine;
  let app: FastifyInstance;
  let greyId: string;

  function authorizeUrl(challenge: string): string {
    return `/oauth2/authorize?${new URLSearchParams({
      response_type: 'code',
      client_id: FIRST_PARTY_CLIENT_ID,
      redirect_uri: CALLBACK,
      scope: FIRST_PARTY_SCOPES.join(' '),
      state: 'tab-state',
      aud: `${BASE}/fhir`,
      code_challenge: challenge,
      code_challenge_method: 'S256',
    }).toString()}`;
  }

  /** A browser signed in as `username` through /login, with the web app's tokens. */
  async function signIn(username: string) {
    const browser = new TestBrowser(app);
    const { verifier, challenge } = pkcePair();
    const toLogin = await browser.get(authorizeUrl(challenge));
    expect(toLogin.statusCode).toBe(302);
    const signedIn = await browser.submit(toLogin.headers.location as string, {
      username,
      password: PASSWORD,
    });
    const back = await browser.get(signedIn.headers.location as string);
    expect(back.statusCode, back.body).toBe(302);
    const token = await browser.post('/oauth2/token', {
      grant_type: 'authorization_code',
      code: new URL(back.headers.location as string).searchParams.get('code')!,
      redirect_uri: CALLBACK,
      client_id: FIRST_PARTY_CLIENT_ID,
      code_verifier: verifier,
    });
    expect(token.statusCode, token.body).toBe(200);
    const tokens = token.json<UserTokenResponse>();
    expect(tokens.id_token).toBeDefined();
    expect(tokens.refresh_token).toBeDefined();
    return { browser, tokens };
  }

  /** Where /oauth2/authorize sends this browser now: to /login when it has no session. */
  async function authorizeGoesTo(browser: TestBrowser): Promise<string> {
    const res = await browser.get(authorizeUrl(pkcePair().challenge));
    expect(res.statusCode).toBe(302);
    return new URL(res.headers.location as string, BASE).pathname;
  }

  function logoutUrl(params: Record<string, string>): string {
    return `/oauth2/logout?${new URLSearchParams(params).toString()}`;
  }

  beforeAll(async () => {
    engine = await open();
    const config = loadConfig({ HEARTH_BASE_URL: BASE, HEARTH_LOG_LEVEL: 'silent' });
    const repo = createServerRepository({ engine, config });
    app = await buildServerApp({ config, engine, repo });
    for (const username of ['dr-grey', 'dr-house']) {
      const user = await createUser(engine, {
        username,
        role: 'practitioner',
        password: PASSWORD,
        fhirUser: `Practitioner/${username}`,
      });
      if (username === 'dr-grey') greyId = user.id;
    }
  });

  afterAll(async () => {
    await app.close();
    await engine.close();
  });

  it('advertises end_session_endpoint in both discovery documents', async () => {
    for (const url of ['/.well-known/openid-configuration', '/fhir/.well-known/smart-configuration']) {
      const res = await app.inject({ url });
      expect(res.json<Record<string, unknown>>().end_session_endpoint).toBe(`${BASE}/oauth2/logout`);
    }
  });

  it('ends the session and the grant, then returns to the app with its state', async () => {
    const { browser, tokens } = await signIn('dr-grey');
    expect(await authorizeGoesTo(browser)).toBe('/callback');
    const res = await browser.get(
      logoutUrl({ id_token_hint: tokens.id_token!, post_logout_redirect_uri: `${BASE}/`, state: 'bye-1' }),
    );
    expect(res.statusCode, res.body).toBe(303);
    expect(res.headers.location).toBe(`${BASE}/?state=bye-1`);
    expect(await authorizeGoesTo(browser)).toBe('/login');
    const refresh = await browser.post('/oauth2/token', {
      grant_type: 'refresh_token',
      refresh_token: tokens.refresh_token!,
      client_id: FIRST_PARTY_CLIENT_ID,
    });
    expect(refresh.statusCode).toBe(400);
    const read = await app.inject({
      url: '/fhir/Patient',
      headers: { authorization: `Bearer ${tokens.access_token}` },
    });
    expect(read.statusCode).toBe(401);
    // DICOM 110123 Logout, naming the user (sign-in-audit.ts).
    const audit = await engine.query<{ entry: string }>('SELECT entry FROM audit_entries');
    const logouts = audit.rows
      .map((r) => JSON.stringify(renderAuditEvent(r.entry)))
      .filter((e) => e.includes('"110123"') && e.includes(greyId));
    expect(logouts).toHaveLength(1);
  });

  it('refuses a post_logout_redirect_uri the app did not register, and ends nothing', async () => {
    const { browser, tokens } = await signIn('dr-grey');
    for (const uri of ['https://evil.example/', `${BASE}/callback`, BASE]) {
      const res = await browser.get(
        logoutUrl({ id_token_hint: tokens.id_token!, post_logout_redirect_uri: uri }),
      );
      expect(res.statusCode).toBe(400);
      expect(res.headers.location).toBeUndefined();
    }
    expect(await authorizeGoesTo(browser)).toBe('/callback');
  });

  it('refuses a forged hint, and accepts an expired genuine one', async () => {
    const { browser, tokens } = await signIn('dr-grey');
    const [h, p, s] = tokens.id_token!.split('.');
    const forged = `${h}.${p}.${s!.slice(0, -4)}AAAA`;
    expect((await browser.get(logoutUrl({ id_token_hint: forged }))).statusCode).toBe(400);
    expect(await authorizeGoesTo(browser)).toBe('/callback');
    const key = await currentSigningKey(engine, 'RS256');
    const expired = await new SignJWT({ iss: BASE, sub: greyId, aud: FIRST_PARTY_CLIENT_ID })
      .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'JWT' })
      .setIssuedAt(Math.floor(Date.now() / 1000) - 7200)
      .setExpirationTime(Math.floor(Date.now() / 1000) - 3600)
      .sign(key.privateKey);
    const res = await browser.get(logoutUrl({ id_token_hint: expired }));
    expect(res.statusCode).toBe(200);
    expect(res.body).toContain('You are signed out');
    expect(await authorizeGoesTo(browser)).toBe('/login');
  });

  it("asks before ending the session when the hint is another user's", async () => {
    const house = await signIn('dr-house');
    const { browser } = await signIn('dr-grey');
    const url = logoutUrl({ id_token_hint: house.tokens.id_token!, post_logout_redirect_uri: `${BASE}/` });
    const page = await browser.get(url);
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('Sign out of Hearth?');
    expect(await authorizeGoesTo(browser)).toBe('/callback');
    // Without the page's CSRF token a post changes nothing either.
    const forged = await browser.post('/oauth2/logout', { id_token_hint: house.tokens.id_token!, csrf: 'x' });
    expect(forged.statusCode).toBe(200);
    expect(await authorizeGoesTo(browser)).toBe('/callback');
    const confirmed = await browser.submit(url, {}, '/oauth2/logout');
    expect(confirmed.statusCode).toBe(303);
    expect(confirmed.headers.location).toBe(`${BASE}/`);
    expect(await authorizeGoesTo(browser)).toBe('/login');
    // dr-house's own session was never touched.
    expect(await authorizeGoesTo(house.browser)).toBe('/callback');
  });
});
