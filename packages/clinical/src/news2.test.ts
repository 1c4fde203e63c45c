// Every band edge of RCP NEWS2 (2017) Chart 1 "The NEWS scoring system", both sides, plus the Chart 2/Chart 4
// trigger thresholds. Each row: [input value, expected score, Chart 1 cell].
import { describe, expect, it } from 'vitest';
import { OperationOutcomeError } from '@hearth/fhir';
import { scoreNews2, type News2Input } from './news2.ts';

/** A complete, all-normal observation set (NEWS2 0); each test overrides what it probes. */
const NORMAL: Required<Omit<News2Input, 'hypercapnicRespiratoryFailure'>> = {
  respirationRate: 16,
  spo2: 97,
  supplementalOxygen: false,
  systolicBloodPressure: 120,
  pulse: 70,
  consciousness: 'A',
  temperature: 37,
};

type Row = [value: number, score: number, cell: string];
type NumericParameter = 'respirationRate' | 'spo2' | 'systolicBloodPressure' | 'pulse' | 'temperature';

function bandTable(name: string, param: NumericParameter, rows: Row[], extra: Partial<News2Input> = {}) {
  describe(name, () => {
    it.each(rows)(`${param} %s scores %s (Chart 1 cell %s)`, (value, score, cell) => {
      const r = scoreNews2({ ...NORMAL, ...extra, [param]: value });
      expect(r.scores[param]).toEqual({ score, band: cell });
    });
  });
}

// Chart 1, respiration rate: ≤8 | 9–11 | 12–20 | 21–24 | ≥25 → 3 | 1 | 0 | 2 | 3.
bandTable('respiration rate', 'respirationRate', [
  [0, 3, '≤8'],
  [8, 3, '≤8'],
  [9, 1, '9–11'],
  [11, 1, '9–11'],
  [12, 0, '12–20'],
  [20, 0, '12–20'],
  [21, 2, '21–24'],
  [24, 2, '21–24'],
  [25, 3, '≥25'],
  [60, 3, '≥25'],
]);

// Chart 1, SpO2 Scale 1: ≤91 | 92–93 | 94–95 | ≥96 → 3 | 2 | 1 | 0 (oxygen scored separately).
const scale1: Row[] = [
  [91, 3, '≤91'],
  [92, 2, '92–93'],
  [93, 2, '92–93'],
  [94, 1, '94–95'],
  [95, 1, '94–95'],
  [96, 0, '≥96'],
  [100, 0, '≥96'],
];
bandTable('SpO2 scale 1 on air', 'spo2', scale1);
bandTable('SpO2 scale 1 on oxygen (same bands)', 'spo2', scale1, { supplementalOxygen: true });

// Chart 1, SpO2 Scale 2, on air: ≤83 | 84–85 | 86–87 | 88–92 or ≥93 on air → 3 | 2 | 1 | 0.
bandTable(
  'SpO2 scale 2 on air',
  'spo2',
  [
    [83, 3, '≤83'],
    [84, 2, '84–85'],
    [85, 2, '84–85'],
    [86, 1, '86–87'],
    [87, 1, '86–87'],
    [88, 0, '88–92 or ≥93 on air'],
    [92, 0, '88–92 or ≥93 on air'],
    [93, 0, '88–92 or ≥93 on air'],
    [97, 0, '88–92 or ≥93 on air'],
    [100, 0, '88–92 or ≥93 on air'],
  ],
  { hypercapnicRespiratoryFailure: true, supplementalOxygen: false },
);

// Chart 1, SpO2 Scale 2, on oxygen: ... 88–92 → 0; 93–94 on O2 → 1; 95–96 on O2 → 2; ≥97 on O2 → 3.
bandTable(
  'SpO2 scale 2 on oxygen',
  'spo2',
  [
    [83, 3, '≤83'],
    [84, 2, '84–85'],
    [85, 2, '84–85'],
    [86, 1, '86–87'],
    [87, 1, '86–87'],
    [88, 0, '88–92'],
    [92, 0, '88–92'],
    [93, 1, '93–94 on oxygen'],
    [94, 1, '93–94 on oxygen'],
    [95, 2, '95–96 on oxygen'],
    [96, 2, '95–96 on oxygen'],
    [97, 3, '≥97 on oxygen'],
    [100, 3, '≥97 on oxygen'],
  ],
  { hypercapnicRespiratoryFailure: true, supplementalOxygen: true },
);

// Chart 1, systolic BP: ≤90 | 91–100 | 101–110 | 111–219 | ≥220 → 3 | 2 | 1 | 0 | 3.
bandTable('systolic blood pressure', 'systolicBloodPressure', [
  [90, 3, '≤90'],
  [91, 2, '91–100'],
  [100, 2, '91–100'],
  [101, 1, '101–110'],
  [110, 1, '101–110'],
  [111, 0, '111–219'],
  [219, 0, '111–219'],
  [220, 3, '≥220'],
]);

