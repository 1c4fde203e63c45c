// Short-lived signed access tokens (JWT, RFC 9068 profile: iss, aud, sub, client_id, scope, jti).
// The resource server verifies them locally against the key table, so no token state is stored.
import { randomUUID } from 'node:crypto';
import { createLocalJWKSet, errors, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import { unauthorized } from '@hearth/fhir';
import type { Queryable } from '../db/engine.ts';
import type { AccessContext } from '../db/repository.types.ts';
import { currentSigningKey, publicJwks, type SigningKey } from './signing-keys.ts';
import { VerifiedTokenCache } from './verified-tokens.ts';

/** How long a loaded key set and a token's verification are trusted before being checked again. */
const VERIFICATION_TTL_MS = 60_000;

export interface TokenServiceOptions {
  db: Queryable;
  /** Public base URL: the issuer; the audience is `${baseUrl}/fhir`. */
  baseUrl: string;
  accessTokenSeconds: number;
  /** Injected clock (tests issue tokens in the past). */
  now?: () => Date;
}

export interface IssuedToken {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
}

export interface TokenService {
  issue(subject: { clientId: string; scopes: readonly string[] }): Promise<IssuedToken>;
  /** The access context a valid token grants; throws `unauthorized` for anything else. */
  verify(token: string): Promise<AccessContext>;
}

interface HearthClaims extends JWTPayload {
  client_id?: string;
  scope?: string;
}

export function createTokenService(opts: TokenServiceOptions): TokenService {
  const now = opts.now ?? (() => new Date());
  const audience = `${opts.baseUrl}/fhir`;
  let signer: Promise<SigningKey> | undefined;
  let keySet: Promise<ReturnType<typeof createLocalJWKSet>> | undefined;
  let keySetLoadedMs = 0;
  const loadKeySet = async () => createLocalJWKSet(await publicJwks(opts.db));
  const verified = new VerifiedTokenCache<HearthClaims>({
    now,
    ttlMs: VERIFICATION_TTL_MS,
    maxEntries: 10_000,
  });

  async function verifyWith(token: string, reloadKeys: boolean): Promise<HearthClaims> {
    // Reloaded now and then, so a key retired by another process stops verifying here too.
    if (reloadKeys || !keySet || now().getTime() - keySetLoadedMs > VERIFICATION_TTL_MS) {
      keySet = loadKeySet();
      keySetLoadedMs = now().getTime();
    }
    try {
      const { payload } = await jwtVerify<HearthClaims>(token, await keySet, {
        issuer: opts.baseUrl,
        audience,
        currentDate: now(),
        requiredClaims: ['exp', 'sub'],
      });
      return payload;
    } catch (err) {
      // A key created by another process (or after a rotation) is not in the cached set yet.
      if (!reloadKeys && err instanceof errors.JWKSNoMatchingKey) return verifyWith(token, true);
      throw err;
    }
  }

  /** The claims of a valid token; a token verified in the last minute is not checked again. */
  async function verifiedClaims(token: string): Promise<HearthClaims> {
    const known = verified.get(token);
    if (known !== undefined) return known;
    const claims = await verifyWith(token, false);
    verified.set(token, claims, claims.exp!);
    return claims;
  }

  return {
    async issue({ clientId, scopes }) {
      signer ??= currentSigningKey(opts.db);
      const key = await signer;
      const issuedAt = Math.floor(now().getTime() / 1000);
      const scope = scopes.join(' ');
      const accessToken = await new SignJWT({ client_id: clientId, scope })
        .setProtectedHeader({ alg: key.alg, kid: key.kid, typ: 'at+jwt' })
        .setIssuer(opts.baseUrl)
        .setAudience(audience)
        .setSubject(clientId)
        .setJti(randomUUID())
        .setIssuedAt(issuedAt)
        .setExpirationTime(issuedAt + opts.accessTokenSeconds)
        .sign(key.privateKey);
      return { access_token: accessToken, token_type: 'Bearer', expires_in: opts.accessTokenSeconds, scope };
    },

    async verify(token) {
      let claims: HearthClaims;
      try {
        claims = await verifiedClaims(token);
      } catch (err) {
        const reason =
          err instanceof errors.JWTExpired ? 'The access token has expired' : 'The access token is invalid';
        throw unauthorized(`${reason}; request a new one from /oauth2/token`);
      }
      const clientId = claims.client_id ?? claims.sub!;
      return {
        actor: `Client/${clientId}`,
        clientId,
        scopes: (claims.scope ?? '').split(' ').filter(Boolean),
      };
    },
  };
}
