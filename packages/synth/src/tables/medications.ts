import type { Code } from './codes.ts';
import type { ChronicKey } from './conditions.ts';

// First-line drugs per condition, RxNorm SCD codes as Synthea's clinical modules prescribe them
// (verified against the Synthea NDJSON shipped in shared/data/synthea and its module files):
// ACC/AHA 2017 hypertension guideline (ACE inhibitor or thiazide first), ADA Standards of Care 2023
// (metformin first, insulin when HbA1c stays high), GINA 2022 (inhaled steroid + reliever), GOLD 2023
// (bronchodilator), ACC/AHA/HFSA 2022 heart failure (ACE inhibitor, beta blocker, loop diuretic),
// APA 2019 depression and anxiety guidelines (SSRI first).

export interface Drug extends Code {
  readonly dosage: string;
}

const lisinopril: Drug = {
  code: '314076',
  display: 'lisinopril 10 MG Oral Tablet',
  dosage: 'Take 1 tablet by mouth once daily',
};
const hydrochlorothiazide: Drug = {
  code: '310798',
  display: 'Hydrochlorothiazide 25 MG Oral Tablet',
  dosage: 'Take 1 tablet by mouth once daily',
};
const metformin: Drug = {
  code: '860975',
  display: '24 HR Metformin hydrochloride 500 MG Extended Release Oral Tablet',
  dosage: 'Take 1 tablet by mouth daily with the evening meal',
};
const insulin: Drug = {
  code: '106892',
  display:
    'insulin isophane, human 70 UNT/ML / insulin, regular, human 30 UNT/ML Injectable Suspension [Humulin]',
  dosage: 'Inject subcutaneously twice daily before meals as directed',
};
const fluticasone: Drug = {
  code: '895994',
  display: '120 ACTUAT Fluticasone propionate 0.044 MG/ACTUAT Metered Dose Inhaler',
  dosage: 'Inhale 2 puffs twice daily',
};
const albuterol: Drug = {
  code: '745679',
  display: '200 ACTUAT Albuterol 0.09 MG/ACTUAT Metered Dose Inhaler',
  dosage: 'Inhale 2 puffs every 4 to 6 hours as needed for wheezing',
};
const metoprolol: Drug = {
  code: '866412',
  display: '24 HR metoprolol succinate 100 MG Extended Release Oral Tablet',
  dosage: 'Take 1 tablet by mouth once daily',
};
const furosemide: Drug = {
  code: '313988',
  display: 'Furosemide 40 MG Oral Tablet',
  dosage: 'Take 1 tablet by mouth every morning',
};
const sertraline: Drug = {
  code: '312941',
  display: 'sertraline 50 MG Oral Tablet',
  dosage: 'Take 1 tablet by mouth once daily',
};
export const SIMVASTATIN: Drug = {
  code: '314231',
  display: 'Simvastatin 10 MG Oral Tablet',
  dosage: 'Take 1 tablet by mouth at bedtime',
};
export const INSULIN = insulin;

/** Drugs started at diagnosis, in order; `share` is the fraction of patients treated at all. */
export const TREATMENT: Readonly<
  Record<ChronicKey, { readonly drugs: readonly Drug[]; readonly share: number }>
> = {
  hypertension: { drugs: [lisinopril, hydrochlorothiazide], share: 0.8 },
  diabetes: { drugs: [metformin], share: 0.9 },
  asthma: { drugs: [fluticasone, albuterol], share: 0.9 },
  copd: { drugs: [albuterol], share: 0.9 },
  heartFailure: { drugs: [lisinopril, metoprolol, furosemide], share: 0.95 },
  ckd: { drugs: [lisinopril], share: 0.5 },
  depression: { drugs: [sertraline], share: 0.6 },
  anxiety: { drugs: [sertraline], share: 0.4 },
};
