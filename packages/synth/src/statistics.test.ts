import { describe, expect, it } from 'vitest';
import type { PatientProfile } from './patient-record.ts';
import { patientProfile } from './patient-record.ts';
import { populationContext } from './population.ts';
import { CHRONIC_CONDITIONS } from './tables/conditions.ts';
import { CENSUS_2020, RACES, SPANISH_AT_HOME_SHARE } from './tables/demographics.ts';

// The population against the published US figures each table cites. n = 8,000 people (~6,200
// adults): a proportion's sampling SD is at most 0.56 pp overall and 0.64 pp among adults.
// Demographic shares must fall within 2 pp of the Census/ACS figure (> 3 SD). Condition prevalence
// must fall within 15 % of the cited figure plus 3 SD: the surveys' populations are older or younger
// than the 2020 Census pyramid we apply their age-specific rates to (hypertension's crude rate comes
// out ~48 % against NHANES's 45.4 % for that reason), and that is all the slack allows.

const N = 8_000;
const context = populationContext({ seed: 'statistics', patients: N, now: new Date('2026-11-23T12:00:00Z') });
const profiles: PatientProfile[] = Array.from({ length: N }, (_, i) => patientProfile(context, i));
const adults = profiles.filter((p) => p.person.age >= 18);

function share(items: readonly PatientProfile[], test: (p: PatientProfile) => boolean): number {
  return items.filter(test).length / items.length;
}

describe('age, sex, race, ethnicity and language', () => {
  it('matches the 2020 Census share of women', () => {
    expect(
      Math.abs(share(profiles, (p) => p.person.sex === 'female') - CENSUS_2020.femaleShare),
    ).toBeLessThan(0.02);
  });

  it('matches the 2020 Census age pyramid at its ends', () => {
    expect(Math.abs(share(profiles, (p) => p.person.age < 18) - CENSUS_2020.under18Share)).toBeLessThan(0.02);
    expect(Math.abs(share(profiles, (p) => p.person.age >= 65) - CENSUS_2020.age65PlusShare)).toBeLessThan(
      0.02,
    );
  });

  it('has more women than men among the oldest, as the Census does', () => {
    const oldest = profiles.filter((p) => p.person.age >= 80);
    expect(share(oldest, (p) => p.person.sex === 'female')).toBeGreaterThan(0.55);
  });

  it('matches the 2020 Census race and Hispanic shares', () => {
    const total = RACES.reduce((s, r) => s + r.weight, 0);
    for (const race of RACES) {
      expect(
        Math.abs(share(profiles, (p) => p.person.race === race.value) - race.weight / total),
      ).toBeLessThan(0.02);
    }
    expect(Math.abs(share(profiles, (p) => p.person.hispanic) - CENSUS_2020.hispanicShare)).toBeLessThan(
      0.02,
    );
  });

  it('has about one in eight people preferring Spanish, as ACS reports', () => {
    expect(
      Math.abs(share(profiles, (p) => p.person.language.code === 'es') - SPANISH_AT_HOME_SHARE),
    ).toBeLessThan(0.02);
  });
});

describe('chronic condition prevalence among adults', () => {
  for (const condition of CHRONIC_CONDITIONS) {
    it(`matches ${condition.key}: ${(condition.adultPrevalence * 100).toFixed(1)} % (${condition.source})`, () => {
      const observed = share(adults, (p) => p.cases.some((c) => c.condition.key === condition.key));
      const expected = condition.adultPrevalence;
      const sd = Math.sqrt((expected * (1 - expected)) / adults.length);
      expect(Math.abs(observed - expected)).toBeLessThan(0.15 * expected + 3 * sd);
    });
  }

  it('makes chronic disease commoner with age', () => {
    const young = adults.filter((p) => p.person.age < 40);
    const old = adults.filter((p) => p.person.age >= 65);
    for (const key of ['hypertension', 'diabetes', 'ckd', 'heartFailure'] as const) {
      const has = (p: PatientProfile) => p.cases.some((c) => c.condition.key === key);
      expect(share(old, has)).toBeGreaterThan(2 * share(young, has));
    }
  });

  it('dates every onset in the past, after the earliest plausible age', () => {
    const nowMs = context.window.nowMs;
    const wrong = profiles.flatMap((p) =>
      p.cases.filter(
        (c) =>
          c.onsetMs > nowMs ||
          c.onsetMs < p.person.birthMs + (c.condition.earliestOnsetAge - 0.02) * 31_557_600_000,
      ),
    );
    expect(wrong).toEqual([]);
  });
});
