import type { Goal } from '@medplum/fhirtypes';
import { describe, expect, it } from 'vitest';
import { flagAgainst, inChartUnit, targetsFromGoals } from './vital-targets.ts';

const LOINC = 'http://loinc.org';

function goal(extra: Partial<Goal>): Goal {
  return {
    resourceType: 'Goal',
    lifecycleStatus: 'active',
    description: { text: 'Blood pressure under control' },
    subject: { reference: 'Patient/p1' },
    ...extra,
  };
}

describe('targets from Goals', () => {
  it('reads a target range and a one-sided target per LOINC measure', () => {
    const targets = targetsFromGoals([
      goal({
        target: [
          {
            measure: { coding: [{ system: LOINC, code: '8480-6' }] },
            detailRange: { low: { value: 100, code: 'mm[Hg]' }, high: { value: 140, code: 'mm[Hg]' } },
          },
          {
            measure: { coding: [{ system: LOINC, code: '8462-4' }] },
            detailQuantity: { value: 90, comparator: '<', code: 'mm[Hg]' },
          },
          {
            measure: { coding: [{ system: LOINC, code: '59408-5' }] },
            detailQuantity: { value: 92, comparator: '>=', code: '%' },
          },
        ],
      }),
    ]);
    expect(targets.get('8480-6')).toEqual({
      code: '8480-6',
      low: 100,
      high: 140,
      description: 'Blood pressure under control',
    });
    expect(targets.get('8462-4')).toMatchObject({ high: 90 });
    expect(targets.get('8462-4')?.low).toBeUndefined();
    expect(targets.get('59408-5')).toMatchObject({ low: 92 });
  });

  it('converts the Goal’s unit to the chart’s (lb → kg, °F → °C, mmol/L → mg/dL)', () => {
    expect(inChartUnit('29463-7', { value: 176, code: '[lb_av]' })).toBe(79.83);
    expect(inChartUnit('8310-5', { value: 100.4, code: '[degF]' })).toBe(38);
    expect(inChartUnit('2339-0', { value: 10, code: 'mmol/L' })).toBe(180.16);
    expect(inChartUnit('29463-7', { value: 80, code: 'kg' })).toBe(80);
    // A unit it cannot convert is left out rather than charted wrongly.
    expect(inChartUnit('29463-7', { value: 12, code: '[stone_av]' })).toBeUndefined();
  });

  it('ignores finished Goals, targets without a LOINC measure or a usable bound, and lets the newest Goal win', () => {
    const targets = targetsFromGoals([
      goal({
        lifecycleStatus: 'completed',
        target: [
          {
            measure: { coding: [{ system: LOINC, code: '29463-7' }] },
            detailRange: { high: { value: 70, code: 'kg' } },
          },
        ],
      }),
      goal({ target: [{ measure: { text: 'weight' }, detailRange: { high: { value: 70, code: 'kg' } } }] }),
      goal({
        target: [{ measure: { coding: [{ system: LOINC, code: '8867-4' }] }, detailQuantity: { value: 60 } }],
      }),
      goal({
        meta: { lastUpdated: '2026-01-02T00:00:00Z' },
        target: [
          {
            measure: { coding: [{ system: LOINC, code: '8867-4' }] },
            detailRange: { high: { value: 100, code: '/min' } },
          },
        ],
      }),
      goal({
        meta: { lastUpdated: '2026-01-01T00:00:00Z' },
        target: [
          {
            measure: { coding: [{ system: LOINC, code: '8867-4' }] },
            detailRange: { high: { value: 90, code: '/min' } },
          },
        ],
      }),
    ]);
    expect([...targets.keys()]).toEqual(['8867-4']);
    expect(targets.get('8867-4')?.high).toBe(100);
  });
});

describe('flagAgainst', () => {
  const t = new Date('2026-11-23T08:00:00Z');
  it('flags readings above and below the personal target, and none without one', () => {
    const points = [
      { t, v: 150, flag: 'A' as const },
      { t, v: 95 },
      { t, v: 120 },
    ];
    expect(flagAgainst(points, { code: '8480-6', low: 100, high: 140 }).map((p) => p.flag)).toEqual([
      'H',
      'L',
      undefined,
    ]);
    expect(flagAgainst(points, undefined).every((p) => p.flag === undefined)).toBe(true);
  });
});