// Chart 1, pulse: ≤40 | 41–50 | 51–90 | 91–110 | 111–130 | ≥131 → 3 | 1 | 0 | 1 | 2 | 3.
bandTable('pulse', 'pulse', [
  [40, 3, '≤40'],
  [41, 1, '41–50'],
  [50, 1, '41–50'],
  [51, 0, '51–90'],
  [90, 0, '51–90'],
  [91, 1, '91–110'],
  [110, 1, '91–110'],
  [111, 2, '111–130'],
  [130, 2, '111–130'],
  [131, 3, '≥131'],
]);

// Chart 1, temperature: ≤35.0 | 35.1–36.0 | 36.1–38.0 | 38.1–39.0 | ≥39.1 → 3 | 1 | 0 | 1 | 2.
bandTable('temperature', 'temperature', [
  [35.0, 3, '≤35.0'],
  [35.1, 1, '35.1–36.0'],
  [36.0, 1, '35.1–36.0'],
  [36.1, 0, '36.1–38.0'],
  [38.0, 0, '36.1–38.0'],
  [38.1, 1, '38.1–39.0'],
  [39.0, 1, '38.1–39.0'],
  [39.1, 2, '≥39.1'],
]);

// Values between two printed cells take the higher-scoring neighbour (news2-chart.ts, note on decimals).
describe('decimals between printed bands', () => {
  it.each<[NumericParameter, number, number]>([
    ['temperature', 35.05, 3],
    ['temperature', 36.05, 1],
    ['temperature', 38.05, 1],
    ['temperature', 39.05, 2],
    ['respirationRate', 8.5, 3],
    ['respirationRate', 11.5, 1],
    ['respirationRate', 20.5, 2],
    ['pulse', 50.5, 1],
    ['pulse', 90.4, 1],
    ['systolicBloodPressure', 110.5, 1],
    ['systolicBloodPressure', 219.5, 3],
    ['spo2', 95.5, 1],
  ])('%s %s scores %s', (param, value, score) => {
    const r = scoreNews2({ ...NORMAL, [param]: value });
    expect(r.scores[param]?.score).toBe(score);
  });
});

describe('air or oxygen, consciousness', () => {
  it('scores oxygen 2 and air 0 (Chart 1 "Air or oxygen?")', () => {
    expect(scoreNews2({ ...NORMAL, supplementalOxygen: true }).scores.airOrOxygen).toEqual({
      score: 2,
      band: 'Oxygen',
    });
    expect(scoreNews2({ ...NORMAL, supplementalOxygen: false }).scores.airOrOxygen).toEqual({
      score: 0,
      band: 'Air',
    });
  });
  it.each<[News2Input['consciousness'], number]>([
    ['A', 0],
    ['C', 3],
    ['V', 3],
    ['P', 3],
    ['U', 3],
  ])('consciousness %s scores %s (Chart 1: Alert 0, CVPU 3)', (acvpu, score) => {
    expect(scoreNews2({ ...NORMAL, consciousness: acvpu }).scores.consciousness?.score).toBe(score);
  });
});

