// The engine's per-patient rules without a database: NEWS2 rescored on input changes only, alerts once per
// crossing, Scale 2, care-plan targets, the heart-failure weight trend, silent devices, aged-out inputs.
import { describe, expect, it } from 'vitest';
import type { NormalizedReading } from '../devices/types.ts';
import { PatientState, type PatientContext } from './patient-state.ts';
import { news2Alert, weightRise } from './rules.ts';
import { scoreNews2 } from '@hearth/clinical';

const T0 = Date.parse('2026-11-23T08:00:00Z');
const MIN = 60_000;
const HOUR = 60 * MIN;

function context(extra: Partial<PatientContext> = {}): PatientContext {
  return {
    name: 'Ada Alder',
    scale2: false,
    heartFailure: false,
    targets: [],
    responders: ['Practitioner/dr-a'],
    devices: new Map([['dev-1', T0]]),
    ...extra,
  };
}

const UNITS: Record<string, string> = {
  '9279-1': '/min',
  '59408-5': '%',
  '8867-4': '/min',
  '8310-5': 'Cel',
  '29463-7': 'kg',
  '2339-0': 'mg/dL',
};

function reading(code: string, value: number, timeMs: number): NormalizedReading {
  return { kind: 'heart-rate', code, unit: UNITS[code] ?? '', value, timeMs };
}

function bp(systolic: number, timeMs: number): NormalizedReading {
  return {
    kind: 'blood-pressure',
    code: '85354-9',
    unit: 'mm[Hg]',
    components: [
      { code: '8480-6', value: systolic, unit: 'mm[Hg]' },
      { code: '8462-4', value: 80, unit: 'mm[Hg]' },
    ],
    timeMs,
  };
}

/** RCP NEWS2 Chart 1: RR 18, SpO2 97, SBP 120, pulse 70, temp 37.0 all score 0. */
function healthy(s: PatientState, at: number) {
  return [
    reading('9279-1', 18, at),
    reading('59408-5', 97, at),
    bp(120, at),
    reading('8867-4', 70, at),
    reading('8310-5', 37.0, at),
  ].map((r) => s.applyReading('dev-1', r, at));
}

