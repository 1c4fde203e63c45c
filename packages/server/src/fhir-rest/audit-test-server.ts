// The HTTP stack with the audit log installed, on a fresh test database, for audit integration tests.
// Tokens: `Bearer test` = a backend client with system/*.cruds; `Bearer reader` = a client that may read
// FHIR data but not the audit log; anything else is refused (401).
import { unauthorized } from '@hearth/fhir';
import type { FastifyInstance, FastifyRequest, LightMyRequestResponse } from 'fastify';
import { loadConfig } from '../config/config.ts';
import type { Engine } from '../db/engine.ts';
import { createRepository } from '../db/repository.ts';
import type { AccessContext } from '../db/repository.types.ts';
import type { OpenTestEngine } from '../db/test-engines.ts';
import { createInProcessBus } from '../events/bus.ts';
import { fhirRestRoutes } from './fhir.routes.ts';
import { buildApp } from '../http/app.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import { installAudit } from '../audit/install.ts';

const TOKENS: Record<string, AccessContext> = {
  'Bearer test': { actor: 'Client/test', clientId: 'test', scopes: ['system/*.cruds'] },
  'Bearer reader': { actor: 'Client/reader', clientId: 'reader', scopes: ['system/Observation.rs'] },
};

function authenticate(req: FastifyRequest): Promise<AccessContext> {
  const ctx = TOKENS[req.headers.authorization ?? ''];
  if (ctx) return Promise.resolve({ ...ctx, sourceIp: req.ip });
  return Promise.reject(unauthorized('This request needs an access token: Authorization: Bearer <token>.'));
}

export interface AuditTestServer {
  app: FastifyInstance;
  engine: Engine;
  log: AuditLog;
  call(
    method: 'GET' | 'POST' | 'PUT' | 'DELETE',
    url: string,
    opts?: { token?: string; body?: unknown },
  ): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export async function openAuditTestServer(open: OpenTestEngine): Promise<AuditTestServer> {
  const engine = await open();
  const repo = createRepository({ db: engine, bus: createInProcessBus() });
  const config = loadConfig({ HEARTH_BASE_URL: 'http://hearth.test', HEARTH_LOG_LEVEL: 'silent' });
  const app = buildApp({ config, engine, repo, authenticate });
  const log = await installAudit(app, { engine, auditReads: true, authenticate, flushMs: 3_600_000 });
  await app.register(fhirRestRoutes, { repo, baseUrl: `${config.baseUrl}/fhir` });
  await app.ready();
  return {
    app,
    engine,
    log,
    call: (method, url, opts = {}) =>
      app.inject({
        method,
        url,
        headers: {
          ...(opts.token === '' ? {} : { authorization: opts.token ?? 'Bearer test' }),
          ...(opts.body !== undefined ? { 'content-type': 'application/fhir+json' } : {}),
        },
        ...(opts.body !== undefined ? { payload: JSON.stringify(opts.body) } : {}),
      }),
    async close() {
      await app.close();
      await engine.close();
    },
  };
}
