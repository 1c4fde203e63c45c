// National Early Warning Score 2 (Royal College of Physicians, 2017). Chart 1's bands live in news2-chart.ts,
// Chart 2/4's thresholds and responses in news2-response.ts; this file validates inputs and adds them up.
import { OperationOutcomeError } from '@hearth/fhir';
import {
  bandFor,
  NOT_ALERT_SCORE,
  PULSE_BANDS,
  RESPIRATION_RATE_BANDS,
  SPO2_SCALE_1_BANDS,
  SPO2_SCALE_2_AIR_BANDS,
  SPO2_SCALE_2_OXYGEN_BANDS,
  SUPPLEMENTAL_OXYGEN_SCORE,
  SYSTOLIC_BP_BANDS,
  TEMPERATURE_BANDS,
  type Band,
  type ParameterScore,
} from './news2-chart.ts';
import { news2Band, news2Response, type News2Response } from './news2-response.ts';

/** ACVPU: Alert, new Confusion, Voice, Pain, Unresponsive (RCP NEWS2 2017, Chart 1 "Consciousness"). */
export type Acvpu = 'A' | 'C' | 'V' | 'P' | 'U';

export const NEWS2_PARAMETERS = [
  'respirationRate',
  'spo2',
  'airOrOxygen',
  'systolicBloodPressure',
  'pulse',
  'consciousness',
  'temperature',
] as const;
export type News2Parameter = (typeof NEWS2_PARAMETERS)[number];

export interface News2Input {
  /** Breaths per minute. */
  respirationRate?: number;
  /** Peripheral oxygen saturation, %. */
  spo2?: number;
  /**
   * SpO2 Scale 2 is for patients with hypercapnic respiratory failure whose prescribed target is 88–92%, as
   * decided by a clinician (RCP NEWS2 2017, Chart 1 note); absent or false means Scale 1.
   */
  hypercapnicRespiratoryFailure?: boolean;
  /** true: on supplemental oxygen; false: breathing air. */
  supplementalOxygen?: boolean;
  /** mmHg. */
  systolicBloodPressure?: number;
  /** Beats per minute. */
  pulse?: number;
  consciousness?: Acvpu;
  /** Degrees Celsius. */
  temperature?: number;
}

export interface News2ParameterResult {
  score: ParameterScore;
  /** The Chart 1 cell that applied, e.g. "21–24" or "Oxygen". */
  band: string;
}

export interface News2Result extends News2Response {
  scale: 1 | 2;
  scores: Partial<Record<News2Parameter, News2ParameterResult>>;
  /** Sum of the parameters that were scored. */
  aggregate: number;
  /** true when some single parameter scored 3 (Chart 2 "red score"). */
  anySingleParameterScored3: boolean;
  /** Parameters that could not be scored; empty when the score is complete. */
  missing: News2Parameter[];
  /**
   * false when anything is missing: then `aggregate` and the band are a floor (the missing parameters can only
   * add points) and must be shown as partial, never as a complete NEWS2.
   */
  complete: boolean;
}

// Plausibility limits, not clinical thresholds: they catch unit mix-ups (°F sent as °C, kPa as %) and typos
// before they are scored as real physiology. Wide enough for any living patient.
const LIMITS: Record<Exclude<News2Parameter, 'airOrOxygen' | 'consciousness'>, [number, number, string]> = {
  respirationRate: [0, 150, '/min'],
  spo2: [0, 100, '%'],
  systolicBloodPressure: [0, 400, 'mmHg'],
  pulse: [0, 350, '/min'],
  temperature: [10, 50, '°C'],
};

const ACVPU: readonly string[] = ['A', 'C', 'V', 'P', 'U'];

/** Why a value cannot be a NEWS2 input (non-finite, outside plausibility limits, unknown ACVPU), or undefined. */
export function news2ValueProblem(name: keyof News2Input, value: unknown): string | undefined {
  if (value === undefined) return undefined;
  if (name === 'consciousness') {
    return typeof value === 'string' && ACVPU.includes(value)
      ? undefined
      : 'NEWS2 consciousness must be one of A, C, V, P, U';
  }
  if (name === 'supplementalOxygen' || name === 'hypercapnicRespiratoryFailure') {
    return typeof value === 'boolean' ? undefined : `NEWS2 ${name} must be true or false`;
  }
  const [min, max, unit] = LIMITS[name];
  if (typeof value !== 'number' || !Number.isFinite(value) || value < min || value > max) {
    return `NEWS2 ${name} must be a number from ${min} to ${max} ${unit}`;
  }
  return undefined;
}

