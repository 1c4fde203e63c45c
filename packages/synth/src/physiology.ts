import type { ChronicCase } from './chronic.ts';
import { findCase } from './chronic.ts';
import { clamp, YEAR } from './fhir-values.ts';
import { ADULT_HEIGHT_CM, ADULT_HEIGHT_SD_CM, childBmiMedian, heightFraction } from './growth.ts';
import type { Person } from './person.ts';
import type { Random } from './random.ts';

// A person's latent physiology: stable personal baselines plus condition effects over time. Values
// at a time t are the trajectory plus measurement noise, so series tell a clinical story:
// - blood pressure rises ~0.45 mmHg/yr with age (NHANES); hypertension adds ~20 mmHg and treatment
//   takes off 10–18 mmHg over ~3 months (Law et al., BMJ 2009 meta-analysis: 9–12 mmHg per drug);
// - HbA1c climbs before a diabetes diagnosis, then settles toward a personal control target
//   (UKPDS 33: treated HbA1c ~7 %); fasting glucose follows the ADAG relation (Nathan et al., 2008);
// - eGFR falls ~0.75 mL/min/yr with age and 0.5–5 (mean ~2) mL/min/yr in CKD (KDIGO 2012 progression).

export interface Trajectory {
  readonly adultHeightCm: number;
  readonly adultBmi: number;
  readonly childBmiZ: number;
  readonly sbpBase: number;
  readonly hrBase: number;
  readonly htnExcess: number;
  readonly htnTreatmentEffect: number;
  readonly a1cNormal: number;
  readonly a1cAtDiagnosis: number;
  readonly a1cTarget: number;
  readonly egfrAt25: number;
  readonly egfrAtCkdOnset: number;
  readonly ckdDeclinePerYear: number;
  readonly cholesterol: number;
  readonly hdl: number;
  readonly triglycerides: number;
  readonly potassium: number;
  readonly sodium: number;
  readonly ntProBnp: number;
}

export function sampleTrajectory(rng: Random, person: Person, cases: readonly ChronicCase[]): Trajectory {
  const diabetic = findCase(cases, 'diabetes') !== undefined;
  return {
    adultHeightCm: clamp(rng.normal(ADULT_HEIGHT_CM[person.sex], ADULT_HEIGHT_SD_CM), 140, 205),
    // NHANES 2017–2018 mean adult BMI ~29.6 (SD ~7); people with type 2 diabetes average ~3 higher.
    adultBmi: clamp(rng.normal(diabetic ? 32 : 29, 5.5), 17, 55),
    childBmiZ: clamp(rng.normal(0.2, 1), -2, 2.5),
    sbpBase: rng.normal(108, 7),
    hrBase: clamp(rng.normal(72, 8), 55, 95),
    htnExcess: clamp(rng.normal(22, 6), 10, 40),
    htnTreatmentEffect: clamp(rng.normal(14, 4), 6, 24),
    a1cNormal: clamp(rng.normal(5.35, 0.3), 4.5, 6.2),
    a1cAtDiagnosis: clamp(rng.normal(8.3, 1.2), 6.6, 12.5),
    a1cTarget: clamp(rng.normal(7.2, 0.7), 6.2, 9.8),
    egfrAt25: clamp(rng.normal(112, 9), 95, 130),
    egfrAtCkdOnset: clamp(rng.normal(52, 6), 35, 59),
    ckdDeclinePerYear: clamp(rng.normal(2.2, 1), 0.5, 5),
    cholesterol: clamp(rng.normal(195, 32), 130, 300),
    hdl: clamp(rng.normal(person.sex === 'female' ? 58 : 47, 11), 25, 95),
    triglycerides: clamp(rng.normal(diabetic ? 170 : 125, 45), 45, 450),
    potassium: clamp(rng.normal(4.2, 0.25), 3.6, 4.9),
    sodium: clamp(rng.normal(139.5, 1.8), 135, 144),
    ntProBnp: clamp(Math.exp(rng.normal(Math.log(900), 0.6)), 200, 9000),
  };
}

export function ageAt(person: Person, t: number): number {
  return (t - person.birthMs) / YEAR;
}

/** Fraction (0→1) of an effect that ramps in linearly over `rampYears` from `fromMs`. */
export function ramp(t: number, fromMs: number | undefined, rampYears: number): number {
  if (fromMs === undefined || t <= fromMs) return 0;
  return Math.min(1, (t - fromMs) / (rampYears * YEAR));
}

export function heightAt(person: Person, trajectory: Trajectory, age: number): number {
  const shrink = age > 70 ? (age - 70) * 0.15 : 0;
  return trajectory.adultHeightCm * heightFraction(age) - shrink;
}

export function bmiAt(trajectory: Trajectory, age: number): number {
  if (age >= 18) return trajectory.adultBmi;
  const median = childBmiMedian(age);
  const blend = Math.max(0, (age - 14) / 4);
  return (median + trajectory.childBmiZ * median * 0.1) * (1 - blend) + trajectory.adultBmi * blend;
}
