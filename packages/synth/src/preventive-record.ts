import { allergyResource, immunizationResource } from './care-resources.ts';
import type { Chart } from './chart.ts';
import { DAY, YEAR } from './fhir-values.ts';
import { ageAt } from './physiology.ts';
import { ALLERGIES } from './tables/allergies.ts';
import {
  CHILDHOOD_AND_ADULT_SCHEDULE,
  COVID_19,
  INFLUENZA,
  influenzaUptake,
} from './tables/immunizations.ts';

// Immunizations given during the history window, by the ACIP schedule (tables/immunizations.ts),
// and the person's allergies.

/** Share of scheduled doses actually given: CDC NIS-Child 2021, ~90 % coverage for most vaccines. */
const SCHEDULED_DOSE_COVERAGE = 0.9;

/** Updated COVID-19 vaccine uptake, CDC 2023–24 season: ~22.5 % of adults, ~41 % of adults 65+. */
function covidUptake(age: number): number {
  return age >= 65 ? 0.41 : age >= 18 ? 0.225 : 0.1;
}

export function recordImmunizations(chart: Chart): void {
  const { rng, person, window } = chart;
  const fromMs = Math.max(window.fromMs, person.birthMs);
  const give = (vaccine: typeof INFLUENZA, ms: number): void => {
    chart.resources.push(immunizationResource(rng.uuid(), person.id, vaccine, ms, person.clinic.locationId));
  };
  for (const dose of CHILDHOOD_AND_ADULT_SCHEDULE) {
    const ms = person.birthMs + (dose.ageMonths * YEAR) / 12 + rng.between(0, 21) * DAY;
    if (ms >= fromMs && ms < window.nowMs && rng.chance(SCHEDULED_DOSE_COVERAGE)) give(dose.vaccine, ms);
  }
  const firstSeason = new Date(fromMs).getUTCFullYear();
  const lastSeason = new Date(window.nowMs).getUTCFullYear();
  for (let year = firstSeason; year <= lastSeason; year++) {
    // Fall campaigns: ACIP recommends vaccination by the end of October.
    const ms = Date.UTC(year, 8, 15) + rng.between(0, 75) * DAY;
    if (ms < fromMs || ms >= window.nowMs) continue;
    const age = ageAt(person, ms);
    if (age >= 0.5 && rng.chance(influenzaUptake(age))) give(INFLUENZA, ms);
    if (year >= 2023 && age >= 0.5 && rng.chance(covidUptake(age)))
      give(COVID_19, ms + rng.between(0, 30) * DAY);
  }
}

export function recordAllergies(chart: Chart): void {
  const { rng, person, window } = chart;
  if (person.age < 2) return;
  for (const allergy of ALLERGIES) {
    if (!rng.chance(allergy.prevalence)) continue;
    const recordedMs = Math.max(person.birthMs + 2 * YEAR, window.nowMs - rng.between(0.1, 10) * YEAR);
    chart.resources.push(allergyResource(rng.uuid(), person.id, allergy, recordedMs));
  }
}
