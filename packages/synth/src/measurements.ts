import type { ChronicCase } from './chronic.ts';
import { findCase } from './chronic.ts';
import { clamp, roundTo, YEAR } from './fhir-values.ts';
import type { Person } from './person.ts';
import type { Trajectory } from './physiology.ts';
import { ageAt, bmiAt, heightAt, ramp } from './physiology.ts';
import type { Random } from './random.ts';
import type { ObservationKey } from './tables/observations.ts';
import { OBSERVATIONS } from './tables/observations.ts';

// Measured values at a moment: the person's trajectory plus measurement noise, rounded as a device
// or lab reports them and kept within physiological bounds.

export interface Body {
  readonly person: Person;
  readonly trajectory: Trajectory;
  readonly cases: readonly ChronicCase[];
}

/** Acute state at the time of measurement (an infectious illness). */
export interface AcuteState {
  readonly fever: boolean;
  readonly hypoxia: boolean;
}

const WELL: AcuteState = { fever: false, hypoxia: false };

export function report(key: ObservationKey, value: number): number {
  const { bounds, decimals } = OBSERVATIONS[key];
  return roundTo(clamp(value, bounds[0], bounds[1]), decimals);
}

export function bloodPressure(body: Body, t: number, rng: Random): [number, number] {
  const { trajectory } = body;
  const age = ageAt(body.person, t);
  if (age < 18) {
    const sbp = rng.normal(92 + 1.3 * age, 6);
    return [report('systolic', sbp), report('diastolic', Math.min(sbp - 25, rng.normal(0.6 * sbp, 4)))];
  }
  let sbp = Math.min(trajectory.sbpBase + 0.45 * (age - 20), 128);
  const htn = findCase(body.cases, 'hypertension');
  if (htn) {
    sbp = Math.max(sbp, 122) + trajectory.htnExcess * Math.max(ramp(t, htn.onsetMs - 2 * YEAR, 2), 0);
    sbp -= trajectory.htnTreatmentEffect * ramp(t, htn.treatedFromMs, 0.25);
  }
  const hf = findCase(body.cases, 'heartFailure');
  if (hf?.treatedFromMs !== undefined) sbp -= 6 * ramp(t, hf.treatedFromMs, 0.25);
  const measured = rng.normal(sbp, 6);
  const diastolic = Math.min(measured - 25, rng.normal(0.55 * measured + 8, 4));
  return [report('systolic', measured), report('diastolic', diastolic)];
}

export function heartRate(body: Body, t: number, rng: Random, acute: AcuteState = WELL): number {
  const age = ageAt(body.person, t);
  let rate = age < 1 ? 130 : age < 4 ? 110 : age < 12 ? 92 : age < 18 ? 80 : body.trajectory.hrBase;
  const hf = findCase(body.cases, 'heartFailure');
  if (hf && t >= hf.onsetMs) rate += 6 - 10 * ramp(t, hf.treatedFromMs, 0.25);
  if (acute.fever) rate += 12;
  return report('heartRate', rng.normal(rate, 5));
}

export function respiratoryRate(body: Body, t: number, rng: Random, acute: AcuteState = WELL): number {
  const age = ageAt(body.person, t);
  let rate = age < 1 ? 34 : age < 4 ? 26 : age < 12 ? 20 : 15;
  if (findCase(body.cases, 'copd')) rate += 2;
  if (acute.hypoxia || acute.fever) rate += 4;
  return report('respiratoryRate', rng.normal(rate, 1.5));
}

export function oxygenSaturation(body: Body, t: number, rng: Random, acute: AcuteState = WELL): number {
  const copd = findCase(body.cases, 'copd');
  const hf = findCase(body.cases, 'heartFailure');
  let mean = 98;
  if (copd && t >= copd.onsetMs) mean = 93;
  else if (hf && t >= hf.onsetMs) mean = 95.5;
  if (acute.hypoxia) mean -= 4;
  return report('oxygenSaturation', Math.min(100, rng.normal(mean, 1.2)));
}

export function bodyTemperature(rng: Random, acute: AcuteState = WELL): number {
  return report(
    'bodyTemperature',
    acute.fever ? clamp(rng.normal(38.6, 0.5), 37.9, 40.5) : rng.normal(36.8, 0.2),
  );
}

export function anthropometry(
  body: Body,
  t: number,
  rng: Random,
): { height: number; weight: number; bmi: number } {
  const age = ageAt(body.person, t);
  const heightCm = heightAt(body.person, body.trajectory, age) + rng.normal(0, 0.4);
  const bmi = bmiAt(body.trajectory, age) + rng.normal(0, 0.4);
  const weight = report('bodyWeight', bmi * (heightCm / 100) ** 2);
  const height = report('bodyHeight', heightCm);
  return { height, weight, bmi: report('bmi', weight / (height / 100) ** 2) };
}
