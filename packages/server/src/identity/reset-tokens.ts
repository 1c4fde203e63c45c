// Password-reset links: a 256-bit random token, stored only as its SHA-256 digest, expiring after a few
// minutes and usable once (OWASP Forgot Password Cheat Sheet: random, long, single-use, time-limited,
// stored securely). Issuing a new link voids the user's earlier unused ones.
import { randomBytes } from 'node:crypto';
import type { Engine, Queryable } from '../db/engine.ts';
import { hashPassword } from './passwords.ts';
import { digest } from './session.ts';

export interface IssuedResetToken {
  token: string;
  expires: Date;
}

export async function issueResetToken(
  db: Engine,
  opts: { userId: string; now: Date; ttlMinutes: number },
): Promise<IssuedResetToken> {
  const token = randomBytes(32).toString('base64url');
  const expires = new Date(opts.now.getTime() + opts.ttlMinutes * 60_000);
  await db.transaction(async (tx) => {
    await tx.query('DELETE FROM password_reset_tokens WHERE user_id = $1 AND used_at IS NULL', [opts.userId]);
    await tx.query(
      'INSERT INTO password_reset_tokens (token_hash, user_id, created, expires) VALUES ($1, $2, $3, $4)',
      [digest(token), opts.userId, opts.now, expires],
    );
  });
  return { token, expires };
}

/** The user a token would reset, when it is unused, unexpired and the account enabled (no side effect). */
export async function resetTokenUser(db: Queryable, token: string, now: Date): Promise<string | undefined> {
  const r = await db.query<{ user_id: string }>(
    `SELECT t.user_id FROM password_reset_tokens t JOIN users u ON u.id = t.user_id
     WHERE t.token_hash = $1 AND t.used_at IS NULL AND t.expires > $2 AND NOT u.disabled`,
    [digest(token), now],
  );
  return r.rows[0]?.user_id;
}

/**
 * Spends the token and sets the new password in one transaction: the token is marked used by a
 * conditional UPDATE, so of two concurrent submissions only one succeeds. A reset also lifts a lockout
 * and ends every session of the account. Returns the user id, or undefined when the token is not valid.
 */
export async function resetPassword(
  db: Engine,
  opts: { token: string; password: string; now: Date },
): Promise<string | undefined> {
  const hash = await hashPassword(opts.password);
  return db.transaction(async (tx) => {
    const spent = await tx.query<{ user_id: string }>(
      `UPDATE password_reset_tokens t SET used_at = $2
       FROM users u
       WHERE t.token_hash = $1 AND t.used_at IS NULL AND t.expires > $2 AND u.id = t.user_id AND NOT u.disabled
       RETURNING t.user_id`,
      [digest(opts.token), opts.now],
    );
    const userId = spent.rows[0]?.user_id;
    if (!userId) return undefined;
    await tx.query(
      `UPDATE users SET password_hash = $2, password_changed = $3, must_change_password = false,
         failed_logins = 0, last_failed_at = NULL, locked_until = NULL
       WHERE id = $1`,
      [userId, hash, opts.now],
    );
    await tx.query('DELETE FROM user_sessions WHERE user_id = $1', [userId]);
    return userId;
  });
}
