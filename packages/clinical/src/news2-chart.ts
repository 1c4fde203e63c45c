// NEWS2 Chart 1, "The NEWS scoring system": Royal College of Physicians, National Early Warning Score (NEWS) 2:
// Standardising the assessment of acute-illness severity in the NHS. Updated report of a working party. London:
// RCP, 2017. Each band below is one cell of that chart, with the chart's own (inclusive) edges.
//
// Decimals. The chart prints whole numbers (temperature: one decimal), so a measured value can fall between two
// printed bands (respiration 11.5, pulse 90.4, temperature 38.05). We take the strict reading (STYLE.md §12): a
// value in the gap between two adjacent bands scores the HIGHER of the two, so a device reading is never scored
// less abnormal than the chart allows. Examples: 35.05 °C lies between "≤35.0" (3) and "35.1–36.0" (1) and scores
// 3; 38.05 °C lies between "36.1–38.0" (0) and "38.1–39.0" (1) and scores 1; 39.05 °C scores 2; pulse 90.4 scores 1.

export type ParameterScore = 0 | 1 | 2 | 3;

/** One chart cell: `low..high` inclusive at the chart's printed precision. */
export interface Band {
  readonly low: number;
  readonly high: number;
  readonly score: ParameterScore;
  /** The cell as printed, for explanations ("21–24"). */
  readonly label: string;
}

const band = (low: number, high: number, score: ParameterScore, label: string): Band => ({
  low,
  high,
  score,
  label,
});
const INF = Number.POSITIVE_INFINITY;

// Chart 1, respiration rate (per minute): ≤8 → 3; 9–11 → 1; 12–20 → 0; 21–24 → 2; ≥25 → 3.
export const RESPIRATION_RATE_BANDS: readonly Band[] = [
  band(-INF, 8, 3, '≤8'),
  band(9, 11, 1, '9–11'),
  band(12, 20, 0, '12–20'),
  band(21, 24, 2, '21–24'),
  band(25, INF, 3, '≥25'),
];

// Chart 1, SpO2 Scale 1 (%): ≤91 → 3; 92–93 → 2; 94–95 → 1; ≥96 → 0.
export const SPO2_SCALE_1_BANDS: readonly Band[] = [
  band(-INF, 91, 3, '≤91'),
  band(92, 93, 2, '92–93'),
  band(94, 95, 1, '94–95'),
  band(96, INF, 0, '≥96'),
];

// Chart 1, SpO2 Scale 2 (%), patient breathing air: ≤83 → 3; 84–85 → 2; 86–87 → 1; the 0 column holds both
// "88–92" and "≥93 on air", so on air everything from 88 up scores 0.
export const SPO2_SCALE_2_AIR_BANDS: readonly Band[] = [
  band(-INF, 83, 3, '≤83'),
  band(84, 85, 2, '84–85'),
  band(86, 87, 1, '86–87'),
  band(88, INF, 0, '88–92 or ≥93 on air'),
];

// Chart 1, SpO2 Scale 2 (%), patient on supplemental oxygen: ≤83 → 3; 84–85 → 2; 86–87 → 1; 88–92 → 0;
// 93–94 on oxygen → 1; 95–96 on oxygen → 2; ≥97 on oxygen → 3 (over-oxygenation in hypercapnic respiratory failure).
export const SPO2_SCALE_2_OXYGEN_BANDS: readonly Band[] = [
  band(-INF, 83, 3, '≤83'),
  band(84, 85, 2, '84–85'),
  band(86, 87, 1, '86–87'),
  band(88, 92, 0, '88–92'),
  band(93, 94, 1, '93–94 on oxygen'),
  band(95, 96, 2, '95–96 on oxygen'),
  band(97, INF, 3, '≥97 on oxygen'),
];

// Chart 1, "Air or oxygen?": oxygen → 2; air → 0.
export const SUPPLEMENTAL_OXYGEN_SCORE: ParameterScore = 2;

// Chart 1, systolic blood pressure (mmHg): ≤90 → 3; 91–100 → 2; 101–110 → 1; 111–219 → 0; ≥220 → 3.
export const SYSTOLIC_BP_BANDS: readonly Band[] = [
  band(-INF, 90, 3, '≤90'),
  band(91, 100, 2, '91–100'),
  band(101, 110, 1, '101–110'),
  band(111, 219, 0, '111–219'),
  band(220, INF, 3, '≥220'),
];

// Chart 1, pulse (per minute): ≤40 → 3; 41–50 → 1; 51–90 → 0; 91–110 → 1; 111–130 → 2; ≥131 → 3.
export const PULSE_BANDS: readonly Band[] = [
  band(-INF, 40, 3, '≤40'),
  band(41, 50, 1, '41–50'),
  band(51, 90, 0, '51–90'),
  band(91, 110, 1, '91–110'),
  band(111, 130, 2, '111–130'),
  band(131, INF, 3, '≥131'),
];

// Chart 1, consciousness: Alert → 0; CVPU (new Confusion, Voice, Pain, Unresponsive) → 3.
export const NOT_ALERT_SCORE: ParameterScore = 3;

// Chart 1, temperature (°C): ≤35.0 → 3; 35.1–36.0 → 1; 36.1–38.0 → 0; 38.1–39.0 → 1; ≥39.1 → 2.
export const TEMPERATURE_BANDS: readonly Band[] = [
  band(-INF, 35.0, 3, '≤35.0'),
  band(35.1, 36.0, 1, '35.1–36.0'),
  band(36.1, 38.0, 0, '36.1–38.0'),
  band(38.1, 39.0, 1, '38.1–39.0'),
  band(39.1, INF, 2, '≥39.1'),
];

/**
 * The chart cell a value falls in; a value between two printed cells takes the higher-scoring neighbour (see the
 * note on decimals above). Bands are ordered, contiguous at the chart's precision, and open-ended at both ends.
 */
export function bandFor(bands: readonly Band[], value: number): Band {
  for (let i = 0; i < bands.length; i++) {
    const b = bands[i]!;
    if (value <= b.high) {
      if (value >= b.low) return b;
      const below = bands[i - 1]!; // value is in the gap (below.high, b.low)
      return below.score >= b.score ? below : b;
    }
  }
  // Unreachable: the last band is open-ended (high = +∞) and callers pass finite values.
  return bands[bands.length - 1]!;
}
