import type { Encounter } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { displayNames } from '../record/fhir-text.ts';
import { visitRows } from './visit-rows.ts';

const encounter: Encounter = {
  resourceType: 'Encounter',
  id: 'e1',
  status: 'finished',
  class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB', display: 'ambulatory' },
  type: [
    { coding: [{ system: 'http://snomed.info/sct', code: '185349003', display: 'Encounter for check up' }] },
  ],
  subject: { reference: 'Patient/p' },
  participant: [{ individual: { reference: 'Practitioner/dr' } }],
  period: { start: '2024-03-05T09:00:00Z', end: '2024-03-05T09:20:00Z' },
  serviceProvider: { reference: 'Organization/clinic' },
  reasonCode: [{ text: 'Hypertension' }],
};

describe('visitRows', () => {
  it('names the provider and the place from the included Practitioner and Organization', () => {
    const names = displayNames([
      { resourceType: 'Practitioner', id: 'dr', name: [{ given: ['Ana'], family: 'Ruiz', prefix: ['Dr.'] }] },
      { resourceType: 'Organization', id: 'clinic', name: 'Riverside Clinic' },
    ]);
    expect(visitRows([encounter], names)).toEqual([
      {
        id: 'e1',
        start: '2024-03-05T09:00:00Z',
        end: '2024-03-05T09:20:00Z',
        type: 'Encounter for check up',
        classCode: 'AMB',
        providers: 'Ana Ruiz',
        place: 'Riverside Clinic',
        reason: 'Hypertension',
        status: 'finished',
      },
    ]);
  });

  it('falls back to the visit class when no type is given, and leaves out cancelled visits', () => {
    const rows = visitRows(
      [
        { ...encounter, type: undefined },
        { ...encounter, id: 'x', status: 'cancelled' },
      ],
      new Map(),
    );
    expect(rows).toHaveLength(1);
    expect(rows[0]).toMatchObject({ type: 'ambulatory', providers: '', place: '' });
  });
});
