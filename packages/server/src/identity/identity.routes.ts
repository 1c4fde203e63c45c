// The accounts domain's HTTP surface: sign-in (password, TOTP, first-password change, TOTP enrolment),
// sign-out and password reset, as server-rendered forms. Form posts are rate limited per client
// address (issue #3 point 7); per-account throttling and lockout live in throttle.ts.
import formbody from '@fastify/formbody';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance } from 'fastify';
import type { Config } from '../config/config.ts';
import type { Engine } from '../db/engine.ts';
import { formField, safeReturnTo, signInCsp } from './forms.ts';
import { loginRoutes } from './login.routes.ts';
import { resetRoutes } from './reset.routes.ts';
import { loadSecretKey, sealStoredTotpSecrets, secretBox, type SecretBox } from './secret-box.ts';

/** Sign-in forms carry a few short fields: anything larger is refused (413) before it is hashed. */
const FORM_BODY_LIMIT = 16 * 1024;

export interface IdentityRoutesOptions {
  db: Engine;
  config: Pick<Config, 'baseUrl' | 'login' | 'tls' | 'dataDir' | 'secretKey'>;
  /** The clock (tests pass a fixed one). */
  now?: () => Date;
}

/** What the sign-in routes share. */
export interface IdentityContext {
  db: Engine;
  login: Config['login'];
  /** Cookies are `Secure` (and `__Host-` prefixed) under our own TLS or when the public URL is https. */
  secure: boolean;
  now: () => Date;
  /** Encrypts TOTP secrets at rest. */
  secrets: SecretBox;
  /** Route options for a form post: the per-address rate limit and a small body limit. */
  limited: { bodyLimit: number; config: { rateLimit: { max: number; timeWindow: number } } };
}

export async function identityRoutes(app: FastifyInstance, opts: IdentityRoutesOptions): Promise<void> {
  if (!app.hasContentTypeParser('application/x-www-form-urlencoded')) await app.register(formbody);
  if (!app.hasDecorator('rateLimit')) await app.register(rateLimit, { global: false });
  const secrets = secretBox(
    await loadSecretKey({ secretKey: opts.config.secretKey, dataDir: opts.config.dataDir }),
  );
  // Secrets stored before encryption existed are encrypted now; a wrong key stops the start here.
  await sealStoredTotpSecrets(opts.db, secrets);
  const ctx: IdentityContext = {
    db: opts.db,
    secrets,
    login: opts.config.login,
    secure: opts.config.tls !== undefined || opts.config.baseUrl.startsWith('https://'),
    now: opts.now ?? (() => new Date()),
    limited: {
      bodyLimit: FORM_BODY_LIMIT,
      config: { rateLimit: { max: opts.config.login.rateLimitPerMinute, timeWindow: 60_000 } },
    },
  };
  app.addHook('onSend', async (request, reply, payload) => {
    if (String(reply.getHeader('content-type') ?? '').startsWith('text/html')) {
      const query = (request.query ?? {}) as Record<string, unknown>;
      const returnTo = safeReturnTo(query.return_to ?? formField(request.body, 'return_to'));
      void reply.header('content-security-policy', signInCsp(returnTo));
    }
    return payload;
  });
  loginRoutes(app, ctx);
  resetRoutes(app, ctx);
}
