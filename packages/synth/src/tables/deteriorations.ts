// What a monitored patient's devices measure at rest, and what three deteriorations do to it. Values are
// the targets a deterioration moves a vital sign towards; the streams add noise on top. The sources:
// - resting adult ranges: HR 60–100/min, RR 12–20/min, SpO2 ≥ 96 % on air, temperature 36.1–37.2 °C
//   (RCP NEWS2 2017 Chart 1 scores all of these 0);
// - sepsis: SIRS (Bone et al., Chest 1992: T > 38 °C, HR > 90, RR > 20) and qSOFA (Singer et al., JAMA 2016,
//   Sepsis-3: RR ≥ 22, SBP ≤ 100); septic shock drives SBP below 90 and SpO2 down with lung involvement;
// - acute decompensated heart failure: congestion with weight gain (ESC 2021 heart-failure guideline: seek
//   advice on a gain of > 2 kg in 3 days), tachypnoea, hypoxaemia and tachycardia (Gheorghiade et al., Eur J
//   Heart Fail 2010, "Assessing and grading congestion");
// - hypoglycaemia: ADA Standards of Care 2024 §6: level 1 < 70 mg/dL, level 2 < 54 mg/dL; the adrenergic
//   response raises the heart rate by ~20/min (Cryer, Diabetes 2008) while NEWS2 inputs barely move.

export type Deterioration = 'sepsis' | 'heart-failure' | 'hypoglycaemia';
export type MonitoredCondition = 'heart-failure' | 'diabetes';

/** The vital signs a simulated patient's devices measure, in the units the devices send. */
export interface Vitals {
  /** Heart rate, beats/min. */
  hr: number;
  /** SpO2, %. */
  spo2: number;
  /** Respiratory rate, breaths/min. */
  rr: number;
  /** Body temperature, °C. */
  temp: number;
  /** Systolic and diastolic blood pressure, mmHg. */
  sbp: number;
  dbp: number;
  /** Body weight, kg. */
  weight: number;
  /** Blood glucose, mg/dL. */
  glucose: number;
}
export type VitalName = keyof Vitals;

/** Baseline distributions at rest: [mean, sd, min, max]. */
export const BASELINE: Readonly<Record<VitalName, readonly [number, number, number, number]>> = {
  hr: [72, 8, 58, 88],
  spo2: [97.5, 0.8, 96.5, 99.5],
  rr: [15, 1.5, 12.5, 18.5],
  temp: [36.7, 0.2, 36.3, 37.1],
  sbp: [128, 10, 114, 150],
  dbp: [78, 7, 65, 90],
  weight: [82, 14, 50, 140],
  glucose: [100, 8, 80, 115],
};
/** People with diabetes run higher glucose between meals (ADA 2024 targets 80–130 mg/dL pre-prandial). */
export const DIABETIC_GLUCOSE: readonly [number, number, number, number] = [145, 20, 110, 190];

/**
 * The noise around the trajectory, per vital: the stationary SD of a first-order autoregressive wander and
 * its time constant in seconds (slow drift rather than white noise, as bedside monitors show).
 */
export const WANDER: Readonly<Record<VitalName, { sd: number; tauSeconds: number }>> = {
  hr: { sd: 3, tauSeconds: 30 },
  spo2: { sd: 0.6, tauSeconds: 20 },
  rr: { sd: 1, tauSeconds: 40 },
  temp: { sd: 0.08, tauSeconds: 600 },
  sbp: { sd: 4, tauSeconds: 300 },
  dbp: { sd: 3, tauSeconds: 300 },
  weight: { sd: 0.15, tauSeconds: 3600 },
  glucose: { sd: 5, tauSeconds: 900 },
};

/** Where a deterioration takes each vital at its worst: a [low, high] range the episode draws its target from. */
export type Targets = Partial<Readonly<Record<VitalName, readonly [number, number]>>>;

export const DETERIORATION_TARGETS: Readonly<Record<Deterioration, Targets>> = {
  // Chart 1 scores at these targets: RR ≥ 25 → 3, SpO2 91–93 → 2–3, SBP ≤ 90 → 3, HR 111–130 → 2,
  // T 39.1+ → 2: an aggregate of 12 or more (≥ 7: high clinical risk, emergency response).
  sepsis: {
    rr: [26, 30],
    spo2: [90, 92.5],
    sbp: [80, 88],
    dbp: [45, 52],
    hr: [118, 128],
    temp: [39.2, 39.8],
    glucose: [150, 190],
  },
  // RR 25–28 → 3, SpO2 87–89 → 3, HR 105–115 → 1–2: 7 or more with a single 3 (emergency response), and
  // noise does not take it below 5; weight relative to baseline (+2.8–3.5 kg; RELATIVE_TARGETS marks deltas).
  'heart-failure': { rr: [25, 28], spo2: [87, 89], hr: [105, 115], weight: [2.8, 3.5] },
  // Glucose well into level 2; HR 92–105 → 1 only: NEWS2 stays low, the glucose threshold rule must catch it.
  hypoglycaemia: { glucose: [36, 46], hr: [93, 104] },
};

/** Targets that are changes from the patient's own baseline rather than absolute values. */
export const RELATIVE_TARGETS: ReadonlySet<VitalName> = new Set<VitalName>(['weight']);

/** Time course, in seconds: onset ramp, worst plateau, recovery ramp. Compressed from hours to minutes so a
 * demo or a benchmark shows whole episodes (real sepsis evolves over hours, decompensation over days). */
export const EPISODE_SECONDS: Readonly<
  Record<Deterioration, { onset: number; plateau: number; recovery: number }>
> = {
  sepsis: { onset: 600, plateau: 600, recovery: 900 },
  'heart-failure': { onset: 900, plateau: 900, recovery: 900 },
  hypoglycaemia: { onset: 240, plateau: 600, recovery: 300 },
};

/** Which deteriorations each kind of patient is prone to (weights). */
export function deteriorationChoices(
  conditions: readonly MonitoredCondition[],
): readonly { value: Deterioration; weight: number }[] {
  return [
    { value: 'sepsis', weight: 1 },
    ...(conditions.includes('heart-failure') ? [{ value: 'heart-failure' as const, weight: 2 }] : []),
    ...(conditions.includes('diabetes') ? [{ value: 'hypoglycaemia' as const, weight: 2 }] : []),
  ];
}

/** Share of simulated patients with each condition when the caller does not say (RPM cohorts). */
export const CONDITION_PREVALENCE: Readonly<Record<MonitoredCondition, number>> = {
  'heart-failure': 0.25,
  diabetes: 0.3,
};

/** How often each kind of reading is sent, in seconds (undefined: every tick of the stream). */
export const READING_PERIOD_SECONDS = {
  temperature: 60,
  bloodPressure: 300,
  glucose: 300,
  weight: 900,
} as const;
