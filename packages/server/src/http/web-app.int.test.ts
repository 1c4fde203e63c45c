// Serving the web app at `/` (issue #5 point 1): index.html uncached with its CSP, hashed assets cached
// for a year, the app's own paths answered with index.html, API misses still OperationOutcome 404s,
// and a clear 503 when the app was never built.
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliDecompressSync, brotliCompressSync } from 'node:zlib';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.ts';
import type { Engine } from '../db/engine.ts';
import { testEngines } from '../db/test-engines.ts';
import { buildServerApp, createServerRepository } from '../main.ts';

const INDEX = `<!doctype html><html><head><meta name="csp-nonce" content="__HEARTH_CSP_NONCE__">
<script type="module" src="/assets/index-abc123.js"></script></head><body><div id="root"></div></body></html>`;
const HTML = { accept: 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8' };

describe.each(testEngines())('the web app served on %s', (_name, open) => {
  let engine: Engine;
  let dir: string;
  let app: FastifyInstance;
  let unbuilt: FastifyInstance;

  beforeAll(async () => {
    engine = await open();
    dir = await mkdtemp(join(tmpdir(), 'hearth-web-'));
    await mkdir(join(dir, 'dist', 'assets'), { recursive: true });
    await writeFile(join(dir, 'dist', 'index.html'), INDEX);
    await writeFile(join(dir, 'dist', 'assets', 'index-abc123.js'), 'console.log("hearth")');
    await writeFile(
      join(dir, 'dist', 'assets', 'index-abc123.js.br'),
      brotliCompressSync('console.log("hearth")'),
    );
    const config = loadConfig({ HEARTH_BASE_URL: 'http://hearth.test', HEARTH_LOG_LEVEL: 'silent' });
    const repo = createServerRepository({ engine, config });
    app = await buildServerApp({ config, engine, repo }, { webRoot: join(dir, 'dist') });
    unbuilt = await buildServerApp({ config, engine, repo }, { webRoot: join(dir, 'missing') });
  });
  afterAll(async () => {
    await app.close();
    await unbuilt.close();
    await engine.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves index.html at / uncached, with a fresh style nonce in the page and its CSP', async () => {
    const a = await app.inject({ url: '/', headers: HTML });
    const b = await app.inject({ url: '/', headers: HTML });
    expect(a.statusCode).toBe(200);
    expect(a.headers['content-type']).toMatch(/^text\/html/);
    expect(a.headers['cache-control']).toBe('no-cache');
    const nonce = /content="([^"]+)"/.exec(a.body)?.[1];
    expect(nonce).toMatch(/^[A-Za-z0-9+/=]{24}$/);
    expect(/content="([^"]+)"/.exec(b.body)?.[1]).not.toBe(nonce);
    const csp = String(a.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain(`style-src 'self' 'nonce-${nonce}'`);
    expect(csp).toContain("frame-ancestors 'none'");
    expect(csp).not.toContain('unsafe-inline');
    expect(csp).not.toContain('unsafe-eval');
  });

  it('caches hashed assets for a year as immutable, sends the precompressed copy, and 404s a missing one', async () => {
    const asset = await app.inject({ url: '/assets/index-abc123.js' });
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.headers['content-type']).toMatch(/javascript/);
    expect(asset.body).toBe('console.log("hearth")');
    const br = await app.inject({
      url: '/assets/index-abc123.js',
      headers: { 'accept-encoding': 'gzip, br' },
    });
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(brotliDecompressSync(br.rawPayload).toString()).toBe('console.log("hearth")');
    const missing = await app.inject({ url: '/assets/gone-000.js', headers: HTML });
    expect(missing.statusCode).toBe(404);
    expect(missing.json()).toMatchObject({ resourceType: 'OperationOutcome' });
  });

  it("answers the app's own paths with index.html for a browser (a reload of /portal/labs)", async () => {
    for (const url of ['/portal/labs', '/clinician/patients/123?tab=labs', '/callback?code=x&state=y']) {
      const res = await app.inject({ url, headers: HTML });
      expect(res.statusCode, url).toBe(200);
      expect(res.body, url).toContain('<div id="root">');
      expect(res.headers['cache-control'], url).toBe('no-cache');
    }
  });

  it('keeps API misses as OperationOutcome 404s, for browsers too', async () => {
    for (const url of [
      '/oauth2/nope',
      '/audit/nope',
      '/admin/nope',
      '/devices/x/nope',
      '/monitoring/nope',
      '/healthz/x',
      '/.well-known/nope',
    ]) {
      const res = await app.inject({ url, headers: HTML });
      expect(res.statusCode, url).toBe(404);
      expect(res.json(), url).toMatchObject({ resourceType: 'OperationOutcome' });
    }
    const api = await app.inject({ url: '/portal/labs', headers: { accept: 'application/fhir+json' } });
    expect(api.statusCode).toBe(404);
    expect(api.json()).toMatchObject({ resourceType: 'OperationOutcome' });
  });

  it('leaves the API routes and their authentication in front of the app', async () => {
    for (const url of ['/fhir/Patient', '/fhir/Nope/1/2/3/4']) {
      const fhir = await app.inject({ url, headers: HTML });
      expect(fhir.statusCode, url).toBe(401);
      expect(fhir.json(), url).toMatchObject({ resourceType: 'OperationOutcome' });
    }
    expect((await app.inject({ url: '/healthz' })).json()).toEqual({ status: 'ok' });
    const login = await app.inject({ url: '/login', headers: HTML });
    expect(login.statusCode).toBe(200);
    expect(login.body).not.toContain('<div id="root">');
  });

  it('says how to build the app when it was never built (503), API untouched', async () => {
    for (const url of ['/', '/portal']) {
      const res = await unbuilt.inject({ url, headers: HTML });
      expect(res.statusCode, url).toBe(503);
      expect(res.headers['content-type']).toMatch(/^text\/html/);
      expect(res.body).toContain('npm run build:web');
    }
    expect((await unbuilt.inject({ url: '/assets/index-abc123.js' })).statusCode).toBe(404);
    expect((await unbuilt.inject({ url: '/fhir/metadata' })).statusCode).toBe(200);
  });
});
