// Failed sign-in throttling per account. NIST SP 800-63B §5.2.2 ("Rate Limiting (Throttling)"): limit
// consecutive failed attempts on an account (at most 100), and may impose increasing waits between
// attempts. OWASP Authentication Cheat Sheet §"Account Lockout": lock for a period, then let the counter
// start over. Password and TOTP failures count together, so neither factor can be guessed alone.
// The pure policy takes the clock as a value (STYLE.md §3); the store applies it with one UPDATE.
import type { Queryable } from '../db/engine.ts';

export interface ThrottlePolicy {
  /** Consecutive failures that lock the account. */
  maxFailures: number;
  lockoutMinutes: number;
}

export interface ThrottleState {
  failedLogins: number;
  lastFailedAt: Date | undefined;
  lockedUntil: Date | undefined;
}

/** Longest wait between two attempts before the lockout takes over. */
const MAX_BACKOFF_SECONDS = 60;

/** Exponential backoff after k consecutive failures: 1 s, 2 s, 4 s, … capped at a minute. */
export function backoffSeconds(failures: number): number {
  if (failures <= 0) return 0;
  return Math.min(2 ** (failures - 1), MAX_BACKOFF_SECONDS);
}

/** The instant before which no attempt is evaluated, or undefined when one may be made now. */
export function blockedUntil(state: ThrottleState, now: Date): Date | undefined {
  if (state.lockedUntil && state.lockedUntil > now) return state.lockedUntil;
  if (state.failedLogins > 0 && state.lastFailedAt) {
    const next = new Date(state.lastFailedAt.getTime() + backoffSeconds(state.failedLogins) * 1000);
    if (next > now) return next;
  }
  return undefined;
}

interface ThrottleRow {
  failed_logins: number;
  last_failed_at: Date | string | null;
  locked_until: Date | string | null;
}

export function throttleState(row: ThrottleRow): ThrottleState {
  return {
    failedLogins: row.failed_logins,
    lastFailedAt: row.last_failed_at === null ? undefined : new Date(row.last_failed_at),
    lockedUntil: row.locked_until === null ? undefined : new Date(row.locked_until),
  };
}

/**
 * Records a failure. At the limit the account locks and the counter starts over (the next failures after
 * the lockout back off from 1 s again). Computed in SQL so that concurrent failures all count.
 */
export async function recordFailure(
  db: Queryable,
  userId: string,
  now: Date,
  policy: ThrottlePolicy,
): Promise<void> {
  const lockUntil = new Date(now.getTime() + policy.lockoutMinutes * 60_000);
  await db.query(
    `UPDATE users SET
       locked_until = CASE WHEN failed_logins + 1 >= $3 THEN $4 ELSE locked_until END,
       failed_logins = CASE WHEN failed_logins + 1 >= $3 THEN 0 ELSE failed_logins + 1 END,
       last_failed_at = $2
     WHERE id = $1`,
    [userId, now, policy.maxFailures, lockUntil],
  );
}

export async function clearFailures(db: Queryable, userId: string): Promise<void> {
  await db.query(
    'UPDATE users SET failed_logins = 0, last_failed_at = NULL, locked_until = NULL WHERE id = $1',
    [userId],
  );
}
