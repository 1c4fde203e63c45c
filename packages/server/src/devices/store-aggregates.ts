// Aggregate Observations of high-rate streams, one per device, code and minute, written once the minute
// has closed. The pending minutes live in `device_sample_minutes` (marked with their samples), so the
// aggregates still missing after a crash are found and written by the next start; a sample arriving after
// its minute was written marks it again, and the aggregate is rewritten (same id) with it included.
import type { Repository } from '../db/repository.types.ts';
import { groupBy, putObservations } from './store-ingest.ts';
import { minuteObservation, minuteOf } from './store-observations.ts';
import { clearMinutes, closedMinutes, samplesOfMinutes } from './store-samples.ts';

/** Minutes written per transaction. */
const MINUTES_PER_ROUND = 500;

/**
 * Writes the aggregate of every pending minute that ended at or before `cutoff` (ms since the epoch), in
 * rounds of one transaction each: Observations and the minutes' removal from the pending table commit
 * together. Returns how many minutes were written.
 */
export async function writeClosedMinutes(repo: Repository, cutoff: number): Promise<number> {
  let written = 0;
  for (;;) {
    const n = await repo.withTransaction(async (tx, q) => {
      const minutes = await closedMinutes(q, cutoff, MINUTES_PER_ROUND);
      const samples = await samplesOfMinutes(q, minutes);
      // A device re-paired within a minute: one aggregate per patient, each in its own record.
      const streams = groupBy(
        samples,
        (s) => `${s.deviceId}\u0000${s.code}\u0000${minuteOf(s.t)}\u0000${s.patientId}`,
      );
      const observations = [...streams.values()].map((own) => minuteObservation(own, minuteOf(own[0]!.t)));
      await putObservations(tx, observations);
      await clearMinutes(q, minutes);
      return minutes.length;
    });
    written += n;
    if (n < MINUTES_PER_ROUND) return written;
  }
}
