// SMART EHR launch (app-launch.html#launch-app-ehr-launch): the EHR creates an opaque `launch` id that
// stands for the patient (and encounter) open in the clinician's session, sends the browser to the
// app's launch URL with `iss` and `launch`, and the app passes `launch` back to /oauth2/authorize. The
// id is single use, lives five minutes and only the user who created it can redeem it.
import type { Queryable } from '../db/engine.ts';
import { hashToken, newOpaqueToken } from './opaque-tokens.ts';

export const LAUNCH_SECONDS = 300;

export interface LaunchContext {
  patient?: string;
  encounter?: string;
}

export async function createLaunch(
  db: Queryable,
  userId: string,
  context: LaunchContext,
  now: Date,
): Promise<string> {
  const launch = newOpaqueToken();
  await db.query('DELETE FROM oauth_launches WHERE expires < $1', [now]);
  await db.query(
    'INSERT INTO oauth_launches (launch_hash, user_id, patient, encounter, expires) VALUES ($1, $2, $3, $4, $5)',
    [
      hashToken(launch),
      userId,
      context.patient ?? null,
      context.encounter ?? null,
      new Date(now.getTime() + LAUNCH_SECONDS * 1000),
    ],
  );
  return launch;
}

/** Whether a launch id is currently redeemable by this user (shown before consent). */
export async function peekLaunch(
  db: Queryable,
  launch: string,
  userId: string,
  now: Date,
): Promise<LaunchContext | undefined> {
  const r = await db.query<{ patient: string | null; encounter: string | null }>(
    `SELECT patient, encounter FROM oauth_launches
     WHERE launch_hash = $1 AND user_id = $2 AND used IS NULL AND expires > $3`,
    [hashToken(launch), userId, now],
  );
  const row = r.rows[0];
  return row ? toContext(row) : undefined;
}

/** Redeems a launch id exactly once; undefined when unknown, expired, used or someone else's. */
export async function consumeLaunch(
  db: Queryable,
  launch: string,
  userId: string,
  now: Date,
): Promise<LaunchContext | undefined> {
  const r = await db.query<{ patient: string | null; encounter: string | null }>(
    `UPDATE oauth_launches SET used = $3
     WHERE launch_hash = $1 AND user_id = $2 AND used IS NULL AND expires > $3
     RETURNING patient, encounter`,
    [hashToken(launch), userId, now],
  );
  const row = r.rows[0];
  return row ? toContext(row) : undefined;
}

function toContext(row: { patient: string | null; encounter: string | null }): LaunchContext {
  return {
    ...(row.patient ? { patient: row.patient } : {}),
    ...(row.encounter ? { encounter: row.encounter } : {}),
  };
}
