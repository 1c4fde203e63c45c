import type { Code } from './codes.ts';

// Chronic conditions. Each carries a SNOMED CT and an ICD-10-CM code and its prevalence by age band
// from the cited survey; the generator gives a person the condition with the probability of their
// current age band, so the population's crude prevalence follows the published figure.
// `adultPrevalence` is the published crude figure for US adults the statistical test checks against.

export type ChronicKey =
  'hypertension' | 'diabetes' | 'asthma' | 'copd' | 'heartFailure' | 'ckd' | 'depression' | 'anxiety';

export interface PrevalenceBand {
  readonly minAge: number;
  readonly maxAge: number;
  readonly prevalence: number;
}

export interface ChronicCondition {
  readonly key: ChronicKey;
  readonly snomed: Code;
  readonly icd10: Code;
  readonly bands: readonly PrevalenceBand[];
  readonly adultPrevalence: number;
  readonly source: string;
  /** Youngest age at diagnosis: the first prevalence band's lower bound. */
  readonly earliestOnsetAge: number;
}

export const CHRONIC_CONDITIONS: readonly ChronicCondition[] = [
  {
    key: 'hypertension',
    snomed: { code: '59621000', display: 'Essential hypertension (disorder)' },
    icd10: { code: 'I10', display: 'Essential (primary) hypertension' },
    bands: [
      { minAge: 18, maxAge: 39, prevalence: 0.224 },
      { minAge: 40, maxAge: 59, prevalence: 0.545 },
      { minAge: 60, maxAge: 120, prevalence: 0.745 },
    ],
    adultPrevalence: 0.454,
    source: 'CDC NCHS Data Brief No. 364 (Fryar et al., 2020), NHANES 2017–2018',
    earliestOnsetAge: 18,
  },
  {
    key: 'diabetes',
    snomed: { code: '44054006', display: 'Diabetes mellitus type 2 (disorder)' },
    icd10: { code: 'E11.9', display: 'Type 2 diabetes mellitus without complications' },
    bands: [
      { minAge: 18, maxAge: 44, prevalence: 0.035 },
      { minAge: 45, maxAge: 64, prevalence: 0.15 },
      { minAge: 65, maxAge: 120, prevalence: 0.235 },
    ],
    adultPrevalence: 0.113,
    source: 'CDC National Diabetes Statistics Report 2022: diagnosed diabetes, adults, 2019',
    earliestOnsetAge: 18,
  },
  {
    key: 'asthma',
    snomed: { code: '195967001', display: 'Asthma (disorder)' },
    icd10: { code: 'J45.909', display: 'Unspecified asthma, uncomplicated' },
    bands: [
      { minAge: 3, maxAge: 17, prevalence: 0.065 },
      { minAge: 18, maxAge: 120, prevalence: 0.08 },
    ],
    adultPrevalence: 0.08,
    source: 'CDC Most Recent National Asthma Data (NHIS 2021): current asthma',
    earliestOnsetAge: 3,
  },
  {
    key: 'copd',
    snomed: { code: '13645005', display: 'Chronic obstructive lung disease (disorder)' },
    icd10: { code: 'J44.9', display: 'Chronic obstructive pulmonary disease, unspecified' },
    bands: [
      { minAge: 18, maxAge: 44, prevalence: 0.032 },
      { minAge: 45, maxAge: 64, prevalence: 0.079 },
      { minAge: 65, maxAge: 120, prevalence: 0.118 },
    ],
    adultPrevalence: 0.063,
    source: 'CDC MMWR 2012;61(46):938–943, BRFSS 2011: self-reported COPD',
    earliestOnsetAge: 18,
  },
  {
    key: 'heartFailure',
    snomed: { code: '88805009', display: 'Chronic congestive heart failure (disorder)' },
    icd10: { code: 'I50.9', display: 'Heart failure, unspecified' },
    bands: [
      { minAge: 20, maxAge: 39, prevalence: 0.003 },
      { minAge: 40, maxAge: 59, prevalence: 0.012 },
      { minAge: 60, maxAge: 79, prevalence: 0.05 },
      { minAge: 80, maxAge: 120, prevalence: 0.11 },
    ],
    adultPrevalence: 0.023,
    source: 'AHA Heart Disease and Stroke Statistics 2023 Update, NHANES 2017–2020',
    earliestOnsetAge: 20,
  },
  {
    key: 'ckd',
    snomed: { code: '709044004', display: 'Chronic kidney disease (disorder)' },
    icd10: { code: 'N18.9', display: 'Chronic kidney disease, unspecified' },
    bands: [
      { minAge: 18, maxAge: 44, prevalence: 0.06 },
      { minAge: 45, maxAge: 64, prevalence: 0.12 },
      { minAge: 65, maxAge: 120, prevalence: 0.38 },
    ],
    adultPrevalence: 0.14,
    source: 'CDC Chronic Kidney Disease in the United States, 2023 (NHANES 2017–March 2020)',
    earliestOnsetAge: 18,
  },
  {
    key: 'depression',
    snomed: { code: '370143000', display: 'Major depressive disorder (disorder)' },
    icd10: { code: 'F32.9', display: 'Major depressive disorder, single episode, unspecified' },
    bands: [
      { minAge: 12, maxAge: 17, prevalence: 0.201 },
      { minAge: 18, maxAge: 25, prevalence: 0.186 },
      { minAge: 26, maxAge: 49, prevalence: 0.093 },
      { minAge: 50, maxAge: 120, prevalence: 0.045 },
    ],
    adultPrevalence: 0.083,
    source: 'SAMHSA NSDUH 2021 (via NIMH): past-year major depressive episode',
    earliestOnsetAge: 12,
  },
  {
    key: 'anxiety',
    snomed: { code: '197480006', display: 'Anxiety disorder (disorder)' },
    icd10: { code: 'F41.9', display: 'Anxiety disorder, unspecified' },
    bands: [
      { minAge: 3, maxAge: 17, prevalence: 0.094 },
      { minAge: 18, maxAge: 29, prevalence: 0.223 },
      { minAge: 30, maxAge: 44, prevalence: 0.227 },
      { minAge: 45, maxAge: 59, prevalence: 0.206 },
      { minAge: 60, maxAge: 120, prevalence: 0.09 },
    ],
    adultPrevalence: 0.191,
    source:
      'NIMH, National Comorbidity Survey Replication (Kessler et al., 2005): past-year any anxiety disorder',
    earliestOnsetAge: 3,
  },
];

/** Prevalence at a fractional age: a band [18, 39] covers ages from 18.0 up to (not including) 40.0. */
export function prevalenceAt(condition: ChronicCondition, age: number): number {
  for (const band of condition.bands) if (age >= band.minAge && age < band.maxAge + 1) return band.prevalence;
  return 0;
}
