// What every OAuth route needs, built once by oauthRoutes.
import type { Queryable } from '../db/engine.ts';
import type { Repository } from '../db/repository.types.ts';
import type { TokenService } from './access-tokens.ts';
import type { AssertionVerifier } from './client-assertion.ts';
import type { IdentityPort } from './identity-port.ts';

export interface RateLimit {
  max: number;
  timeWindow: number;
}

export interface OAuthContext {
  db: Queryable;
  repo: Repository;
  tokens: TokenService;
  identity: IdentityPort;
  /** Public base URL (issuer); the FHIR base is `${baseUrl}/fhir`. */
  baseUrl: string;
  accessTokenSeconds: number;
  /** The web app's development origin (Vite), also allowed as hearth-web's post-logout redirect. */
  webDevOrigin?: string | undefined;
  now: () => Date;
  verifyAssertion: AssertionVerifier;
  /** Per client address, for the token, authorize and consent endpoints (issue #3 point 7). */
  rateLimit: RateLimit;
}
