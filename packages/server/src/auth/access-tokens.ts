// Short-lived signed access tokens (JWT, RFC 9068 profile: iss, aud, sub, client_id, scope, jti) and
// OIDC id_tokens. Access tokens carry what the access layer needs (AccessContext): the user and role,
// SMART launch context (`patient`, `encounter`), a caregiver's proxy patients, and `sid`, the grant they
// came from, so that revoking a grant (RFC 7009) also stops its access tokens.
import { randomUUID } from 'node:crypto';
import { createLocalJWKSet, errors, jwtVerify, SignJWT, type JWTPayload } from 'jose';
import { unauthorized } from '@hearth/fhir';
import type { Queryable } from '../db/engine.ts';
import type { AccessContext, UserRole } from '../db/repository.types.ts';
import type { Grant } from './grants.ts';
import { RevocationList } from './revocations.ts';
import {
  keepSigningKeysFresh,
  OIDC_DEFAULT_ALG,
  publicJwks,
  type KeyPolicy,
  type SigningAlg,
  type SigningKey,
} from './signing-keys.ts';
import { VerifiedTokenCache } from './verified-tokens.ts';

/** How long a loaded key set and a token's signature check are trusted before being checked again. */
const VERIFICATION_TTL_MS = 60_000;

export interface TokenServiceOptions {
  db: Queryable;
  /** Public base URL: the issuer; the audience is `${baseUrl}/fhir`. */
  baseUrl: string;
  accessTokenSeconds: number;
  /** Injected clock (tests issue tokens in the past). */
  now?: () => Date;
  /** Automatic signing-key rotation; defaults in signing-keys.ts. */
  keyPolicy?: Partial<KeyPolicy>;
}

export interface IssuedToken {
  access_token: string;
  token_type: 'Bearer';
  expires_in: number;
  scope: string;
}

export interface TokenSubject {
  clientId: string;
  scopes: readonly string[];
  /** For user-facing tokens (authorization code and refresh grants). */
  grant?: Grant;
  /** The grant (refresh-token family) id, revocable as a whole. */
  sid?: string;
}

/** Verified claims of a live (unexpired, unrevoked) access token. */
export interface HearthClaims extends JWTPayload {
  client_id?: string;
  scope?: string;
  sid?: string;
  role?: UserRole;
  fhirUser?: string;
  patient?: string;
  encounter?: string;
  proxy_patients?: string[];
}

export interface TokenService {
  issue(subject: TokenSubject): Promise<IssuedToken>;
  /** OpenID Connect Core §2 id_token for the signed-in user of a grant, signed with `alg` (RS256 default). */
  idToken(grant: Grant, alg?: SigningAlg): Promise<string>;
  /** The access context a valid token grants; throws `unauthorized` for anything else. */
  verify(token: string): Promise<AccessContext>;
  /** The claims of a live token, or undefined (introspection, RFC 7662 §2.2). */
  inspect(token: string): Promise<HearthClaims | undefined>;
  /** Stops a token (by `jti`) or a whole grant (by `sid`) until `expires` (RFC 7009). */
  revoke(id: string, expires: Date): Promise<void>;
}

/** SMART: `fhirUser` in the id_token is an absolute URL of the user's FHIR resource. */
export function fhirUserUrl(baseUrl: string, fhirUser: string): string {
  return `${baseUrl}/fhir/${fhirUser}`;
}

function userClaims(grant: Grant): Partial<HearthClaims> {
  return {
    role: grant.user.role,
    ...(grant.user.fhirUser ? { fhirUser: grant.user.fhirUser } : {}),
    ...(grant.patient ? { patient: grant.patient } : {}),
    ...(grant.encounter ? { encounter: grant.encounter } : {}),
    ...(grant.proxyPatients?.length ? { proxy_patients: grant.proxyPatients } : {}),
  };
}

