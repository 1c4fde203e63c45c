import type { Patient } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { displayName, medicalRecordNumber, patientRow } from './patient-view.ts';

const MR = { coding: [{ system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' }] };

describe('medicalRecordNumber', () => {
  it('picks the identifier typed MR over others', () => {
    const patient: Patient = {
      resourceType: 'Patient',
      identifier: [
        { use: 'usual', system: 'urn:ssn', value: '123-45-6789' },
        { type: MR, value: 'MRN-1' },
      ],
    };
    expect(medicalRecordNumber(patient)).toBe('MRN-1');
  });

  it('skips old identifiers and falls back to the usual one', () => {
    const patient: Patient = {
      resourceType: 'Patient',
      identifier: [
        { use: 'old', type: MR, value: 'OLD' },
        { use: 'usual', value: 'U-7' },
      ],
    };
    expect(medicalRecordNumber(patient)).toBe('U-7');
    expect(medicalRecordNumber({ resourceType: 'Patient' })).toBeUndefined();
  });
});

describe('displayName', () => {
  it('shows the official name as Family, Given', () => {
    const patient: Patient = {
      resourceType: 'Patient',
      name: [
        { use: 'nickname', given: ['Bea'] },
        { use: 'official', family: 'Ruiz', given: ['Beatriz', 'Ana'] },
      ],
    };
    expect(displayName(patient)).toBe('Ruiz, Beatriz Ana');
  });

  it('ignores ended names and uses text when there are no parts', () => {
    const patient: Patient = {
      resourceType: 'Patient',
      name: [{ family: 'Old', period: { end: '2001-01-01' } }, { text: 'Kim Lee' }],
    };
    expect(displayName(patient)).toBe('Kim Lee');
    expect(displayName({ resourceType: 'Patient' })).toBeUndefined();
  });
});

describe('patientRow', () => {
  it('maps a patient to the search result row', () => {
    const row = patientRow({
      resourceType: 'Patient',
      id: 'p1',
      gender: 'female',
      birthDate: '2000-01-01',
      name: [{ family: 'Doe', given: ['Jo'] }],
      identifier: [{ type: MR, value: 'M1' }],
    });
    expect(row).toEqual({
      id: 'p1',
      name: 'Doe, Jo',
      sex: 'female',
      birthDate: '2000-01-01',
      mrn: 'M1',
    });
  });
});