function validate(input: News2Input): void {
  const issues = (Object.keys(input) as (keyof News2Input)[]).flatMap((name) => {
    const problem = news2ValueProblem(name, input[name]);
    return problem === undefined ? [] : [{ code: 'value' as const, diagnostics: problem, expression: name }];
  });
  if (issues.length > 0) throw new OperationOutcomeError('bad-request', issues);
}

const fromBand = (bands: readonly Band[], value: number): News2ParameterResult => {
  const b = bandFor(bands, value);
  return { score: b.score, band: b.label };
};

function scoreSpo2(input: News2Input, scale: 1 | 2): News2ParameterResult | undefined {
  const { spo2, supplementalOxygen } = input;
  if (spo2 === undefined) return undefined;
  if (scale === 1) return fromBand(SPO2_SCALE_1_BANDS, spo2);
  if (supplementalOxygen !== undefined) {
    return fromBand(supplementalOxygen ? SPO2_SCALE_2_OXYGEN_BANDS : SPO2_SCALE_2_AIR_BANDS, spo2);
  }
  // Scale 2 without knowing air or oxygen: below 93% both columns agree (Chart 1); from 93% up the score depends
  // on oxygen (0 on air, 1–3 on oxygen), so it cannot be scored.
  const air = fromBand(SPO2_SCALE_2_AIR_BANDS, spo2);
  const oxygen = fromBand(SPO2_SCALE_2_OXYGEN_BANDS, spo2);
  return air.score === oxygen.score ? oxygen : undefined;
}

/** Scores NEWS2 from whatever inputs are present; validates them (bad input → OperationOutcomeError 400). */
export function scoreNews2(input: News2Input): News2Result {
  validate(input);
  const scale = input.hypercapnicRespiratoryFailure === true ? 2 : 1;
  const { respirationRate, supplementalOxygen, systolicBloodPressure, pulse, consciousness, temperature } =
    input;
  const scores: Partial<Record<News2Parameter, News2ParameterResult | undefined>> = {
    respirationRate:
      respirationRate === undefined ? undefined : fromBand(RESPIRATION_RATE_BANDS, respirationRate),
    spo2: scoreSpo2(input, scale),
    airOrOxygen:
      supplementalOxygen === undefined
        ? undefined
        : supplementalOxygen
          ? { score: SUPPLEMENTAL_OXYGEN_SCORE, band: 'Oxygen' }
          : { score: 0, band: 'Air' },
    systolicBloodPressure:
      systolicBloodPressure === undefined ? undefined : fromBand(SYSTOLIC_BP_BANDS, systolicBloodPressure),
    pulse: pulse === undefined ? undefined : fromBand(PULSE_BANDS, pulse),
    consciousness:
      consciousness === undefined
        ? undefined
        : consciousness === 'A'
          ? { score: 0, band: 'Alert' }
          : { score: NOT_ALERT_SCORE, band: 'CVPU' },
    temperature: temperature === undefined ? undefined : fromBand(TEMPERATURE_BANDS, temperature),
  };
  const present: Partial<Record<News2Parameter, News2ParameterResult>> = {};
  const missing: News2Parameter[] = [];
  let aggregate = 0;
  let anySingleParameterScored3 = false;
  for (const name of NEWS2_PARAMETERS) {
    const s = scores[name];
    if (s === undefined) {
      missing.push(name);
      continue;
    }
    present[name] = s;
    aggregate += s.score;
    if (s.score === 3) anySingleParameterScored3 = true;
  }
  return {
    ...news2Response(news2Band(aggregate, anySingleParameterScored3)),
    scale,
    scores: present,
    aggregate,
    anySingleParameterScored3,
    missing,
    complete: missing.length === 0,
  };
}
