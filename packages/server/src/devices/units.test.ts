import { describe, expect, it } from 'vitest';
import { GLUCOSE_MOLECULAR_WEIGHT } from './payloads-kinds.ts';
import { convertUnit, isUcumUnit, roundNoise, unitConversion } from './units.ts';

describe('UCUM conversions (checked against hand computation)', () => {
  it('converts pounds to kilograms by the international avoirdupois pound, 0.45359237 kg exactly', () => {
    expect(convertUnit(1, '[lb_av]', 'kg')).toBe(0.45359237);
    // 150 × 0.45359237 = 68.0388555
    expect(convertUnit(150, '[lb_av]', 'kg')).toBe(68.0388555);
    expect(convertUnit(16, '[oz_av]', 'kg')).toBe(0.45359237);
  });

  it('converts Fahrenheit to Celsius with the offset: (F − 32) × 5/9', () => {
    expect(convertUnit(98.6, '[degF]', 'Cel')).toBe(37);
    expect(convertUnit(32, '[degF]', 'Cel')).toBe(0);
    expect(convertUnit(212, '[degF]', 'Cel')).toBe(100);
    // (101.3 − 32) × 5/9 = 69.3 × 5/9 = 38.5
    expect(convertUnit(101.3, '[degF]', 'Cel')).toBe(38.5);
    expect(convertUnit(-40, '[degF]', 'Cel')).toBe(-40);
    expect(convertUnit(310.15, 'K', 'Cel')).toBe(37);
  });

  it('converts glucose mmol/L to mg/dL through its molecular weight: mmol/L × 180.156 / 10', () => {
    const glucose = { molecularWeight: GLUCOSE_MOLECULAR_WEIGHT };
    // 5.5 mmol/L × 180.156 mg/mmol = 990.858 mg/L = 99.0858 mg/dL
    expect(convertUnit(5.5, 'mmol/L', 'mg/dL', glucose)).toBe(99.0858);
    // 3.9 × 18.0156 = 70.26084
    expect(convertUnit(3.9, 'mmol/L', 'mg/dL', glucose)).toBe(70.26084);
    // and back: 180.156 mg/dL is 10 mmol/L
    expect(convertUnit(180.156, 'mg/dL', 'mmol/L', glucose)).toBe(10);
  });

  it('converts kPa to mm[Hg] with UCUM’s 1 mm[Hg] = 133.322 Pa', () => {
    expect(convertUnit(133.322, 'kPa', 'mm[Hg]')).toBe(1000);
    expect(convertUnit(16, 'kPa', 'mm[Hg]')).toBeCloseTo(16_000 / 133.322, 9);
  });

  it('converts durations to milliseconds', () => {
    expect(convertUnit(15, 'min', 'ms')).toBe(900_000);
    expect(convertUnit(1, 'd', 'ms')).toBe(86_400_000);
  });

  it('returns the value unchanged between identical units without asking the library', () => {
    expect(convertUnit(72.12345678901234, '/min', '/min')).toBe(72.12345678901234);
  });

  it('caches one affine map per unit pair', () => {
    const first = unitConversion('[degF]', 'Cel');
    expect(unitConversion('[degF]', 'Cel')).toBe(first);
    expect(first.scale).toBeCloseTo(5 / 9, 12);
    expect(first.offset).toBeCloseTo(-160 / 9, 12);
  });

  it('refuses units that are not commensurable or not UCUM (a programming error)', () => {
    expect(() => convertUnit(1, 'kg', 'Cel')).toThrow(/cannot convert/);
    expect(() => convertUnit(1, 'beats/min', '/min')).toThrow(/cannot convert/);
    expect(() => convertUnit(1, 'mmol/L', 'mg/dL')).toThrow(/cannot convert/);
  });

  it('rounds away binary noise but keeps real precision', () => {
    expect(roundNoise(37.00000000000001)).toBe(37);
    expect(roundNoise(0.1 + 0.2)).toBe(0.3);
    expect(roundNoise(68.0388555)).toBe(68.0388555);
  });

  it('tells UCUM units from other spellings', () => {
    expect(isUcumUnit('mm[Hg]')).toBe(true);
    expect(isUcumUnit('{steps}')).toBe(true);
    expect(isUcumUnit('Cel')).toBe(true);
    expect(isUcumUnit('beats/min')).toBe(false);
  });
});
