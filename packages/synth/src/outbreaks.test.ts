import type { Condition, Observation } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import type { InfectionCase } from './outbreaks.ts';
import type { PatientProfile } from './patient-record.ts';
import { patientProfile, patientRecord } from './patient-record.ts';
import { populationContext } from './population.ts';

// Seasonal illness must be clustered in place (its wave's epicentre city) and time (around its
// peak), so surveillance algorithms have real signal to find.

const DAY = 86_400_000;
const N = 20_000;
const context = populationContext({ seed: 'outbreaks', patients: N, now: new Date('2026-11-23T12:00:00Z') });
const profiles: PatientProfile[] = Array.from({ length: N }, (_, i) => patientProfile(context, i));
const cases: { profile: PatientProfile; infection: InfectionCase }[] = profiles.flatMap((profile) =>
  profile.infections.map((infection) => ({ profile, infection })),
);
const emerging = context.waves.at(-1)!;

describe('seasonal infectious illness', { timeout: 60_000 }, () => {
  it('strikes the epicentre city several times harder than the rest of the region', () => {
    const people = (inEpicentre: boolean, cityIndex: number) =>
      profiles.filter((p) => (p.person.clinic.cityIndex === cityIndex) === inEpicentre).length;
    const ratios = context.waves.slice(0, -1).map((wave) => {
      const waveCases = cases.filter((c) => c.infection.wave === wave);
      const inside = waveCases.filter(
        (c) => c.profile.person.clinic.cityIndex === wave.epicentreCityIndex,
      ).length;
      const insideRate = inside / people(true, wave.epicentreCityIndex);
      const outsideRate = (waveCases.length - inside) / people(false, wave.epicentreCityIndex);
      return insideRate / outsideRate;
    });
    const finite = ratios.filter(Number.isFinite);
    expect(finite.length).toBeGreaterThan(10);
    expect(finite.reduce((a, b) => a + b, 0) / finite.length).toBeGreaterThan(2.5);
  });

  it('clusters onsets around each wave’s peak', () => {
    const offsets = cases.map(
      (c) => Math.abs(c.infection.onsetMs - c.infection.wave.peakMs) / (c.infection.wave.spreadDays * DAY),
    );
    expect(offsets.length).toBeGreaterThan(1_000);
    expect(offsets.filter((x) => x <= 2).length / offsets.length).toBeGreaterThan(0.9);
  });

  it('has a cluster growing in one city right now', () => {
    const recent = cases.filter((c) => c.infection.wave === emerging);
    expect(recent.length).toBeGreaterThan(10);
    expect(recent.every((c) => c.profile.person.clinic.cityIndex === emerging.epicentreCityIndex)).toBe(true);
    expect(recent.every((c) => c.infection.onsetMs > context.window.nowMs - 30 * DAY)).toBe(true);
  });

  it('records each infection as a visit with a coded diagnosis, and COVID-19 with a positive test', () => {
    const infected = cases.slice(0, 40);
    for (const { profile, infection } of infected) {
      const record = patientRecord(context, profile.person.index);
      const diagnoses = record.filter(
        (r): r is Condition =>
          r.resourceType === 'Condition' && r.code?.coding?.[0]?.code === infection.wave.illness.snomed.code,
      );
      expect(diagnoses.length).toBeGreaterThan(0);
      expect(
        diagnoses.every((d) => d.category?.[0]?.coding?.[0]?.code === 'encounter-diagnosis' && d.encounter),
      ).toBe(true);
      if (infection.wave.illness.key === 'covid19') {
        const tests = record.filter(
          (r): r is Observation => r.resourceType === 'Observation' && r.code.coding?.[0]?.code === '94500-6',
        );
        expect(tests.length).toBeGreaterThan(0);
      }
    }
  });
});
