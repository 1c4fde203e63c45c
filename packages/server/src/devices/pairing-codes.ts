// Pairing codes (issue #6 point 1): a patient (or their clinician) gets a short code and types it into
// the device, which sends it with its own credentials; the code names the patient. Eight characters from
// a 32-letter alphabet without the look-alikes 0/O and 1/I (40 bits: guessing is hopeless at the attempt
// limit below), valid 10 minutes, single use. Only a code's SHA-256 is stored.
import { createHash, randomBytes } from 'node:crypto';
import type { Queryable } from '../db/engine.ts';

export const PAIRING_CODE_ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';
export const PAIRING_CODE_LENGTH = 8;
export const PAIRING_CODE_MINUTES = 10;
/** Attempts a device may make per window; a success starts the count again. */
export const MAX_PAIR_ATTEMPTS = 5;
export const PAIR_ATTEMPT_WINDOW_MINUTES = 15;

const MINUTE = 60_000;

/** 256 / 32 = 8: the low five bits of a random byte pick a letter with no bias. */
export function newPairingCode(): string {
  return [...randomBytes(PAIRING_CODE_LENGTH)].map((b) => PAIRING_CODE_ALPHABET[b & 31]).join('');
}

const CODE = new RegExp(`^[${PAIRING_CODE_ALPHABET}]{${PAIRING_CODE_LENGTH}}$`);

/** What a person typed, in the canonical form: case, spaces and hyphens do not matter. */
export function normalizePairingCode(input: string): string | undefined {
  const code = input.toUpperCase().replace(/[\s-]/g, '');
  return CODE.test(code) ? code : undefined;
}

const hash = (code: string) => createHash('sha256').update(code, 'utf8').digest('hex');

export async function insertPairingCode(
  db: Queryable,
  opts: { code: string; patientId: string; createdBy: string; now: Date },
): Promise<Date> {
  const expires = new Date(opts.now.getTime() + PAIRING_CODE_MINUTES * MINUTE);
  // Housekeeping: codes dead for a day are of no further use, even to the audit (which has its own entry).
  await db.query('DELETE FROM device_pairing_codes WHERE expires < $1', [
    new Date(opts.now.getTime() - 24 * 60 * MINUTE).toISOString(),
  ]);
  await db.query(
    'INSERT INTO device_pairing_codes (code_hash, patient_id, created_by, expires) VALUES ($1, $2, $3, $4)',
    [hash(opts.code), opts.patientId, opts.createdBy, expires.toISOString()],
  );
  return expires;
}

export type CodeLookup =
  { ok: true; patientId: string } | { ok: false; reason: 'unknown' | 'expired' | 'used' };

export async function findPairingCode(db: Queryable, code: string, now: Date): Promise<CodeLookup> {
  const { rows } = await db.query<{ patient_id: string; expires: Date | string; used: unknown }>(
    'SELECT patient_id, expires, used FROM device_pairing_codes WHERE code_hash = $1',
    [hash(code)],
  );
  const row = rows[0];
  if (!row) return { ok: false, reason: 'unknown' };
  if (row.used !== null) return { ok: false, reason: 'used' };
  if (new Date(row.expires).getTime() <= now.getTime()) return { ok: false, reason: 'expired' };
  return { ok: true, patientId: row.patient_id };
}

/** Takes the code for this device, atomically: of two devices racing for one code, one wins. */
export async function claimPairingCode(
  db: Queryable,
  opts: { code: string; deviceId: string; now: Date },
): Promise<boolean> {
  const r = await db.query(
    `UPDATE device_pairing_codes SET used = $3, used_by = $2
     WHERE code_hash = $1 AND used IS NULL AND expires > $3`,
    [hash(opts.code), opts.deviceId, opts.now.toISOString()],
  );
  return r.rowCount === 1;
}

/** Gives a claimed code back when the pairing it was claimed for could not be written. */
export async function releasePairingCode(
  db: Queryable,
  opts: { code: string; deviceId: string },
): Promise<void> {
  await db.query(
    'UPDATE device_pairing_codes SET used = NULL, used_by = NULL WHERE code_hash = $1 AND used_by = $2',
    [hash(opts.code), opts.deviceId],
  );
}

/**
 * Counts a pairing attempt of the device, atomically with the check: false when it has used up the
 * window's attempts (then `retryAfterSeconds` says when the window ends). Concurrent attempts cannot
 * slip past the limit.
 */
export async function takePairAttempt(
  db: Queryable,
  deviceId: string,
  now: Date,
): Promise<{ allowed: true } | { allowed: false; retryAfterSeconds: number }> {
  const windowStart = new Date(now.getTime() - PAIR_ATTEMPT_WINDOW_MINUTES * MINUTE).toISOString();
  const r = await db.query(
    `UPDATE device_credentials SET
       pair_failures = CASE WHEN pair_window_start IS NULL OR pair_window_start <= $2 THEN 1 ELSE pair_failures + 1 END,
       pair_window_start = CASE WHEN pair_window_start IS NULL OR pair_window_start <= $2 THEN $3 ELSE pair_window_start END
     WHERE device_id = $1 AND (pair_window_start IS NULL OR pair_window_start <= $2 OR pair_failures < $4)`,
    [deviceId, windowStart, now.toISOString(), MAX_PAIR_ATTEMPTS],
  );
  if (r.rowCount === 1) return { allowed: true };
  const { rows } = await db.query<{ start: Date | string | null }>(
    'SELECT pair_window_start AS start FROM device_credentials WHERE device_id = $1',
    [deviceId],
  );
  const start = rows[0]?.start;
  const ends = start ? new Date(start).getTime() + PAIR_ATTEMPT_WINDOW_MINUTES * MINUTE : now.getTime();
  return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil((ends - now.getTime()) / 1000)) };
}

/** A successful pairing: the device's attempt count starts again. */
export async function resetPairAttempts(db: Queryable, deviceId: string): Promise<void> {
  await db.query(
    'UPDATE device_credentials SET pair_failures = 0, pair_window_start = NULL WHERE device_id = $1',
    [deviceId],
  );
}
