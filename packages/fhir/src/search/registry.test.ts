import { describe, expect, it } from 'vitest';
import { splitUnion } from '../definitions/search-params-expression.ts';
import { getSearchParam, getSearchParams, searchableResourceTypes } from './registry.ts';

describe('search parameter registry', () => {
  it('covers every concrete R4 resource type', () => {
    const types = searchableResourceTypes();
    expect(types).toHaveLength(146);
    expect(types).toContain('Patient');
    expect(types).toContain('Binary');
    expect(types).not.toContain('DomainResource');
  });

  it('narrows a shared expression to the one resource type', () => {
    const code = getSearchParam('Condition', 'code');
    expect(code).toMatchObject({ type: 'token', url: 'http://hl7.org/fhir/SearchParameter/clinical-code' });
    expect(code?.expression).toBe('Condition.code');
    expect(getSearchParam('AllergyIntolerance', 'code')?.expression).toBe(
      'AllergyIntolerance.code | AllergyIntolerance.reaction.substance',
    );
    expect(getSearchParam('MedicationRequest', 'code')?.expression).toBe(
      '(MedicationRequest.medication as CodeableConcept)',
    );
    expect(getSearchParam('Observation', 'patient')?.expression).toBe(
      'Observation.subject.where(resolve() is Patient)',
    );
  });

  it('keeps unions inside parentheses and string literals together', () => {
    expect(splitUnion("a.where(x = 'p|q') | (b | c).d | e")).toEqual([
      "a.where(x = 'p|q')",
      '(b | c).d',
      'e',
    ]);
  });

  it('includes the common Resource and DomainResource parameters', () => {
    const params = getSearchParams('Patient');
    for (const code of [
      '_id',
      '_lastUpdated',
      '_tag',
      '_profile',
      '_security',
      '_source',
      '_text',
      '_content',
    ]) {
      expect(params.has(code), code).toBe(true);
    }
    expect(params.get('_tag')?.expression).toBe('Resource.meta.tag');
    expect(params.get('_has')?.type).toBe('special');
    expect(getSearchParams('Bundle').has('_text')).toBe(false);
    expect(getSearchParams('Bundle').has('_id')).toBe(true);
  });

  it('describes composite components with their own types', () => {
    const def = getSearchParam('Observation', 'code-value-quantity');
    expect(def?.type).toBe('composite');
    expect(def?.expression).toBe('Observation');
    expect(def?.components).toEqual([
      expect.objectContaining({ code: 'code', type: 'token', expression: 'code' }),
      expect.objectContaining({ code: 'value-quantity', type: 'quantity', expression: 'value.as(Quantity)' }),
    ]);
  });

  it('gives reference targets, modifiers and nothing for unknown names', () => {
    expect(getSearchParam('Observation', 'subject')?.target).toContain('Patient');
    expect(getSearchParam('Patient', 'name')?.modifiers).toContain('exact');
    expect(getSearchParam('Patient', 'nope')).toBeUndefined();
    expect(getSearchParams('NotAType').size).toBe(0);
  });

  it('takes only HL7 base parameters, never Medplum additions', () => {
    for (const type of searchableResourceTypes()) {
      for (const def of getSearchParams(type).values()) {
        expect(def.url).toMatch(/^http:\/\/hl7\.org\/fhir\/(SearchParameter\/|R4\/search\.html#)/);
      }
    }
  });
});
