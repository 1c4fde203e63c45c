import { beforeAll, describe, expect, it } from 'vitest';
import { getTypeDefinition, isResourceType, resourceTypeNames, summaryElementNames } from './structure.ts';

// The first use reads the bundled R4 definitions (about a second, more on a loaded machine).
beforeAll(() => {
  getTypeDefinition('Patient');
}, 60_000);

describe('R4 structure definitions', () => {
  it('knows the concrete R4 resource types and nothing else', () => {
    expect(isResourceType('Patient')).toBe(true);
    expect(isResourceType('Observation')).toBe(true);
    expect(isResourceType('DomainResource')).toBe(false);
    expect(isResourceType('Resource')).toBe(false);
    expect(isResourceType('HumanName')).toBe(false);
    expect(isResourceType('Project')).toBe(false);
    expect(isResourceType('SubscriptionStatus')).toBe(false);
    expect(resourceTypeNames()).toHaveLength(146);
  });

  it('keys elements by path relative to the type, with cardinality and types', () => {
    const patient = getTypeDefinition('Patient');
    expect(patient?.kind).toBe('resource');
    expect(patient?.elements.get('name')).toMatchObject({ path: 'Patient.name', min: 0, max: '*' });
    expect(patient?.elements.get('birthDate')).toMatchObject({ max: 1, types: [{ code: 'date' }] });
    expect(patient?.elements.get('deceased[x]')?.types.map((t) => t.code)).toEqual(['boolean', 'dateTime']);
    expect(patient?.elements.get('gender')?.binding).toEqual({
      strength: 'required',
      valueSet: 'http://hl7.org/fhir/ValueSet/administrative-gender|4.0.1',
    });
  });

  it('names the FHIR primitive behind FHIRPath system types', () => {
    // R4 4.0.1 types Resource.id as a string here; its id format is a rule of Resource (§2.28.1).
    expect(getTypeDefinition('Patient')?.elements.get('id')?.types).toEqual([{ code: 'string' }]);
    expect(getTypeDefinition('Extension')?.elements.get('url')?.types).toEqual([{ code: 'uri' }]);
    expect(getTypeDefinition('date')?.kind).toBe('primitive-type');
  });

  it('keeps reference targets and content references', () => {
    const subject = getTypeDefinition('Observation')?.elements.get('subject');
    expect(subject?.types[0]?.targetProfiles).toContain('http://hl7.org/fhir/StructureDefinition/Patient');
    expect(getTypeDefinition('Questionnaire')?.elements.get('item.item')?.contentReference).toBe('item');
  });

  it('lists the top-level summary elements', () => {
    const names = summaryElementNames('Patient');
    expect(names).toContain('birthDate');
    expect(names).toContain('deceased[x]');
    expect(names).not.toContain('photo');
    expect(names).not.toContain('name.given');
  });
});
