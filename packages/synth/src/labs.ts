import { findCase } from './chronic.ts';
import { clamp, YEAR } from './fhir-values.ts';
import type { Body } from './measurements.ts';
import { report } from './measurements.ts';
import { ageAt, ramp } from './physiology.ts';
import type { Random } from './random.ts';

// Laboratory values over time (see physiology.ts for the sources of each trajectory).

export function hba1c(body: Body, t: number, rng: Random): number {
  const { trajectory } = body;
  const diabetes = findCase(body.cases, 'diabetes');
  let value = trajectory.a1cNormal;
  if (diabetes) {
    if (t < diabetes.onsetMs) {
      value += (trajectory.a1cAtDiagnosis - value) * ramp(t, diabetes.onsetMs - 3 * YEAR, 3);
    } else if (diabetes.treatedFromMs !== undefined && t >= diabetes.treatedFromMs) {
      const years = (t - diabetes.treatedFromMs) / YEAR;
      value =
        trajectory.a1cTarget + (trajectory.a1cAtDiagnosis - trajectory.a1cTarget) * Math.exp(-years / 0.4);
    } else {
      value = trajectory.a1cAtDiagnosis + 0.15 * ((t - diabetes.onsetMs) / YEAR);
    }
  }
  return report('hba1c', rng.normal(value, 0.15));
}

/** Estimated average glucose from HbA1c (ADAG: eAG mg/dL = 28.7 × A1c − 46.7). */
export function averageGlucose(a1c: number): number {
  return 28.7 * a1c - 46.7;
}

export function fastingGlucose(a1c: number, rng: Random): number {
  return report('glucose', rng.normal(0.87 * averageGlucose(a1c), 7));
}

export function capillaryGlucose(a1c: number, rng: Random): number {
  return report('bloodGlucose', rng.normal(averageGlucose(a1c), 18));
}

export function egfr(body: Body, t: number, rng: Random): number {
  const { trajectory } = body;
  const age = ageAt(body.person, t);
  const normal = Math.max(64, trajectory.egfrAt25 - 0.75 * Math.max(0, age - 25));
  const ckd = findCase(body.cases, 'ckd');
  let value = normal;
  if (ckd) {
    if (t < ckd.onsetMs)
      value = normal + (trajectory.egfrAtCkdOnset - normal) * ramp(t, ckd.onsetMs - 3 * YEAR, 3);
    else value = trajectory.egfrAtCkdOnset - trajectory.ckdDeclinePerYear * ((t - ckd.onsetMs) / YEAR);
  }
  // Non-CKD results stay at or above 60 (the CKD threshold, KDIGO 2012) despite noise.
  const measured = rng.normal(Math.max(10, value), 2.5);
  return report('egfr', ckd && t >= ckd.onsetMs ? Math.min(59, measured) : Math.max(61, measured));
}

/** Serum creatinine that reproduces a given eGFR under CKD-EPI 2021 (Inker et al., NEJM 2021). */
export function creatinineFor(egfrValue: number, age: number, sex: 'female' | 'male'): number {
  const kappa = sex === 'female' ? 0.7 : 0.9;
  const alpha = sex === 'female' ? -0.241 : -0.302;
  const ratio = egfrValue / (142 * 0.9938 ** age * (sex === 'female' ? 1.012 : 1));
  const scaled = ratio <= 1 ? ratio ** (-1 / 1.2) : ratio ** (1 / alpha);
  return report('creatinine', kappa * scaled);
}

export function lipids(
  body: Body,
  t: number,
  rng: Random,
): { total: number; hdl: number; triglycerides: number } {
  const { trajectory } = body;
  // Moderate-intensity statin lowers LDL ~30 %, total cholesterol ~20 % (ACC/AHA 2018 guideline).
  const statin = onStatin(body) ? 0.2 * ramp(t, findCase(body.cases, 'diabetes')!.treatedFromMs, 0.25) : 0;
  return {
    total: report('cholesterol', rng.normal(trajectory.cholesterol * (1 - statin), 8)),
    hdl: report('hdl', rng.normal(trajectory.hdl, 3)),
    triglycerides: report('triglycerides', rng.normal(trajectory.triglycerides, 15)),
  };
}

/** ADA Standards of Care 2023 §10: moderate-intensity statin for people with diabetes aged 40–75. */
export function onStatin(body: Body): boolean {
  const diabetes = findCase(body.cases, 'diabetes');
  return diabetes?.treatedFromMs !== undefined && body.person.age >= 40 && body.person.age <= 75;
}

export function electrolytes(
  body: Body,
  egfrValue: number,
  rng: Random,
): { potassium: number; sodium: number } {
  const renal = egfrValue < 45 ? 0.35 : 0;
  return {
    potassium: report('potassium', rng.normal(body.trajectory.potassium + renal, 0.15)),
    sodium: report('sodium', rng.normal(body.trajectory.sodium, 1)),
  };
}

export function ntProBnp(body: Body, t: number, rng: Random): number {
  const hf = findCase(body.cases, 'heartFailure');
  const treated = 0.4 * ramp(t, hf?.treatedFromMs, 0.5);
  return report(
    'ntProBnp',
    clamp(body.trajectory.ntProBnp * (1 - treated) * Math.exp(rng.normal(0, 0.15)), 130, 30000),
  );
}
