import type { FastifyInstance } from 'fastify';
import { createLocalJWKSet, decodeProtectedHeader, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../db/engine.ts';
import { testEngines } from '../db/test-engines.ts';
import { createTokenService, type TokenService } from './access-tokens.ts';
import { createClient, setClientDisabled } from './clients.ts';
import { BASE, openOAuthTestApp, type OAuthTestApp } from './oauth.test-app.ts';
import { publicJwks, retireSigningKey, rotateSigningKey } from './signing-keys.ts';

function basic(id: string, secret: string): string {
  return `Basic ${Buffer.from(`${id}:${secret}`).toString('base64')}`;
}

describe.each(testEngines())('client credentials on %s', (_name, open) => {
  let engine: Engine;
  let app: FastifyInstance;
  let tokens: TokenService;
  let harness: OAuthTestApp;
  let client: { client_id: string; client_secret: string };

  async function token(body: Record<string, string>, authorization?: string) {
    return app.inject({
      method: 'POST',
      url: '/oauth2/token',
      headers: {
        'content-type': 'application/x-www-form-urlencoded',
        ...(authorization ? { authorization } : {}),
      },
      payload: new URLSearchParams(body).toString(),
    });
  }

  beforeAll(async () => {
    engine = await open();
    harness = await openOAuthTestApp(engine);
    ({ app, tokens } = harness);
    client = (await createClient(engine, { name: 'lab', scopes: 'system/*.*' })) as typeof client;
  });
  afterAll(async () => {
    await harness.close();
    await engine.close();
  });

  it('issues a bearer token for the right secret with client_secret_basic', async () => {
    const res = await token(
      { grant_type: 'client_credentials' },
      basic(client.client_id, client.client_secret),
    );
    expect(res.statusCode).toBe(200);
    expect(res.headers['cache-control']).toBe('no-store');
    const body = res.json();
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 300, scope: 'system/*.cruds' });
    expect(JSON.stringify(body)).not.toContain(client.client_secret);
  });

  it('issues a token with client_secret_post', async () => {
    const res = await token({ grant_type: 'client_credentials', ...client });
    expect(res.statusCode).toBe(200);
  });

  it('answers 401 invalid_client for a wrong secret, an unknown client and a disabled client', async () => {
    const wrong = await token({ grant_type: 'client_credentials' }, basic(client.client_id, 'nope'));
    expect(wrong.statusCode).toBe(401);
    expect(wrong.json()).toMatchObject({ error: 'invalid_client' });
    expect(wrong.headers['www-authenticate']).toContain('Basic');
    const unknown = await token({
      grant_type: 'client_credentials',
      client_id: 'nobody',
      client_secret: 'x',
    });
    expect(unknown.statusCode).toBe(401);
    const off = await createClient(engine, { name: 'off', scopes: 'system/*.read' });
    await setClientDisabled(engine, off.client_id, true);
    const disabled = await token({ grant_type: 'client_credentials', ...off });
    expect(disabled.statusCode).toBe(401);
    expect(disabled.json()).toMatchObject({ error: 'invalid_client' });
  });

  it('rejects other grant types and a missing grant type per RFC 6749 §5.2', async () => {
    const res = await token({ grant_type: 'password', ...client });
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ error: 'unsupported_grant_type' });
    expect((await token({ ...client })).json()).toMatchObject({ error: 'invalid_request' });
  });

  it('narrows the requested scope to what the client may have', async () => {
    const reader = await createClient(engine, { name: 'reader', scopes: 'system/Patient.read' });
    const res = await token({ grant_type: 'client_credentials', scope: 'system/*.cruds', ...reader });
    expect(res.json().scope).toBe('system/Patient.rs');
    const none = await token({
      grant_type: 'client_credentials',
      scope: 'system/Observation.read',
      ...reader,
    });
    expect(none.statusCode).toBe(400);
    expect(none.json()).toMatchObject({ error: 'invalid_scope' });
  });

  it('signs tokens that verify against the published JWKS', async () => {
    const accessToken = (await token({ grant_type: 'client_credentials', ...client })).json().access_token;
    const jwks = (await app.inject({ method: 'GET', url: '/oauth2/jwks' })).json();
    const { kid } = decodeProtectedHeader(accessToken);
    expect(jwks.keys.map((k: { kid: string }) => k.kid)).toContain(kid);
    const { payload } = await jwtVerify(accessToken, createLocalJWKSet(jwks), {
      issuer: BASE,
      audience: `${BASE}/fhir`,
    });
    expect(payload).toMatchObject({
      sub: client.client_id,
      client_id: client.client_id,
      scope: 'system/*.cruds',
    });
  });

  it('accepts a valid token on the FHIR API and refuses none, garbage and expired ones', async () => {
    const accessToken = (await token({ grant_type: 'client_credentials', ...client })).json().access_token;
    const ok = await app.inject({
      url: '/fhir/whoami',
      headers: { authorization: `Bearer ${accessToken}` },
    });
    expect(ok.json()).toMatchObject({ actor: `Client/${client.client_id}`, scopes: ['system/*.cruds'] });
    expect((await app.inject({ url: '/fhir/whoami' })).statusCode).toBe(401);
    const garbage = await app.inject({
      url: '/fhir/whoami',
      headers: { authorization: 'Bearer abc.def.ghi' },
    });
    expect(garbage.statusCode).toBe(401);
    const past = createTokenService({
      db: engine,
      baseUrl: BASE,
      accessTokenSeconds: 60,
      now: () => new Date(Date.now() - 3_600_000),
    });
    const stale = await past.issue({ clientId: client.client_id, scopes: ['system/*.rs'] });
    await expect(tokens.verify(stale.access_token)).rejects.toThrow(/expired/);
  });

  it('keeps verifying tokens across a key rotation until the old key is retired', async () => {
    const before = await tokens.issue({ clientId: client.client_id, scopes: ['system/*.rs'] });
    const oldKid = decodeProtectedHeader(before.access_token).kid!;
    const newKid = await rotateSigningKey(engine);
    const rotated = createTokenService({ db: engine, baseUrl: BASE, accessTokenSeconds: 60 });
    const after = await rotated.issue({ clientId: client.client_id, scopes: ['system/*.rs'] });
    expect(decodeProtectedHeader(after.access_token).kid).toBe(newKid);
    await expect(tokens.verify(after.access_token)).resolves.toMatchObject({ clientId: client.client_id });
    await expect(rotated.verify(before.access_token)).resolves.toMatchObject({ clientId: client.client_id });
    await retireSigningKey(engine, oldKid);
    const fresh = createTokenService({ db: engine, baseUrl: BASE, accessTokenSeconds: 60 });
    await expect(fresh.verify(before.access_token)).rejects.toThrow(/invalid/);
  });

  it('publishes every required and recommended SMART configuration field', async () => {
    const res = await app.inject({ url: '/fhir/.well-known/smart-configuration' });
    expect(res.statusCode).toBe(200);
    const conf = res.json();
    expect(conf).toMatchObject({
      issuer: BASE,
      jwks_uri: `${BASE}/oauth2/jwks`,
      authorization_endpoint: `${BASE}/oauth2/authorize`,
      token_endpoint: `${BASE}/oauth2/token`,
      introspection_endpoint: `${BASE}/oauth2/introspect`,
      revocation_endpoint: `${BASE}/oauth2/revoke`,
      management_endpoint: `${BASE}/oauth2/manage`,
      grant_types_supported: ['authorization_code', 'refresh_token', 'client_credentials'],
      response_types_supported: ['code'],
      code_challenge_methods_supported: ['S256'],
    });
    expect(conf.token_endpoint_auth_methods_supported).toContain('private_key_jwt');
    expect(conf.scopes_supported).toEqual(
      expect.arrayContaining(['openid', 'fhirUser', 'launch/patient', 'offline_access']),
    );
    expect(conf.capabilities).toEqual(
      expect.arrayContaining([
        'launch-ehr',
        'launch-standalone',
        'client-public',
        'client-confidential-asymmetric',
        'sso-openid-connect',
        'context-standalone-patient',
        'permission-v2',
        'permission-offline',
      ]),
    );
    const brands = (await app.inject({ url: conf.user_access_brand_bundle.replace(BASE, '') })).json();
    expect(brands).toMatchObject({ resourceType: 'Bundle', type: 'collection' });
    expect(brands.entry[0].resource.identifier).toEqual([conf.user_access_brand_identifier]);
    expect(brands.entry[1].resource).toMatchObject({ resourceType: 'Endpoint', address: `${BASE}/fhir` });
    const oidc = (await app.inject({ url: '/.well-known/openid-configuration' })).json();
    expect(oidc).toMatchObject({ issuer: BASE, jwks_uri: `${BASE}/oauth2/jwks` });
  });

  it('answers a credential-stuffing burst with 429, never a 5xx', async () => {
    const t = await openOAuthTestApp(engine, { rateLimit: { max: 5, timeWindow: 60_000 } });
    try {
      const statuses: number[] = [];
      for (let i = 0; i < 8; i++) {
        const res = await t.app.inject({
          method: 'POST',
          url: '/oauth2/token',
          headers: {
            'content-type': 'application/x-www-form-urlencoded',
            authorization: basic('someone', `guess-${i}`),
          },
          payload: 'grant_type=client_credentials',
        });
        statuses.push(res.statusCode);
      }
      expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
      expect(statuses.slice(5)).toEqual([429, 429, 429]);
    } finally {
      await t.close();
    }
  });

  it('rotates a key older than the policy allows and retires it once its tokens have expired', async () => {
    // Last in this suite: it leaves keys with future creation times behind.
    let offsetDays = 0;
    const now = () => new Date(Date.now() + offsetDays * 86_400_000);
    const service = createTokenService({
      db: engine,
      baseUrl: BASE,
      accessTokenSeconds: 300,
      now,
      keyPolicy: { rotateAfterSeconds: 30 * 86_400, recheckSeconds: 0 },
    });
    const first = await service.issue({ clientId: 'c', scopes: ['system/*.rs'] });
    const oldKid = decodeProtectedHeader(first.access_token).kid;

    offsetDays = 31;
    const second = await service.issue({ clientId: 'c', scopes: ['system/*.rs'] });
    const newKid = decodeProtectedHeader(second.access_token).kid;
    expect(newKid).not.toBe(oldKid);
    // Access tokens are ES256; the RS256 id_token key rotates and retires alongside, on its own.
    const published = async (alg = 'ES256') =>
      (await publicJwks(engine)).keys.filter((k) => k.alg === alg).map((k) => k.kid);
    expect(await published()).toEqual(expect.arrayContaining([oldKid, newKid]));

    offsetDays = 31.01; // ~14 minutes later: longer than a token lives
    await service.issue({ clientId: 'c', scopes: ['system/*.rs'] });
    expect(await published()).toEqual([newKid]);
    expect(await published('RS256')).toHaveLength(1);
  });
});
