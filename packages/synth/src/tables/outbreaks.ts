import type { Code } from './codes.ts';

// Seasonal infectious illness that brings people to care, so surveillance has signal to find.
// Peak timing: CDC FluView (US influenza seasons usually peak December–February), CDC COVID Data
// Tracker (winter and late-summer waves 2022–2024), CDC norovirus (most outbreaks November–April).
// Medically attended attack rates per season: CDC burden estimates (influenza 2022–23: ~31 M
// illnesses, ~14 M medical visits ≈ 4 %; norovirus ~2.3 M outpatient visits/yr ≈ 0.7 %). Each wave
// starts in one city (its epicentre) with a higher attack rate there than elsewhere in the region.

export type IllnessKey = 'influenza' | 'covid19' | 'gastroenteritis';

export interface Illness {
  readonly key: IllnessKey;
  readonly snomed: Code;
  readonly icd10: Code;
  /** Day of the year of the wave's peak (several waves for COVID-19). */
  readonly peakDaysOfYear: readonly number[];
  /** Standard deviation of case onset around the peak, in days. */
  readonly spreadDays: number;
  readonly epicentreAttackRate: number;
  readonly elsewhereAttackRate: number;
  readonly feverShare: number;
  readonly daysToRecover: number;
}

export const ILLNESSES: readonly Illness[] = [
  {
    key: 'influenza',
    snomed: { code: '6142004', display: 'Influenza (disorder)' },
    icd10: {
      code: 'J11.1',
      display: 'Influenza due to unidentified influenza virus with other respiratory manifestations',
    },
    peakDaysOfYear: [35],
    spreadDays: 18,
    epicentreAttackRate: 0.08,
    elsewhereAttackRate: 0.02,
    feverShare: 0.85,
    daysToRecover: 10,
  },
  {
    key: 'covid19',
    snomed: {
      code: '840539006',
      display: 'Disease caused by severe acute respiratory syndrome coronavirus 2 (disorder)',
    },
    icd10: { code: 'U07.1', display: 'COVID-19' },
    peakDaysOfYear: [5, 225],
    spreadDays: 15,
    epicentreAttackRate: 0.05,
    elsewhereAttackRate: 0.012,
    feverShare: 0.6,
    daysToRecover: 14,
  },
  {
    key: 'gastroenteritis',
    snomed: { code: '25374005', display: 'Gastroenteritis (disorder)' },
    icd10: { code: 'A08.4', display: 'Viral intestinal infection, unspecified' },
    peakDaysOfYear: [60],
    spreadDays: 12,
    epicentreAttackRate: 0.03,
    elsewhereAttackRate: 0.006,
    feverShare: 0.4,
    daysToRecover: 5,
  },
];

/** A cluster still growing at "now", so a live surveillance view has something to detect today. */
export const EMERGING_CLUSTER = { daysBeforeNow: 6, spreadDays: 4, attackRate: 0.04 } as const;
