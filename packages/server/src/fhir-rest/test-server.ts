// The whole HTTP stack on a fresh test database, for integration tests through app.inject() (STYLE.md §7):
// the real router, repository (behind access control) and search on PGlite or PostgreSQL, with a
// stand-in authenticate: `Bearer test` is a system/*.cruds client, and each test may add its own tokens
// mapping to access contexts (patients, practitioners, granular scopes…).
import { unauthorized } from '@hearth/fhir';
import type { FastifyInstance, FastifyRequest, InjectOptions, LightMyRequestResponse } from 'fastify';
import { loadConfig, type Config } from '../config/config.ts';
import type { Engine } from '../db/engine.ts';
import type { AccessContext, Repository } from '../db/repository.types.ts';
import type { OpenTestEngine } from '../db/test-engines.ts';
import type { AuditLog } from '../audit/audit-log.ts';
import { installAudit } from '../audit/install.ts';
import { buildApp } from '../http/app.ts';
import { fhirRestRoutes } from './fhir.routes.ts';
import { createServerRepository } from '../main.ts';

export const TEST_BASE = 'http://hearth.test';
export const FHIR_BASE = `${TEST_BASE}/fhir`;

export interface TestServer {
  app: FastifyInstance;
  engine: Engine;
  repo: Repository;
  /** The audit log, when the server was opened with `audit: true`. */
  audit?: AuditLog;
  /** A request as an authenticated client; JSON bodies are sent as application/fhir+json. */
  fhir(opts: {
    method: InjectOptions['method'];
    url: string;
    body?: unknown;
    headers?: Record<string, string>;
  }): Promise<LightMyRequestResponse>;
  close(): Promise<void>;
}

export interface TestServerOptions {
  /** Bearer token → who it stands for, besides `test` (system/*.cruds). */
  tokens?: Readonly<Record<string, AccessContext>>;
  clock?: () => Date;
  /** Install the audit log (request hooks and write entries); `TestServer.audit` flushes it. */
  audit?: boolean;
  /** More routes on the app before it is ready (a domain's plugin), given what they need. */
  routes?: (app: FastifyInstance, deps: TestRouteDeps) => Promise<void>;
}

export interface TestRouteDeps {
  engine: Engine;
  repo: Repository;
  config: Readonly<Config>;
  authenticate: (req: FastifyRequest) => Promise<AccessContext>;
}

const SYSTEM_CLIENT: AccessContext = { actor: 'Client/test', clientId: 'test', scopes: ['system/*.cruds'] };

/** The stand-in Bearer authenticator: `test` is a system/*.cruds client, other tokens map through `tokens`. */
export function testAuthenticator(tokens: Readonly<Record<string, AccessContext>>) {
  return (req: FastifyRequest): Promise<AccessContext> => {
    const token = /^Bearer (.+)$/.exec(req.headers.authorization ?? '')?.[1];
    const ctx = token === 'test' ? SYSTEM_CLIENT : token !== undefined ? tokens[token] : undefined;
    if (ctx) return Promise.resolve(ctx);
    return Promise.reject(unauthorized('This request needs an access token: Authorization: Bearer <token>.'));
  };
}

export async function openTestServer(
  open: OpenTestEngine,
  overrides: Partial<Config> = {},
  opts: TestServerOptions = {},
): Promise<TestServer> {
  const engine = await open();
  const config = { ...loadConfig({ HEARTH_BASE_URL: TEST_BASE, HEARTH_LOG_LEVEL: 'silent' }), ...overrides };
  const repo = createServerRepository({ engine, config, ...(opts.clock ? { clock: opts.clock } : {}) });
  const authenticate = testAuthenticator(opts.tokens ?? {});
  const clock = opts.clock ? { clock: opts.clock } : {};
  const app = buildApp({ config, engine, repo, authenticate, ...clock });
  const audit = opts.audit
    ? await installAudit(app, { engine, auditReads: true, authenticate, flushMs: 3_600_000 })
    : undefined;
  await app.register(fhirRestRoutes, { repo, baseUrl: `${config.baseUrl}/fhir` });
  await opts.routes?.(app, { engine, repo, config, authenticate });
  await app.ready();
  return {
    app,
    engine,
    repo,
    ...(audit ? { audit } : {}),
    fhir: ({ method, url, body, headers }) =>
      app.inject({
        method,
        url,
        headers: {
          authorization: 'Bearer test',
          ...(body !== undefined ? { 'content-type': 'application/fhir+json' } : {}),
          ...headers,
        },
        ...(body !== undefined ? { payload: typeof body === 'string' ? body : JSON.stringify(body) } : {}),
      }),
    async close() {
      await app.close();
      await engine.close();
    },
  };
}
