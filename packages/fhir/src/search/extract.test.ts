import type { Encounter, MedicationRequest, Observation, Patient, Resource } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { extractIndexValues } from './extract.ts';
import { searchableResourceTypes } from './registry.ts';

const LOINC = 'http://loinc.org';
const UCUM = 'http://unitsofmeasure.org';

function rows<T extends { param: string }>(all: T[], param: string): Omit<T, 'param'>[] {
  return all.filter((r) => r.param === param).map(({ param: _param, ...rest }) => rest);
}

const patient: Patient = {
  resourceType: 'Patient',
  id: 'p1',
  identifier: [
    { system: 'http://hospital.example/mrn', value: 'MRN-7', type: { text: 'Medical Record Number' } },
  ],
  name: [
    { family: 'Müller', given: ['Zoë', 'Ann'], prefix: ['Dr.'] },
    { use: 'maiden', family: 'Smith', given: ['Zoë', 'Ann'] },
  ],
  telecom: [
    { system: 'phone', value: '555-0100' },
    { system: 'email', value: 'zoe@example.org' },
  ],
  gender: 'female',
  birthDate: '1970-06',
  address: [{ line: ['1 Main St'], city: 'Springfield', postalCode: '12345', country: 'US' }],
  active: true,
  generalPractitioner: [{ reference: 'Practitioner/dr1' }],
  link: [{ other: { reference: 'Patient/p0' }, type: 'replaces' }],
};

describe('Patient', () => {
  const v = extractIndexValues(patient);

  it('indexes every distinct name part and each whole name, folded for search and exact for :exact', () => {
    expect(rows(v.string, 'family')).toEqual([
      { norm: 'muller', exact: 'Müller', grp: 0 },
      { norm: 'smith', exact: 'Smith', grp: 0 },
    ]);
    expect(rows(v.string, 'given').map((r) => r.norm)).toEqual(['zoe', 'ann']);
    expect(rows(v.string, 'name').map((r) => r.exact)).toEqual([
      'Dr.',
      'Zoë',
      'Ann',
      'Müller',
      'Zoë Ann Müller',
      'Smith',
      'Zoë Ann Smith',
    ]);
  });

  it('indexes address parts and birthdate at month precision', () => {
    expect(rows(v.string, 'address-city')).toEqual([{ norm: 'springfield', exact: 'Springfield', grp: 0 }]);
    expect(rows(v.string, 'address').map((r) => r.norm)).toEqual(['1 main st', 'springfield', '12345', 'us']);
    expect(rows(v.date, 'birthdate')).toEqual([
      { low: '1970-06-01T00:00:00.000Z', high: '1970-06-30T23:59:59.999Z', grp: 0 },
    ]);
  });

  it('indexes identifier, telecom, gender and boolean tokens', () => {
    expect(rows(v.token, 'identifier')).toEqual([
      { system: 'http://hospital.example/mrn', code: 'MRN-7', text: 'medical record number', grp: 0 },
    ]);
    expect(rows(v.token, 'phone')).toEqual([{ system: 'phone', code: '555-0100', text: null, grp: 0 }]);
    expect(rows(v.token, 'email')).toEqual([
      { system: 'email', code: 'zoe@example.org', text: null, grp: 0 },
    ]);
    expect(rows(v.token, 'telecom').map((r) => r.code)).toEqual(['555-0100', 'zoe@example.org']);
    expect(rows(v.token, 'gender')).toEqual([{ system: null, code: 'female', text: null, grp: 0 }]);
    expect(rows(v.token, 'active')).toEqual([{ system: null, code: 'true', text: null, grp: 0 }]);
    expect(rows(v.token, 'deceased')).toEqual([{ system: null, code: 'false', text: null, grp: 0 }]);
  });

  it('is in its own compartment first, then the linked patient’s', () => {
    expect(rows(v.reference, 'general-practitioner')).toEqual([
      { targetType: 'Practitioner', targetId: 'dr1', url: null, grp: 0 },
    ]);
    expect(v.patients).toEqual(['p1', 'p0']);
  });
});

const bloodPressure: Observation = {
  resourceType: 'Observation',
  id: 'bp1',
  status: 'final',
  category: [
    {
      coding: [{ system: 'http://terminology.hl7.org/CodeSystem/observation-category', code: 'vital-signs' }],
    },
  ],
  code: {
    coding: [{ system: LOINC, code: '85354-9', display: 'Blood pressure panel' }],
    text: 'Blood pressure',
  },
  subject: { reference: 'Patient/p1' },
  performer: [{ reference: 'Practitioner/dr1' }, { reference: 'Patient/p2' }],
  effectiveDateTime: '2024-05-06T07:08:09+02:00',
  component: [
    {
      code: { coding: [{ system: LOINC, code: '8480-6' }] },
      valueQuantity: { value: 120, unit: 'mmHg', system: UCUM, code: 'mm[Hg]' },
    },
    {
      code: { coding: [{ system: LOINC, code: '8462-4' }] },
      valueQuantity: { value: 80, unit: 'mmHg', system: UCUM, code: 'mm[Hg]' },
    },
  ],
};

