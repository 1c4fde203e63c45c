import { describe, expect, it } from 'vitest';
import { OperationOutcomeError } from '../outcomes.ts';
import {
  canonicalQuantity,
  dateRange,
  decimalString,
  normalizeString,
  numberRange,
  parseReference,
} from './normalize.ts';

describe('normalizeString', () => {
  it('folds case, accents and whitespace', () => {
    expect(normalizeString('  Müller-Lüdenscheidt  ')).toBe('muller-ludenscheidt');
    expect(normalizeString('José\t  María\nÑúñez')).toBe('jose maria nunez');
    expect(normalizeString('ÅSTRÖM')).toBe('astrom');
  });
});

describe('dateRange', () => {
  it('covers a whole year, month and day', () => {
    expect(dateRange('2020')).toEqual({ low: '2020-01-01T00:00:00.000Z', high: '2020-12-31T23:59:59.999Z' });
    expect(dateRange('2020-02')).toEqual({
      low: '2020-02-01T00:00:00.000Z',
      high: '2020-02-29T23:59:59.999Z',
    });
    expect(dateRange('2021-02')?.high).toBe('2021-02-28T23:59:59.999Z');
    expect(dateRange('2020-03-05')).toEqual({
      low: '2020-03-05T00:00:00.000Z',
      high: '2020-03-05T23:59:59.999Z',
    });
    expect(dateRange('2020-12-31')?.high).toBe('2020-12-31T23:59:59.999Z');
  });

  it('covers a minute, a second and a fraction at their precision', () => {
    expect(dateRange('2020-03-05T10:00Z')).toEqual({
      low: '2020-03-05T10:00:00.000Z',
      high: '2020-03-05T10:00:59.999Z',
    });
    expect(dateRange('2020-03-05T10:00:07Z')).toEqual({
      low: '2020-03-05T10:00:07.000Z',
      high: '2020-03-05T10:00:07.999Z',
    });
    expect(dateRange('2020-03-05T10:00:07.123Z')).toEqual({
      low: '2020-03-05T10:00:07.123Z',
      high: '2020-03-05T10:00:07.123Z',
    });
    expect(dateRange('2020-03-05T10:00:07.5Z')).toEqual({
      low: '2020-03-05T10:00:07.500Z',
      high: '2020-03-05T10:00:07.599Z',
    });
    expect(dateRange('2020-03-05T10:00:07.123456Z')?.low).toBe('2020-03-05T10:00:07.123Z');
  });

  it('converts a time zone offset to UTC, across a day boundary', () => {
    expect(dateRange('2020-03-05T01:30:00+05:30')).toEqual({
      low: '2020-03-04T20:00:00.000Z',
      high: '2020-03-04T20:00:00.999Z',
    });
    expect(dateRange('2019-12-31T23:00:00-02:00')?.low).toBe('2020-01-01T01:00:00.000Z');
  });

  it('keeps years below 100 as written', () => {
    expect(dateRange('0050')).toEqual({ low: '0050-01-01T00:00:00.000Z', high: '0050-12-31T23:59:59.999Z' });
    expect(dateRange('9999')?.high).toBe('9999-12-31T23:59:59.999Z');
  });

  it('refuses malformed and impossible values and a time without a zone', () => {
    for (const bad of [
      '',
      '20',
      '2020-13',
      '2020-02-30',
      '2021-02-29',
      '2020-03-05T25:00Z',
      '2020-03-05T10:00:00',
      '2020-03-05T10:00:00+15:00',
      '2020/03/05',
      'today',
      '0000',
    ]) {
      expect(dateRange(bad), bad).toBeUndefined();
    }
  });
});

