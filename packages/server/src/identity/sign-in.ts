// The sign-in steps, without HTTP: check a password, then (when enrolled) a TOTP code, then — for a
// one-time password — a new password, then — for an administrator without TOTP — TOTP enrolment
// (issue #3: TOTP required for administrators). Every failure looks the same to the caller, whether
// the account is unknown, disabled, throttled or the secret wrong (OWASP Authentication Cheat Sheet
// §"Authentication and Error Messages": no user enumeration).
import type { Engine, Queryable } from '../db/engine.ts';
import { hashPassword, verifyPassword } from './passwords.ts';
import type { SessionStage } from './session.ts';
import { claimAttempt, clearFailures, type ThrottlePolicy } from './throttle.ts';
import { verifyTotp } from './totp.ts';
import { findUserRow, USER_COLUMNS, type UserRow } from './users.ts';
import type { SecretBox } from './secret-box.ts';

// Verified against when the username is unknown, so that a miss costs the same time as a wrong password.
const UNKNOWN_USER_HASH = await hashPassword('no such user: this hash only equalises timing');

/** Why a step failed, for the audit log only: the user always sees one generic message. */
export type SignInFailure =
  'unknown user' | 'account disabled' | 'throttled' | 'wrong password' | 'wrong code';

export type StepResult = { ok: true; row: UserRow } | { ok: false; reason: SignInFailure; userId?: string };

export interface SignInDeps {
  db: Engine;
  policy: ThrottlePolicy;
  /** TOTP secrets are stored sealed (secret-box.ts). */
  secrets: SecretBox;
}

/** The enabled account when the password is right and the account may try now. */
export async function checkPassword(
  deps: SignInDeps,
  attempt: { username: string; password: string; now: Date },
): Promise<StepResult> {
  const row = await findUserRow(deps.db, attempt.username);
  const claimed = row && !row.disabled && (await claimAttempt(deps.db, row.id, attempt.now, deps.policy));
  // Always one hash verification, whatever the account's state: timing reveals nothing.
  const ok = await verifyPassword(row?.password_hash ?? UNKNOWN_USER_HASH, attempt.password);
  if (!row) return { ok: false, reason: 'unknown user' };
  if (row.disabled) return { ok: false, reason: 'account disabled', userId: row.id };
  // Throttled: not evaluated, even when the password is right.
  if (!claimed) return { ok: false, reason: 'throttled', userId: row.id };
  if (!ok) return { ok: false, reason: 'wrong password', userId: row.id };
  await clearFailures(deps.db, row.id);
  return { ok: true, row };
}

async function userRow(db: Queryable, id: string): Promise<UserRow | undefined> {
  const r = await db.query<UserRow>(`SELECT ${USER_COLUMNS} FROM users WHERE id = $1`, [id]);
  return r.rows[0];
}

/**
 * Checks a TOTP code for an account: the enrolled secret, or `pendingSecret` during enrolment (then the
 * secret is stored as enrolled). Failures count towards the same lockout as passwords.
 */
export async function checkTotp(
  deps: SignInDeps,
  attempt: { userId: string; code: string; now: Date; pendingSecret?: string },
): Promise<StepResult> {
  const userId = attempt.userId;
  const row = await userRow(deps.db, userId);
  if (!row || row.disabled) return { ok: false, reason: 'account disabled', userId };
  if (!(await claimAttempt(deps.db, userId, attempt.now, deps.policy)))
    return { ok: false, reason: 'throttled', userId };
  const secret = attempt.pendingSecret ?? (row.totp_secret ? deps.secrets.open(row.totp_secret) : undefined);
  if (!secret) return { ok: false, reason: 'wrong code', userId };
  const sealed = attempt.pendingSecret ? deps.secrets.seal(attempt.pendingSecret) : row.totp_secret;
  const lastStep =
    attempt.pendingSecret || row.totp_last_step === null ? undefined : Number(row.totp_last_step);
  const step = await verifyTotp({ secret, code: attempt.code, now: attempt.now, lastStep });
  if (step === undefined) return { ok: false, reason: 'wrong code', userId };
  // The step is stored with a guard, so of two concurrent submissions of one code only one succeeds.
  const stored = await deps.db.query<UserRow>(
    `UPDATE users SET totp_secret = $2, totp_last_step = $3, failed_logins = 0, last_failed_at = NULL, locked_until = NULL
     WHERE id = $1 AND (totp_last_step IS NULL OR totp_last_step < $3::bigint OR $4::boolean) RETURNING ${USER_COLUMNS}`,
    [row.id, sealed, step, attempt.pendingSecret !== undefined],
  );
  const updated = stored.rows[0];
  return updated ? { ok: true, row: updated } : { ok: false, reason: 'wrong code', userId }; // a concurrent replay
}

/** Replaces a password (after a one-time password); the caller has checked the policy. */
export async function changePassword(
  db: Queryable,
  opts: { userId: string; password: string; now: Date },
): Promise<UserRow | undefined> {
  const r = await db.query<UserRow>(
    `UPDATE users SET password_hash = $2, password_changed = $3, must_change_password = false
     WHERE id = $1 AND NOT disabled RETURNING ${USER_COLUMNS}`,
    [opts.userId, await hashPassword(opts.password), opts.now],
  );
  return r.rows[0];
}

/**
 * What the account still has to prove or set up. `totpProven` is true once a TOTP code was accepted in
 * this sign-in (or the account has none).
 */
export function nextStage(row: UserRow, totpProven: boolean): SessionStage {
  if (row.totp_secret && !totpProven) return 'mfa';
  if (row.must_change_password) return 'password';
  if (row.role === 'admin' && !row.totp_secret) return 'enrol';
  return 'full';
}
