// The HTTP edge (STYLE.md §2): a Fastify instance that parses FHIR bodies, authenticates every /fhir
// request except the capability statement and SMART discovery, maps every error to an OperationOutcome
// and answers health checks. Routes are thin adapters registered as plugins by their domains: the FHIR
// REST routes come from `fhir-rest/fhir.routes.ts` (`fhirRestRoutes`), OAuth from `auth/`; the spine
// does not import them (DESIGN.md §2), so the entry point registers both on this instance.
import helmet from 'helmet';
import Fastify, { type FastifyInstance, type FastifyRequest, type FastifyServerOptions } from 'fastify';
import type { DestinationStream } from 'pino';
import { BREAK_GLASS_HEADER, breakGlassReason, withAccessFacts } from '../access/break-glass.ts';
import type { Config } from '../config/config.ts';
import type { Engine } from '../db/engine.ts';
import type { AccessContext, Repository } from '../db/repository.types.ts';
import { registerBodyParsers } from './body-parsers.ts';
import { registerCors } from './cors.ts';
import { errorHandler, notFoundHandler } from './errors.ts';
import { healthRoutes } from './health.ts';
import { serializeRequest } from './request-log.ts';
import { readTlsFiles } from './tls.ts';

declare module 'fastify' {
  interface FastifyRequest {
    /** Who is calling, set by the auth hook on every authenticated /fhir request. */
    accessContext: AccessContext | undefined;
  }
}

export interface AppDeps {
  config: Readonly<Config>;
  engine: Engine;
  repo: Repository;
  authenticate: (req: FastifyRequest) => Promise<AccessContext>;
  /** Where log lines go instead of stdout (tests capture them to check nothing sensitive is logged). */
  logStream?: DestinationStream;
  /** Injected clock for break-the-glass grant expiry (tests); the system clock otherwise. */
  clock?: () => Date;
}

/** RFC 6797 §6.1: one year, subdomains included; sent only over HTTPS (§7.2). */
const HSTS = { maxAge: 31_536_000, includeSubDomains: true, preload: false };

/** Builds the instance synchronously; routes may still be registered on it before `ready()`/`listen()`. */
export function buildApp(deps: AppDeps): FastifyInstance {
  const { config } = deps;
  const app = Fastify({
    ...(config.tls ? { https: readTlsFiles(config.tls) } : {}),
    logger: {
      level: config.logLevel,
      // No PHI and no credentials in logs: a request is logged by its route, never its URL, headers or body.
      serializers: { req: serializeRequest },
      ...(deps.logStream ? { stream: deps.logStream } : {}),
    },
    bodyLimit: config.maxBodyBytes,
    trustProxy: trustedProxies(config),
    // FHIR ids and search values are case-sensitive and may be long.
    routerOptions: { caseSensitive: true, maxParamLength: 2048 },
  });
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler(notFoundHandler);
  // HSTS only where the browser reaches us over HTTPS: our own TLS or an https public URL (a proxy).
  const https = config.tls !== undefined || config.baseUrl.startsWith('https://');
  // Security headers from helmet, configured once: @fastify/helmet rebuilt helmet's middleware on every
  // request (about 7% of a read's CPU in the profile), for per-route options no route here uses.
  const securityHeaders = helmet({ strictTransportSecurity: https ? HSTS : false });
  app.addHook('onRequest', (request, reply, done) => {
    securityHeaders(request.raw, reply.raw, () => {
      done();
    });
  });
  registerCors(app, config.corsOrigins);
  registerBodyParsers(app);
  app.decorateRequest('accessContext', undefined);
  // Authentication runs after the CORS hook (hence `after`): a 401 to a permitted origin carries its
  // CORS headers, so a browser app can read it and renew its token.
  app.after(() => {
    app.addHook('onRequest', async (request) => {
      if (!needsAuthentication(request)) return;
      const ctx = await deps.authenticate(request);
      // Break-the-glass is marked on the context, so the repository grants it and the audit flags it; so
      // are the grants still running (this request may work under them without the header), and the
      // organization the app is registered to (Consents refusing it apply).
      const reason = breakGlassReason(request.headers[BREAK_GLASS_HEADER]);
      const withGrants = await withAccessFacts(deps.engine, ctx, (deps.clock ?? (() => new Date()))());
      request.accessContext = reason === undefined ? withGrants : { ...withGrants, breakGlassReason: reason };
    });
  });
  void app.register(healthRoutes, { engine: deps.engine });
  return app;
}

/**
 * request.ip — what rate limits key on and the audit records — is the socket's address unless the request
 * came through a proxy HEARTH_TRUST_PROXY names; then it is the client address X-Forwarded-For gives.
 */
function trustedProxies(config: Pick<Config, 'trustProxy'>): FastifyServerOptions['trustProxy'] {
  const t = config.trustProxy;
  return typeof t === 'object' ? [...t] : t;
}

/** Every /fhir request needs a token except GET metadata (http.html#capabilities) and SMART discovery. */
export function needsAuthentication(request: Pick<FastifyRequest, 'method' | 'url'>): boolean {
  // A CORS preflight never carries credentials (Fetch §3.2.2); http/cors.ts answers or refuses it.
  if (request.method === 'OPTIONS') return false;
  const path = request.url.split('?')[0]!;
  if (path !== '/fhir' && !path.startsWith('/fhir/')) return false;
  if ((request.method === 'GET' || request.method === 'HEAD') && /^\/fhir\/metadata\/?$/.test(path))
    return false;
  return !path.startsWith('/fhir/.well-known/');
}
