import { describe, expect, it } from 'vitest';
import { compilePath } from './path-compile.ts';

const observation = {
  resourceType: 'Observation',
  subject: { reference: 'Patient/p1' },
  performer: [{ reference: 'Practitioner/d1' }, { reference: 'https://other.example/fhir/Patient/p9' }],
  valueQuantity: { value: 5 },
  effectivePeriod: { start: '2024-01-01' },
  component: [{ valueString: 'a' }, { valueQuantity: { value: 7 } }],
};

function evaluate(expression: string, resource: { resourceType: string } = observation): readonly unknown[] {
  return compilePath(expression, resource.resourceType)(
    { value: resource, type: resource.resourceType },
    resource,
  );
}

function types(expression: string): string[] {
  const resource = observation;
  const found = compilePath(expression, 'Observation')({ value: resource, type: 'Observation' }, resource);
  return found.map((v) => v.type);
}

describe('compilePath', () => {
  it('reads choice elements by their typed JSON key, with either cast syntax', () => {
    expect(evaluate('(Observation.value as Quantity)')).toEqual([{ value: { value: 5 }, type: 'Quantity' }]);
    expect(evaluate('Observation.value.as(Quantity)')).toHaveLength(1);
    expect(evaluate('Observation.value.as(string)')).toEqual([]);
    expect(types('Observation.effective')).toEqual(['Period']);
    expect(types('Observation.component.value')).toEqual(['string', 'Quantity']);
  });

  it('keeps only references to the named type for where(resolve() is X)', () => {
    expect(evaluate('Observation.subject.where(resolve() is Patient)')).toHaveLength(1);
    const performers = evaluate('Observation.performer.where(resolve() is Patient)');
    expect(performers).toEqual([
      { value: { reference: 'https://other.example/fhir/Patient/p9' }, type: 'Reference' },
    ]);
  });

  it('filters by a field value and unions the parts of an expression', () => {
    const patient = {
      resourceType: 'Patient',
      telecom: [
        { system: 'phone', value: '1' },
        { system: 'email', value: 'a@b' },
      ],
      name: [{ family: 'X' }],
    };
    expect(evaluate("Patient.telecom.where(system='email')", patient)).toEqual([
      { value: { system: 'email', value: 'a@b' }, type: 'ContactPoint' },
    ]);
    expect(evaluate("Patient.telecom.where(system='phone') | Patient.name.family", patient)).toHaveLength(2);
  });

  it('types backbone elements by their owner and path, so composites can navigate inside them', () => {
    expect(types('Observation.component')).toEqual(['Observation#component', 'Observation#component']);
    const component = { value: observation.component[1], type: 'Observation#component' };
    expect(compilePath('value.as(Quantity)', 'Observation#component')(component, observation)).toEqual([
      { value: { value: 7 }, type: 'Quantity' },
    ]);
  });

  it('falls back to the FHIRPath engine for anything else', () => {
    const patient = { resourceType: 'Patient', deceasedDateTime: '2020-01-01' };
    expect(evaluate('Patient.deceased.exists() and Patient.deceased != false', patient)).toEqual([
      { value: true, type: 'boolean' },
    ]);
  });
});
