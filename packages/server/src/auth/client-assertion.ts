// private_key_jwt client authentication (RFC 7523 §2.2 and §3, OpenID Connect Core §9, SMART App Launch
// 2.0 client-confidential-asymmetric.html and backend-services.html): the client signs a short-lived
// JWT with `iss` = `sub` = its client_id and `aud` = the token endpoint URL, with RS384 or ES384, against
// the JWK Set it registered inline or publishes at its JWKS URL. Each `jti` is accepted once.
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  decodeJwt,
  errors,
  jwtVerify,
  type JWTVerifyGetKey,
} from 'jose';
import type { Queryable } from '../db/engine.ts';
import { findClient, type ClientRecord } from './clients.ts';
import { OAuthError } from './oauth-errors.ts';

export const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** SMART backend-services.html: servers SHALL support RS384 and ES384. */
export const CLIENT_ASSERTION_ALGS = ['RS384', 'ES384'];
/** SMART backend-services.html: `exp` no more than five minutes in the future. */
const MAX_LIFETIME_SECONDS = 300;

export interface AssertionVerifierOptions {
  db: Queryable;
  now?: () => Date;
  /** JWKS URL fetch timeout (jose default 5 s). */
  fetchTimeoutMs?: number;
}

export type AssertionVerifier = (assertion: string, audiences: readonly string[]) => Promise<ClientRecord>;

function invalid(reason: string): OAuthError {
  return new OAuthError('invalid_client', `Client assertion rejected: ${reason}`);
}

export function createAssertionVerifier(opts: AssertionVerifierOptions): AssertionVerifier {
  const now = opts.now ?? (() => new Date());
  // One cached remote key set per URL: jose caches keys (10 min), refetches on an unknown kid with a
  // 30 s cooldown, and times out slow servers, so a client's key rotation is picked up without a restart.
  const remote = new Map<string, JWTVerifyGetKey>();
  function keysFor(client: ClientRecord): JWTVerifyGetKey {
    if (client.jwks) return createLocalJWKSet(client.jwks);
    const url = client.jwks_url!;
    let set = remote.get(url);
    if (!set) {
      set = createRemoteJWKSet(new URL(url), { timeoutDuration: opts.fetchTimeoutMs ?? 5000 });
      remote.set(url, set);
    }
    return set;
  }

  return async (assertion, audiences) => {
    let unverified: ReturnType<typeof decodeJwt>;
    try {
      unverified = decodeJwt(assertion);
    } catch {
      throw invalid('not a JWT');
    }
    const clientId = unverified.iss;
    if (!clientId || unverified.sub !== clientId) throw invalid('iss and sub must both be the client_id');
    const client = await findClient(opts.db, clientId);
    if (!client || client.auth !== 'private_key_jwt') throw invalid('no such client with registered keys');
    let payload: ReturnType<typeof decodeJwt>;
    try {
      ({ payload } = await jwtVerify(assertion, keysFor(client), {
        algorithms: CLIENT_ASSERTION_ALGS,
        issuer: clientId,
        subject: clientId,
        audience: [...audiences],
        currentDate: now(),
        requiredClaims: ['exp', 'jti'],
      }));
    } catch (err) {
      if (err instanceof errors.JWTExpired) throw invalid('expired');
      if (err instanceof errors.JOSEAlgNotAllowed) throw invalid('algorithm must be RS384 or ES384');
      if (err instanceof errors.JWTClaimValidationFailed) throw invalid(`claim ${err.claim} is wrong`);
      if (err instanceof errors.JWKSTimeout) throw invalid('the client JWKS URL did not answer in time');
      throw invalid('signature does not verify with the registered keys');
    }
    const nowSeconds = Math.floor(now().getTime() / 1000);
    if (payload.exp! > nowSeconds + MAX_LIFETIME_SECONDS) throw invalid('exp is more than 5 minutes ahead');
    await rememberJti(opts.db, clientId, payload.jti!, new Date(payload.exp! * 1000), now());
    return client;
  };
}

/** RFC 7523 §3 item 7: refuses a jti seen before, remembered until its assertion expires. */
async function rememberJti(db: Queryable, clientId: string, jti: string, expires: Date, now: Date) {
  await db.query('DELETE FROM oauth_assertion_jtis WHERE expires < $1', [now]);
  const r = await db.query(
    `INSERT INTO oauth_assertion_jtis (client_id, jti, expires) VALUES ($1, $2, $3)
     ON CONFLICT (client_id, jti) DO NOTHING`,
    [clientId, jti, expires],
  );
  if (r.rowCount === 0) throw invalid('this jti was already used (replay)');
}
