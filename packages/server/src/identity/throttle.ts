// Failed sign-in throttling per account. NIST SP 800-63B §5.2.2 ("Rate Limiting (Throttling)"): limit
// consecutive failed attempts on an account (at most 100), and may impose increasing waits between
// attempts. OWASP Authentication Cheat Sheet §"Account Lockout": lock for a period, then let the counter
// start over. Password and TOTP failures count together, so neither factor can be guessed alone.
//
// Each attempt first claims a slot with one conditional UPDATE that counts it as a failure in advance;
// success then clears the count. So concurrent guesses cannot all slip in before the first failure is
// recorded: the second one already sees the backoff (the row lock serialises them on PostgreSQL).
import type { Queryable } from '../db/engine.ts';

export interface ThrottlePolicy {
  /** Consecutive failures that lock the account. */
  maxFailures: number;
  lockoutMinutes: number;
}

/** Longest wait between two attempts before the lockout takes over. */
const MAX_BACKOFF_SECONDS = 60;

/**
 * true when the account may make an attempt now, which is then counted as a failure until
 * `clearFailures`. Not allowed: locked, or within the exponential backoff after k consecutive failures
 * (1 s, 2 s, 4 s, … at most a minute). The attempt that reaches `maxFailures` locks the account for
 * `lockoutMinutes` and starts the counter over.
 */
export async function claimAttempt(
  db: Queryable,
  userId: string,
  now: Date,
  policy: ThrottlePolicy,
): Promise<boolean> {
  const lockUntil = new Date(now.getTime() + policy.lockoutMinutes * 60_000);
  const r = await db.query(
    `UPDATE users SET
       locked_until = CASE WHEN failed_logins + 1 >= $3 THEN $4::timestamptz ELSE NULL END,
       failed_logins = CASE WHEN failed_logins + 1 >= $3 THEN 0 ELSE failed_logins + 1 END,
       last_failed_at = $2
     WHERE id = $1
       AND (locked_until IS NULL OR locked_until <= $2)
       AND (failed_logins = 0 OR last_failed_at IS NULL
            OR last_failed_at + make_interval(secs => LEAST(power(2, failed_logins - 1), $5::float8)) <= $2)
     RETURNING id`,
    [userId, now, policy.maxFailures, lockUntil, MAX_BACKOFF_SECONDS],
  );
  return r.rows.length > 0;
}

/** After a successful step: the attempt was not a failure after all. */
export async function clearFailures(db: Queryable, userId: string): Promise<void> {
  await db.query(
    'UPDATE users SET failed_logins = 0, last_failed_at = NULL, locked_until = NULL WHERE id = $1',
    [userId],
  );
}