describe('NEWS2 from live readings', () => {
  it('rescores only when an input changes, and says so once per change (a RiskAssessment per change)', () => {
    const s = new PatientState('p1', context(), T0);
    const changes = healthy(s, T0).filter((e) => e.news2).length;
    expect(changes).toBeGreaterThan(0);
    expect(s.news2?.result.aggregate).toBe(0);
    // The same values again: nothing changed, nothing to write.
    expect(healthy(s, T0 + MIN).some((e) => e.news2)).toBe(false);
    // Pulse 91 scores 1 (Chart 1: 91–110): one change.
    expect(s.applyReading('dev-1', reading('8867-4', 95, T0 + 2 * MIN), T0 + 2 * MIN).news2?.aggregate).toBe(
      1,
    );
    // Pulse 100 is still 1: no change to write.
    expect(s.applyReading('dev-1', reading('8867-4', 100, T0 + 3 * MIN), T0 + 3 * MIN).news2).toBeUndefined();
  });

  it('scores are partial without the clinician inputs (consciousness, air or oxygen), and complete with them', () => {
    const s = new PatientState('p1', context(), T0);
    healthy(s, T0);
    expect(s.news2?.result.complete).toBe(false);
    expect(s.news2?.result.missing).toEqual(['airOrOxygen', 'consciousness']);
    const e = s.applyInputs(
      [
        ['consciousness', 'V', T0],
        ['supplementalOxygen', true, T0],
      ],
      T0,
    );
    // Chart 1: new confusion/V/P/U scores 3, supplemental oxygen 2.
    expect(e.news2?.aggregate).toBe(5);
    expect(e.news2?.complete).toBe(true);
    expect(e.alerts.map((a) => [a.rule, a.severity])).toEqual([['news2', 'medium']]);
  });

  it('alerts when the band rises into an alerting band, not again while it stays, and again after it fell', () => {
    const s = new PatientState('p1', context(), T0);
    healthy(s, T0);
    // RR 25 (≥25 scores 3): a 3 in one parameter, Chart 4 low-medium.
    let e = s.applyReading('dev-1', reading('9279-1', 25, T0 + MIN), T0 + MIN);
    expect(e.alerts.map((a) => [a.rule, a.severity])).toEqual([['news2', 'low']]);
    // SpO2 91 scores 3 on Scale 1 (≤91): aggregate 6 → medium, a rise.
    e = s.applyReading('dev-1', reading('59408-5', 91, T0 + 2 * MIN), T0 + 2 * MIN);
    expect(e.alerts.map((a) => a.severity)).toEqual(['medium']);
    // Pulse 135 (131+ scores 3): 9 → high.
    e = s.applyReading('dev-1', reading('8867-4', 135, T0 + 3 * MIN), T0 + 3 * MIN);
    expect(e.alerts.map((a) => a.severity)).toEqual(['high']);
    // Pulse 140: still high, no new alert.
    expect(s.applyReading('dev-1', reading('8867-4', 140, T0 + 4 * MIN), T0 + 4 * MIN).alerts).toEqual([]);
    healthy(s, T0 + 5 * MIN);
    e = s.applyReading('dev-1', reading('9279-1', 25, T0 + 6 * MIN), T0 + 6 * MIN);
    expect(e.alerts.map((a) => a.severity)).toEqual(['low']);
  });

  it('scores SpO2 on Scale 2 for a patient marked hypercapnic', () => {
    const scale1 = new PatientState('p1', context(), T0);
    const scale2 = new PatientState('p2', context({ scale2: true }), T0);
    for (const s of [scale1, scale2]) {
      healthy(s, T0);
      s.applyInputs([['supplementalOxygen', false, T0]], T0);
      s.applyReading('dev-1', reading('59408-5', 89, T0 + MIN), T0 + MIN);
    }
    // Chart 1: SpO2 89% scores 3 on Scale 1 (≤91) and 0 on Scale 2 (88–92 on air).
    expect(scale1.news2?.result.scores.spo2?.score).toBe(3);
    expect(scale2.news2?.result.scale).toBe(2);
    expect(scale2.news2?.result.scores.spo2?.score).toBe(0);
  });

  it('rescores when the context switches the patient to Scale 2', () => {
    const s = new PatientState('p1', context(), T0);
    healthy(s, T0);
    s.applyInputs([['supplementalOxygen', false, T0]], T0);
    s.applyReading('dev-1', reading('59408-5', 89, T0), T0);
    const e = s.setContext(context({ scale2: true }), T0 + MIN);
    expect(e.news2?.scale).toBe(2);
    expect(e.news2?.scores.spo2?.score).toBe(0);
  });

  it('leaves out inputs older than 12 hours (Chart 4: at least 12-hourly observations)', () => {
    const s = new PatientState('p1', context(), T0);
    healthy(s, T0);
    s.applyReading('dev-1', reading('8867-4', 95, T0 + 11 * HOUR), T0 + 11 * HOUR);
    const e = s.tick(T0 + 12 * HOUR + MIN, 1000);
    expect(e.news2?.missing).toContain('respirationRate');
    expect(e.news2?.scores.pulse?.score).toBe(1);
  });
});

describe('care-plan thresholds', () => {
  const target = {
    goalId: 'g1',
    code: '8480-6',
    high: 140,
    unit: 'mm[Hg]',
    severity: 'medium' as const,
    description: 'BP under 140',
  };

  it('alerts once when a reading leaves the target range, and again only after it came back', () => {
    const s = new PatientState('p1', context({ targets: [target] }), T0);
    expect(s.applyReading('dev-1', bp(130, T0), T0).alerts).toEqual([]);
    const out = s.applyReading('dev-1', bp(150, T0 + MIN), T0 + MIN).alerts;
    expect(out.map((a) => [a.rule, a.key, a.severity])).toEqual([
      ['threshold', 'threshold:g1:8480-6', 'medium'],
    ]);
    expect(s.applyReading('dev-1', bp(155, T0 + 2 * MIN), T0 + 2 * MIN).alerts).toEqual([]);
    expect(s.applyReading('dev-1', bp(135, T0 + 3 * MIN), T0 + 3 * MIN).alerts).toEqual([]);
    expect(s.applyReading('dev-1', bp(145, T0 + 4 * MIN), T0 + 4 * MIN).alerts).toHaveLength(1);
  });

  it('checks a low bound too (glucose under 70 mg/dL)', () => {
    const low = { ...target, code: '2339-0', high: 180, low: 70, unit: 'mg/dL', severity: 'high' as const };
    const s = new PatientState('p1', context({ targets: [low] }), T0);
    expect(s.applyReading('dev-1', reading('2339-0', 65, T0), T0).alerts.map((a) => a.severity)).toEqual([
      'high',
    ]);
  });
});

