import { describe, expect, it } from 'vitest';
import { errorText, FhirError, fieldErrors, outcomeText } from './fhir-error.ts';
import type { OperationOutcome } from './types.ts';

const outcome: OperationOutcome = {
  resourceType: 'OperationOutcome',
  issue: [
    {
      severity: 'error',
      code: 'value',
      expression: ['Observation.valueQuantity.value'],
      diagnostics: 'Must be a number',
    },
    {
      severity: 'error',
      code: 'required',
      expression: ['Observation.code'],
      details: { text: 'Observation.code is required' },
    },
    {
      severity: 'error',
      code: 'value',
      expression: ['Observation.valueQuantity.value'],
      diagnostics: 'Too high',
    },
    { severity: 'warning', code: 'value', expression: ['Observation.status'], diagnostics: 'Unusual status' },
    { severity: 'error', code: 'invalid', diagnostics: 'The resource is invalid' },
  ],
};

describe('fieldErrors', () => {
  it('maps each error issue by its first expression, joining several on one field', () => {
    expect(fieldErrors(outcome)).toEqual({
      'Observation.valueQuantity.value': 'Must be a number Too high',
      'Observation.code': 'Observation.code is required',
    });
  });

  it('falls back to the deprecated location and ignores warnings', () => {
    expect(
      fieldErrors({
        resourceType: 'OperationOutcome',
        issue: [
          { severity: 'fatal', code: 'structure', location: ['Patient.birthDate'], diagnostics: 'Bad date' },
          { severity: 'information', code: 'informational', expression: ['Patient.name'], diagnostics: 'ok' },
        ],
      }),
    ).toEqual({ 'Patient.birthDate': 'Bad date' });
  });

  it('is empty without an outcome', () => {
    expect(fieldErrors(undefined)).toEqual({});
  });
});

describe('outcomeText and errorText', () => {
  it('lists error texts, not warnings', () => {
    expect(outcomeText(outcome).split('\n')).toEqual([
      'Must be a number',
      'Observation.code is required',
      'Too high',
      'The resource is invalid',
    ]);
  });

  it('prefers the OperationOutcome over the HTTP message', () => {
    expect(errorText(new FhirError(422, 'HTTP 422', outcome))).toContain('Must be a number');
    expect(errorText(new FhirError(500, 'HTTP 500'))).toBe('HTTP 500');
    expect(errorText(new Error('offline'))).toBe('offline');
  });
});
