// The store's SQL on `device_samples` and `device_sample_minutes` (migration 0017): each a single
// statement over arrays (unnest), so a group of thousands of readings costs a handful of round trips.
import type { Queryable } from '../db/engine.ts';
import { MINUTE_MS, type Sample } from './store-observations.ts';

/** A sample's identity: the table's primary key. */
export const sampleKey = (s: Pick<Sample, 'deviceId' | 'code' | 't'>) =>
  `${s.deviceId}\u0000${s.code}\u0000${s.t}`;

/**
 * Inserts the samples (keys unique among them); the keys of those that were new (not already stored), or
 * `all` when every one was — the usual case, which then builds no key.
 */
export async function insertSamples(q: Queryable, samples: readonly Sample[]): Promise<Set<string> | 'all'> {
  if (samples.length === 0) return 'all';
  const r = await q.query<{ device_id: string; code: string; t: string }>(
    `INSERT INTO device_samples (device_id, code, t, patient_id, value, value2, start_t)
     SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::text[], $5::float8[], $6::float8[], $7::bigint[])
     ON CONFLICT DO NOTHING
     RETURNING device_id, code, t`,
    [
      samples.map((s) => s.deviceId),
      samples.map((s) => s.code),
      samples.map((s) => s.t),
      samples.map((s) => s.patientId),
      samples.map((s) => s.value),
      samples.map((s) => s.value2),
      samples.map((s) => s.startT),
    ],
  );
  if (r.rows.length === samples.length) return 'all';
  return new Set(
    r.rows.map((row) => sampleKey({ deviceId: row.device_id, code: row.code, t: Number(row.t) })),
  );
}

/**
 * Of these samples, those with another sample of the same device and code less than a minute before
 * them — stored earlier or in this transaction — as keys.
 */
export async function withRecentPredecessor(q: Queryable, samples: readonly Sample[]): Promise<Set<string>> {
  if (samples.length === 0) return new Set();
  const r = await q.query<{ d: string; c: string; t: string }>(
    `SELECT x.d, x.c, x.t FROM unnest($1::text[], $2::text[], $3::bigint[]) AS x(d, c, t)
     WHERE EXISTS (SELECT 1 FROM device_samples s
                   WHERE s.device_id = x.d AND s.code = x.c AND s.t < x.t AND s.t > x.t - ${MINUTE_MS})`,
    [samples.map((s) => s.deviceId), samples.map((s) => s.code), samples.map((s) => s.t)],
  );
  return new Set(r.rows.map((row) => sampleKey({ deviceId: row.d, code: row.c, t: Number(row.t) })));
}

/** A device's stream of one code within one minute (its start, ms since the epoch). */
export interface MinuteKey {
  deviceId: string;
  code: string;
  minute: number;
}

/**
 * Records minutes whose aggregate Observation is to be written (again, if it was already). A mark already
 * there is touched, not skipped, so it is row-locked: a claim (claimMinutes) waits for this commit.
 */
export async function markMinutes(q: Queryable, minutes: readonly MinuteKey[]): Promise<void> {
  if (minutes.length === 0) return;
  await q.query(
    `INSERT INTO device_sample_minutes (device_id, code, minute)
     SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[])
     ON CONFLICT (device_id, code, minute) DO UPDATE SET minute = EXCLUDED.minute`,
    minuteArrays(minutes),
  );
}

/** Up to `limit` pending minutes that ended at or before `cutoff` (ms), oldest first. */
export async function closedMinutes(q: Queryable, cutoff: number, limit: number): Promise<MinuteKey[]> {
  const r = await q.query<{ device_id: string; code: string; minute: string }>(
    `SELECT device_id, code, minute FROM device_sample_minutes
     WHERE minute <= $1 ORDER BY minute, device_id, code LIMIT $2`,
    [cutoff - MINUTE_MS, limit],
  );
  return r.rows.map((row) => ({ deviceId: row.device_id, code: row.code, minute: Number(row.minute) }));
}

/** Every sample of these minutes, ordered by device, code and time. */
export async function samplesOfMinutes(q: Queryable, minutes: readonly MinuteKey[]): Promise<Sample[]> {
  if (minutes.length === 0) return [];
  const r = await q.query<{
    device_id: string;
    code: string;
    t: string;
    patient_id: string;
    value: number;
    value2: number | null;
    start_t: string | null;
  }>(
    `SELECT s.device_id, s.code, s.t, s.patient_id, s.value, s.value2, s.start_t
     FROM unnest($1::text[], $2::text[], $3::bigint[]) AS m(d, c, minute)
     JOIN device_samples s ON s.device_id = m.d AND s.code = m.c AND s.t >= m.minute AND s.t < m.minute + ${MINUTE_MS}
     ORDER BY s.device_id, s.code, s.t`,
    minuteArrays(minutes),
  );
  return r.rows.map((row) => ({
    deviceId: row.device_id,
    code: row.code,
    t: Number(row.t),
    patientId: row.patient_id,
    value: row.value,
    value2: row.value2,
    startT: row.start_t === null ? null : Number(row.start_t),
  }));
}

/**
 * Takes these minutes off the pending list for the transaction writing their aggregates, row-locking them
 * until it ends; returns those still pending (another writer may have claimed some first).
 */
export async function claimMinutes(q: Queryable, minutes: readonly MinuteKey[]): Promise<MinuteKey[]> {
  if (minutes.length === 0) return [];
  const r = await q.query<{ device_id: string; code: string; minute: string }>(
    `DELETE FROM device_sample_minutes WHERE (device_id, code, minute) IN
     (SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[]))
     RETURNING device_id, code, minute`,
    minuteArrays(minutes),
  );
  return r.rows.map((row) => ({ deviceId: row.device_id, code: row.code, minute: Number(row.minute) }));
}

function minuteArrays(minutes: readonly MinuteKey[]): unknown[] {
  return [minutes.map((m) => m.deviceId), minutes.map((m) => m.code), minutes.map((m) => m.minute)];
}
