import type { Code } from './codes.ts';

// Encounter types (SNOMED CT, as Synthea and US Core examples use them) and classes
// (v3 ActCode, the R4 Encounter.class binding). Cadence: USPSTF/AAFP periodic health visits
// (annual for children and adults 65+, every 1–3 years for adults 18–64), chronic follow-up every
// 3–6 months (ADA Standards of Care for diabetes; ACC/AHA for hypertension), about one acute
// visit per person-year (CDC NAMCS 2019: ~3 physician office visits per person-year, all reasons).

export type EncounterKind = 'wellness' | 'followUp' | 'problem' | 'acute' | 'urgent' | 'emergency';

export interface EncounterType {
  readonly type: Code;
  readonly classCode: 'AMB' | 'EMER';
  readonly classDisplay: string;
  readonly minutes: number;
}

export const ENCOUNTER_TYPES: Readonly<Record<EncounterKind, EncounterType>> = {
  wellness: {
    type: { code: '185349003', display: 'Encounter for check up (procedure)' },
    classCode: 'AMB',
    classDisplay: 'ambulatory',
    minutes: 30,
  },
  followUp: {
    type: { code: '390906007', display: 'Follow-up encounter (procedure)' },
    classCode: 'AMB',
    classDisplay: 'ambulatory',
    minutes: 20,
  },
  problem: {
    type: { code: '185347001', display: 'Encounter for problem (procedure)' },
    classCode: 'AMB',
    classDisplay: 'ambulatory',
    minutes: 30,
  },
  acute: {
    type: { code: '185345009', display: 'Encounter for symptom (procedure)' },
    classCode: 'AMB',
    classDisplay: 'ambulatory',
    minutes: 20,
  },
  urgent: {
    type: { code: '702927004', display: 'Urgent care clinic (environment)' },
    classCode: 'AMB',
    classDisplay: 'ambulatory',
    minutes: 45,
  },
  emergency: {
    type: { code: '50849002', display: 'Emergency room admission (procedure)' },
    classCode: 'EMER',
    classDisplay: 'emergency',
    minutes: 240,
  },
};

export const ACUTE_VISITS_PER_YEAR = 0.8;

/** Months between chronic-care follow-ups when a person has at least one chronic condition. */
export const FOLLOW_UP_MONTHS = 4;

export function wellnessIntervalYears(age: number): number {
  if (age < 3) return 0.5;
  if (age < 18 || age >= 65) return 1;
  return 2;
}

// Common self-limited reasons for an acute visit (SNOMED CT as Synthea records them, ICD-10-CM),
// weighted by CDC NAMCS 2019 ranking of acute respiratory infections among office-visit diagnoses.
export interface AcuteProblem {
  readonly snomed: Code;
  readonly icd10: Code;
  readonly weight: number;
  readonly daysToRecover: number;
}

export const ACUTE_PROBLEMS: readonly AcuteProblem[] = [
  {
    snomed: { code: '195662009', display: 'Acute viral pharyngitis (disorder)' },
    icd10: { code: 'J02.9', display: 'Acute pharyngitis, unspecified' },
    weight: 4,
    daysToRecover: 7,
  },
  {
    snomed: { code: '444814009', display: 'Viral sinusitis (disorder)' },
    icd10: { code: 'J01.90', display: 'Acute sinusitis, unspecified' },
    weight: 4,
    daysToRecover: 10,
  },
  {
    snomed: { code: '10509002', display: 'Acute bronchitis (disorder)' },
    icd10: { code: 'J20.9', display: 'Acute bronchitis, unspecified' },
    weight: 2,
    daysToRecover: 14,
  },
];
