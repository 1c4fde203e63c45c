import { beforeAll, describe, expect, it } from 'vitest';
import { validateResource } from './validate.ts';

// The first use reads the bundled R4 definitions (about a second, more on a loaded machine).
beforeAll(() => {
  validateResource({ resourceType: 'Patient', gender: 'male' });
}, 60_000);

function problems(resource: unknown): (string | undefined)[] {
  return validateResource(resource).map((i) => i.expression);
}

function diagnostics(resource: unknown): string {
  return validateResource(resource)
    .map((i) => i.diagnostics)
    .join('; ');
}

const observation = { resourceType: 'Observation', status: 'final', code: { text: 'x' } };
const heartRate = { coding: [{ system: 'http://loinc.org', code: '8867-4' }] };

describe('contained resources (dom-2..dom-5, ref-1)', () => {
  const contained = { resourceType: 'Practitioner', id: 'p1' };
  const withContained = (resource: object, performer = '#p1') => ({
    ...observation,
    contained: [resource],
    performer: [{ reference: performer }],
  });

  it('accepts a contained resource its container refers to', () => {
    expect(problems(withContained(contained))).toEqual([]);
  });

  it('rejects a contained resource nobody refers to (dom-3)', () => {
    expect(problems({ ...observation, contained: [contained] })).toEqual(['Observation.contained[0]']);
  });

  it('accepts a contained resource that refers back to its container', () => {
    const device = { resourceType: 'Device', id: 'd1', parent: { reference: '#' } };
    expect(problems({ ...observation, contained: [device] })).toEqual([]);
  });

  it('rejects a local reference without its contained resource (ref-1)', () => {
    expect(problems(withContained(contained, '#nobody'))).toEqual([
      'Observation.performer[0].reference',
      'Observation.contained[0]',
    ]);
  });

  it('rejects nested contained resources, versions and security labels (dom-2, dom-4, dom-5)', () => {
    const nested = {
      ...contained,
      meta: { versionId: '1', security: [{ code: 'R' }] },
      contained: [{ resourceType: 'Patient', id: 'x' }],
    };
    expect(diagnostics(withContained(nested))).toMatch(/dom-2.*dom-4.*dom-5/);
  });

  it('rejects a local reference to a contained resource of a type the element does not allow', () => {
    const medication = { resourceType: 'Medication', id: 'p1' };
    expect(problems({ ...observation, contained: [medication], subject: { reference: '#p1' } })).toEqual([
      'Observation.subject',
    ]);
  });

  it('validates what is inside a contained resource', () => {
    expect(problems(withContained({ ...contained, gender: 'x' }))).toEqual([
      'Observation.contained[0].gender',
    ]);
  });
});

describe('Bundle invariants', () => {
  const entry = {
    fullUrl: 'urn:uuid:0b6bd6c2-1f67-4d1a-9a4c-1a7e12d5c2a1',
    resource: { resourceType: 'Patient' },
  };
  const request = { method: 'POST', url: 'Patient' };

  it('accepts a transaction whose entries carry requests', () => {
    expect(problems({ resourceType: 'Bundle', type: 'transaction', entry: [{ ...entry, request }] })).toEqual(
      [],
    );
  });

  it('rejects a request outside batch/transaction/history (bdl-3)', () => {
    const bundle = { resourceType: 'Bundle', type: 'collection', entry: [{ ...entry, request }] };
    expect(problems(bundle)).toEqual(['Bundle.entry[0].request']);
  });

  it('rejects a response missing from a transaction-response (bdl-4)', () => {
    const bundle = { resourceType: 'Bundle', type: 'transaction-response', entry: [entry] };
    expect(problems(bundle)).toEqual(['Bundle.entry[0].response']);
  });

  it('rejects total and entry.search outside search results (bdl-1, bdl-2)', () => {
    const bundle = {
      resourceType: 'Bundle',
      type: 'collection',
      total: 1,
      entry: [{ ...entry, search: { mode: 'match' } }],
    };
    expect(problems(bundle)).toEqual(['Bundle.total', 'Bundle.entry[0].search']);
  });

  it('rejects a repeated fullUrl (bdl-7)', () => {
    expect(problems({ resourceType: 'Bundle', type: 'collection', entry: [entry, entry] })).toEqual([
      'Bundle.entry[1].fullUrl',
    ]);
  });
});

describe('datatype invariants', () => {
  it('needs a value or extensions in an extension, not both (ext-1)', () => {
    const both = {
      url: 'http://example.org/a',
      valueString: 'x',
      extension: [{ url: 'b', valueString: 'y' }],
    };
    expect(problems({ resourceType: 'Patient', extension: [both, { url: 'http://example.org/c' }] })).toEqual(
      ['Patient.extension[0]', 'Patient.extension[1]'],
    );
  });

  it('counts a value present only through its extensions (ext-1)', () => {
    const reason = { extension: [{ url: 'http://example.org/why', valueCode: 'masked' }] };
    expect(
      problems({
        resourceType: 'Patient',
        extension: [{ url: 'http://example.org/a', _valueString: reason }],
      }),
    ).toEqual([]);
  });

  it('needs a unit system when a unit code is given (qty-3)', () => {
    expect(problems({ ...observation, valueQuantity: { value: 1, code: 'mg' } })).toEqual([
      'Observation.valueQuantity.system',
    ]);
  });

  it('rejects a period that ends before it starts (per-1)', () => {
    const period = { start: '2024-02-01T10:00:00Z', end: '2024-01-01T10:00:00Z' };
    expect(problems({ ...observation, effectivePeriod: period })).toEqual(['Observation.effectivePeriod']);
    expect(problems({ ...observation, effectivePeriod: { start: '2024-01', end: '2024-01-15' } })).toEqual(
      [],
    );
  });

  it('needs a system for a contact value and a contentType for attached data (cpt-2, att-1)', () => {
    const patient = { resourceType: 'Patient', telecom: [{ value: '555' }], photo: [{ data: 'SGVsbG8=' }] };
    expect(problems(patient)).toEqual(['Patient.telecom[0].system', 'Patient.photo[0].contentType']);
  });
});

