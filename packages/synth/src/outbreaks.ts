import { DAY, YEAR } from './fhir-values.ts';
import { Random } from './random.ts';
import type { Illness } from './tables/outbreaks.ts';
import { EMERGING_CLUSTER, ILLNESSES } from './tables/outbreaks.ts';
import type { Region } from './tables/regions.ts';

// Epidemic waves of the population: when each illness peaks and in which city it starts. Waves depend
// on the seed, region and dates only, so every patient sees the same waves wherever they are generated.

export interface Wave {
  readonly illness: Illness;
  readonly peakMs: number;
  readonly spreadDays: number;
  readonly epicentreCityIndex: number;
  readonly epicentreAttackRate: number;
  readonly elsewhereAttackRate: number;
}

export interface InfectionCase {
  readonly wave: Wave;
  readonly onsetMs: number;
}

export function planWaves(seed: string, region: Region, nowMs: number, historyYears: number): Wave[] {
  const startMs = nowMs - historyYears * YEAR;
  const waves: Wave[] = [];
  const firstYear = new Date(startMs).getUTCFullYear() - 1;
  const lastYear = new Date(nowMs).getUTCFullYear();
  for (let year = firstYear; year <= lastYear; year++) {
    for (const illness of ILLNESSES) {
      for (const peakDay of illness.peakDaysOfYear) {
        const peakMs = Date.UTC(year, 0, 1) + peakDay * DAY;
        const reach = 3 * illness.spreadDays * DAY;
        if (peakMs - reach > nowMs || peakMs + reach < startMs) continue;
        const rng = new Random(`${seed}|wave|${region.id}|${illness.key}|${year}|${peakDay}`);
        waves.push({
          illness,
          peakMs,
          spreadDays: illness.spreadDays,
          epicentreCityIndex: rng.int(0, region.cities.length - 1),
          epicentreAttackRate: illness.epicentreAttackRate,
          elsewhereAttackRate: illness.elsewhereAttackRate,
        });
      }
    }
  }
  const rng = new Random(`${seed}|emerging|${region.id}`);
  waves.push({
    illness: rng.pick(ILLNESSES),
    peakMs: nowMs - EMERGING_CLUSTER.daysBeforeNow * DAY,
    spreadDays: EMERGING_CLUSTER.spreadDays,
    epicentreCityIndex: rng.int(0, region.cities.length - 1),
    epicentreAttackRate: EMERGING_CLUSTER.attackRate,
    elsewhereAttackRate: 0,
  });
  return waves;
}

/** The infections a person caught, each with its onset within [fromMs, nowMs). */
export function sampleInfections(
  rng: Random,
  waves: readonly Wave[],
  cityIndex: number,
  window: { fromMs: number; nowMs: number },
): InfectionCase[] {
  const cases: InfectionCase[] = [];
  for (const wave of waves) {
    const rate = cityIndex === wave.epicentreCityIndex ? wave.epicentreAttackRate : wave.elsewhereAttackRate;
    if (!rng.chance(rate)) continue;
    const onsetMs = wave.peakMs + rng.normal(0, wave.spreadDays) * DAY;
    if (onsetMs >= window.fromMs && onsetMs < window.nowMs - DAY / 4) cases.push({ wave, onsetMs });
  }
  return cases;
}
