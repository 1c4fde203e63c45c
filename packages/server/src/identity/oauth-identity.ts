// The accounts side of OAuth's identity port (auth/identity-port.ts): who is signed in, a user by id,
// ending a login session and the login pages' CSRF tokens. Wired in by main.ts.
import type { IdentityPort } from '../auth/identity-port.ts';
import type { Config } from '../config/config.ts';
import type { Queryable } from '../db/engine.ts';
import { csrfToken, csrfValid } from './forms.ts';
import { currentUser } from './session.ts';
import { endBrowserSession } from './sign-out.ts';
import { findUser } from './users.ts';

export function oauthIdentity(db: Queryable, config: Readonly<Config>): IdentityPort {
  const secure = config.tls !== undefined || config.baseUrl.startsWith('https://');
  return {
    currentUser: (req) => currentUser(db, req),
    findUser: (id) => findUser(db, id),
    loginPath: '/login',
    // The RP-initiated logout ends with a redirect (303) or the signed-out page (200); 303 is recorded.
    endSession: (req, reply) => endBrowserSession(db, req, reply, { secure, now: new Date(), status: 303 }),
    formToken: (req, reply) => csrfToken(req, reply, secure),
    formTokenValid: (req, submitted) => csrfValid(req, submitted),
  };
}
