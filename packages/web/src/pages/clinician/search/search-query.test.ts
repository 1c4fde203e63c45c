import { describe, expect, it } from 'vitest';
import { parsePatientQuery, parseTypedDate, patientSearchParams } from './search-query.ts';

describe('parseTypedDate', () => {
  it('reads ISO dates regardless of language', () => {
    expect(parseTypedDate('1980-03-14', 'day-first')).toBe('1980-03-14');
    expect(parseTypedDate('1980-3-4', 'month-first')).toBe('1980-03-04');
  });

  it('reads slashed dates in the language order', () => {
    expect(parseTypedDate('3/4/1980', 'month-first')).toBe('1980-03-04');
    expect(parseTypedDate('3/4/1980', 'day-first')).toBe('1980-04-03');
    expect(parseTypedDate('14.03.1980', 'day-first')).toBe('1980-03-14');
  });

  it('refuses impossible days and months', () => {
    expect(parseTypedDate('1981-02-29', 'day-first')).toBeUndefined();
    expect(parseTypedDate('1980-02-29', 'day-first')).toBe('1980-02-29');
    expect(parseTypedDate('14/3/1980', 'month-first')).toBeUndefined();
    expect(parseTypedDate('1980-13-01', 'day-first')).toBeUndefined();
  });
});

describe('parsePatientQuery', () => {
  it('treats a date as a birth date', () => {
    expect(parsePatientQuery(' 1980-03-14 ', 'month-first')).toEqual({
      kind: 'birthdate',
      birthdate: '1980-03-14',
    });
  });

  it('treats text with digits as an identifier, without spaces', () => {
    expect(parsePatientQuery('H0ABC12-0000 0042', 'month-first')).toEqual({
      kind: 'identifier',
      identifier: 'H0ABC12-00000042',
    });
  });

  it('splits a name into words, also at commas', () => {
    expect(parsePatientQuery('Smith,  Ann', 'day-first')).toEqual({ kind: 'name', words: ['Smith', 'Ann'] });
  });

  it('waits for more than one letter or any text at all', () => {
    expect(parsePatientQuery('   ', 'day-first')).toBeUndefined();
    expect(parsePatientQuery('a', 'day-first')).toBeUndefined();
  });
});

describe('patientSearchParams', () => {
  it('builds one name parameter per word, sorted by name and paged', () => {
    expect(patientSearchParams({ kind: 'name', words: ['smi', 'an'] })).toEqual({
      name: ['smi', 'an'],
      _sort: 'family,given',
      _count: '25',
    });
  });

  it('uses identifier= and birthdate=', () => {
    expect(patientSearchParams({ kind: 'identifier', identifier: 'X1' }).identifier).toBe('X1');
    expect(patientSearchParams({ kind: 'birthdate', birthdate: '1980-03-14' }).birthdate).toBe('1980-03-14');
  });
});
