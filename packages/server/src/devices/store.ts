// The reading store (#6 point 4, DESIGN.md §6): every reading a device sends becomes a compact sample row
// (device_samples, migration 0017), once — a re-delivered reading (same device, code and time) is counted
// as a duplicate and makes nothing. Low-rate readings (nothing of their stream in the minute before) each
// become an Observation in the same transaction; high-rate streams become one aggregate Observation per
// minute once it closes (store-aggregates.ts). Observations go through the repository (store-ingest.ts
// INGESTION_CONTEXT), so access control and audit apply as to every write; the samples are audited per
// device, with the device as agent.
//
// `ingest` resolves only once its transaction has committed: the transports acknowledge (HTTP 202, MQTT
// PUBACK) after it. Calls that arrive together share one transaction (store-batcher.ts).
import { badRequest, forbidden } from '@hearth/fhir';
import type { Engine } from '../db/engine.ts';
import type { Repository } from '../db/repository.types.ts';
import { writeClosedMinutes } from './store-aggregates.ts';
import { createBatcher } from './store-batcher.ts';
import { BP_DIASTOLIC, BP_PANEL, BP_SYSTOLIC, codeInfo } from './store-codes.ts';
import { ingestGroup, type IngestJob, type IngestResult, type JobOutcome } from './store-ingest.ts';
import type { Sample } from './store-observations.ts';
import type { DeviceIdentity, NormalizedReading } from './types.ts';

export type { IngestResult } from './store-ingest.ts';

export interface StoredBatch {
  identity: DeviceIdentity;
  /** The new readings of one ingest call (duplicates left out), after they committed. */
  readings: NormalizedReading[];
}

export interface ReadingStoreOptions {
  /** Kept for the contract's shape; the store reaches the database only through `repo`'s transactions. */
  engine?: Engine;
  /** The server's repository (behind access control): Observations and samples commit in its transactions. */
  repo: Repository;
  clock?: () => Date;
  /** Called after each commit with the new readings of each ingest call in it (monitoring listens here). */
  onStored?: (batch: StoredBatch) => void | Promise<void>;
  /** Errors of background work (closing minutes, onStored listeners); default: a line on stderr. */
  onError?: (err: unknown) => void;
  /** A minute is closed this long after its end, so readings still in flight make it in. Default 5 s. */
  minuteGraceMs?: number;
  /** How often closed minutes are looked for. Default 5 s. */
  aggregateEveryMs?: number;
  /** Readings per transaction at most. Default 10,000. */
  maxGroupReadings?: number;
}

export interface ReadingStore {
  /** Stores the readings; resolves when they are durable. 403 for an unpaired device, 400 for a bad reading. */
  ingest(identity: DeviceIdentity, readings: readonly NormalizedReading[]): Promise<IngestResult>;
  /** Writes the aggregates of every minute that has closed by now (after what is queued before it). */
  flush(): Promise<void>;
  /** Stops taking readings, waits for those accepted, writes the closed minutes' aggregates. */
  close(): Promise<void>;
}

/** datatypes.html#id */
const FHIR_ID = /^[A-Za-z0-9\-.]{1,64}$/;