function toAccessContext(claims: HearthClaims): AccessContext {
  const clientId = claims.client_id ?? claims.sub!;
  const scopes = (claims.scope ?? '').split(' ').filter(Boolean);
  if (!claims.role) return { actor: `Client/${clientId}`, clientId, scopes };
  return {
    actor: claims.fhirUser ?? `User/${claims.sub!}`,
    clientId,
    scopes,
    user: { id: claims.sub!, role: claims.role, ...(claims.fhirUser ? { fhirUser: claims.fhirUser } : {}) },
    ...(claims.patient ? { patient: claims.patient } : {}),
    ...(claims.proxy_patients ? { proxyPatients: claims.proxy_patients } : {}),
  };
}

export function createTokenService(opts: TokenServiceOptions): TokenService {
  const now = opts.now ?? (() => new Date());
  const seconds = () => Math.floor(now().getTime() / 1000);
  const audience = `${opts.baseUrl}/fhir`;
  const signer = keepSigningKeysFresh(opts.db, {
    now,
    tokenSeconds: opts.accessTokenSeconds,
    ...opts.keyPolicy,
  });
  const revocations = new RevocationList(opts.db, now);
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
        typ: 'at+jwt',
        currentDate: now(),
        requiredClaims: ['exp', 'sub', 'jti'],
      });
      return payload;
    } catch (err) {
      // A key created by another process (or after a rotation) is not in the cached set yet.
      if (!reloadKeys && err instanceof errors.JWKSNoMatchingKey) return verifyWith(token, true);
      throw err;
    }
  }

  /** A signature verified in the last minute is not checked again (revocation still is, in `live`). */
  async function verifiedClaims(token: string): Promise<HearthClaims> {
    const known = verified.get(token);
    if (known !== undefined) return known;
    const claims = await verifyWith(token, false);
    verified.set(token, claims, claims.exp!);
    return claims;
  }

  async function live(token: string): Promise<HearthClaims> {
    const claims = await verifiedClaims(token);
    const ids = [claims.jti!, ...(claims.sid ? [claims.sid] : [])];
    if (await revocations.isRevoked(ids)) throw new errors.JWTInvalid('revoked');
    return claims;
  }

  async function sign(key: SigningKey, claims: JWTPayload, typ: string): Promise<string> {
    return new SignJWT(claims).setProtectedHeader({ alg: key.alg, kid: key.kid, typ }).sign(key.privateKey);
  }

  return {
    async issue({ clientId, scopes, grant, sid }) {
      const iat = seconds();
      const scope = scopes.join(' ');
      const claims: HearthClaims = {
        iss: opts.baseUrl,
        aud: audience,
        sub: grant?.user.id ?? clientId,
        client_id: clientId,
        scope,
        jti: randomUUID(),
        iat,
        exp: iat + opts.accessTokenSeconds,
        ...(sid ? { sid } : {}),
        ...(grant ? userClaims(grant) : {}),
      };
      const accessToken = await sign(await signer(), claims, 'at+jwt');
      return { access_token: accessToken, token_type: 'Bearer', expires_in: opts.accessTokenSeconds, scope };
    },

    async idToken(grant, alg = OIDC_DEFAULT_ALG) {
      const iat = seconds();
      const claims: JWTPayload = {
        iss: opts.baseUrl,
        sub: grant.user.id,
        aud: grant.clientId,
        iat,
        exp: iat + opts.accessTokenSeconds,
        ...(grant.nonce ? { nonce: grant.nonce } : {}),
        ...(grant.user.fhirUser ? { fhirUser: fhirUserUrl(opts.baseUrl, grant.user.fhirUser) } : {}),
      };
      return sign(await signer(alg), claims, 'JWT');
    },

    async verify(token) {
      try {
        return toAccessContext(await live(token));
      } catch (err) {
        const reason =
          err instanceof errors.JWTExpired ? 'The access token has expired' : 'The access token is invalid';
        throw unauthorized(`${reason}; request a new one from /oauth2/token`);
      }
    },

    async inspect(token) {
      try {
        return await live(token);
      } catch {
        return undefined;
      }
    },

    revoke: (id, expires) => revocations.revoke(id, expires),
  };
}