describe('heart-failure weight trend (ESC 2021: > 2 kg in 3 days)', () => {
  const DAY = 24 * HOUR;

  it('alerts on +2 kg within 3 days for a heart-failure patient, once', () => {
    const s = new PatientState('p1', context({ heartFailure: true }), T0);
    expect(s.applyReading('dev-1', reading('29463-7', 80, T0), T0).alerts).toEqual([]);
    expect(s.applyReading('dev-1', reading('29463-7', 81, T0 + DAY), T0 + DAY).alerts).toEqual([]);
    const e = s.applyReading('dev-1', reading('29463-7', 82.1, T0 + 2 * DAY), T0 + 2 * DAY);
    expect(e.alerts.map((a) => [a.rule, a.details.riseKg])).toEqual([['trend', 2.1]]);
    expect(
      s.applyReading('dev-1', reading('29463-7', 82.3, T0 + 2 * DAY + HOUR), T0 + 2 * DAY).alerts,
    ).toEqual([]);
  });

  it('does not alert on the same gain spread over more than 3 days, nor for a patient without heart failure', () => {
    const slow = new PatientState('p1', context({ heartFailure: true }), T0);
    slow.applyReading('dev-1', reading('29463-7', 80, T0), T0);
    slow.applyReading('dev-1', reading('29463-7', 81, T0 + 2 * DAY), T0);
    expect(slow.applyReading('dev-1', reading('29463-7', 82, T0 + 4 * DAY), T0).alerts).toEqual([]);
    const other = new PatientState('p2', context(), T0);
    other.applyReading('dev-1', reading('29463-7', 80, T0), T0);
    expect(other.applyReading('dev-1', reading('29463-7', 83, T0 + DAY), T0).alerts).toEqual([]);
  });

  it('weightRise measures from the lowest weight of the window', () => {
    expect(
      weightRise([
        [0, 81],
        [1, 79.5],
        [2, 81.6],
      ]),
    ).toBeCloseTo(2.1);
    expect(weightRise([])).toBe(0);
  });
});

describe('no-data rule', () => {
  it('alerts once when a paired device has been silent N hours, and re-arms after a reading', () => {
    const s = new PatientState('p1', context(), T0);
    expect(s.tick(T0 + 5 * HOUR, 6).alerts).toEqual([]);
    const e = s.tick(T0 + 6 * HOUR, 6);
    expect(e.alerts.map((a) => [a.rule, a.key])).toEqual([['no-data', 'no-data:dev-1']]);
    expect(s.tick(T0 + 7 * HOUR, 6).alerts).toEqual([]);
    s.applyReading('dev-1', reading('8867-4', 70, T0 + 8 * HOUR), T0 + 8 * HOUR);
    expect(s.tick(T0 + 13 * HOUR, 6).alerts).toEqual([]);
    expect(s.tick(T0 + 14 * HOUR, 6).alerts).toHaveLength(1);
  });

  it('forgets a device that was unpaired', () => {
    const s = new PatientState('p1', context(), T0);
    s.setContext(context({ devices: new Map() }), T0);
    expect(s.tick(T0 + 100 * HOUR, 6).alerts).toEqual([]);
  });
});

describe('news2Alert', () => {
  it('does not alert for aggregate 1–4 without a 3 (Chart 4: the nurse assesses)', () => {
    expect(news2Alert('none', scoreNews2({ pulse: 95, respirationRate: 22 }))).toBeUndefined();
  });

  it('counts a partial score as a floor', () => {
    const a = news2Alert(undefined, scoreNews2({ respirationRate: 26, pulse: 135, spo2: 90 }));
    expect(a?.severity).toBe('high');
    expect(a?.summary).toContain('partial');
  });
});

describe('series', () => {
  it('keeps at most 96 fifteen-minute points of the last 24 hours', () => {
    const s = new PatientState('p1', context(), T0);
    for (let m = 0; m < 30 * 60; m += 5)
      s.applyReading('dev-1', reading('8867-4', 60 + (m % 20), T0 + m * MIN), T0);
    const points = s.series.get('8867-4')!.points(T0 + 30 * HOUR);
    expect(points.length).toBeLessThanOrEqual(96);
    expect(points.length).toBeGreaterThan(90);
    expect(points[0]![0]).toBeGreaterThan(T0 + 6 * HOUR - 1);
  });
});
