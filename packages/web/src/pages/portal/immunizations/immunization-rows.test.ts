import type { Immunization } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { immunizationRows } from './immunization-rows.ts';

const shot = (id: string, date: string, extra: Partial<Immunization> = {}): Immunization => ({
  resourceType: 'Immunization',
  id,
  status: 'completed',
  patient: { reference: 'Patient/p' },
  vaccineCode: {
    coding: [
      {
        system: 'http://hl7.org/fhir/sid/cvx',
        code: '140',
        display: 'Influenza, seasonal, injectable, preservative free',
      },
    ],
  },
  occurrenceDateTime: date,
  ...extra,
});

describe('immunizationRows', () => {
  it('lists vaccines newest first, without entries in error', () => {
    const rows = immunizationRows([
      shot('2019', '2019-10-01'),
      shot('2023', '2023-10-02T09:00:00Z'),
      shot('bad', '2024-01-01', { status: 'entered-in-error' }),
    ]);
    expect(rows.map((r) => r.id)).toEqual(['2023', '2019']);
    expect(rows[0]?.vaccine).toBe('Influenza, seasonal, injectable, preservative free');
  });

  it('reads the dose number, the performer by name and why a dose was not given', () => {
    const [given, notGiven] = immunizationRows(
      [
        shot('a', '2024-02-01', {
          protocolApplied: [{ doseNumberPositiveInt: 2 }],
          performer: [{ actor: { reference: 'Practitioner/n' } }],
          lotNumber: 'AB12',
        }),
        shot('b', '2023-01-01', { status: 'not-done', statusReason: { text: 'Patient declined' } }),
      ],
      new Map([['Practitioner/n', 'Nurse Kim']]),
    );
    expect(given).toMatchObject({
      doseNumber: '2',
      performer: 'Nurse Kim',
      lotNumber: 'AB12',
      status: 'completed',
    });
    expect(notGiven).toMatchObject({ status: 'not-done', notDoneReason: 'Patient declined' });
  });
});
