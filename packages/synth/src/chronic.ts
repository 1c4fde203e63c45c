import type { Person } from './person.ts';
import type { Random } from './random.ts';
import { DAY, YEAR } from './fhir-values.ts';
import type { ChronicCondition, ChronicKey } from './tables/conditions.ts';
import { CHRONIC_CONDITIONS, prevalenceAt } from './tables/conditions.ts';
import { TREATMENT } from './tables/medications.ts';

// Which chronic conditions a person has today, since when, and whether they are treated. Conditions
// are drawn with the prevalence of the person's current age band, so the population matches the cited
// survey; onset is spread over the years before today (mood and anxiety disorders are past-year
// figures, so their onsets are recent).

export interface ChronicCase {
  readonly condition: ChronicCondition;
  readonly conditionId: string;
  readonly onsetMs: number;
  /** When drug treatment started, if it did. */
  readonly treatedFromMs?: number;
}

const MAX_YEARS_SINCE_ONSET: Readonly<Record<ChronicKey, number>> = {
  hypertension: 20,
  diabetes: 15,
  asthma: 25,
  copd: 15,
  heartFailure: 8,
  ckd: 10,
  depression: 3,
  anxiety: 5,
};

export function sampleChronic(rng: Random, person: Person, nowMs: number): ChronicCase[] {
  const cases: ChronicCase[] = [];
  for (const condition of CHRONIC_CONDITIONS) {
    if (!rng.chance(prevalenceAt(condition, person.age))) continue;
    const span = Math.min(person.age - condition.earliestOnsetAge, MAX_YEARS_SINCE_ONSET[condition.key]);
    const onsetMs = nowMs - rng.between(0.01, Math.max(0.02, span)) * YEAR;
    const treated = rng.chance(TREATMENT[condition.key].share);
    const conditionId = rng.uuid();
    cases.push(
      treated
        ? {
            condition,
            conditionId,
            onsetMs,
            treatedFromMs: Math.min(nowMs, onsetMs + rng.between(0, 45) * DAY),
          }
        : { condition, conditionId, onsetMs },
    );
  }
  return cases;
}

export function findCase(cases: readonly ChronicCase[], key: ChronicKey): ChronicCase | undefined {
  return cases.find((c) => c.condition.key === key);
}
