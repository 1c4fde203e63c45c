import type { Observation, Patient } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { shapeResource, SUBSETTED_TAG } from './shape.ts';

// `_birthDate` (a primitive's extensions, json.html#primitive) is not in the TypeScript model.
const patient = {
  resourceType: 'Patient',
  id: 'p1',
  meta: { versionId: '1', tag: [{ system: 'urn:t', code: 'x' }] },
  text: { status: 'generated', div: '<div xmlns="http://www.w3.org/1999/xhtml">Jo</div>' },
  name: [{ family: 'Smith' }],
  birthDate: '1980-01-01',
  _birthDate: { extension: [{ url: 'urn:e', valueString: 'v' }] },
  deceasedBoolean: false,
  photo: [{ contentType: 'image/png', data: 'AAAA' }],
  contact: [{ name: { family: 'Kin' } }],
} as Patient;

const observation: Observation = {
  resourceType: 'Observation',
  id: 'o1',
  status: 'final',
  code: { text: 'hr' },
  valueQuantity: { value: 1 },
  note: [{ text: 'n' }],
};

describe('shapeResource', () => {
  it('_summary=true keeps summary elements (choice and primitive extensions too) and tags SUBSETTED', () => {
    const shaped = shapeResource(patient, { summary: 'true' });
    expect(Object.keys(shaped).sort()).toEqual(
      ['_birthDate', 'birthDate', 'deceasedBoolean', 'id', 'meta', 'name', 'resourceType'].sort(),
    );
    expect(shaped.meta?.tag).toEqual([{ system: 'urn:t', code: 'x' }, SUBSETTED_TAG]);
  });

  it('_summary=text keeps text, id, meta and mandatory elements', () => {
    expect(Object.keys(shapeResource(observation, { summary: 'text' })).sort()).toEqual(
      ['code', 'id', 'meta', 'resourceType', 'status'].sort(),
    );
  });

  it('_summary=data drops only the narrative', () => {
    const shaped = shapeResource(patient, { summary: 'data' });
    expect(shaped.text).toBeUndefined();
    expect(shaped.photo).toEqual(patient.photo);
  });

  it('_elements keeps the listed and mandatory elements, with or without the type prefix', () => {
    const shaped = shapeResource(observation, { elements: ['Observation.note', 'value'] });
    expect(Object.keys(shaped).sort()).toEqual(
      ['code', 'id', 'meta', 'note', 'resourceType', 'status', 'valueQuantity'].sort(),
    );
    expect(shaped.meta?.tag).toEqual([SUBSETTED_TAG]);
  });

  it('leaves the resource alone without shaping options or for _summary=false', () => {
    expect(shapeResource(patient, {})).toBe(patient);
    expect(shapeResource(patient, { summary: 'false' })).toBe(patient);
  });
});
