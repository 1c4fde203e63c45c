import { randomUUID } from 'node:crypto';
import Fastify, { type FastifyInstance } from 'fastify';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Engine } from '../db/engine.ts';
import { testEngines } from '../db/test-engines.ts';
import { CLIENT_ASSERTION_TYPE } from './client-assertion.ts';
import { createClient } from './clients.ts';
import { BASE, openOAuthTestApp, postForm, type OAuthTestApp } from './oauth.test-app.ts';

const TOKEN_URL = `${BASE}/oauth2/token`;

interface TestKey {
  alg: 'RS384' | 'ES384';
  kid: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

async function testKey(alg: TestKey['alg']): Promise<TestKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const kid = randomUUID();
  return { alg, kid, privateKey, publicJwk: { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' } };
}

interface AssertionOptions {
  aud?: string;
  expiresInSeconds?: number;
  jti?: string;
  alg?: string;
}

function assertion(clientId: string, key: TestKey, o: AssertionOptions = {}): Promise<string> {
  const now = Math.floor(Date.now() / 1000);
  return new SignJWT({})
    .setProtectedHeader({ alg: o.alg ?? key.alg, kid: key.kid, typ: 'JWT' })
    .setIssuer(clientId)
    .setSubject(clientId)
    .setAudience(o.aud ?? TOKEN_URL)
    .setJti(o.jti ?? randomUUID())
    .setIssuedAt(now)
    .setExpirationTime(now + (o.expiresInSeconds ?? 240))
    .sign(key.privateKey);
}

describe.each(testEngines())('private_key_jwt backend services on %s', (_name, open) => {
  let engine: Engine;
  let t: OAuthTestApp;
  let jwksServer: FastifyInstance;
  let es384: TestKey;
  let rs384: TestKey;
  let inlineClient: string;
  let urlClient: string;

  const token = (clientAssertion: string) =>
    postForm(t, '/oauth2/token', {
      grant_type: 'client_credentials',
      scope: 'system/Observation.rs',
      client_assertion_type: CLIENT_ASSERTION_TYPE,
      client_assertion: clientAssertion,
    });

  beforeAll(async () => {
    engine = await open();
    t = await openOAuthTestApp(engine);
    [es384, rs384] = await Promise.all([testKey('ES384'), testKey('RS384')]);
    inlineClient = (
      await createClient(engine, {
        name: 'lab feed',
        scopes: 'system/*.rs',
        jwks: { keys: [es384.publicJwk] },
      })
    ).client_id;
    jwksServer = Fastify();
    jwksServer.get('/jwks.json', () => ({ keys: [rs384.publicJwk] }));
    const url = await jwksServer.listen({ host: '127.0.0.1', port: 0 });
    urlClient = (
      await createClient(engine, { name: 'registry', scopes: 'system/*.rs', jwksUrl: `${url}/jwks.json` })
    ).client_id;
  });
  afterAll(async () => {
    await jwksServer.close();
    await t.close();
    await engine.close();
  });

  it('issues a system token for an ES384 assertion against an inline JWK Set', async () => {
    const res = await token(await assertion(inlineClient, es384));
    expect(res.statusCode).toBe(200);
    expect(res.json()).toMatchObject({ token_type: 'Bearer', scope: 'system/Observation.rs' });
    expect(res.json().refresh_token).toBeUndefined();
  });

  it('issues a token for an RS384 assertion verified against the client’s JWKS URL', async () => {
    const res = await token(await assertion(urlClient, rs384));
    expect(res.statusCode).toBe(200);
  });

  it('refuses a replayed jti', async () => {
    const signed = await assertion(inlineClient, es384);
    expect((await token(signed)).statusCode).toBe(200);
    const replay = await token(signed);
    expect(replay.statusCode).toBe(401);
    expect(replay.json()).toMatchObject({
      error: 'invalid_client',
      error_description: expect.stringContaining('jti'),
    });
  });

  it('refuses an expired assertion and one that lives longer than five minutes', async () => {
    const expired = await token(await assertion(inlineClient, es384, { expiresInSeconds: -30 }));
    expect(expired.json()).toMatchObject({
      error: 'invalid_client',
      error_description: expect.stringContaining('expired'),
    });
    const tooLong = await token(await assertion(inlineClient, es384, { expiresInSeconds: 3600 }));
    expect(tooLong.statusCode).toBe(401);
  });

  it('refuses an assertion signed with a key the client did not register', async () => {
    const stranger = await testKey('ES384');
    const res = await token(await assertion(inlineClient, { ...stranger, kid: es384.kid }));
    expect(res.statusCode).toBe(401);
    expect(res.json()).toMatchObject({ error: 'invalid_client' });
  });

  it('refuses a wrong audience and an algorithm other than RS384/ES384', async () => {
    expect((await token(await assertion(inlineClient, es384, { aud: `${BASE}/elsewhere` }))).statusCode).toBe(
      401,
    );
    const es256 = await generateKeyPair('ES256', { extractable: true });
    const es256Client = (
      await createClient(engine, {
        name: 'weak',
        scopes: 'system/*.rs',
        jwks: { keys: [{ ...(await exportJWK(es256.publicKey)), kid: 'k1', alg: 'ES256' }] },
      })
    ).client_id;
    const weak = await assertion(
      es256Client,
      { alg: 'ES384', kid: 'k1', privateKey: es256.privateKey, publicJwk: {} },
      { alg: 'ES256' },
    );
    expect((await token(weak)).json()).toMatchObject({
      error: 'invalid_client',
      error_description: expect.stringContaining('RS384'),
    });
  });

  it('refuses registering private key material as a client JWK Set', async () => {
    const { privateKey } = await generateKeyPair('ES384', { extractable: true });
    await expect(
      createClient(engine, {
        name: 'oops',
        scopes: 'system/*.rs',
        jwks: { keys: [await exportJWK(privateKey)] },
      }),
    ).rejects.toThrow(/public keys only/);
  });
});