describe('numberRange', () => {
  it('spans half a unit of the last significant digit', () => {
    expect(numberRange('100')).toEqual({ low: '99.5', high: '100.5' });
    expect(numberRange('100.00')).toEqual({ low: '99.995', high: '100.005' });
    expect(numberRange('0.0010')).toEqual({ low: '0.00095', high: '0.00105' });
    expect(numberRange('0')).toEqual({ low: '-0.5', high: '0.5' });
    expect(numberRange('-3.2')).toEqual({ low: '-3.25', high: '-3.15' });
  });

  it('reads exponent notation by its significant figures', () => {
    expect(numberRange('1e2')).toEqual({ low: '50', high: '150' });
    expect(numberRange('1.00e2')).toEqual({ low: '99.5', high: '100.5' });
    expect(numberRange('2.5E-3')).toEqual({ low: '0.00245', high: '0.00255' });
  });

  it('rejects a malformed decimal as a bad request', () => {
    expect(() => numberRange('12abc')).toThrow(OperationOutcomeError);
    expect(() => numberRange('')).toThrow(OperationOutcomeError);
  });

  it('writes exponent decimals out in full', () => {
    expect(decimalString('1.5e3')).toBe('1500');
    expect(decimalString('-2.50')).toBe('-2.5');
    expect(decimalString('1e-7')).toBe('0.0000001');
    expect(decimalString('x')).toBeUndefined();
  });
});

describe('canonicalQuantity', () => {
  it('makes commensurable units compare equal', () => {
    expect(canonicalQuantity('1', 'g')).toEqual({ code: 'g', value: '1' });
    expect(canonicalQuantity('1000', 'mg')).toEqual({ code: 'g', value: '1' });
    expect(canonicalQuantity('0.3', 'kg')).toEqual({ code: 'g', value: '300' });
  });

  it('converts special units by their function', () => {
    expect(canonicalQuantity('37', 'Cel')).toEqual({ code: 'K', value: '310.15' });
    expect(canonicalQuantity('120', 'mm[Hg]')).toEqual({ code: 'g.m-1.s-2', value: '15998640' });
    expect(canonicalQuantity('98.6', '[degF]')).toEqual({ code: 'K', value: '310.15' });
    expect(canonicalQuantity('-40', '[degF]')).toEqual(canonicalQuantity('-40', 'Cel'));
    expect(canonicalQuantity('7', '[pH]')?.value).toBe(canonicalQuantity('0.0000001', 'mol/L')?.value);
  });

  it('keeps dimensions apart: mmol/L and mg/dL never compare', () => {
    const molar = canonicalQuantity('5', 'mmol/L');
    const mass = canonicalQuantity('90', 'mg/dL');
    expect(mass).toEqual({ code: 'g.m-3', value: '900' });
    expect(molar?.code).not.toBe(mass?.code);
  });

  it('gives nothing for unknown or arbitrary units', () => {
    expect(canonicalQuantity('1', 'not a unit')).toBeUndefined();
    expect(canonicalQuantity('1', '[IU]')).toBeUndefined();
  });
});

describe('parseReference', () => {
  it('reads relative and versioned references as local', () => {
    expect(parseReference('Patient/123')).toEqual({ type: 'Patient', id: '123', url: 'Patient/123' });
    expect(parseReference('Observation/a-b.c/_history/2')).toEqual({
      type: 'Observation',
      id: 'a-b.c',
      url: 'Observation/a-b.c/_history/2',
    });
  });

  it('makes absolute URLs under the server base local and keeps others as URLs', () => {
    const base = 'https://hearth.example/fhir';
    expect(parseReference('https://hearth.example/fhir/Patient/9', base)).toMatchObject({
      type: 'Patient',
      id: '9',
    });
    expect(parseReference('https://hearth.example/fhir/Patient/9', `${base}/`)).toMatchObject({ id: '9' });
    expect(parseReference('https://other.example/fhir/Patient/9', base)).toEqual({
      url: 'https://other.example/fhir/Patient/9',
    });
    expect(parseReference('https://hearth.example/fhir/Patient/9')).toEqual({
      url: 'https://hearth.example/fhir/Patient/9',
    });
  });

  it('keeps urn:uuid, contained and canonical references as URLs only', () => {
    for (const ref of [
      'urn:uuid:5f2b9c1e-0000-4000-8000-000000000000',
      '#med1',
      'http://hl7.org/fhir/ValueSet/example|4.0.1',
      'patient/1',
    ]) {
      expect(parseReference(ref)).toEqual({ url: ref });
    }
  });
});
