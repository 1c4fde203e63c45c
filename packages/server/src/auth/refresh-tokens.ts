// Refresh tokens (RFC 6749 §6; OAuth 2.0 Security BCP §4.14.2): opaque, stored hashed, rotated on every
// use. Presenting a token that was already rotated means it leaked (or the legitimate client lost a
// race with a thief): the whole family is revoked. SMART scopes: `offline_access` tokens outlive the
// user's session (sliding 90 days); `online_access` ones end 12 hours after the user signed in.
import type { Queryable } from '../db/engine.ts';
import type { Grant } from './grants.ts';
import { OAuthError } from './oauth-errors.ts';
import { hashToken, newOpaqueToken } from './opaque-tokens.ts';

export const OFFLINE_SECONDS = 90 * 24 * 3600;
export const ONLINE_SECONDS = 12 * 3600;

export interface RefreshFamily {
  familyId: string;
  grant: Grant;
  offline: boolean;
  /** Online families keep the first token's expiry; offline ones slide on each rotation. */
  expires?: Date;
}

interface RefreshRow {
  family_id: string;
  client_id: string;
  grant_json: string;
  offline: boolean;
  expires: string;
}

export async function issueRefreshToken(db: Queryable, f: RefreshFamily, now: Date): Promise<string> {
  const token = newOpaqueToken();
  const lifetime = (f.offline ? OFFLINE_SECONDS : ONLINE_SECONDS) * 1000;
  const expires = f.offline || !f.expires ? new Date(now.getTime() + lifetime) : f.expires;
  await db.query(
    `INSERT INTO oauth_refresh_tokens (token_hash, family_id, client_id, user_id, grant_json, offline, created, expires)
     VALUES ($1, $2, $3, $4, $5, $6, $7, $8)`,
    [
      hashToken(token),
      f.familyId,
      f.grant.clientId,
      f.grant.user.id,
      JSON.stringify(f.grant),
      f.offline,
      now,
      expires,
    ],
  );
  return token;
}

export interface Rotation {
  token: string;
  clientId: string;
  now: Date;
  /** Revokes a family whose old token was replayed. */
  onReuse: (familyId: string) => Promise<void>;
}

/** Spends a refresh token (exactly once) and returns its family for the successor token. */
export async function spendRefreshToken(db: Queryable, r: Rotation): Promise<RefreshFamily> {
  const tokenHash = hashToken(r.token);
  const won = await db.query<RefreshRow>(
    `UPDATE oauth_refresh_tokens SET used = $2 WHERE token_hash = $1 AND used IS NULL AND expires > $2
     RETURNING family_id, client_id, grant_json, offline, expires`,
    [tokenHash, r.now],
  );
  const row = won.rows[0];
  if (!row) {
    const seen = await db.query<{ family_id: string; used: string | null }>(
      'SELECT family_id, used FROM oauth_refresh_tokens WHERE token_hash = $1',
      [tokenHash],
    );
    const old = seen.rows[0];
    if (old?.used) await r.onReuse(old.family_id);
    throw new OAuthError('invalid_grant', 'The refresh token is invalid, expired or revoked');
  }
  if (row.client_id !== r.clientId)
    throw new OAuthError('invalid_grant', 'The refresh token was issued to another client');
  return {
    familyId: row.family_id,
    grant: JSON.parse(row.grant_json) as Grant,
    offline: row.offline,
    expires: new Date(row.expires),
  };
}

/** A live (unspent, unexpired) refresh token's family, for introspection and revocation. */
export async function findRefreshToken(
  db: Queryable,
  token: string,
  now: Date,
): Promise<(RefreshFamily & { expires: Date }) | undefined> {
  const r = await db.query<RefreshRow>(
    `SELECT family_id, client_id, grant_json, offline, expires FROM oauth_refresh_tokens
     WHERE token_hash = $1 AND used IS NULL AND expires > $2`,
    [hashToken(token), now],
  );
  const row = r.rows[0];
  if (!row) return undefined;
  const grant = JSON.parse(row.grant_json) as Grant;
  return { familyId: row.family_id, grant, offline: row.offline, expires: new Date(row.expires) };
}

/** Deletes every refresh token of a family (its access tokens are stopped by the caller via `sid`). */
export async function deleteRefreshFamily(db: Queryable, familyId: string): Promise<void> {
  await db.query('DELETE FROM oauth_refresh_tokens WHERE family_id = $1', [familyId]);
}

/** The refresh-token families (grants) a client holds for a user, for sign-out. */
export async function refreshFamiliesOf(db: Queryable, clientId: string, userId: string): Promise<string[]> {
  const r = await db.query<{ family_id: string }>(
    'SELECT DISTINCT family_id FROM oauth_refresh_tokens WHERE client_id = $1 AND user_id = $2',
    [clientId, userId],
  );
  return r.rows.map((row) => row.family_id);
}
