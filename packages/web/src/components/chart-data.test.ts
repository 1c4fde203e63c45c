import { describe, expect, it } from 'vitest';
import { alignSeries, tableRows, yRange, type ChartSeries } from './chart-data.ts';

const d = (s: string) => new Date(s);
const systolic: ChartSeries = {
  label: 'Systolic',
  unit: 'mm[Hg]',
  points: [
    { t: d('2024-01-01T10:00:00Z'), v: 120 },
    { t: d('2024-02-01T10:00:00Z'), v: 150, flag: 'H' },
  ],
};
const diastolic: ChartSeries = {
  label: 'Diastolic',
  unit: 'mm[Hg]',
  points: [
    { t: d('2024-02-01T10:00:00Z'), v: 95, flag: 'H' },
    { t: d('2024-03-01T10:00:00Z'), v: 80 },
  ],
};

describe('alignSeries', () => {
  it('shares one ascending time axis and leaves gaps as null', () => {
    const a = alignSeries([diastolic, systolic]);
    expect(a.xs).toEqual([1704103200, 1706781600, 1709287200]);
    expect(a.values).toEqual([
      [null, 95, 80],
      [120, 150, null],
    ]);
  });

  it('marks only flagged points in the flag columns', () => {
    expect(alignSeries([systolic, diastolic]).flagged).toEqual([
      [null, 150, null],
      [null, 95, null],
    ]);
  });

  it('skips values that are not numbers', () => {
    const a = alignSeries([{ label: 'x', unit: '', points: [{ t: d('2024-01-01'), v: Number.NaN }] }]);
    expect(a.values).toEqual([[null]]);
  });
});

describe('yRange', () => {
  it('includes the reference band so it is always visible', () => {
    const [lo, hi] = yRange(alignSeries([systolic]), { low: 90, high: 140 });
    expect(lo).toBeLessThan(90);
    expect(hi).toBeGreaterThan(150);
  });

  it('gives a flat series some height', () => {
    const [lo, hi] = yRange(
      alignSeries([{ label: 'x', unit: '', points: [{ t: d('2024-01-01'), v: 5 }] }]),
      undefined,
    );
    expect(lo).toBeLessThan(5);
    expect(hi).toBeGreaterThan(5);
  });
});

describe('tableRows', () => {
  it('lists every point newest first', () => {
    expect(tableRows([systolic, diastolic]).map((r) => `${r.series.label} ${r.point.v}`)).toEqual([
      'Diastolic 80',
      'Systolic 150',
      'Diastolic 95',
      'Systolic 120',
    ]);
  });
});
