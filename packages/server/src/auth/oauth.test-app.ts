// Test harness for the OAuth endpoints through app.inject() on a real database (STYLE.md §7): the
// oauth routes, a repository for the patient picker, a protected /fhir route that answers with the
// AccessContext a token grants, and a stand-in for the accounts module where a `test-user` cookie says
// who is signed in (the real login pages are identity's; tests here exercise OAuth).
import { createHash, randomBytes } from 'node:crypto';
import Fastify, { type FastifyInstance, type LightMyRequestResponse } from 'fastify';
import { OperationOutcomeError } from '@hearth/fhir';
import type { Engine } from '../db/engine.ts';
import { createRepository } from '../db/repository.ts';
import type { Repository } from '../db/repository.types.ts';
import { createInProcessBus } from '../events/bus.ts';
import { errorHandler } from '../http/errors.ts';
import { createTokenService, type TokenService } from './access-tokens.ts';
import { createAuthenticator } from './authenticate.ts';
import type { AuthUser, IdentityPort } from './identity-port.ts';
import { oauthRoutes } from './oauth.routes.ts';
import type { RateLimit } from './oauth-context.ts';

export const BASE = 'http://hearth.test';
export const FHIR_BASE = `${BASE}/fhir`;
/** The test identity's fixed form token (the real one is identity's double-submit cookie). */
export const TEST_CSRF = 'test-csrf-token';

export interface OAuthTestApp {
  app: FastifyInstance;
  repo: Repository;
  tokens: TokenService;
  users: Map<string, AuthUser>;
  /** Moves the injected clock. */
  advance(seconds: number): void;
  close(): Promise<void>;
}

export async function openOAuthTestApp(
  engine: Engine,
  opts: { rateLimit?: RateLimit } = {},
): Promise<OAuthTestApp> {
  let offsetMs = 0;
  const now = () => new Date(Date.now() + offsetMs);
  const repo = createRepository({ db: engine, bus: createInProcessBus() });
  const tokens = createTokenService({ db: engine, baseUrl: BASE, accessTokenSeconds: 300, now });
  const users = new Map<string, AuthUser>();
  const identity: IdentityPort = {
    currentUser: (req) => {
      const id = /(?:^|;\s*)test-user=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
      return Promise.resolve(id ? users.get(id) : undefined);
    },
    findUser: (id) => Promise.resolve(users.get(id)),
    loginPath: '/login',
    // The test-user cookie stands for a session: ending it clears the cookie.
    endSession: (req, reply) => {
      void reply.header('set-cookie', 'test-user=; Max-Age=0; Path=/');
      const id = /(?:^|;\s*)test-user=([^;]+)/.exec(req.headers.cookie ?? '')?.[1];
      return Promise.resolve(id && users.has(id) ? id : undefined);
    },
    formToken: () => TEST_CSRF,
    formTokenValid: (_req, submitted) => submitted === TEST_CSRF,
  };
  const app = Fastify();
  app.setErrorHandler(errorHandler);
  await app.register(oauthRoutes, {
    db: engine,
    repo,
    tokens,
    identity,
    baseUrl: BASE,
    accessTokenSeconds: 300,
    now,
    ...(opts.rateLimit ? { rateLimit: opts.rateLimit } : {}),
  });
  const authenticate = createAuthenticator(tokens);
  app.get('/fhir/whoami', async (req, reply) => {
    try {
      return await reply.send(await authenticate(req));
    } catch (err) {
      if (err instanceof OperationOutcomeError) return reply.code(401).send(err.outcome);
      throw err;
    }
  });
  await app.ready();
  return {
    app,
    repo,
    tokens,
    users,
    advance: (seconds) => {
      offsetMs += seconds * 1000;
    },
    close: () => app.close(),
  };
}

export function addUser(t: OAuthTestApp, user: Partial<AuthUser> & Pick<AuthUser, 'role'>): AuthUser {
  const id = user.id ?? randomBytes(6).toString('hex');
  const full: AuthUser = { id, username: `user-${id}`, proxyPatients: [], disabled: false, ...user };
  t.users.set(id, full);
  return full;
}

export function pkcePair(): { verifier: string; challenge: string } {
  const verifier = randomBytes(32).toString('base64url');
  return { verifier, challenge: createHash('sha256').update(verifier).digest('base64url') };
}

export function form(body: Record<string, string | string[]>): string {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(body)) for (const value of [v].flat()) p.append(k, value);
  return p.toString();
}

export function postForm(
  t: OAuthTestApp,
  url: string,
  body: Record<string, string | string[]>,
  headers: Record<string, string> = {},
): Promise<LightMyRequestResponse> {
  return t.app.inject({
    method: 'POST',
    url,
    headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers },
    payload: form(body),
  });
}

/** The query parameters of a redirect response's Location. */
export function redirectParams(res: LightMyRequestResponse): URLSearchParams {
  return new URL(res.headers.location!, BASE).searchParams;
}