describe('Observation', () => {
  const v = extractIndexValues(bloodPressure);

  it('indexes code with a text row, category, date in UTC and subject/patient', () => {
    expect(rows(v.token, 'code')).toEqual([
      { system: LOINC, code: '85354-9', text: 'blood pressure panel', grp: 0 },
      { system: null, code: null, text: 'blood pressure', grp: 0 },
    ]);
    expect(rows(v.token, 'category').map((r) => r.code)).toEqual(['vital-signs']);
    expect(rows(v.date, 'date')).toEqual([
      { low: '2024-05-06T05:08:09.000Z', high: '2024-05-06T05:08:09.999Z', grp: 0 },
    ]);
    expect(rows(v.reference, 'patient')).toEqual([
      { targetType: 'Patient', targetId: 'p1', url: null, grp: 0 },
    ]);
    expect(rows(v.reference, 'performer').map((r) => r.targetId)).toEqual(['dr1', 'p2']);
    expect(v.patients).toEqual(['p1', 'p2']);
  });

  it('indexes component quantities with their UCUM canonical form', () => {
    // 1 mm[Hg] = 133.322 Pa = 133322 g·m⁻¹·s⁻², so [119.5, 120.5] mm[Hg] → [15931979, 16065301].
    expect(rows(v.quantity, 'component-value-quantity')[0]).toEqual({
      value: '120',
      low: '119.5',
      high: '120.5',
      system: UCUM,
      code: 'mm[Hg]',
      unit: 'mmHg',
      canonicalCode: 'g.m-1.s-2',
      canonicalLow: '15931979',
      canonicalHigh: '16065301',
      grp: 0,
    });
    expect(rows(v.token, 'combo-code').map((r) => r.code)).toEqual(['85354-9', null, '8480-6', '8462-4']);
  });

  it('pairs each component code with its own value in composite tuples', () => {
    const codes = v.token.filter((r) => r.param === 'component-code-value-quantity$0');
    const values = v.quantity.filter((r) => r.param === 'component-code-value-quantity$1');
    expect(codes.map((r) => [r.code, r.grp])).toHaveLength(2);
    const pairs = codes.map((c) => [c.code, values.find((q) => q.grp === c.grp)?.value]);
    expect(pairs).toEqual([
      ['8480-6', '120'],
      ['8462-4', '80'],
    ]);
    expect(new Set(codes.map((c) => c.grp)).size).toBe(2);
    expect(v.token.some((r) => r.param.startsWith('code-value-quantity'))).toBe(false);
  });
});

describe('Observation with a value', () => {
  const glucose: Observation = {
    resourceType: 'Observation',
    status: 'final',
    code: {
      coding: [
        { system: LOINC, code: '2339-0' },
        { system: 'http://acme.example/lab', code: 'GLU' },
      ],
    },
    subject: { reference: 'Patient/p1' },
    effectivePeriod: { start: '2024-01-01' },
    valueQuantity: { value: 5.4, unit: 'mmol/L', system: UCUM, code: 'mmol/L' },
  };
  const v = extractIndexValues(glucose);

  it('indexes value-quantity and an open period as ongoing', () => {
    expect(rows(v.quantity, 'value-quantity')[0]).toMatchObject({ value: '5.4', low: '5.35', high: '5.45' });
    expect(rows(v.date, 'date')).toEqual([
      { low: '2024-01-01T00:00:00.000Z', high: '9999-12-31T23:59:59.999Z', grp: 0 },
    ]);
  });

  it('makes one code-value-quantity tuple per coding, each with the value', () => {
    const codes = rows(v.token, 'code-value-quantity$0');
    const values = rows(v.quantity, 'code-value-quantity$1');
    expect(codes.map((c) => c.code)).toEqual(['2339-0', 'GLU']);
    expect(values.map((q) => q.grp)).toEqual(codes.map((c) => c.grp));
    expect(rows(v.token, 'combo-code-value-quantity$0')).toHaveLength(2);
  });
});