describe('timing, range and ratio invariants', () => {
  const medication = {
    resourceType: 'MedicationRequest',
    status: 'active',
    intent: 'order',
    medicationCodeableConcept: { text: 'x' },
    subject: { reference: 'Patient/1' },
  };
  const dosed = (repeat: object) => ({ ...medication, dosageInstruction: [{ timing: { repeat } }] });
  const at = 'MedicationRequest.dosageInstruction[0].timing.repeat';

  it('accepts a usual daily dose', () => {
    expect(problems(dosed({ frequency: 1, period: 1, periodUnit: 'd' }))).toEqual([]);
  });

  it('needs units, non-negative lengths and the bounds a maximum extends (tim-1, tim-2, tim-4..tim-8)', () => {
    expect(problems(dosed({ duration: -1, period: 1 }))).toEqual([
      `${at}.durationUnit`,
      `${at}.periodUnit`,
      `${at}.duration`,
    ]);
    expect(problems(dosed({ periodMax: 2, durationMax: 2, countMax: 2 }))).toEqual([
      `${at}.period`,
      `${at}.duration`,
      `${at}.count`,
    ]);
  });

  it('keeps when apart from frequency and timeOfDay, and offsets off whole meals (tim-3, tim-9, tim-10)', () => {
    expect(problems(dosed({ frequency: 1, when: ['C'], offset: 30, timeOfDay: ['08:00:00'] }))).toEqual([
      `${at}.when`,
      `${at}.offset`,
      `${at}.timeOfDay`,
    ]);
  });

  it('rejects a range whose low is above its high in the same unit (rng-2)', () => {
    const range = { low: { value: 10, unit: 'mg' }, high: { value: 5, unit: 'mg' } };
    expect(problems({ ...observation, valueRange: range })).toEqual(['Observation.valueRange']);
    const mixed = { low: { value: 10, unit: 'mg' }, high: { value: 5, unit: 'g' } };
    expect(problems({ ...observation, valueRange: mixed })).toEqual([]);
  });

  it('needs both numerator and denominator in a ratio (rat-1)', () => {
    expect(problems({ ...observation, valueRatio: { numerator: { value: 1 } } })).toEqual([
      'Observation.valueRatio',
    ]);
  });
});

describe('resource invariants', () => {
  it('rejects dataAbsentReason beside a value (obs-6)', () => {
    const absent = { ...observation, valueString: 'x', dataAbsentReason: { text: 'lost' } };
    expect(problems(absent)).toEqual(['Observation.dataAbsentReason']);
  });

  it('rejects a value repeated by a component with the same code (obs-7)', () => {
    const repeated = {
      ...observation,
      code: heartRate,
      valueString: 'x',
      component: [{ code: heartRate, valueString: 'y' }],
    };
    expect(problems(repeated)).toEqual(['Observation']);
  });

  it('needs low, high or text in a reference range (obs-3)', () => {
    expect(problems({ ...observation, referenceRange: [{ age: { low: { value: 1 } } }] })).toEqual([
      'Observation.referenceRange[0]',
    ]);
  });

  it('needs details or an organization in a patient contact (pat-1)', () => {
    expect(problems({ resourceType: 'Patient', contact: [{ gender: 'male' }] })).toEqual([
      'Patient.contact[0]',
    ]);
  });

  it('ties an abated or erroneous condition to its clinical status (con-4, con-5)', () => {
    const condition = { resourceType: 'Condition', subject: { reference: 'Patient/1' } };
    expect(problems({ ...condition, abatementDateTime: '2020' })).toEqual(['Condition.clinicalStatus']);
    const erroneous = {
      ...condition,
      clinicalStatus: {
        coding: [{ system: 'http://terminology.hl7.org/CodeSystem/condition-clinical', code: 'active' }],
      },
      verificationStatus: {
        coding: [
          { system: 'http://terminology.hl7.org/CodeSystem/condition-ver-status', code: 'entered-in-error' },
        ],
      },
    };
    expect(diagnostics(erroneous)).toContain('con-5');
  });

  it('needs an allergy clinical status unless entered in error (ait-1, ait-2)', () => {
    const allergy = { resourceType: 'AllergyIntolerance', patient: { reference: 'Patient/1' } };
    expect(diagnostics(allergy)).toContain('ait-1');
    expect(problems({ ...allergy, clinicalStatus: { text: 'active' } })).toEqual([]);
  });

  it('needs start and end on a booked appointment (app-2, app-3)', () => {
    const participant = [{ actor: { reference: 'Patient/1' }, status: 'accepted' }];
    const appointment = { resourceType: 'Appointment', participant };
    expect(problems({ ...appointment, status: 'proposed' })).toEqual([]);
    expect(diagnostics({ ...appointment, status: 'booked', start: '2026-01-01T10:00:00Z' })).toMatch(
      /app-2.*app-3/,
    );
  });
});
