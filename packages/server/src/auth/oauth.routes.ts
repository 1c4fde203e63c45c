// OAuth 2.0 / SMART App Launch 2.0 endpoints at /oauth2 and SMART discovery under /fhir/.well-known.
// Token, authorize and consent endpoints are rate limited per client address (issue #3 point 7;
// credential stuffing); tokens, codes and secrets never reach the logs (the HTTP layer redacts the
// Authorization and Cookie headers and never logs bodies; URLs with codes are ours to send, not log).
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import { authorizeRoutes } from './authorize.routes.ts';
import { createAssertionVerifier } from './client-assertion.ts';
import { consentRoutes } from './consent.routes.ts';
import { introspectRoutes } from './introspect.routes.ts';
import { launchRoutes } from './launch.routes.ts';
import { logoutRoutes } from './logout.routes.ts';
import { manageRoutes } from './manage.routes.ts';
import type { OAuthContext, RateLimit } from './oauth-context.ts';
import { publicJwks } from './signing-keys.ts';
import { brandBundle, openidConfiguration, smartConfiguration } from './smart-configuration.ts';
import { tokenRoutes } from './token.routes.ts';

/** The route context minus what oauthRoutes builds itself; the clock and rate limit have defaults. */
export type OAuthRoutesOptions = Omit<OAuthContext, 'now' | 'rateLimit' | 'verifyAssertion'> & {
  /** Injected clock (tests: code and launch expiry). */
  now?: () => Date;
  /** Requests per minute per address on token/authorize/consent; default 60. */
  rateLimit?: RateLimit;
};

export async function oauthRoutes(app: FastifyInstance, opts: OAuthRoutesOptions): Promise<void> {
  if (!app.hasContentTypeParser('application/x-www-form-urlencoded')) await app.register(formbody);
  await app.register(rateLimit, { global: false });
  const now = opts.now ?? (() => new Date());
  const ctx: OAuthContext = {
    db: opts.db,
    repo: opts.repo,
    tokens: opts.tokens,
    identity: opts.identity,
    baseUrl: opts.baseUrl,
    accessTokenSeconds: opts.accessTokenSeconds,
    webDevOrigin: opts.webDevOrigin,
    now,
    verifyAssertion: createAssertionVerifier({ db: opts.db, now }),
    rateLimit: opts.rateLimit ?? { max: 60, timeWindow: 60_000 },
  };
  tokenRoutes(app, ctx);
  authorizeRoutes(app, ctx);
  consentRoutes(app, ctx);
  launchRoutes(app, ctx);
  introspectRoutes(app, ctx);
  manageRoutes(app, ctx);
  logoutRoutes(app, ctx);

  // CORS for the public endpoints below (browser apps, app-launch.html) is the server's policy in
  // http/cors.ts.
  app.get('/oauth2/jwks', async (_req, reply) => {
    return reply.header('cache-control', 'public, max-age=300').send(await publicJwks(opts.db));
  });
  app.get('/fhir/.well-known/smart-configuration', async (_req, reply) =>
    reply.header('cache-control', 'public, max-age=3600').send(smartConfiguration(opts.baseUrl)),
  );
  app.get('/oauth2/brands', async (_req, reply) =>
    reply
      .header('cache-control', 'public, max-age=3600')
      .type('application/fhir+json')
      .send(brandBundle(opts.baseUrl, 'Hearth')),
  );
  app.get('/.well-known/openid-configuration', async (_req, reply) =>
    reply.header('cache-control', 'public, max-age=3600').send(openidConfiguration(opts.baseUrl)),
  );
}
