// The server's CORS policy (http/cors.ts) and security headers (helmet, identity's CSP) through the whole
// server: SMART public endpoints answer any origin without credentials, the FHIR API only the exact
// origins of HEARTH_CORS_ORIGINS, the sign-in pages none; every response carries the helmet headers.
import type { FastifyInstance, InjectOptions } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.ts';
import type { Engine } from '../db/engine.ts';
import { testEngines } from '../db/test-engines.ts';
import { buildServerApp, createServerRepository } from '../main.ts';

const PORTAL = 'https://portal.example';
const STRANGER = 'https://evil.example';

describe.each(testEngines())('CORS and security headers on %s', (_name, open) => {
  let engine: Engine;
  let app: FastifyInstance;

  beforeAll(async () => {
    engine = await open();
    const config = loadConfig({
      HEARTH_BASE_URL: 'http://hearth.test',
      HEARTH_LOG_LEVEL: 'silent',
      HEARTH_CORS_ORIGINS: `${PORTAL}, https://kiosk.example:8443`,
    });
    const repo = createServerRepository({ engine, config });
    app = await buildServerApp({ config, engine, repo });
  });
  afterAll(async () => {
    await app.close();
    await engine.close();
  });

  const preflight = (url: string, origin: string, method = 'GET') =>
    app.inject({
      method: 'OPTIONS',
      url,
      headers: {
        origin,
        'access-control-request-method': method,
        'access-control-request-headers': 'authorization, content-type',
      },
    } satisfies InjectOptions);

  it('lets an allow-listed origin call the FHIR API, echoing that origin without credentials', async () => {
    const res = await app.inject({ url: '/fhir/metadata', headers: { origin: PORTAL } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBe(PORTAL);
    expect(res.headers['access-control-allow-credentials']).toBeUndefined();
    expect(res.headers['access-control-expose-headers']).toContain('location');
    expect(res.headers.vary).toContain('Origin');
    // The CapabilityStatement tells browser apps so (rest.security.cors); without origins it says false.
    expect(res.json<{ rest: { security: { cors: boolean } }[] }>().rest[0]!.security.cors).toBe(true);
  });

  it('answers an allow-listed preflight before authentication, with the FHIR methods and headers', async () => {
    const res = await preflight('/fhir/Patient', PORTAL, 'POST');
    expect(res.statusCode).toBe(204);
    expect(res.headers['access-control-allow-origin']).toBe(PORTAL);
    expect(res.headers['access-control-allow-methods']).toContain('POST');
    expect(res.headers['access-control-allow-headers']).toContain('authorization');
    expect(res.headers['access-control-max-age']).toBe('600');
  });

  it('lets an allow-listed origin read a 401, so a browser app can renew its token', async () => {
    const res = await app.inject({ url: '/fhir/Patient', headers: { origin: PORTAL } });
    expect(res.statusCode).toBe(401);
    expect(res.headers['access-control-allow-origin']).toBe(PORTAL);
  });

  it('gives a refused origin no CORS headers, on requests and preflights', async () => {
    const res = await app.inject({ url: '/fhir/metadata', headers: { origin: STRANGER } });
    expect(res.statusCode).toBe(200);
    expect(res.headers['access-control-allow-origin']).toBeUndefined();
    const pre = await preflight('/fhir/Patient', STRANGER);
    expect(pre.statusCode).not.toBe(204);
    expect(pre.statusCode).toBeLessThan(500);
    expect(pre.headers['access-control-allow-origin']).toBeUndefined();
    // An allow-listed origin must match exactly: no other port, scheme or suffix.
    for (const near of ['http://portal.example', 'https://portal.example:444', 'https://portal.example.evil'])
      expect(
        (await app.inject({ url: '/fhir/metadata', headers: { origin: near } })).headers[
          'access-control-allow-origin'
        ],
      ).toBeUndefined();
  });

  it('never opens the sign-in and authorize pages to another origin, even an allow-listed one', async () => {
    for (const url of ['/login', '/oauth2/authorize']) {
      const res = await app.inject({ url, headers: { origin: PORTAL } });
      expect(res.headers['access-control-allow-origin']).toBeUndefined();
      expect((await preflight(url, PORTAL, 'POST')).headers['access-control-allow-origin']).toBeUndefined();
    }
  });

  it('answers any origin on the SMART token endpoint and discovery, without credentials', async () => {
    const pre = await preflight('/oauth2/token', 'https://app.example', 'POST');
    expect(pre.statusCode).toBe(204);
    expect(pre.headers['access-control-allow-origin']).toBe('*');
    expect(pre.headers['access-control-allow-credentials']).toBeUndefined();
    const discovery = await app.inject({
      url: '/fhir/.well-known/smart-configuration',
      headers: { origin: 'https://app.example' },
    });
    expect(discovery.headers['access-control-allow-origin']).toBe('*');
    const sameOrigin = await app.inject({ url: '/oauth2/jwks' });
    expect(sameOrigin.headers['access-control-allow-origin']).toBeUndefined();
  });

  it('sends nosniff, a referrer policy and no framing on API responses, and no HSTS over plain HTTP', async () => {
    const res = await app.inject({ url: '/fhir/metadata' });
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
    expect(res.headers['x-frame-options']).toBe('SAMEORIGIN');
    expect(res.headers['content-security-policy']).toContain("frame-ancestors 'self'");
    expect(res.headers['strict-transport-security']).toBeUndefined();
  });

  it('serves the sign-in page under a strict CSP: no script, no framing', async () => {
    const res = await app.inject({ url: '/login' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/html/);
    const csp = String(res.headers['content-security-policy']);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).toMatch(/script-src 'none'|default-src 'none'/);
    expect(res.headers['x-content-type-options']).toBe('nosniff');
    expect(res.headers['referrer-policy']).toBe('no-referrer');
  });
});

describe('CORS configuration', () => {
  it('refuses a wildcard or an origin with a path in HEARTH_CORS_ORIGINS', () => {
    expect(() => loadConfig({ HEARTH_CORS_ORIGINS: '*' })).toThrow(/HEARTH_CORS_ORIGINS/);
    expect(() => loadConfig({ HEARTH_CORS_ORIGINS: 'https://a.example/app' })).toThrow(/HEARTH_CORS_ORIGINS/);
    expect(loadConfig({}).corsOrigins).toEqual([]);
  });
});
