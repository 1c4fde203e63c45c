import { describe, expect, it } from 'vitest';
import { FhirError } from '../../fhir/fhir-error.ts';
import {
  assignErrors,
  createTransaction,
  entryIndex,
  fieldsByPath,
  formErrorsOf,
  isWithin,
  withoutEntryPrefix,
} from './form-errors.ts';

describe('isWithin', () => {
  it('matches the path itself and its children, not siblings with a longer name', () => {
    expect(isWithin('Condition.code', 'Condition.code')).toBe(true);
    expect(isWithin('Condition.code.coding[0].code', 'Condition.code')).toBe(true);
    expect(isWithin('Observation.component[1].valueQuantity', 'Observation.component')).toBe(true);
    expect(isWithin('Condition.codeExtra', 'Condition.code')).toBe(false);
  });
});

describe('assignErrors', () => {
  const fieldOf = fieldsByPath({
    code: ['Condition.code'],
    onset: ['Condition.onsetDateTime', 'Condition.onset'],
  });

  it('puts each issue next to the field it names and keeps the rest for the form', () => {
    const errors = assignErrors(
      {
        'Condition.code.text': 'code is required',
        'Condition.onsetDateTime': 'not a valid dateTime',
        'Condition.subject': 'unknown patient',
      },
      fieldOf,
    );
    expect(errors.fields).toEqual({ code: 'code is required', onset: 'not a valid dateTime' });
    expect(errors.other).toEqual(['unknown patient']);
  });

  it('prefers the longest matching path', () => {
    const of = fieldsByPath({ a: ['X.value'], b: ['X.valueQuantity'] });
    expect(of('X.valueQuantity.value')).toBe('b');
    expect(of('X.value')).toBe('a');
  });
});

describe('transactions', () => {
  it('posts each resource to its type', () => {
    const bundle = createTransaction([{ resourceType: 'Observation', status: 'final', code: {} }]);
    expect(bundle.type).toBe('transaction');
    expect(bundle.entry?.[0]?.request).toEqual({ method: 'POST', url: 'Observation' });
  });

  it('reads the entry an error names and drops its prefix', () => {
    expect(entryIndex('Bundle.entry[3].resource')).toBe(3);
    expect(entryIndex('Observation.value')).toBeUndefined();
    expect(withoutEntryPrefix('Bundle.entry[0] (POST Observation): value too large')).toBe('value too large');
  });
});

describe('formErrorsOf', () => {
  const fieldOf = fieldsByPath({ value: ['Observation.valueQuantity'] });

  it('places field issues and keeps issues without an expression for the form', () => {
    const err = new FhirError(400, 'invalid', {
      resourceType: 'OperationOutcome',
      issue: [
        {
          severity: 'error',
          code: 'value',
          diagnostics: 'must be a number',
          expression: ['Observation.valueQuantity.value'],
        },
        { severity: 'error', code: 'invalid', diagnostics: 'subject is required' },
        { severity: 'warning', code: 'informational', diagnostics: 'just so you know' },
      ],
    });
    expect(formErrorsOf(err, fieldOf)).toEqual({
      fields: { value: 'must be a number' },
      other: ['subject is required'],
    });
  });

  it('reports failures without an OperationOutcome as one message', () => {
    expect(formErrorsOf(new FhirError(0, 'The server cannot be reached'), fieldOf)).toEqual({
      fields: {},
      other: ['The server cannot be reached'],
    });
  });
});