// Chart 2 / Chart 4: 0; 1–4 low; a 3 in a single parameter low–medium; 5–6 medium (urgent); ≥7 high (emergency).
describe('aggregate and clinical response', () => {
  it.each<[string, Partial<News2Input>, number, string, string, string]>([
    ['all normal', {}, 0, 'none', 'low', 'Minimum 12 hourly'],
    ['pulse 91 (1)', { pulse: 91 }, 1, 'low', 'low', 'Minimum 4–6 hourly'],
    [
      '4 without a 3: RR 21 (2) + SBP 91 (2)',
      { respirationRate: 21, systolicBloodPressure: 91 },
      4,
      'low',
      'low',
      'Minimum 4–6 hourly',
    ],
    ['a single 3: new confusion', { consciousness: 'C' }, 3, 'low-medium', 'low-medium', 'Minimum 1 hourly'],
    [
      '4 with a 3: SpO2 91 (3) + temp 38.1 (1)',
      { spo2: 91, temperature: 38.1 },
      4,
      'low-medium',
      'low-medium',
      'Minimum 1 hourly',
    ],
    [
      '5: oxygen (2) + SBP 91 (2) + pulse 91 (1)',
      { supplementalOxygen: true, systolicBloodPressure: 91, pulse: 91 },
      5,
      'medium',
      'medium',
      'Minimum 1 hourly',
    ],
    [
      '5 with a 3: RR 25 (3) + SBP 91 (2)',
      { respirationRate: 25, systolicBloodPressure: 91 },
      5,
      'medium',
      'medium',
      'Minimum 1 hourly',
    ],
    [
      '6: RR 21 (2) + SBP 91 (2) + temp 39.1 (2)',
      { respirationRate: 21, systolicBloodPressure: 91, temperature: 39.1 },
      6,
      'medium',
      'medium',
      'Minimum 1 hourly',
    ],
    [
      '7: RR 25 (3) + SBP 91 (2) + oxygen (2)',
      { respirationRate: 25, systolicBloodPressure: 91, supplementalOxygen: true },
      7,
      'high',
      'high',
      'Continuous monitoring of vital signs',
    ],
    [
      '20: every parameter at its worst',
      {
        respirationRate: 30,
        spo2: 85,
        supplementalOxygen: true,
        systolicBloodPressure: 80,
        pulse: 140,
        consciousness: 'U',
        temperature: 34,
      },
      20,
      'high',
      'high',
      'Continuous monitoring of vital signs',
    ],
  ])('%s → %s', (_name, over, aggregate, band, risk, monitoring) => {
    const r = scoreNews2({ ...NORMAL, ...over });
    expect(r.aggregate).toBe(aggregate);
    expect(r.band).toBe(band);
    expect(r.clinicalRisk).toBe(risk);
    expect(r.monitoring).toBe(monitoring);
    expect(r.complete).toBe(true);
    expect(r.actions.length).toBeGreaterThan(0);
  });

  it('flags a single parameter scored 3 even when the band is higher', () => {
    const r = scoreNews2({ ...NORMAL, respirationRate: 25, systolicBloodPressure: 91 });
    expect(r.anySingleParameterScored3).toBe(true);
    expect(scoreNews2({ ...NORMAL, respirationRate: 24 }).anySingleParameterScored3).toBe(false);
  });
});

describe('missing parameters', () => {
  it('labels a partial score as incomplete and names what is missing', () => {
    const r = scoreNews2({ pulse: 131, temperature: 37 });
    expect(r.complete).toBe(false);
    expect(r.missing).toEqual([
      'respirationRate',
      'spo2',
      'airOrOxygen',
      'systolicBloodPressure',
      'consciousness',
    ]);
    expect(r.aggregate).toBe(3);
    expect(r.band).toBe('low-medium');
    expect(Object.keys(r.scores).sort()).toEqual(['pulse', 'temperature']);
  });

  it('leaves scale 2 SpO2 ≥ 93 unscored without air/oxygen, but scores below 93 where both columns agree', () => {
    const base = { ...NORMAL, hypercapnicRespiratoryFailure: true, supplementalOxygen: undefined };
    const high = scoreNews2({ ...base, spo2: 95 });
    expect(high.missing).toEqual(['spo2', 'airOrOxygen']);
    const low = scoreNews2({ ...base, spo2: 85 });
    expect(low.scores.spo2).toEqual({ score: 2, band: '84–85' });
    expect(low.missing).toEqual(['airOrOxygen']);
    expect(scoreNews2({ ...base, spo2: 92 }).scores.spo2?.score).toBe(0);
    expect(scoreNews2({ ...base, spo2: 93 }).scores.spo2).toBeUndefined();
  });

  it('uses scale 1 unless hypercapnic respiratory failure is flagged', () => {
    expect(scoreNews2({ ...NORMAL, spo2: 90 }).scale).toBe(1);
    expect(scoreNews2({ ...NORMAL, spo2: 90 }).scores.spo2?.score).toBe(3);
    expect(scoreNews2({ ...NORMAL, spo2: 90, hypercapnicRespiratoryFailure: true }).scale).toBe(2);
    expect(scoreNews2({ ...NORMAL, spo2: 90, hypercapnicRespiratoryFailure: true }).scores.spo2?.score).toBe(
      0,
    );
  });
});

describe('bad input', () => {
  it.each<[string, Partial<News2Input>]>([
    ['SpO2 over 100', { spo2: 101 }],
    ['negative pulse', { pulse: -1 }],
    ['NaN respiration rate', { respirationRate: Number.NaN }],
    ['infinite blood pressure', { systolicBloodPressure: Number.POSITIVE_INFINITY }],
    ['temperature in °F', { temperature: 98.6 }],
    ['unknown consciousness', { consciousness: 'X' as 'A' }],
  ])('refuses %s with a 400 OperationOutcome', (_name, over) => {
    let error: unknown;
    try {
      scoreNews2({ ...NORMAL, ...over });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(OperationOutcomeError);
    expect((error as OperationOutcomeError).kind).toBe('bad-request');
  });
});