describe('Encounter, MedicationRequest and references', () => {
  it('indexes an Encounter period and a reference known only by identifier as a token', () => {
    const encounter: Encounter = {
      resourceType: 'Encounter',
      status: 'finished',
      class: { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB' },
      subject: { reference: 'https://hearth.example/fhir/Patient/p1' },
      period: { start: '2024-03-01T10:00:00Z', end: '2024-03-01T10:30:00Z' },
      serviceProvider: { identifier: { system: 'http://npi.example', value: '42' } },
    };
    const v = extractIndexValues(encounter, { baseUrl: 'https://hearth.example/fhir' });
    expect(rows(v.date, 'date')).toEqual([
      { low: '2024-03-01T10:00:00.000Z', high: '2024-03-01T10:30:00.999Z', grp: 0 },
    ]);
    expect(rows(v.token, 'class')).toEqual([
      { system: 'http://terminology.hl7.org/CodeSystem/v3-ActCode', code: 'AMB', text: null, grp: 0 },
    ]);
    expect(rows(v.reference, 'service-provider')).toEqual([]);
    expect(rows(v.token, 'service-provider:identifier')).toEqual([
      { system: 'http://npi.example', code: '42', text: null, grp: 0 },
    ]);
    expect(v.patients).toEqual(['p1']);
  });

  it('indexes each identifier type coding with the value under <code>:of-type', () => {
    const typed: Patient = {
      resourceType: 'Patient',
      identifier: [
        {
          type: {
            coding: [
              { system: 'http://terminology.hl7.org/CodeSystem/v2-0203', code: 'MR' },
              { code: 'local' },
            ],
          },
          system: 'urn:mrn',
          value: '12',
        },
        { system: 'urn:other', value: 'untyped' },
      ],
    };
    const v = extractIndexValues(typed, { baseUrl: 'https://hearth.example/fhir' });
    expect(rows(v.token, 'identifier:of-type')).toEqual([
      { system: 'http://terminology.hl7.org/CodeSystem/v2-0203|MR', code: '12', text: null, grp: 0 },
      { system: '|local', code: '12', text: null, grp: 0 },
    ]);
  });

  it('indexes MedicationRequest medication, requester and an external reference by URL', () => {
    const request: MedicationRequest = {
      resourceType: 'MedicationRequest',
      status: 'active',
      intent: 'order',
      medicationReference: { reference: 'Medication/m1' },
      subject: { reference: 'Patient/p1' },
      requester: { reference: 'http://other.example/fhir/Practitioner/x' },
      authoredOn: '2024-02-03',
    };
    const v = extractIndexValues(request);
    expect(rows(v.reference, 'medication')).toEqual([
      { targetType: 'Medication', targetId: 'm1', url: null, grp: 0 },
    ]);
    expect(rows(v.token, 'code')).toEqual([]);
    expect(rows(v.reference, 'requester')).toEqual([
      { targetType: null, targetId: null, url: 'http://other.example/fhir/Practitioner/x', grp: 0 },
    ]);
    expect(rows(v.date, 'authoredon')[0]?.high).toBe('2024-02-03T23:59:59.999Z');
    expect(v.patients).toEqual(['p1']);
  });

  it('indexes Condition onset as date or as age range, and meta tags and profiles', () => {
    const v = extractIndexValues({
      resourceType: 'Condition',
      meta: {
        tag: [{ system: 'http://tags.example', code: 'flu-season' }],
        profile: ['http://example.org/p'],
      },
      subject: { reference: 'Patient/p1' },
      onsetRange: {
        low: { value: 40, system: UCUM, code: 'a' },
        high: { value: 50, system: UCUM, code: 'a' },
      },
      recordedDate: '2020',
    });
    expect(rows(v.token, '_tag')).toEqual([
      { system: 'http://tags.example', code: 'flu-season', text: null, grp: 0 },
    ]);
    expect(rows(v.uri, '_profile')).toEqual([{ value: 'http://example.org/p', grp: 0 }]);
    expect(rows(v.quantity, 'onset-age')[0]).toMatchObject({
      value: '40',
      low: '40',
      high: '50',
      code: 'a',
      canonicalCode: 's',
    });
    expect(rows(v.date, 'onset-date')).toEqual([]);
    expect(rows(v.date, 'recorded-date')[0]).toMatchObject({ low: '2020-01-01T00:00:00.000Z' });
  });

  it('indexes nothing but the compartment for unknown values and leaves non-patient resources out of it', () => {
    const v = extractIndexValues({ resourceType: 'Organization', name: 'Acme Clinic' });
    expect(rows(v.string, 'name')).toEqual([{ norm: 'acme clinic', exact: 'Acme Clinic', grp: 0 }]);
    expect(v.patients).toEqual([]);
  });
});

describe('every resource type', () => {
  it('extracts an empty resource of each of the 146 types without error', () => {
    for (const resourceType of searchableResourceTypes()) {
      const v = extractIndexValues({ resourceType, id: 'x' } as Resource);
      expect(v.reference, resourceType).toEqual([]);
    }
  });

  it('evaluates expressions beyond simple paths with the FHIRPath engine (%resource in a composite)', () => {
    const v = extractIndexValues({
      resourceType: 'MolecularSequence',
      coordinateSystem: 0,
      referenceSeq: { chromosome: { coding: [{ system: 'http://chromosome.example', code: '1' }] } },
      variant: [{ start: 12, end: 13 }],
    });
    expect(rows(v.number, 'variant-start')).toEqual([{ value: '12', low: '12', high: '12', grp: 0 }]);
    const chromosome = rows(v.token, 'chromosome-variant-coordinate$0');
    expect(chromosome).toEqual([{ system: 'http://chromosome.example', code: '1', text: null, grp: 1 }]);
    expect(rows(v.number, 'chromosome-variant-coordinate$2')).toEqual([
      { value: '13', low: '13', high: '13', grp: 1 },
    ]);
  });

  it('indexes a decimal with its implicit precision range', () => {
    const v = extractIndexValues({
      resourceType: 'RiskAssessment',
      status: 'final',
      subject: { reference: 'Patient/p1' },
      prediction: [{ probabilityDecimal: 0.25 }],
    });
    expect(rows(v.number, 'probability')).toEqual([{ value: '0.25', low: '0.245', high: '0.255', grp: 0 }]);
  });
});
