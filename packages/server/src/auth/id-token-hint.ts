// The `id_token_hint` of an RP-initiated logout (OpenID Connect RP-Initiated Logout 1.0 §2): an id_token
// this server issued, checked against our own JWKS. Expiry is no reason to refuse it (§4: "the OP
// need not be concerned with its expiration"), a wrong signature or issuer is.
import { createLocalJWKSet, errors, jwtVerify, type JWTPayload } from 'jose';
import type { Queryable } from '../db/engine.ts';
import { publicJwks } from './signing-keys.ts';

export interface IdTokenHint {
  /** The user the token was issued for. */
  sub: string;
  /** The client(s) it was issued to. */
  aud: string[];
}

function hintOf(payload: JWTPayload, issuer: string): IdTokenHint | undefined {
  if (payload.iss !== issuer || typeof payload.sub !== 'string' || payload.sub === '') return undefined;
  const aud = typeof payload.aud === 'string' ? [payload.aud] : (payload.aud ?? []);
  return aud.length > 0 ? { sub: payload.sub, aud } : undefined;
}

/** The hint's subject and audience, or undefined when it is not a genuine id_token of ours. */
export async function verifyIdTokenHint(
  db: Queryable,
  issuer: string,
  token: string,
): Promise<IdTokenHint | undefined> {
  const keys = createLocalJWKSet(await publicJwks(db));
  try {
    const { payload } = await jwtVerify(token, keys, { issuer, typ: 'JWT' });
    return hintOf(payload, issuer);
  } catch (err) {
    // jose checks the signature before the claims, so an expired token here is still a genuine one.
    if (err instanceof errors.JWTExpired) return hintOf(err.payload, issuer);
    return undefined;
  }
}
