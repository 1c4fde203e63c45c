// TLS (issue #3 point 7): with HEARTH_TLS_CERT/HEARTH_TLS_KEY the whole server listens with HTTPS, sends
// HSTS (RFC 6797) and marks the session cookie Secure; a half or unreadable TLS configuration stops
// the start with a clear message. The certificate is a throwaway self-signed one made by the test.
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { FastifyInstance } from 'fastify';
import { generate } from 'selfsigned';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.ts';
import type { Engine } from '../db/engine.ts';
import type { Repository } from '../db/repository.types.ts';
import { testEngines } from '../db/test-engines.ts';
import { TestBrowser } from '../identity/test-browser.ts';
import { createUser } from '../identity/users.ts';
import { buildServerApp, createServerRepository } from '../main.ts';

const PASSWORD = 'correct horse battery staple';

interface HttpsAnswer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: string;
}

function httpsGet(url: string, ca: string): Promise<HttpsAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(url, { ca, servername: 'localhost' }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => {
        body += chunk;
      });
      res.on('end', () => {
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
      });
    });
    req.on('error', reject);
    req.end();
  });
}

describe.each(testEngines())('HTTPS with HEARTH_TLS_CERT and HEARTH_TLS_KEY on %s', (_name, open) => {
  let dir: string;
  let cert: string;
  let env: Record<string, string>;
  let engine: Engine;
  let repo: Repository;
  let app: FastifyInstance;
  let url: string;

  beforeAll(async () => {
    dir = await mkdtemp(join(tmpdir(), 'hearth-tls-'));
    const pems = generate([{ name: 'commonName', value: 'localhost' }], {
      days: 1,
      keySize: 2048,
      algorithm: 'sha256',
      extensions: [
        {
          name: 'subjectAltName',
          altNames: [
            { type: 2, value: 'localhost' },
            { type: 7, ip: '127.0.0.1' },
          ],
        },
      ],
    });
    cert = pems.cert;
    await writeFile(join(dir, 'cert.pem'), pems.cert);
    await writeFile(join(dir, 'key.pem'), pems.private, { mode: 0o600 });
    env = {
      HEARTH_TLS_CERT: join(dir, 'cert.pem'),
      HEARTH_TLS_KEY: join(dir, 'key.pem'),
      HEARTH_LOG_LEVEL: 'silent',
    };
    const config = loadConfig(env);
    engine = await open();
    repo = createServerRepository({ engine, config });
    app = await buildServerApp({ config, engine, repo });
    url = await app.listen({ port: 0, host: '127.0.0.1' });
    await createUser(engine, { username: 'nurse', role: 'practitioner', password: PASSWORD });
  });
  afterAll(async () => {
    await app.close();
    await engine.close();
    await rm(dir, { recursive: true, force: true });
  });

  it('serves /healthz and /fhir/metadata over HTTPS with a certificate the client verifies', async () => {
    expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const health = await httpsGet(`${url}/healthz`, cert);
    expect(health.status).toBe(200);
    const metadata = await httpsGet(`${url}/fhir/metadata`, cert);
    expect(metadata.status).toBe(200);
    expect(JSON.parse(metadata.body)).toMatchObject({ resourceType: 'CapabilityStatement' });
  });

  it('sends HSTS for a year, subdomains included', async () => {
    const res = await httpsGet(`${url}/fhir/metadata`, cert);
    expect(res.headers['strict-transport-security']).toBe('max-age=31536000; includeSubDomains');
  });

  it('defaults the public URL to https and signs in with a Secure, __Host- session cookie', async () => {
    expect(loadConfig(env).baseUrl).toBe('https://localhost:8080');
    const browser = new TestBrowser(app);
    const signedIn = await browser.submit('/login', { username: 'nurse', password: PASSWORD });
    expect(signedIn.statusCode).toBe(303);
    const session = browser.lastSetCookies.find((c) => c.startsWith('__Host-hearth_session='));
    expect(session).toBeDefined();
    expect(session).toMatch(/; Secure/);
    expect(session).toMatch(/; HttpOnly/);
    expect(session).toMatch(/; SameSite=Lax/);
  });

  it('refuses to start with a certificate path that cannot be read, naming the variable', async () => {
    const config = loadConfig({ ...env, HEARTH_TLS_CERT: join(dir, 'missing.pem') });
    await expect(buildServerApp({ config, engine, repo })).rejects.toThrow(
      /HEARTH_TLS_CERT: cannot read .*missing\.pem \(ENOENT\)/,
    );
  });

  it('refuses a key file that is not a PEM private key', async () => {
    const config = loadConfig({ ...env, HEARTH_TLS_KEY: join(dir, 'cert.pem') });
    await expect(buildServerApp({ config, engine, repo })).rejects.toThrow(
      /HEARTH_TLS_KEY: .*cert\.pem is not a PEM private key/,
    );
  });
});

describe('TLS configuration', () => {
  it('refuses a certificate without a key, and a key without a certificate', () => {
    expect(() => loadConfig({ HEARTH_TLS_CERT: '/etc/hearth/cert.pem' })).toThrow(
      /set both HEARTH_TLS_CERT and HEARTH_TLS_KEY/,
    );
    expect(() => loadConfig({ HEARTH_TLS_KEY: '/etc/hearth/key.pem' })).toThrow(
      /set both HEARTH_TLS_CERT and HEARTH_TLS_KEY/,
    );
  });

  it('serves plain HTTP on an http public URL when neither is set', () => {
    expect(loadConfig({}).tls).toBeUndefined();
    expect(loadConfig({}).baseUrl).toBe('http://localhost:8080');
  });
});
