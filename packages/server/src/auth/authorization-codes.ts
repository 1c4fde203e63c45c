// Authorization codes (RFC 6749 §4.1.2) bound to PKCE (RFC 7636, S256 only per SMART App Launch 2.0).
// A code is single use and lives one minute; redeeming it a second time revokes the grant it produced
// (RFC 6749 §4.1.2: "SHOULD revoke … all tokens previously issued based on that authorization code").
import { createHash, timingSafeEqual } from 'node:crypto';
import type { Queryable } from '../db/engine.ts';
import type { Grant } from './grants.ts';
import { OAuthError } from './oauth-errors.ts';
import { hashToken, newOpaqueToken } from './opaque-tokens.ts';

export const CODE_SECONDS = 60;
/** RFC 7636 §4.1: 43–128 characters of the unreserved set. */
const VERIFIER = /^[A-Za-z0-9\-._~]{43,128}$/;
/** RFC 7636 §4.2: BASE64URL(SHA256(verifier)) is always 43 characters. */
export const S256_CHALLENGE = /^[A-Za-z0-9_-]{43}$/;

export interface NewCode {
  grant: Grant;
  redirectUri: string;
  codeChallenge: string;
  now: Date;
}

interface CodeRow {
  client_id: string;
  redirect_uri: string;
  code_challenge: string;
  grant_json: string;
  expired: boolean;
  family_id: string | null;
}

export async function issueCode(db: Queryable, c: NewCode): Promise<string> {
  const code = newOpaqueToken();
  await db.query(
    `INSERT INTO oauth_codes (code_hash, client_id, user_id, redirect_uri, code_challenge, grant_json, expires)
     VALUES ($1, $2, $3, $4, $5, $6, $7)`,
    [
      hashToken(code),
      c.grant.clientId,
      c.grant.user.id,
      c.redirectUri,
      c.codeChallenge,
      JSON.stringify(c.grant),
      new Date(c.now.getTime() + CODE_SECONDS * 1000),
    ],
  );
  return code;
}

export interface Redemption {
  code: string;
  clientId: string;
  redirectUri: string | undefined;
  codeVerifier: string | undefined;
  now: Date;
  /** Called with the grant id of a replayed code, to revoke what it produced. */
  onReplay: (familyId: string) => Promise<void>;
}

function pkceMatches(verifier: string, challenge: string): boolean {
  const computed = Buffer.from(createHash('sha256').update(verifier).digest('base64url'));
  const expected = Buffer.from(challenge);
  return computed.length === expected.length && timingSafeEqual(computed, expected);
}

/** The grant behind a valid code, marking it used. Every failure is `invalid_grant` (RFC 6749 §5.2). */
export async function redeemCode(db: Queryable, r: Redemption): Promise<{ grant: Grant; codeHash: string }> {
  if (!r.codeVerifier) throw new OAuthError('invalid_request', 'code_verifier is required (PKCE, RFC 7636)');
  if (!VERIFIER.test(r.codeVerifier))
    throw new OAuthError('invalid_grant', 'code_verifier must be 43-128 unreserved characters');
  const codeHash = hashToken(r.code);
  // Marking used first makes concurrent redemptions race safely: exactly one UPDATE wins.
  const won = await db.query<CodeRow>(
    `UPDATE oauth_codes SET used = $2 WHERE code_hash = $1 AND used IS NULL
     RETURNING client_id, redirect_uri, code_challenge, grant_json, expires <= $2 AS expired, family_id`,
    [codeHash, r.now],
  );
  const row = won.rows[0];
  if (!row) {
    const seen = await db.query<{ family_id: string | null }>(
      'SELECT family_id FROM oauth_codes WHERE code_hash = $1',
      [codeHash],
    );
    const familyId = seen.rows[0]?.family_id;
    if (familyId) await r.onReplay(familyId);
    throw new OAuthError('invalid_grant', 'The authorization code is invalid or was already used');
  }
  if (row.expired) throw new OAuthError('invalid_grant', 'The authorization code has expired');
  if (row.client_id !== r.clientId)
    throw new OAuthError('invalid_grant', 'The authorization code was issued to another client');
  // RFC 6749 §4.1.3: redirect_uri must be identical to the one in the authorization request.
  if (r.redirectUri !== row.redirect_uri)
    throw new OAuthError('invalid_grant', 'redirect_uri does not match the authorization request');
  if (!pkceMatches(r.codeVerifier, row.code_challenge))
    throw new OAuthError('invalid_grant', 'code_verifier does not match the code_challenge (PKCE)');
  return { grant: JSON.parse(row.grant_json) as Grant, codeHash };
}

/** Records which grant a code produced, so that a replay of the code can revoke it. */
export async function attachGrantToCode(db: Queryable, codeHash: string, familyId: string): Promise<void> {
  await db.query('UPDATE oauth_codes SET family_id = $2 WHERE code_hash = $1', [codeHash, familyId]);
}
