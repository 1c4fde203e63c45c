import type { AllergyIntolerance } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { allergyRows } from './allergy-rows.ts';

const CLINICAL = 'http://terminology.hl7.org/CodeSystem/allergyintolerance-clinical';
const VERIFICATION = 'http://terminology.hl7.org/CodeSystem/allergyintolerance-verification';

const allergy = (
  id: string,
  substance: string,
  extra: Partial<AllergyIntolerance> = {},
): AllergyIntolerance => ({
  resourceType: 'AllergyIntolerance',
  id,
  patient: { reference: 'Patient/p' },
  code: { text: substance },
  clinicalStatus: { coding: [{ system: CLINICAL, code: 'active' }] },
  ...extra,
});

describe('allergyRows', () => {
  it('lists each reaction with its manifestations and severity', () => {
    const [row] = allergyRows([
      allergy('a', 'Penicillin', {
        criticality: 'high',
        category: ['medication'],
        reaction: [
          { manifestation: [{ text: 'Hives' }, { coding: [{ display: 'Wheezing' }] }], severity: 'severe' },
          { manifestation: [{ text: 'Rash' }] },
        ],
      }),
    ]);
    expect(row).toMatchObject({
      substance: 'Penicillin',
      criticality: 'high',
      categories: ['medication'],
      current: true,
      reactions: [
        { manifestations: 'Hives, Wheezing', severity: 'severe' },
        { manifestations: 'Rash', severity: undefined },
      ],
    });
  });

  it('lists current allergies first, high risk first, and leaves out refuted ones', () => {
    const rows = allergyRows([
      allergy('resolved', 'Latex', { clinicalStatus: { coding: [{ system: CLINICAL, code: 'resolved' }] } }),
      allergy('low', 'Dust'),
      allergy('high', 'Peanut', { criticality: 'high' }),
      allergy('refuted', 'Shellfish', {
        verificationStatus: { coding: [{ system: VERIFICATION, code: 'refuted' }] },
      }),
    ]);
    expect(rows.map((r) => r.id)).toEqual(['high', 'low', 'resolved']);
    expect(rows.find((r) => r.id === 'resolved')?.current).toBe(false);
  });

  it('treats an allergy without a clinical status as current', () => {
    const a = allergy('x', 'Bee venom');
    delete a.clinicalStatus;
    expect(allergyRows([a])[0]?.current).toBe(true);
  });
});
