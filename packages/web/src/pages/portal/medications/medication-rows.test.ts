import type { MedicationRequest } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { medicationRows } from './medication-rows.ts';

const request = (
  id: string,
  status: MedicationRequest['status'],
  authoredOn: string,
  extra = {},
): MedicationRequest => ({
  resourceType: 'MedicationRequest',
  id,
  status,
  intent: 'order',
  subject: { reference: 'Patient/p' },
  medicationCodeableConcept: {
    coding: [
      {
        system: 'http://www.nlm.nih.gov/research/umls/rxnorm',
        code: '314076',
        display: 'lisinopril 10 MG Oral Tablet',
      },
    ],
  },
  authoredOn,
  ...extra,
});

describe('medicationRows', () => {
  it('puts active prescriptions first, each group newest first, and drops entries in error', () => {
    const rows = medicationRows([
      request('old-stopped', 'stopped', '2019-01-01'),
      request('old-active', 'active', '2020-05-01'),
      request('new-completed', 'completed', '2024-03-01'),
      request('new-active', 'active', '2023-02-01'),
      request('mistake', 'entered-in-error', '2025-01-01'),
    ]);
    expect(rows.map((r) => r.id)).toEqual(['new-active', 'old-active', 'new-completed', 'old-stopped']);
    expect(rows.map((r) => r.active)).toEqual([true, true, false, false]);
  });

  it('reads the dosage text, the prescriber by name and the reason', () => {
    const [row] = medicationRows(
      [
        request('a', 'active', '2024-01-01', {
          dosageInstruction: [
            { text: 'Take 1 tablet by mouth once daily' },
            { patientInstruction: 'With food' },
          ],
          requester: { reference: 'Practitioner/dr' },
          reasonCode: [{ text: 'High blood pressure' }],
        }),
      ],
      new Map([['Practitioner/dr', 'Ana Ruiz']]),
    );
    expect(row).toMatchObject({
      name: 'lisinopril 10 MG Oral Tablet',
      dosage: 'Take 1 tablet by mouth once daily; With food',
      prescriber: 'Ana Ruiz',
      reason: 'High blood pressure',
    });
  });

  it('names a medication given by reference through the referenced Medication', () => {
    const r = request('a', 'active', '2024-01-01', { medicationReference: { reference: 'Medication/m' } });
    delete r.medicationCodeableConcept;
    expect(medicationRows([r], new Map([['Medication/m', 'Metformin 500 mg']]))[0]?.name).toBe(
      'Metformin 500 mg',
    );
  });
});
