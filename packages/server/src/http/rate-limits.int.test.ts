// Rate limits on the credential endpoints (issue #3 point 7): the N+1th request of a client address in
// the window gets 429 — an OperationOutcome for the JSON token endpoint, an accessible HTML page for the
// sign-in form and the authorize navigation — with Retry-After (RFC 6585 §4), while other addresses are
// still served.
import type { FastifyInstance, LightMyRequestResponse } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.ts';
import type { Engine } from '../db/engine.ts';
import { testEngines } from '../db/test-engines.ts';
import { TestBrowser } from '../identity/test-browser.ts';
import { buildServerApp, createServerRepository } from '../main.ts';

const LIMIT = 3;
const BROWSER_ACCEPT = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';

/** Sends `count` requests in a row; the statuses of all, and the last response. */
async function burst(count: number, send: (i: number) => Promise<LightMyRequestResponse>) {
  let last = await send(0);
  const statuses = [last.statusCode];
  for (let i = 1; i < count; i++) {
    last = await send(i);
    statuses.push(last.statusCode);
  }
  return { statuses, last };
}

describe.each(testEngines())('rate limits on sign-in, token and authorize on %s', (_name, open) => {
  let engine: Engine;
  let app: FastifyInstance;

  beforeAll(async () => {
    engine = await open();
    const config = loadConfig({
      HEARTH_BASE_URL: 'http://hearth.test',
      HEARTH_LOG_LEVEL: 'silent',
      HEARTH_LOGIN_RATE_LIMIT: String(LIMIT),
      HEARTH_OAUTH_RATE_LIMIT: String(LIMIT),
    });
    const repo = createServerRepository({ engine, config });
    app = await buildServerApp({ config, engine, repo });
  });
  afterAll(async () => {
    await app.close();
    await engine.close();
  });

  it('answers the token endpoint’s N+1th request with 429 and an OperationOutcome', async () => {
    const { statuses, last } = await burst(LIMIT + 1, (i) =>
      app.inject({
        method: 'POST',
        url: '/oauth2/token',
        remoteAddress: '192.0.2.10',
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
        payload: `grant_type=client_credentials&client_id=nobody&client_secret=guess-${i}`,
      }),
    );
    expect(statuses.slice(0, LIMIT).every((s) => s >= 400 && s < 429)).toBe(true);
    expect(last.statusCode).toBe(429);
    expect(last.headers['retry-after']).toBeDefined();
    expect(last.json()).toMatchObject({ resourceType: 'OperationOutcome', issue: [{ code: 'throttled' }] });
  });

  it('answers the sign-in form’s N+1th post with 429 and an accessible HTML page', async () => {
    const attacker = new TestBrowser(app, '192.0.2.11');
    const { statuses } = await burst(LIMIT + 1, (i) =>
      attacker.submit('/login', { username: `user${i}`, password: 'stuffed password' }),
    );
    expect(statuses).toEqual([401, 401, 401, 429]);
    // What a browser's own form post sends: it asks for HTML.
    const last = await app.inject({
      method: 'POST',
      url: '/login',
      remoteAddress: '192.0.2.11',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: BROWSER_ACCEPT },
      payload: 'username=user9&password=stuffed',
    });
    expect(last.statusCode).toBe(429);
    expect(last.headers['content-type']).toMatch(/^text\/html/);
    expect(last.headers['retry-after']).toBeDefined();
    expect(last.body).toMatch(/<html lang="en">/);
    expect(last.body).toMatch(/<main[\s>]/);
    expect(last.body).toMatch(/<h1>[^<]+<\/h1>/);
    const other = new TestBrowser(app, '198.51.100.20');
    expect((await other.submit('/login', { username: 'u', password: 'another password' })).statusCode).toBe(
      401,
    );
  });

  it('answers the authorize navigation’s N+1th request with 429 and an accessible HTML page', async () => {
    const { statuses, last } = await burst(LIMIT + 1, (i) =>
      app.inject({
        url: `/oauth2/authorize?response_type=code&client_id=c${i}`,
        remoteAddress: '192.0.2.12',
        headers: { accept: BROWSER_ACCEPT },
      }),
    );
    expect(statuses.slice(0, LIMIT)).not.toContain(429);
    expect(last.statusCode).toBe(429);
    expect(last.headers['content-type']).toMatch(/^text\/html/);
    expect(last.body).toMatch(/<html lang="en">/);
  });
});
