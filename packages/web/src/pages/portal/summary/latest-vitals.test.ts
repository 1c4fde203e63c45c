import type { Observation } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { latestVitals } from './latest-vitals.ts';

const LOINC = 'http://loinc.org';
const quantity = (code: string, name: string, value: number, unit: string, when: string): Observation => ({
  resourceType: 'Observation',
  status: 'final',
  code: { coding: [{ system: LOINC, code, display: name }] },
  effectiveDateTime: when,
  valueQuantity: { value, unit, code: unit, system: 'http://unitsofmeasure.org' },
});
const bp = (sys: number, dia: number, when: string): Observation => ({
  resourceType: 'Observation',
  status: 'final',
  code: { coding: [{ system: LOINC, code: '85354-9', display: 'Blood pressure panel' }] },
  effectiveDateTime: when,
  component: [
    { code: { coding: [{ system: LOINC, code: '8480-6' }] }, valueQuantity: { value: sys, code: 'mm[Hg]' } },
    { code: { coding: [{ system: LOINC, code: '8462-4' }] }, valueQuantity: { value: dia, code: 'mm[Hg]' } },
  ],
});

describe('latestVitals', () => {
  it('keeps the newest reading of each measurement, blood pressure as one systolic/diastolic pair', () => {
    const vitals = latestVitals([
      quantity('8867-4', 'Heart rate', 70, '/min', '2024-01-01'),
      quantity('8867-4', 'Heart rate', 64, '/min', '2025-06-01'),
      bp(150, 95, '2023-01-01'),
      bp(122, 78, '2025-05-01'),
      quantity('29463-7', 'Body weight', 80, 'kg', '2025-04-01'),
      { ...quantity('29463-7', 'Body weight', 999, 'kg', '2026-01-01'), status: 'entered-in-error' },
    ]);
    expect(vitals).toEqual([
      { code: '8867-4', name: 'Heart rate', values: [64], unit: '/min', when: '2025-06-01' },
      {
        code: '85354-9',
        name: 'Blood pressure panel',
        values: [122, 78],
        unit: 'mm[Hg]',
        when: '2025-05-01',
      },
      { code: '29463-7', name: 'Body weight', values: [80], unit: 'kg', when: '2025-04-01' },
    ]);
  });

  it('skips a blood pressure missing one of its numbers', () => {
    const half = bp(120, 80, '2025-01-01');
    half.component = half.component!.slice(0, 1);
    expect(latestVitals([half])).toEqual([]);
  });
});
