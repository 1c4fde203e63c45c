// HEARTH_TRUST_PROXY (issue #3 point 7): behind a named proxy, rate limits and the audit use the client
// address X-Forwarded-For gives; otherwise — by default, or when the connection is not from a named
// proxy — the header is ignored, so a client cannot dodge a rate limit or forge its audited address.
import type { AuditEvent } from '@medplum/fhirtypes';
import type { FastifyInstance } from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../config/config.ts';
import type { Engine } from '../db/engine.ts';
import { SYSTEM_CONTEXT, type Repository } from '../db/repository.types.ts';
import { testEngines } from '../db/test-engines.ts';
import { buildServerApp, createServerRepository } from '../main.ts';

const LIMIT = 2;
const PROXY = '10.1.2.3';

describe.each(testEngines())('trusted proxies on %s', (_name, open) => {
  let engine: Engine;
  let repo: Repository;
  let direct: FastifyInstance;
  let proxied: FastifyInstance;

  beforeAll(async () => {
    engine = await open();
    const env = {
      HEARTH_BASE_URL: 'http://hearth.test',
      HEARTH_LOG_LEVEL: 'silent',
      HEARTH_OAUTH_RATE_LIMIT: String(LIMIT),
    };
    const config = loadConfig(env);
    repo = createServerRepository({ engine, config });
    direct = await buildServerApp({ config, engine, repo });
    const behindProxy = loadConfig({ ...env, HEARTH_TRUST_PROXY: '10.0.0.0/8, ::1' });
    proxied = await buildServerApp({ config: behindProxy, engine, repo });
  });
  afterAll(async () => {
    await direct.close();
    await proxied.close();
    await engine.close();
  });

  const token = (app: FastifyInstance, from: string, forwardedFor: string) =>
    app.inject({
      method: 'POST',
      url: '/oauth2/token',
      remoteAddress: from,
      headers: { 'content-type': 'application/x-www-form-urlencoded', 'x-forwarded-for': forwardedFor },
      payload: `grant_type=client_credentials&client_id=nobody-${forwardedFor}&client_secret=guess`,
    });

  it('ignores X-Forwarded-For by default: a client cannot spread its attempts over made-up addresses', async () => {
    const statuses = [];
    for (let i = 0; i < LIMIT + 1; i++)
      statuses.push((await token(direct, '192.0.2.50', `198.51.100.${i}`)).statusCode);
    expect(statuses.at(-1)).toBe(429);
  });

  it('behind a named proxy, limits each forwarded client on its own address', async () => {
    for (let i = 0; i < LIMIT; i++) expect((await token(proxied, PROXY, '203.0.113.7')).statusCode).toBe(401);
    expect((await token(proxied, PROXY, '203.0.113.7')).statusCode).toBe(429);
    // Another client behind the same proxy is still served.
    expect((await token(proxied, PROXY, '203.0.113.8')).statusCode).toBe(401);
  });

  it('ignores X-Forwarded-For from a connection that is not a named proxy', async () => {
    const statuses = [];
    for (let i = 0; i < LIMIT + 1; i++)
      statuses.push((await token(proxied, '192.0.2.60', `198.51.100.${i}`)).statusCode);
    expect(statuses.at(-1)).toBe(429);
  });

  it('audits the forwarded client address behind a named proxy, the socket address otherwise', async () => {
    await token(proxied, PROXY, '203.0.113.99');
    await token(direct, '192.0.2.99', '203.0.113.98');
    const addresses = async () => {
      const bundle = await repo.search(SYSTEM_CONTEXT, 'AuditEvent', [['_count', '1000']], {
        baseUrl: 'http://hearth.test/fhir',
      });
      return (bundle.entry ?? []).flatMap((e) =>
        (e.resource as AuditEvent).agent.map((a) => a.network?.address),
      );
    };
    const deadline = Date.now() + 5_000;
    let seen = await addresses();
    while (!(seen.includes('203.0.113.99') && seen.includes('192.0.2.99')) && Date.now() < deadline) {
      await new Promise((r) => setTimeout(r, 50)); // the audit appender seals entries within a quarter second
      seen = await addresses();
    }
    expect(seen).toContain('203.0.113.99');
    expect(seen).toContain('192.0.2.99');
    expect(seen).not.toContain('203.0.113.98');
  });

  it('accepts only off or proxy addresses/CIDRs in HEARTH_TRUST_PROXY', () => {
    expect(loadConfig({}).trustProxy).toBe(false);
    expect(loadConfig({ HEARTH_TRUST_PROXY: 'loopback, 172.16.0.0/12, fd00::/8' }).trustProxy).toEqual([
      'loopback',
      '172.16.0.0/12',
      'fd00::/8',
    ]);
    for (const bad of ['true', '*', '2', '10.0.0.0/33', 'proxy.example'])
      expect(() => loadConfig({ HEARTH_TRUST_PROXY: bad }), bad).toThrow(/HEARTH_TRUST_PROXY/);
  });
});
