import { describe, expect, it } from 'vitest';
import { ageFrom } from './age.ts';

describe('ageFrom', () => {
  const on = (date: string) => new Date(`${date}T12:00:00Z`);

  it('counts completed years, turning older on the birthday itself', () => {
    expect(ageFrom('1980-04-02', on('2026-04-01'))).toBe(45);
    expect(ageFrom('1980-04-02', on('2026-04-02'))).toBe(46);
  });

  it('ages someone born on 29 February on 1 March in a non-leap year', () => {
    expect(ageFrom('2000-02-29', on('2025-02-28'))).toBe(24);
    expect(ageFrom('2000-02-29', on('2025-03-01'))).toBe(25);
    expect(ageFrom('2000-02-29', on('2024-02-29'))).toBe(24);
  });

  it('reads partial dates from their first day', () => {
    expect(ageFrom('1990', on('2020-01-01'))).toBe(30);
    expect(ageFrom('1990-06', on('2020-05-31'))).toBe(29);
  });

  it('refuses malformed dates and dates in the future', () => {
    expect(ageFrom('not a date', on('2020-01-01'))).toBeUndefined();
    expect(ageFrom('1990-13-01', on('2020-01-01'))).toBeUndefined();
    expect(ageFrom('2030-01-01', on('2020-01-01'))).toBeUndefined();
    expect(ageFrom('2020-01-01', on('2020-01-01'))).toBe(0);
  });
});
