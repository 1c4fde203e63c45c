import { badRequest } from '@hearth/fhir';
import type { Region } from './tables/regions.ts';
import { REGIONS } from './tables/regions.ts';
import { DEFAULT_SCHEDULE_WEEKS } from './tables/scheduling.ts';

export interface PopulationOptions {
  /** Any string; the same seed always yields byte-identical output. */
  readonly seed: string;
  readonly patients: number;
  /** The reference "today": histories end here, schedules and appointments start here. */
  readonly now: Date;
  /** A region id from REGIONS ('kansas', 'massachusetts', 'texas') or a Region of your own. */
  readonly region?: string | Region;
  /** Years of longitudinal history before `now` (default 5). */
  readonly historyYears?: number;
  /** Weeks of future schedule and free slots (default 3). */
  readonly scheduleWeeks?: number;
}

export interface ResolvedOptions {
  readonly seed: string;
  readonly patients: number;
  readonly nowMs: number;
  readonly region: Region;
  readonly historyYears: number;
  readonly scheduleWeeks: number;
}

export function resolveOptions(options: PopulationOptions): ResolvedOptions {
  const { seed, patients, now } = options;
  if (!Number.isInteger(patients) || patients < 0)
    throw badRequest('patients must be a non-negative integer');
  if (Number.isNaN(now.getTime())) throw badRequest('now must be a valid date');
  const regionId = typeof options.region === 'string' ? options.region : 'kansas';
  const region = typeof options.region === 'object' ? options.region : REGIONS[regionId];
  if (region === undefined) {
    throw badRequest(`unknown region '${regionId}'; known: ${Object.keys(REGIONS).join(', ')}`);
  }
  if (region.cities.length === 0) throw badRequest('region needs at least one city');
  const historyYears = options.historyYears ?? 5;
  const scheduleWeeks = options.scheduleWeeks ?? DEFAULT_SCHEDULE_WEEKS;
  if (!(historyYears > 0 && historyYears <= 50)) throw badRequest('historyYears must be in (0, 50]');
  if (!Number.isInteger(scheduleWeeks) || scheduleWeeks < 0 || scheduleWeeks > 26) {
    throw badRequest('scheduleWeeks must be an integer in [0, 26]');
  }
  return { seed, patients, nowMs: now.getTime(), region, historyYears, scheduleWeeks };
}
