// An authorization request between the authorize endpoint and the user's decision on the consent page.
// Its random id is the consent form's CSRF token: it is bound to the signed-in user, lives ten minutes
// and is deleted when the decision is taken, so a decision cannot be forged, replayed or made by
// someone else.
import type { Queryable } from '../db/engine.ts';
import type { AuthorizeRequest } from './authorize-request.ts';
import { hashToken, newOpaqueToken } from './opaque-tokens.ts';

const PENDING_SECONDS = 600;

export async function savePendingRequest(
  db: Queryable,
  userId: string,
  request: AuthorizeRequest,
  now: Date,
): Promise<string> {
  const id = newOpaqueToken();
  await db.query('DELETE FROM oauth_pending_requests WHERE expires < $1', [now]);
  await db.query(
    'INSERT INTO oauth_pending_requests (id_hash, user_id, request_json, expires) VALUES ($1, $2, $3, $4)',
    [hashToken(id), userId, JSON.stringify(request), new Date(now.getTime() + PENDING_SECONDS * 1000)],
  );
  return id;
}

export async function loadPendingRequest(
  db: Queryable,
  id: string,
  userId: string,
  now: Date,
): Promise<AuthorizeRequest | undefined> {
  const r = await db.query<{ request_json: string }>(
    'SELECT request_json FROM oauth_pending_requests WHERE id_hash = $1 AND user_id = $2 AND expires > $3',
    [hashToken(id), userId, now],
  );
  const row = r.rows[0];
  return row ? (JSON.parse(row.request_json) as AuthorizeRequest) : undefined;
}

/** Takes the request for a decision: true only for the first caller (a decision is made once). */
export async function takePendingRequest(db: Queryable, id: string, userId: string): Promise<boolean> {
  const r = await db.query('DELETE FROM oauth_pending_requests WHERE id_hash = $1 AND user_id = $2', [
    hashToken(id),
    userId,
  ]);
  return r.rowCount > 0;
}