export function createReadingStore(opts: ReadingStoreOptions): ReadingStore {
  const clock = opts.clock ?? (() => new Date());
  const grace = opts.minuteGraceMs ?? 5000;
  const onError =
    opts.onError ??
    ((err: unknown) => {
      console.error(`devices: reading store: ${err instanceof Error ? err.message : String(err)}`);
    });
  const batcher = createBatcher<IngestJob, JobOutcome>({
    runGroup: (jobs) =>
      opts.repo.withTransaction((repo, q) => ingestGroup({ repo, q, now: clock().toISOString() }, jobs)),
    size: (job) => job.samples.length,
    maxGroup: opts.maxGroupReadings ?? 10_000,
    // Two groups at once (measured: PostgreSQL does one group's INSERT while Node prepares the next).
    // What the second cannot see of the first, uncommitted: a duplicate waits for it at its INSERT (ON
    // CONFLICT), so is still stored once; a predecessor in it leaves a reading looking low-rate, so at
    // worst a stream's first reading of a burst gets an Observation of its own besides its minute. A
    // deadlock between the two (a re-sent reading in both) fails one, whose calls then run alone.
    maxInFlight: 2,
  });
  let closed = false;
  /** Minutes whose aggregate failed alone: retried by the next start, not on every tick. */
  const failed = new Set<string>();
  let flushing: Promise<void> | undefined;

  /**
   * After the groups queued so far (a barrier), the closed minutes' aggregates are written in their own
   * transactions beside new groups, never holding ingestion up: each round claims its minutes first
   * (store-aggregates.ts), so a reading arriving meanwhile is either in the aggregate or marks its
   * minute again. (They once ran alone; a round over a busy minute then stalled every device for seconds.)
   */
  async function flush(): Promise<void> {
    await batcher.idle();
    await writeClosedMinutes(opts.repo, { cutoff: clock().getTime() - grace, failed, onError });
  }

  /** The timer's flush: skipped while the previous one is still queued or running. */
  function tick(): void {
    if (flushing) return;
    flushing = flush()
      .catch(onError)
      .finally(() => {
        flushing = undefined;
      });
  }

  function notify(identity: DeviceIdentity, readings: NormalizedReading[]): void {
    if (!opts.onStored || readings.length === 0) return;
    try {
      void Promise.resolve(opts.onStored({ identity, readings })).catch(onError);
    } catch (err) {
      onError(err);
    }
  }

  // At start: the minutes a previous run left unwritten (a crash between samples and aggregate).
  tick();
  const timer = setInterval(tick, opts.aggregateEveryMs ?? 5000);
  timer.unref();

  return {
    async ingest(identity, readings) {
      if (closed) throw new Error('The reading store is closed');
      const patientId = identity.patientId;
      if (patientId === undefined) {
        throw forbidden('This device is not paired to a patient, so its readings cannot be stored.');
      }
      // Both end up in references of the Observations (and of aggregates written later): a bad one would
      // fail them, so it is refused here, before anything is stored.
      if (!FHIR_ID.test(identity.deviceId) || !FHIR_ID.test(patientId)) {
        throw badRequest('The device or its patient has an id that is not a FHIR id.');
      }
      if (readings.length === 0) return { stored: 0, duplicates: 0 };
      const samples = readings.map((r, i) => toSample(identity.deviceId, patientId, r, i));
      const { result, fresh } = await batcher.submit({ identity, readings, samples });
      notify(identity, fresh);
      return result;
    },
    flush,
    async close() {
      if (closed) return;
      closed = true;
      clearInterval(timer);
      await flush();
    },
  };
}

/**
 * A parsed reading as a sample row, checking what the row relies on (payloads.ts produces readings that
 * pass; anything else is a caller's bug, refused whole with 400 before anything is written).
 */
function toSample(deviceId: string, patientId: string, r: NormalizedReading, index: number): Sample {
  const at = `[${index}]`;
  const info = codeInfo(r.code);
  if (!info || info.kind !== r.kind)
    throw badRequest(`Reading ${at} has an unknown code ${r.code} for ${r.kind}`, `${at}.code`);
  if (r.unit !== info.unit)
    throw badRequest(`Reading ${at} must be in ${info.unit}, not ${r.unit}`, `${at}.unit`);
  if (!Number.isSafeInteger(r.timeMs)) throw badRequest(`Reading ${at} has no valid time`, `${at}.time`);
  const startT = r.startMs ?? null;
  if (startT !== null && !(Number.isSafeInteger(startT) && startT <= r.timeMs)) {
    throw badRequest(`Reading ${at} has an interval that ends before it starts`, `${at}.start`);
  }
  const base = { deviceId, patientId, code: r.code, t: r.timeMs, startT };
  if (r.code !== BP_PANEL) {
    if (!Number.isFinite(r.value)) throw badRequest(`Reading ${at} has no numeric value`, `${at}.value`);
    return { ...base, value: r.value!, value2: null };
  }
  const systolic = r.components?.find((c) => c.code === BP_SYSTOLIC)?.value;
  const diastolic = r.components?.find((c) => c.code === BP_DIASTOLIC)?.value;
  const units = r.components?.every((c) => c.unit === info.unit) ?? false;
  if (!units || !Number.isFinite(systolic) || !Number.isFinite(diastolic)) {
    throw badRequest(
      `Blood pressure ${at} needs systolic and diastolic values in ${info.unit}`,
      `${at}.components`,
    );
  }
  return { ...base, value: systolic!, value2: diastolic! };
}
