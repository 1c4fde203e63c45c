// One group of ingest calls in one transaction (store-batcher.ts): the samples in one INSERT that says
// which were new; for each new low-rate reading (none of its stream in the minute before it) an
// Observation, written through the repository (access control and audit) in the same transaction; for
// high-rate ones, their minute marked for its aggregate (store-aggregates.ts); and one audit entry per
// device for the samples themselves. Duplicates — of stored samples or within the group — are counted,
// not stored, and make nothing.
import type { Observation } from '@medplum/fhirtypes';
import { appendAuditEntries, type AuditEntryInput } from '../audit/append.ts';
import { agentOf } from '../audit/audit-event.ts';
import type { Queryable } from '../db/engine.ts';
import type { AccessContext, Repository } from '../db/repository.types.ts';
import { minuteOf, readingObservation, type Sample } from './store-observations.ts';
import {
  insertSamples,
  markMinutes,
  sampleKey,
  withRecentPredecessor,
  type MinuteKey,
} from './store-samples.ts';
import type { DeviceIdentity, NormalizedReading } from './types.ts';

export interface IngestJob {
  identity: DeviceIdentity;
  readings: readonly NormalizedReading[];
  /** The readings as samples, in the same order (store.ts checked and converted them). */
  samples: readonly Sample[];
}

export interface IngestResult {
  stored: number;
  duplicates: number;
}

export interface JobOutcome {
  result: IngestResult;
  /** The job's readings that were new. */
  fresh: NormalizedReading[];
}

/**
 * Whose readings these are: the device, the agent of its samples' audit entries. Its grant is what it may
 * do: create and update Observations only (SMART v2 `system/Observation.cu`).
 */
export function deviceContext(deviceId: string): AccessContext {
  return { actor: `Device/${deviceId}`, scopes: ['system/Observation.cu'] };
}

/**
 * Who writes the Observations made of readings: Hearth's device ingestion, with the same grant as a
 * device (the update half is for putMany's update-as-create). One identity for all devices, so a group's
 * Observations are one batched write (one statement, one audit entry naming each of them and their
 * patients) instead of one per device — which cost ~10 ms each, 5 s for a group of 500 devices. Which
 * device sent what is in the samples' entries (one per device) and in each Observation's `device`.
 */
export const INGESTION_CONTEXT: AccessContext = Object.freeze({
  actor: 'system:device-ingestion',
  scopes: ['system/Observation.cu'],
});

/** A reading is low-rate when its stream had no sample in the minute before it (contract #6). */
const LOW_RATE_GAP_MS = 60_000;

export async function ingestGroup(
  tx: { repo: Repository; q: Queryable; now: string },
  jobs: readonly IngestJob[],
): Promise<JobOutcome[]> {
  // The first of each key in the group is the one inserted; later ones are duplicates of it. Keys are
  // made once per sample (at tens of thousands a second, their strings are most of the group's garbage).
  const unique = new Map<string, Sample>();
  const firstOf = jobs.map((job) =>
    job.samples.map((s) => {
      const key = sampleKey(s);
      if (unique.has(key)) return undefined;
      unique.set(key, s);
      return s;
    }),
  );
  const keys = new Map<Sample, string>();
  for (const [key, s] of unique) keys.set(s, key);
  const ordered = [...unique.values()].sort(byStreamAndTime);
  const inserted = await insertSamples(tx.q, ordered);
  const isFresh = (s: Sample) => inserted === 'all' || inserted.has(keys.get(s)!);
  const fresh = inserted === 'all' ? ordered : ordered.filter(isFresh);
  const { lowRate, minutes } = await classify(tx.q, ordered, fresh);
  await putObservations(tx.repo, lowRate.map(readingObservation));
  await markMinutes(tx.q, minutes);
  await appendAuditEntries(tx.q, sampleAudit(fresh, tx.now));
  return jobs.map((job, j) => {
    const readings = job.readings.filter((_, i) => {
      const s = firstOf[j]![i];
      return s !== undefined && isFresh(s);
    });
    return {
      result: { stored: readings.length, duplicates: job.readings.length - readings.length },
      fresh: readings,
    };
  });
}

function byStreamAndTime(a: Sample, b: Sample): number {
  if (a.deviceId !== b.deviceId) return a.deviceId < b.deviceId ? -1 : 1;
  if (a.code !== b.code) return a.code < b.code ? -1 : 1;
  return a.t - b.t;
}

/**
 * Low-rate or high-rate, for each new sample: a sample of the group less than a minute before it decides
 * (high-rate); else the table does, in one query for all such samples.
 */
async function classify(
  q: Queryable,
  ordered: readonly Sample[],
  fresh: readonly Sample[],
): Promise<{ lowRate: Sample[]; minutes: MinuteKey[] }> {
  const near = new Set<Sample>();
  ordered.forEach((s, i) => {
    const before = ordered[i - 1];
    const sameStream = before && before.deviceId === s.deviceId && before.code === s.code;
    if (sameStream && s.t - before.t < LOW_RATE_GAP_MS) near.add(s);
  });
  const undecided = fresh.filter((s) => !near.has(s));
  const predecessor = await withRecentPredecessor(q, undecided);
  const lowRate: Sample[] = [];
  const minutes = new Map<string, MinuteKey>();
  for (const s of fresh) {
    if (!near.has(s) && !predecessor.has(sampleKey(s))) {
      lowRate.push(s);
      continue;
    }
    const minute = minuteOf(s.t);
    const key = `${s.deviceId}\u0000${s.code}\u0000${minute}`;
    if (!minutes.has(key)) minutes.set(key, { deviceId: s.deviceId, code: s.code, minute });
  }
  return { lowRate, minutes: [...minutes.values()] };
}

/** Observations, in one batched write of the repository (access control and audit) as the ingestion. */
export async function putObservations(repo: Repository, observations: readonly Observation[]): Promise<void> {
  if (observations.length > 0) await repo.putMany(INGESTION_CONTEXT, observations);
}

/**
 * One entry per device that stored samples (not FHIR resources, so the repository does not audit them):
 * the device as agent and as the entity written from, its patients' records as touched.
 */
function sampleAudit(fresh: readonly Sample[], now: string): AuditEntryInput[] {
  return [...groupBy(fresh, (s) => s.deviceId)].map(([deviceId, own]) => ({
    recorded: now,
    interaction: 'create',
    action: 'C',
    status: 201,
    agent: agentOf(deviceContext(deviceId)),
    entities: [`Device/${deviceId}`],
    patients: [...new Set(own.map((s) => s.patientId))],
  }));
}

export function groupBy<T>(items: readonly T[], key: (item: T) => string): Map<string, T[]> {
  const groups = new Map<string, T[]>();
  for (const item of items) {
    const k = key(item);
    const list = groups.get(k);
    if (list) list.push(item);
    else groups.set(k, [item]);
  }
  return groups;
}
