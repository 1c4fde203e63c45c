// Aggregate Observations of high-rate streams, one per device, code and minute, written once the minute
// has closed. The pending minutes live in `device_sample_minutes` (marked with their samples), so the
// aggregates still missing after a crash are found and written by the next start; a sample arriving after
// its minute was written marks it again, and the aggregate is rewritten (same id) with it included.
import type { Queryable } from '../db/engine.ts';
import type { Repository } from '../db/repository.types.ts';
import { groupBy, putObservations } from './store-ingest.ts';
import { minuteObservation, minuteOf } from './store-observations.ts';
import { claimMinutes, closedMinutes, samplesOfMinutes, type MinuteKey } from './store-samples.ts';

/** Minutes written per transaction. */
const MINUTES_PER_ROUND = 500;

export interface ClosedMinutesOptions {
  /** Ends at or before this (ms since the epoch) count as closed. */
  cutoff: number;
  /**
   * Minutes that failed alone (keys): left pending for a later run, skipped by this process so that one
   * bad minute cannot hold back every other aggregate. Filled in here.
   */
  failed: Set<string>;
  onError: (err: unknown) => void;
}

const keyOf = (m: MinuteKey) => `${m.deviceId}\u0000${m.code}\u0000${m.minute}`;

/**
 * Writes the aggregate of every pending minute that has closed, in rounds of one transaction each:
 * Observations and the minutes' removal from the pending table commit together. A round that fails is
 * written again minute by minute. Returns how many minutes were written.
 */
export async function writeClosedMinutes(repo: Repository, opts: ClosedMinutesOptions): Promise<number> {
  let written = 0;
  for (;;) {
    const round = await repo.withTransaction(async (_tx, q) => pending(q, opts));
    if (round.length === 0) return written;
    try {
      await repo.withTransaction((tx, q) => writeMinutes(tx, q, round));
      written += round.length;
    } catch {
      for (const minute of round) {
        try {
          await repo.withTransaction((tx, q) => writeMinutes(tx, q, [minute]));
          written++;
        } catch (err) {
          opts.failed.add(keyOf(minute));
          opts.onError(err);
        }
      }
    }
    if (round.length < MINUTES_PER_ROUND) return written;
  }
}

async function pending(q: Queryable, opts: ClosedMinutesOptions): Promise<MinuteKey[]> {
  const minutes = await closedMinutes(q, opts.cutoff, MINUTES_PER_ROUND + opts.failed.size);
  return minutes.filter((m) => !opts.failed.has(keyOf(m))).slice(0, MINUTES_PER_ROUND);
}

async function writeMinutes(tx: Repository, q: Queryable, minutes: readonly MinuteKey[]): Promise<void> {
  // Claim first, read after: the claim (a DELETE) waits for an ingest that marked one of these minutes
  // and has not committed, so the samples read next include its reading; an ingest marking one after the
  // claim waits for this commit and marks the minute anew, to be written again with its reading.
  const claimed = await claimMinutes(q, minutes);
  const samples = await samplesOfMinutes(q, claimed);
  // A device re-paired within a minute: one aggregate per patient, each in its own record.
  const streams = groupBy(
    samples,
    (s) => `${s.deviceId}\u0000${s.code}\u0000${minuteOf(s.t)}\u0000${s.patientId}`,
  );
  const observations = [...streams.values()].map((own) => minuteObservation(own, minuteOf(own[0]!.t)));
  await putObservations(tx, observations);
}
