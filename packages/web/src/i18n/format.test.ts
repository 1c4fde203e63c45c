import { describe, expect, it } from 'vitest';
import { createFormat, unitDisplay } from './format.ts';

const now = () => new Date(2026, 10, 23, 12, 0); // 23 Nov 2026, local noon
const en = createFormat('en', now);
const es = createFormat('es', now);

describe('dates', () => {
  it('shows a FHIR date as the calendar day written, in either language', () => {
    expect(en.date('1980-04-02')).toBe('Apr 2, 1980');
    expect(es.date('1980-04-02')).toBe('2 abr 1980');
  });

  it('keeps the precision of partial dates', () => {
    expect(en.date('1980-04')).toBe('Apr 1980');
    expect(en.date('1980')).toBe('1980');
    expect(en.date(undefined)).toBe('');
    expect(en.date('not a date')).toBe('');
  });

  it('shows instants with a time, and FHIR dates without one', () => {
    expect(en.dateTime('2024-05-06T10:30:00Z')).toMatch(/2024/);
    expect(en.dateTime('2024-05-06T10:30:00Z')).toMatch(/\d{1,2}:\d{2}/);
    expect(en.dateTime('2024-05-06')).toBe('May 6, 2024');
  });
});

describe('numbers and quantities', () => {
  it('uses the language decimal separator', () => {
    expect(en.number(1234.5)).toBe('1,234.5');
    expect(es.number(36.6)).toBe('36,6');
    expect(en.number(Number.NaN)).toBe('');
  });

  it('prints UCUM units as clinicians write them', () => {
    expect(en.quantity(120, 'mm[Hg]')).toBe('120\u00a0mmHg');
    expect(es.quantity(37.2, 'Cel')).toBe('37,2\u00a0°C');
    expect(en.quantity(98, '%')).toBe('98%');
    expect(es.quantity(98, '%')).toBe('98\u00a0%');
    expect(en.quantity(7.1, '[pH]')).toBe('7.1');
    expect(unitDisplay('{beats}/min')).toBe('/min');
    expect(unitDisplay('mg/dL')).toBe('mg/dL');
  });
});

describe('age', () => {
  it('counts birthdays, not 365-day years', () => {
    expect(en.age('1980-11-23')).toBe('46 years');
    expect(en.age('1980-11-24')).toBe('45 years');
    expect(es.age('1980-11-23')).toBe('46 años');
  });

  it('uses months under two years and days under one month', () => {
    expect(en.age('2025-06-10')).toBe('17 months');
    expect(en.age('2026-11-13')).toBe('10 days');
    expect(en.age('2030-01-01')).toBe('');
  });
});
