import { beforeAll, describe, expect, it } from 'vitest';
import { enumerateValueSet } from './value-sets.ts';

// The first use reads the bundled R4 definitions (about a second, more on a loaded machine).
beforeAll(() => {
  enumerateValueSet('http://hl7.org/fhir/ValueSet/administrative-gender');
}, 60_000);

describe('required value sets', () => {
  it('enumerates a value set that includes a whole code system', () => {
    const codes = enumerateValueSet('http://hl7.org/fhir/ValueSet/administrative-gender|4.0.1');
    expect(codes && [...codes].sort()).toEqual(['female', 'male', 'other', 'unknown']);
  });

  it('includes nested concepts of a hierarchical code system', () => {
    const codes = enumerateValueSet('http://hl7.org/fhir/ValueSet/observation-status');
    expect(codes?.has('final')).toBe(true);
    expect(codes?.has('corrected')).toBe(true);
  });

  it('gives up on value sets whose codes are not published here', () => {
    expect(enumerateValueSet('http://hl7.org/fhir/ValueSet/mimetypes')).toBeUndefined();
    expect(enumerateValueSet('http://example.org/ValueSet/unknown')).toBeUndefined();
  });
});
